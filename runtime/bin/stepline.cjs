#!/usr/bin/env node
// The `stepline` bin: checks the Node.js version before anything else can fail on an old one,
// then loads the bundled CLI (dist/cli.mjs, built by `npm run build`). CommonJS and plain
// JavaScript on purpose, so that this file itself runs on any Node.js version.
'use strict';

const MINIMUM = [22, 13];

const found = process.versions.node.split('.').map(Number);
const tooOld = found[0] < MINIMUM[0] || (found[0] === MINIMUM[0] && found[1] < MINIMUM[1]);
if (tooOld) {
  process.stderr.write(
    `Stepline needs Node.js ${MINIMUM.join('.')} or newer (found ${process.version}). ` +
      "Run it through npm (`npx stepline …`), which uses the project's pinned Node 24, or install Node 24.\n",
  );
  process.exit(2);
}

const { existsSync } = require('node:fs');
const { join } = require('node:path');
const { pathToFileURL } = require('node:url');

const bundle = join(__dirname, '..', '..', 'dist', 'cli.mjs');
if (!existsSync(bundle)) {
  process.stderr.write(`Stepline's command line is not built yet (${bundle} is missing): run \`npm run build\` first.\n`);
  process.exit(2);
}

// V8's compiled code for the bundle is kept on disk between runs (Node's compile cache, in
// NODE_COMPILE_CACHE or the temporary directory; NODE_DISABLE_COMPILE_CACHE=1 turns it off):
// compiling the 2.6 MB bundle was a third of a short command's time (`stepline validate` of a
// small file: 93 → 76 ms). It must be on before the bundle is loaded, hence here.
require('node:module').enableCompileCache?.();

// The bundle runs the command and sets process.exitCode itself.
import(pathToFileURL(bundle).href).catch((error) => {
  process.stderr.write(`stepline: cannot start: ${error && error.message ? error.message : String(error)}\n`);
  process.exitCode = 1;
});
