// Command-line options through node:util's parseArgs, with its exceptions turned into a
// UsageError whose message names the offending option in one short sentence.

import { parseArgs, type ParseArgsOptionsConfig } from 'node:util';
import { UsageError } from './usage-error.ts';

/** Parses `args` strictly: unknown options and missing option values throw a UsageError. */
export function parseCommandArgs<Options extends ParseArgsOptionsConfig>(args: string[], options: Options) {
  try {
    return parseArgs({ args, options, allowPositionals: true, strict: true });
  } catch (error) {
    throw new UsageError(describeParseError(error));
  }
}

function describeParseError(error: unknown): string {
  const code = (error as { code?: unknown }).code;
  const message = error instanceof Error ? error.message : String(error);
  const option = /'(-[^'\s]*)/.exec(message)?.[1];
  if (code === 'ERR_PARSE_ARGS_UNKNOWN_OPTION' && option) return `unknown option '${option}'`;
  if (code === 'ERR_PARSE_ARGS_INVALID_OPTION_VALUE' && option && /missing/.test(message)) return `option '${option}' needs a value`;
  // Node's own sentences go on to explain `--`; the first one says what is wrong.
  const firstSentence = (message.split(/(?<=\.)\s/)[0] ?? message).replace(/\.$/, '');
  return firstSentence.charAt(0).toLowerCase() + firstSentence.slice(1);
}
