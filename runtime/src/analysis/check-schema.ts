// Validates the whole workflow file against schemas/workflow.schema.json and reports each problem
// once, on the tightest node, with a message that says what to do (code `schema`).
//
// Who reports what (so no problem is reported twice):
// - this pass: unknown or misspelled keys, missing required keys, wrong value types, enum values
//   (an unknown `stepType`, with did-you-mean), the `stepSlug` pattern, keys that do not apply to
//   the step or trigger type, empty `steps`.
// - the graph and reference passes: unknown ports (`unknown-port`; the schema accepts any port
//   name), reserved slugs `end`/`fail` (`reserved-slug`; they match the slug pattern), duplicate
//   slugs, unknown targets.
// - check-actions: action names and parameters; check-cron: `cron` and `timezone` values, and a
//   missing `cron` on a schedule trigger (the schema does not require it).

import type { ValidateFunction } from 'ajv/dist/2020.js';
import { diagnostic } from '../language/diagnostic.ts';
import { rangeContains, spanOf, type SourceRange } from '../language/source-range.ts';
import { isStepType } from '../language/step-types.ts';
import { toPlain, type YNode } from '../language/yaml-tree.ts';
import type { AnalysisPass } from './analysis-context.ts';
// Generated ahead of time from schemas/workflow.schema.json by runtime/scripts/generate-validators.ts:
// compiling the schema at run time cost the first analysis of every process 100–150 ms.
import workflowValidators from './precompiled/workflow-validators.cjs';
import { describeSchemaErrors, type JsonPath, type SchemaProblem } from './schema-errors.ts';

/** A step's problems with ranges relative to the step's start, so they can be reused when it moves. */
interface StepProblem extends Omit<SchemaProblem, 'range'> {
  readonly start: number;
  readonly end: number;
}

// Editing one step leaves the text of the others unchanged, so their problems are reused from the
// previous analysis of the same file instead of converting and validating 5000 steps per keystroke.
// Only the latest analysis of each file is kept. Its keys are slices of that analysis's text, and a
// slice keeps the whole text alive, so the cache is bounded by the texts it holds: the files
// analysed longest ago are dropped once those pass a few large documents' worth (`stepline
// validate` over hundreds of files used to keep the last 64 texts whole).
const MAX_CACHED_CHARACTERS = 4_000_000;
interface FileStepProblems {
  problems: Map<string, readonly StepProblem[]>;
  /** The length of the text the keys were sliced from. */
  characters: number;
}
const previousStepProblems = new Map<string, FileStepProblems>();
let cachedCharacters = 0;

/** Keeps `problems` as the file's latest, then drops the oldest other files while over the bound. */
function rememberStepProblems(file: string, problems: Map<string, readonly StepProblem[]>, characters: number): void {
  forgetStepProblems(file);
  previousStepProblems.set(file, { problems, characters });
  cachedCharacters += characters;
  for (const oldest of previousStepProblems.keys()) {
    if (cachedCharacters <= MAX_CACHED_CHARACTERS || oldest === file) break;
    forgetStepProblems(oldest);
  }
}

function forgetStepProblems(file: string): void {
  const entry = previousStepProblems.get(file);
  if (!entry) return;
  cachedCharacters -= entry.characters;
  previousStepProblems.delete(file);
}

/** How much the step-problem cache holds: for tests that check it stays bounded. */
export function cachedStepProblems(): { files: number; characters: number } {
  return { files: previousStepProblems.size, characters: cachedCharacters };
}

/** An alias (`*name`) makes a step's value depend on text outside it: never cache such a step. */
const ALIAS = /(?:^|[\s[{,:-])\*[^\s,\]}]/;

export const checkSchema: AnalysisPass = (context) => {
  const { root, syntaxDiagnostics, text, file } = context.document;
  // With a syntax error and nothing parsed, "the file must be a map" would only repeat it.
  if (!root && syntaxDiagnostics.length > 0) return;
  if (!root || (root.kind === 'scalar' && root.value === null)) {
    context.report(diagnostic('schema', 'The file is empty: a workflow needs at least `name` and `steps`.', { start: 0, end: Math.min(text.length, 1) }));
    return;
  }
  const { document: validateDocument, step: validateStepValue } = workflowValidators;
  const syntaxErrorOffsets = syntaxDiagnostics.map((item) => item.range.start);
  const problems: SchemaProblem[] = [];
  const stepsNode = root.kind === 'map' ? root.pairs.find((pair) => pair.key.value === 'steps')?.value : undefined;
  const plain = shallowPlain(root, stepsNode);
  if (!validateDocument(plain)) {
    problems.push(
      ...describeSchemaErrors(validateDocument.errors ?? [], {
        root,
        fallbackRange: { start: 0, end: Math.min(text.length, 1) },
        rootName: 'workflow',
        describeContainer: (path) => describeContainer(path, root),
      }),
    );
  }
  if (stepsNode?.kind === 'seq') {
    const previous = previousStepProblems.get(file ?? '')?.problems ?? new Map<string, readonly StepProblem[]>();
    const current = new Map<string, readonly StepProblem[]>();
    stepsNode.items.forEach((step, index) => {
      const stepText = text.slice(step.start, step.end);
      const cacheable = !(stepText.includes('*') && ALIAS.test(stepText));
      let stepProblems = cacheable ? (current.get(stepText) ?? previous.get(stepText)) : undefined;
      stepProblems ??= validateStep(validateStepValue, step, index, root);
      if (cacheable) current.set(stepText, stepProblems);
      for (const { start, end, path, ...rest } of stepProblems) {
        problems.push({ ...rest, path: ['steps', index, ...path], range: { start: step.start + start, end: step.start + end } });
      }
    });
    rememberStepProblems(file ?? '', current, text.length);
  }
  for (const problem of problems) {
    if (touchesSyntaxError(root, problem.path, syntaxErrorOffsets)) continue;
    context.report(diagnostic('schema', problem.message, problem.range, problem.data ? { data: problem.data } : {}));
  }
};

function validateStep(validate: ValidateFunction, step: YNode, index: number, root: YNode): StepProblem[] {
  if (validate(toPlain(step))) return [];
  const problems = describeSchemaErrors(validate.errors ?? [], {
    root: step,
    fallbackRange: spanOf(step),
    rootName: 'step',
    describeContainer: (path) => describeContainer(['steps', index, ...path], root),
  });
  return problems.map(({ range, ...rest }) => ({ ...rest, ...relative(range, step.start) }));
}

function relative(range: SourceRange, origin: number): { start: number; end: number } {
  return { start: range.start - origin, end: range.end - origin };
}

/** The file's plain value with the steps left out (each becomes null): they are validated apart. */
function shallowPlain(root: YNode, stepsNode: YNode | null | undefined): unknown {
  if (root.kind !== 'map' || stepsNode?.kind !== 'seq') return toPlain(root);
  const object: Record<string, unknown> = {};
  for (const pair of root.pairs) object[String(pair.key.value)] = pair.value === stepsNode ? stepsNode.items.map(() => null) : toPlain(pair.value);
  return object;
}

/**
 * Whether a node on the way to `path` (below the root) has a syntax error in or right after it:
 * its value is the parser's recovery (`name: [Broken` reads as a list), so a schema complaint about
 * it would only restate the syntax error.
 */
function touchesSyntaxError(root: YNode | null, path: JsonPath, offsets: readonly number[]): boolean {
  if (offsets.length === 0) return false;
  let node = root;
  for (const segment of path) {
    if (!node) return false;
    if (node.kind === 'map') node = node.pairs.find((pair) => String(pair.key.value) === String(segment))?.value ?? null;
    else if (node.kind === 'seq' && typeof segment === 'number') node = node.items[segment] ?? null;
    else return false;
    const reached = node;
    if (reached && offsets.some((offset) => rangeContains(reached, offset))) return true;
  }
  return false;
}

/** A noun phrase for the map at `path`, for "Missing required key … in <phrase>". */
function describeContainer(path: JsonPath, root: YNode | null): string {
  const plain = toPlainAt(root, path);
  if (path.length === 0) return 'workflow';
  if (path[0] === 'steps' && typeof path[1] === 'number') {
    const step = toPlainAt(root, path.slice(0, 2));
    const stepType = isRecord(step) && isStepType(step['stepType']) ? step['stepType'] : undefined;
    if (path.length === 2) return stepType ? `${stepType} step` : 'step';
    if (path.length === 3 && path[2] === 'config') {
      if (stepType === 'trigger') {
        const triggerType = isRecord(plain) && typeof plain['type'] === 'string' ? plain['type'] : 'manual';
        return `\`${triggerType}\` trigger config`;
      }
      return stepType ? `${stepType} config` : 'config';
    }
    if (path.length === 3 && path[2] === 'retry') return 'retry policy';
  }
  if (path[0] === 'inputs' && path.length === 2) return `input \`${String(path[1])}\``;
  if (path[0] === 'inputs') return 'input schema';
  if (path.length === 2 && path[0] === 'settings' && path[1] === 'retry') return '`settings.retry`';
  const last = [...path].reverse().find((segment) => typeof segment === 'string');
  return last !== undefined ? `\`${last}\`` : 'this item';
}

function toPlainAt(root: YNode | null, path: JsonPath): unknown {
  let value: unknown = toPlainShallow(root);
  let node: YNode | null = root;
  for (const segment of path) {
    if (!node) return undefined;
    if (node.kind === 'map') node = node.pairs.find((pair) => pair.key.value === segment || String(pair.key.value) === String(segment))?.value ?? null;
    else if (node.kind === 'seq' && typeof segment === 'number') node = node.items[segment] ?? null;
    else return undefined;
    value = toPlainShallow(node);
  }
  return value;
}

/** Only the scalar children of a map: describing a container needs no more. */
function toPlainShallow(node: YNode | null): unknown {
  if (node?.kind !== 'map') return toPlain(node && node.kind === 'scalar' ? node : null);
  const object: Record<string, unknown> = {};
  for (const pair of node.pairs) if (pair.value?.kind === 'scalar') object[String(pair.key.value)] = pair.value.value;
  return object;
}

function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}
