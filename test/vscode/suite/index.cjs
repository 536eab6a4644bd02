// The extension-host entry of the real-VS-Code suite (`extensionTestsPath`): VS Code loads this
// file inside its extension host and awaits `run()`. It runs every `*.test.cjs` beside it with
// the project's mocha, in file-name order, and rejects when a test fails so the exit code that
// reaches the runner (test/vscode/run-code-server-tests.mjs) is non-zero.
'use strict';

const { readdirSync } = require('node:fs');
const { join } = require('node:path');
const Mocha = require('mocha');

function run() {
  // Colours would arrive in the runner's log as escape codes: the output travels as text.
  const mocha = new Mocha({ ui: 'tdd', color: false, reporter: 'spec', timeout: 60_000, slow: 10_000 });
  const pattern = process.env.STEPLINE_VSCODE_TEST_GREP;
  if (pattern) mocha.grep(pattern);
  for (const file of readdirSync(__dirname).filter((name) => name.endsWith('.test.cjs')).sort()) {
    mocha.addFile(join(__dirname, file));
  }
  return new Promise((resolve, reject) => {
    mocha.run((failures) => {
      if (failures > 0) reject(new Error(`${failures} real-VS-Code test(s) failed`));
      else resolve();
    });
  });
}

module.exports = { run };
