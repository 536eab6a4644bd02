// The extension-host entry of the measurement suite (`extensionTestsPath` of
// run-vsix-tests.mjs --measure): VS Code loads it inside the extension host, with the extension
// under test being either the installed .vsix folder or the repository's development build, and
// awaits `run()`. It runs every `*.test.cjs` beside it with the project's mocha.
'use strict';

const { readdirSync } = require('node:fs');
const { join } = require('node:path');
const Mocha = require('mocha');

function run() {
  const mocha = new Mocha({ ui: 'tdd', color: false, reporter: 'spec', timeout: 90_000, slow: 30_000 });
  for (const file of readdirSync(__dirname).filter((name) => name.endsWith('.test.cjs')).sort()) {
    mocha.addFile(join(__dirname, file));
  }
  return new Promise((resolve, reject) => {
    mocha.run((failures) => {
      if (failures > 0) reject(new Error(`${failures} measurement(s) failed`));
      else resolve();
    });
  });
}

module.exports = { run };
