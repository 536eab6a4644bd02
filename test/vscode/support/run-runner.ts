// Runs one of the real-VS-Code runner scripts as a child process for a node:test wrapper: its
// output is echoed and collected, and a backstop ends it if it hangs in its own clean-up.

import { spawn } from 'node:child_process';

export interface RunnerResult {
  code: number | null;
  output: string;
}

export function runRunner(script: string, args: readonly string[], limitMs: number, env: NodeJS.ProcessEnv = process.env): Promise<RunnerResult> {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, [script, ...args], { stdio: ['ignore', 'pipe', 'pipe'], env });
    let output = '';
    const collect = (chunk: Buffer): void => {
      const text = chunk.toString();
      output += text;
      process.stdout.write(text);
    };
    child.stdout.on('data', collect);
    child.stderr.on('data', collect);
    // The runner bounds its own waits; this is the backstop if it hangs in its clean-up. SIGTERM
    // first, so it can still end code-server's process group; SIGKILL if even that hangs.
    let forceKill: NodeJS.Timeout | undefined;
    const backstop = setTimeout(() => {
      child.kill('SIGTERM');
      forceKill = setTimeout(() => child.kill('SIGKILL'), 5000);
    }, limitMs);
    child.once('error', reject);
    child.once('close', (code) => {
      clearTimeout(backstop);
      clearTimeout(forceKill);
      resolve({ code, output });
    });
  });
}
