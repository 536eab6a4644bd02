// Scalar values exactly as the `yaml` library resolves them with the YAML 1.2 core schema and
// `strict: true`: plain scalars become null, booleans, numbers or strings; quoted and block
// scalars are strings. Common single-line forms are resolved here directly; multi-line, escaped
// and block scalars go through the library's own `CST.resolveAsScalar`, so folding, escapes and
// chomping are never re-implemented. Every function returns undefined where the library would
// report an error, so the fast tree builder can decline.

import { CST } from 'yaml';

export type ScalarValue = string | number | boolean | null;

/** The plain-scalar core schema: the library tries null, bool, octal, int, hex, then floats. */
export function resolvePlainValue(source: string): ScalarValue {
  const length = source.length;
  if (length === 0) return null;
  const first = source.charCodeAt(0);
  // Most plain scalars are words: anything that cannot start a null, bool or number is a string.
  if (!mayBeTyped(first)) return source;
  if (first > 57 /* 9 */) {
    // `~` and letters start no number: only the null and boolean words are typed.
    if (length > 5) return source;
    if (source === '~' || source === 'null' || source === 'Null' || source === 'NULL') return null;
    if (source === 'true' || source === 'True' || source === 'TRUE') return true;
    if (source === 'false' || source === 'False' || source === 'FALSE') return false;
    return source;
  }
  if (OCTAL.test(source)) return parseInt(source.substring(2), 8);
  if (DECIMAL.test(source)) return parseInt(source, 10);
  if (HEXADECIMAL.test(source)) return parseInt(source.substring(2), 16);
  if (SPECIAL_FLOAT.test(source)) {
    if (source.slice(-3).toLowerCase() === 'nan') return NaN;
    return first === 45 /* - */ ? Number.NEGATIVE_INFINITY : Number.POSITIVE_INFINITY;
  }
  if (EXPONENT_FLOAT.test(source) || FLOAT.test(source)) return parseFloat(source);
  return source;
}

const OCTAL = /^0o[0-7]+$/;
const DECIMAL = /^[-+]?[0-9]+$/;
const HEXADECIMAL = /^0x[0-9a-fA-F]+$/;
const SPECIAL_FLOAT = /^(?:[-+]?\.(?:inf|Inf|INF)|\.nan|\.NaN|\.NAN)$/;
const EXPONENT_FLOAT = /^[-+]?(?:\.[0-9]+|[0-9]+(?:\.[0-9]*)?)[eE][-+]?[0-9]+$/;
const FLOAT = /^[-+]?(?:\.[0-9]+|[0-9]+\.[0-9]*)$/;

function mayBeTyped(code: number): boolean {
  return (
    (code >= 48 && code <= 57) /* 0-9 */ ||
    code === 43 /* + */ ||
    code === 45 /* - */ ||
    code === 46 /* . */ ||
    code === 126 /* ~ */ ||
    code === 110 /* n */ ||
    code === 78 /* N */ ||
    code === 116 /* t */ ||
    code === 84 /* T */ ||
    code === 102 /* f */ ||
    code === 70 /* F */
  );
}

/** Characters the library refuses at the start of a plain scalar. */
export function isRefusedPlainStart(code: number): boolean {
  return code === 9 /* tab */ || code === 44 /* , */ || code === 37 /* % */ || code === 124 /* | */ || code === 62 /* > */ || code === 64 /* @ */ || code === 96; /* ` */
}

/** The string content of a plain, single- or double-quoted scalar token; undefined on an error. */
export function flowScalarString(kind: 'scalar' | 'single-quoted-scalar' | 'double-quoted-scalar', source: string, offset: number, indent: number): string | undefined {
  const multiLine = source.includes('\n');
  switch (kind) {
    case 'scalar':
      if (source.length > 0 && isRefusedPlainStart(source.charCodeAt(0))) return undefined;
      if (!multiLine) return source;
      break;
    case 'single-quoted-scalar':
      if (source.length < 2 || source.charCodeAt(source.length - 1) !== 39 /* ' */) return undefined;
      if (!multiLine) {
        const inner = source.slice(1, -1);
        return inner.includes("''") ? inner.replaceAll("''", "'") : inner;
      }
      break;
    case 'double-quoted-scalar':
      if (source.length < 2 || source.charCodeAt(source.length - 1) !== 34 /* " */) return undefined;
      if (!multiLine && !source.includes('\\')) return source.slice(1, -1);
      break;
  }
  return resolveWithLibrary({ type: kind, offset, indent, source });
}

/** A block scalar's header and the tokens after it on its line, for the library's resolver. */
export interface BlockScalarParts {
  offset: number;
  /** The indentation of the collection holding the scalar, as the library's parser assigns it. */
  parentIndent: number;
  props: Array<{ type: 'block-scalar-header' | 'space' | 'comment' | 'newline'; offset: number; source: string }>;
  body: string;
}

/** A block scalar's string and end offset; undefined on an error. */
export function blockScalarValue(parts: BlockScalarParts): { value: string; end: number } | undefined {
  let failed = false;
  const resolved = CST.resolveAsScalar(
    { type: 'block-scalar', offset: parts.offset, indent: parts.parentIndent, props: parts.props.map((prop) => ({ ...prop, indent: parts.parentIndent })), source: parts.body },
    true,
    () => (failed = true),
  );
  if (failed || !resolved) return undefined;
  return { value: resolved.value, end: resolved.range[1] };
}

function resolveWithLibrary(token: CST.FlowScalar): string | undefined {
  let failed = false;
  const resolved = CST.resolveAsScalar(token, true, () => (failed = true));
  return failed || !resolved ? undefined : resolved.value;
}
