// `npm test`: typecheck, lint, bundle, then every test file through Node's test runner.
// Each stage stops the run on failure, so a red stage is never hidden by a later green one.
import { spawnSync } from 'node:child_process';

const stages = [
  ['typecheck', 'npx', ['tsc', '-p', 'tsconfig.json', '--noEmit']],
  ['lint', 'npx', ['eslint', '.']],
  ['build', process.execPath, ['esbuild.mjs']],
  ['tests', process.execPath, ['--test', '--test-reporter=spec', '--test-timeout=120000', ...process.argv.slice(2).concat(process.argv.length > 2 ? [] : ['test/**/*.test.ts'])]],
];

for (const [name, command, args] of stages) {
  console.log(`\n== ${name}`);
  const started = Date.now();
  const result = spawnSync(command, args, { stdio: 'inherit' });
  if (result.status !== 0) {
    console.error(`\n== ${name} failed (exit ${result.status ?? result.signal})`);
    process.exit(result.status ?? 1);
  }
  console.log(`== ${name} passed in ${((Date.now() - started) / 1000).toFixed(1)} s`);
}
