// What a CLI command may touch of its process, passed in rather than read from globals, so every
// command runs the same in a test (strings collected in memory) as in a terminal.

export interface CliIo {
  /** Writes text to standard output as is (no newline is added). */
  stdout(text: string): void;
  /** Writes text to standard error as is (no newline is added). */
  stderr(text: string): void;
  /** The directory that relative paths are resolved against and printed relative to. */
  cwd: string;
  env: Readonly<Record<string, string | undefined>>;
  /** Whether standard output is a terminal; colour is used only then (and without NO_COLOR). */
  stdoutIsTTY?: boolean;
  /** The raw process streams, for commands that speak a protocol over stdio (lsp, dap). */
  streams?: { stdin: NodeJS.ReadableStream; stdout: NodeJS.WritableStream };
}
