// Reads a workflow file as text, refusing what cannot be one: files too large to analyze
// quickly, binary files, UTF-16 and bytes that are not UTF-8. A refusal carries a one-line
// message and the position it concerns, so the CLI reports it like any other diagnostic.

import { isUtf8 } from 'node:buffer';
import { readFile, stat } from 'node:fs/promises';
import { LineIndex, type LineColumn } from '../language/line-index.ts';

/** Workflows are hand-written files of a few kilobytes; far larger ones are mistakes or data. */
export const MAX_WORKFLOW_FILE_BYTES = 2 * 1024 * 1024;

export type WorkflowFileText = { ok: true; text: string } | { ok: false; message: string; position: LineColumn };

const START: LineColumn = { line: 0, character: 0 };

export async function readWorkflowFile(path: string): Promise<WorkflowFileText> {
  try {
    const { size } = await stat(path);
    if (size > MAX_WORKFLOW_FILE_BYTES) {
      return { ok: false, message: `The file is ${megabytes(size)}; Stepline reads workflow files up to ${megabytes(MAX_WORKFLOW_FILE_BYTES)}.`, position: START };
    }
    return decodeWorkflowBytes(await readFile(path));
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code;
    return { ok: false, message: `Cannot read the file${code ? ` (${code})` : ''}.`, position: START };
  }
}

/** Decodes UTF-8 (a byte order mark is dropped) or says why the bytes are not a workflow's text. */
export function decodeWorkflowBytes(bytes: Uint8Array): WorkflowFileText {
  if ((bytes[0] === 0xff && bytes[1] === 0xfe) || (bytes[0] === 0xfe && bytes[1] === 0xff)) {
    return { ok: false, message: 'The file is encoded as UTF-16; save it as UTF-8.', position: START };
  }
  if (bytes.indexOf(0) !== -1) {
    return { ok: false, message: 'The file contains NUL bytes: it is binary, not a workflow.', position: START };
  }
  if (!isUtf8(bytes)) {
    const invalidAt = firstInvalidUtf8Byte(bytes);
    const before = new TextDecoder().decode(bytes.subarray(0, Math.max(0, invalidAt)));
    const position = new LineIndex(before).positionAt(before.length);
    return { ok: false, message: `The file is not valid UTF-8 (byte 0x${bytes[invalidAt]?.toString(16).padStart(2, '0') ?? '??'} at offset ${invalidAt}).`, position };
  }
  return { ok: true, text: new TextDecoder().decode(bytes) };
}

/** The index of the first byte that does not belong to a well-formed UTF-8 sequence, or -1. */
export function firstInvalidUtf8Byte(bytes: Uint8Array): number {
  let index = 0;
  while (index < bytes.length) {
    const lead = bytes[index]!;
    if (lead < 0x80) {
      index++;
      continue;
    }
    // Each lead byte fixes how many continuation bytes follow and the range of the first one
    // (the narrower ranges exclude overlong forms, surrogates and code points past U+10FFFF).
    let length: number;
    let low = 0x80;
    let high = 0xbf;
    if (lead >= 0xc2 && lead <= 0xdf) length = 2;
    else if (lead >= 0xe0 && lead <= 0xef) {
      length = 3;
      if (lead === 0xe0) low = 0xa0;
      if (lead === 0xed) high = 0x9f;
    } else if (lead >= 0xf0 && lead <= 0xf4) {
      length = 4;
      if (lead === 0xf0) low = 0x90;
      if (lead === 0xf4) high = 0x8f;
    } else return index;
    for (let offset = 1; offset < length; offset++) {
      const byte = bytes[index + offset];
      const [min, max] = offset === 1 ? [low, high] : [0x80, 0xbf];
      if (byte === undefined || byte < min || byte > max) return index;
    }
    index += length;
  }
  return -1;
}

function megabytes(bytes: number): string {
  return `${(bytes / (1024 * 1024)).toFixed(1)} MB`;
}
