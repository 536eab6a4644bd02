// The process entry point that esbuild bundles to dist/cli.mjs: the real streams and environment
// go into `main`, and its result becomes the exit status. The process is not exited by force,
// so everything written to a pipe is flushed first.

import { main } from './main.ts';

// A reader that goes away early (`stepline validate . | head`) is not an error worth a trace.
process.stdout.on('error', (error: NodeJS.ErrnoException) => {
  if (error.code === 'EPIPE') process.exit(process.exitCode ?? 0);
  throw error;
});

process.exitCode = await main(process.argv.slice(2), {
  stdout: (text) => {
    process.stdout.write(text);
  },
  stderr: (text) => {
    process.stderr.write(text);
  },
  cwd: process.cwd(),
  env: process.env,
  stdoutIsTTY: process.stdout.isTTY === true,
  streams: { stdin: process.stdin, stdout: process.stdout },
});
