// `npm run bench`: runs every benchmark in this folder, one process each so their memory
// figures do not mix, and prints their tables. Figures only: nothing here passes or fails.
import { spawnSync } from 'node:child_process';
import { readdirSync } from 'node:fs';

const only = process.argv.slice(2);
const benches = readdirSync(new URL('.', import.meta.url))
  .filter((name) => name.endsWith('-bench.ts'))
  .filter((name) => only.length === 0 || only.some((filter) => name.includes(filter)))
  .sort();
for (const name of benches) {
  console.log(`\n=== ${name}`);
  const result = spawnSync(process.execPath, ['--expose-gc', new URL(name, import.meta.url).pathname], { stdio: 'inherit' });
  if (result.status !== 0) console.log(`(${name} exited with ${result.status ?? result.signal})`);
}
