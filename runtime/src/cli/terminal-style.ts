// ANSI colours for terminal output, or none: colour only when standard output is a terminal and
// NO_COLOR is not set (https://no-color.org), so piped output and files stay plain text.

import type { CliIo } from './cli-io.ts';

export interface TerminalStyle {
  red(text: string): string;
  yellow(text: string): string;
  blue(text: string): string;
  dim(text: string): string;
  bold(text: string): string;
}

export function useColour(io: Pick<CliIo, 'stdoutIsTTY' | 'env'>): boolean {
  const noColour = io.env['NO_COLOR'];
  return io.stdoutIsTTY === true && (noColour === undefined || noColour === '');
}

export function terminalStyle(enabled: boolean): TerminalStyle {
  const paint = (open: number, close: number) => (text: string) => (enabled ? `\u001b[${open}m${text}\u001b[${close}m` : text);
  return { red: paint(31, 39), yellow: paint(33, 39), blue: paint(34, 39), dim: paint(2, 22), bold: paint(1, 22) };
}
