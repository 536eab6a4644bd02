// The incremental re-parse against the full parse: over thousands of random edits of the real
// workflow files, hand-written documents with the layouts that decide where steps end, and
// generated workflows, whenever reparseWorkflow returns a document it equals parseWorkflow's for
// the same text (tree, ranges, model, node identity, lines), and the common edits do get one;
// editKeepsSyntaxClean says yes exactly then.

import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { generateWorkflow } from '../../../bench/generate-workflow.ts';
import { isBuiltFast } from '../../../runtime/src/language/fast-yaml.ts';
import { parseWorkflow } from '../../../runtime/src/language/parse-workflow.ts';
import { editKeepsSyntaxClean, reparseWorkflow, type PreviousVersion } from '../../../runtime/src/language/reparse-workflow.ts';
import type { WorkflowDocument } from '../../../runtime/src/language/workflow-model.ts';
import { parseYamlTree, type YNode } from '../../../runtime/src/language/yaml-tree.ts';
import { Random, randomDocument, realFiles } from './yaml-inputs.ts';

/** Every node of a tree by object, named by its path, so model references can be told apart. */
function nodePaths(root: YNode | null): Map<object, string> {
  const paths = new Map<object, string>();
  const visit = (node: YNode, path: string): void => {
    paths.set(node, path);
    if (node.kind === 'map') {
      node.pairs.forEach((pair, i) => {
        paths.set(pair, `${path}.pairs[${i}]`);
        visit(pair.key, `${path}.pairs[${i}].key`);
        if (pair.value) visit(pair.value, `${path}.pairs[${i}].value`);
      });
    } else if (node.kind === 'seq') {
      node.items.forEach((item, i) => visit(item, `${path}.items[${i}]`));
    }
  };
  if (root) visit(root, '$');
  return paths;
}

/**
 * The model with every node reference replaced by the node's path in the document's own tree
 * (and its range), keeping property order; a reference to a node outside the tree fails.
 */
function describeModel(document: WorkflowDocument): unknown {
  const paths = nodePaths(document.root);
  const describe = (value: unknown, where: string): unknown => {
    if (value === null || typeof value !== 'object') return value;
    const path = paths.get(value);
    if (path !== undefined) return { node: path, range: (value as { range: unknown }).range };
    assert.ok(!('kind' in value && 'range' in value), `${where} refers to a node outside the document's tree`);
    if (value instanceof Map) return [...value].map(([key, entry]) => [key, describe(entry, `${where}.get(${String(key)})`)]);
    if (Array.isArray(value)) return value.map((entry, i) => describe(entry, `${where}[${i}]`));
    return Object.entries(value).map(([key, entry]) => [key, describe(entry, `${where}.${key}`)]);
  };
  return describe(document.workflow, 'workflow');
}

function assertSameDocument(actual: WorkflowDocument, expected: WorkflowDocument, label: string): void {
  const context = (): string => `${label}\n${JSON.stringify(expected.text.length > 3000 ? '(long text)' : expected.text)}`;
  assert.equal(actual.text, expected.text, context());
  assert.equal(actual.file, expected.file, context());
  assert.equal('file' in actual, 'file' in expected, context());
  assert.equal(actual.format, expected.format, context());
  assert.deepStrictEqual(actual.syntaxDiagnostics, expected.syntaxDiagnostics, `${context()}\nthe full parse reports syntax errors`);
  assert.deepStrictEqual(actual.root, expected.root, `${context()}\ntrees differ`);
  assert.deepStrictEqual(describeModel(actual), describeModel(expected), `${context()}\nmodels differ`);
  assert.equal(actual.lines.lineCount, expected.lines.lineCount, context());
  for (let line = 0; line < expected.lines.lineCount; line++) assert.equal(actual.lines.lineStart(line), expected.lines.lineStart(line), context());
  assert.deepStrictEqual(Object.keys(actual), Object.keys(expected), context());
}

/** Freezes a document's tree and model, so any write to them by the re-parse throws. */
function deepFreeze(value: unknown, seen = new Set<object>()): void {
  if (value === null || typeof value !== 'object' || seen.has(value) || value instanceof Map) return;
  seen.add(value);
  for (const entry of Object.values(value)) deepFreeze(entry, seen);
  Object.freeze(value);
}

/** Deep-compared snapshot of what a document held before it served as `previous`. */
function snapshot(document: WorkflowDocument): string {
  return JSON.stringify({ text: document.text, root: document.root, model: describeModel(document) });
}

// A longer or different search than the default: REPARSE_FUZZ_SCALE=20 REPARSE_FUZZ_SEED=5 node --test …
const SCALE = Number(process.env['REPARSE_FUZZ_SCALE'] ?? 1);
const SEED = Number(process.env['REPARSE_FUZZ_SEED'] ?? 0);

const SNIPPETS = [
  'a', 'x', 'Z', '0', '7', ' ', '  ', ':', ': ', ' :', '- ', '-', '#', ' #c', ' # note', '"', "'", '[', ']', '{', '}', ',', ', ', '\n', '\n    ', '\n      ',
  '\n  ', '\n- ', '\n  - ', '\n    - ', '|', '|-\n', '>\n', '|\n      text\n', '<<', '>>', '<<steps.a.output>>', '&a', '*a', '!t', '\t', '\r', '\r\n', '---', '...',
  '\n---\n', '?', '%', '@', '`', 'true', 'null', '~', '\\', '\\n', 'key: value\n    ', 'k: { a: 1 }', 'k: [1, 2]', '\n    extra: 1', '\n\n', '\n    # c\n',
  '\n  # between\n', '\n# root\n', 'é', '😀', '""', "''", '"a\\nb"', '{ x: "y" }', '  - ', '    ', '\n    nested:\n      - 1\n',
];

/** Where a random edit goes: anywhere, or inside a random step, or right at its boundaries. */
function randomPosition(document: WorkflowDocument, random: Random): number {
  const { text } = document;
  const steps = document.workflow.stepsNode?.items ?? [];
  const choice = random.below(10);
  if (steps.length === 0 || choice < 2) return random.below(text.length + 1);
  const step = steps[random.below(steps.length)]!;
  const lineStart = text.lastIndexOf('\n', step.start - 1) + 1;
  if (choice === 2) return lineStart + random.below(3) * (random.below(2) ? 1 : -1) + random.below(2);
  if (choice === 3) return Math.min(text.length, step.end + random.below(4) - 1);
  const from = Math.max(0, lineStart);
  return Math.min(text.length, from + random.below(Math.max(1, step.end - from + 1)));
}

/** What a user mostly types: word characters and spaces. */
const TYPED = 'abcxyz019 _.';

/**
 * One random edit: typing or deleting a character (half the time, as users mostly do), inserting,
 * deleting or replacing text, or a whole-line edit (delete, duplicate, re-indent, add a comment).
 */
function randomEdit(document: WorkflowDocument, random: Random): string {
  const { text } = document;
  const at = Math.max(0, Math.min(text.length, randomPosition(document, random)));
  const lineStart = text.lastIndexOf('\n', at - 1) + 1;
  const lineEndAt = text.indexOf('\n', at);
  const lineEnd = lineEndAt === -1 ? text.length : lineEndAt;
  if (random.below(2) === 0) {
    return random.below(3) === 0 ? text.slice(0, at) + text.slice(at + 1) : text.slice(0, at) + TYPED.charAt(random.below(TYPED.length)) + text.slice(at);
  }
  switch (random.below(9)) {
    case 0:
    case 1:
    case 2:
      return text.slice(0, at) + random.pick(SNIPPETS) + text.slice(at);
    case 3:
      return text.slice(0, at) + text.slice(at + 1 + random.below(random.below(4) === 0 ? 40 : 3));
    case 4:
      return text.slice(0, at) + random.pick(SNIPPETS) + text.slice(at + 1 + random.below(5));
    case 5:
      return text.slice(0, lineStart) + text.slice(Math.min(text.length, lineEnd + 1));
    case 6:
      return text.slice(0, lineStart) + text.slice(lineStart, lineEnd) + '\n' + text.slice(lineStart);
    case 7: {
      const shift = random.below(5) - 2;
      const line = text.slice(lineStart, lineEnd);
      const moved = shift > 0 ? ' '.repeat(shift) + line : line.slice(Math.min(-shift, line.length - line.trimStart().length));
      return text.slice(0, lineStart) + moved + text.slice(lineEnd);
    }
    default:
      return text.slice(0, lineStart) + ' '.repeat(random.below(9)) + (random.below(3) ? '# comment' : '') + '\n' + text.slice(lineStart);
  }
}

interface Tally {
  edits: number;
  /** Edits after which the full parse reports no syntax error and takes the fast path. */
  clean: number;
  reparsed: number;
}

/**
 * Applies `edits` random edits to `text` one after another, each to the document of the last,
 * checking every re-parse against the full parse. With `keep`, the previous document is frozen
 * and must be left as it was; with `consume` (the language server's way), it is given up to the
 * re-parse, and must be left as it was only when the re-parse declines.
 */
function runEdits(name: string, text: string, edits: number, random: Random, tally: Tally, options: { checkSnapshots: boolean; previousVersion: PreviousVersion }): void {
  const { checkSnapshots, previousVersion } = options;
  let document = parseWorkflow(text, name);
  for (let edit = 0; edit < edits; edit++) {
    // Mostly keep editing the same text, as a user does; now and then start over from the file.
    if (random.below(25) === 0) document = parseWorkflow(text, name);
    const nextText = randomEdit(document, random);
    const before = checkSnapshots ? snapshot(document) : '';
    if (previousVersion === 'keep') {
      deepFreeze(document.root);
      deepFreeze(document.workflow);
    }
    // The fast pass's question, answered without building the document: the same cases, and so
    // never "clean" for a text with a syntax error.
    const keepsClean = editKeepsSyntaxClean(document, nextText) === true;
    const reparsed = reparseWorkflow(document, nextText, name, previousVersion);
    const full = parseWorkflow(nextText, name);
    assert.equal(keepsClean, reparsed !== undefined, `${name}, edit ${edit}: editKeepsSyntaxClean disagrees with reparseWorkflow`);
    tally.edits++;
    if (full.syntaxDiagnostics.length === 0 && full.root && isBuiltFast(full.root)) tally.clean++;
    if (reparsed) {
      tally.reparsed++;
      assertSameDocument(reparsed, full, `${name}, edit ${edit}`);
    }
    if (checkSnapshots && (previousVersion === 'keep' || !reparsed)) assert.equal(snapshot(document), before, `${name}, edit ${edit}: the previous document changed`);
    // A consumed document is gone; otherwise, most random edits break the syntax: go on from a
    // broken text only now and then.
    if (previousVersion === 'consume' && reparsed) document = reparsed;
    else if (full.syntaxDiagnostics.length === 0 || random.below(4) === 0) document = reparsed ?? full;
  }
}

/** Half of the runs of each test take each way of treating the previous version. */
function previousVersionFor(run: number): PreviousVersion {
  return run % 2 === 0 ? 'keep' : 'consume';
}

/** Documents laid out in the ways that decide where a step's slice ends and what it may hold. */
const LAYOUTS: Array<{ name: string; text: string }> = [
  {
    name: 'steps at column zero',
    text: 'name: zero\nsteps:\n- stepSlug: a\n  stepType: trigger\n  config: { type: manual }\n  nextSteps: { success: b }\n- stepSlug: b\n  stepType: action\n  config:\n    type: log\n    parameters: { message: hi }\n- stepSlug: c\n  stepType: action\n  config: { type: log }\n# after the list\noutput: done\n',
  },
  {
    name: 'comments and blank lines between steps',
    text: [
      'name: comments',
      'steps:',
      '  # before the first step',
      '  - stepSlug: a',
      '    stepType: trigger',
      '    config:',
      '      type: manual',
      '      # deeper than config',
      '    # level with the keys',
      '  # level with the dashes',
      '',
      '# at the root',
      '  - stepSlug: b',
      '    config:',
      '      nested:',
      '        - 1',
      '        - two',
      '        # after the nested list',
      '',
      '  - stepSlug: c',
      '    note: plain',
      '      continued on the next line',
      '    text: |',
      '      literal',
      '',
      '      body',
      '',
      '  - stepSlug: d',
      '    folded: >-',
      '      folded',
      '      body',
      '    # trailing',
      '  -',
      '    stepSlug: e',
      '    quoted: "over',
      '      two lines"',
      '  - stepSlug: f',
      '    keep: |+',
      '      kept',
      '',
      '  - stepSlug: g',
      '    flow: { a: [1, 2],',
      '      b: x }',
      '  - - nested',
      '    - seq',
      '  - stepSlug: h',
      'output: { done: true }',
      '',
    ].join('\n'),
  },
  {
    name: 'steps after other keys, with trailing keys',
    text: 'steps:\n    - stepSlug: a\n      stepType: trigger\n    - stepSlug: b\n      retry: { maxAttempts: 3, backoff: fixed }\n      timeoutMs: 100\n    - stepSlug: c\n      description: last\nvars:\n  x: 1\nsettings:\n  maxSteps: 10\n',
  },
  { name: 'carriage returns', text: 'name: crlf\r\nsteps:\r\n  - stepSlug: a\r\n    x: 1\r\n  - stepSlug: b\r\n    y: 2\r\n  - stepSlug: c\r\n' },
];

/**
 * A `steps:` list at a random column whose items are random documents of the fast path's subset
 * (block and flow collections, every scalar style, comments and blank lines in the places that
 * decide where collections end), each indented under its `-`.
 */
function randomStepList(random: Random): string {
  const column = random.pick([0, 2, 4]);
  let text = random.below(2) ? 'name: random\n' : '';
  text += 'steps:\n';
  for (let step = 2 + random.below(5); step > 0; step--) {
    let item = '';
    for (let attempt = 0; attempt < 50; attempt++) {
      item = randomDocument(random).replace(/\r/g, '').replace(/^---\n/, '');
      const { root, diagnostics } = parseYamlTree(item);
      if (diagnostics.length === 0 && root?.kind === 'map' && !root.flow) break;
    }
    if (!item.endsWith('\n')) item += '\n';
    const lines = item.slice(0, -1).split('\n');
    const indent = ' '.repeat(column + 2);
    text += ' '.repeat(column) + '- ' + lines.map((line, i) => (i === 0 || line === '' ? line : indent + line)).join('\n') + '\n';
  }
  if (random.below(2)) text += 'output: { done: true }\n';
  return text;
}

describe('reparseWorkflow', () => {
  test('equals the full parse after random edits of the examples and fixtures', () => {
    const random = new Random(20250101 + SEED);
    const tally: Tally = { edits: 0, clean: 0, reparsed: 0 };
    for (const [run, { name, text }] of realFiles().entries()) runEdits(name, text, 80 * SCALE, random, tally, { checkSnapshots: true, previousVersion: previousVersionFor(run) });
    // The comparison only proves something if many edits were taken incrementally.
    assert.ok(tally.reparsed > tally.clean / 3, `only ${tally.reparsed} of ${tally.clean} edits on the fast path were re-parsed`);
  });

  test('equals the full parse after random edits of documents laid out to stress step boundaries', () => {
    const random = new Random(77 + SEED);
    const tally: Tally = { edits: 0, clean: 0, reparsed: 0 };
    for (const [run, { name, text }] of LAYOUTS.entries()) runEdits(`${name}.flow.yaml`, text, 1000 * SCALE, random, tally, { checkSnapshots: true, previousVersion: previousVersionFor(run) });
    assert.ok(tally.reparsed > tally.clean / 3, `only ${tally.reparsed} of ${tally.clean} edits on the fast path were re-parsed`);
  });

  test('equals the full parse after random edits of random step lists', () => {
    const random = new Random(913 + SEED);
    const tally: Tally = { edits: 0, clean: 0, reparsed: 0 };
    for (let list = 0; list < 150 * SCALE; list++) runEdits(`random-${list}.flow.yaml`, randomStepList(random), 25, random, tally, { checkSnapshots: true, previousVersion: previousVersionFor(list) });
    assert.ok(tally.reparsed > tally.clean / 5, `only ${tally.reparsed} of ${tally.clean} edits on the fast path were re-parsed`);
  });

  test('equals the full parse after random edits of generated workflows', () => {
    const random = new Random(4242 + SEED);
    const tally: Tally = { edits: 0, clean: 0, reparsed: 0 };
    for (const [steps, edits] of [
      [3, 300],
      [12, 600],
      [40, 400],
      [100, 150],
      [1000, 6],
    ] as const) {
      for (const previousVersion of ['keep', 'consume'] as const) {
        runEdits(`generated-${steps}.flow.yaml`, generateWorkflow(steps), (edits * SCALE) / 2, random, tally, { checkSnapshots: false, previousVersion });
      }
    }
    assert.ok(tally.reparsed > tally.clean / 3, `only ${tally.reparsed} of ${tally.clean} edits on the fast path were re-parsed`);
  });

  test('re-parses typing in a scalar in the middle of a 1000-step workflow, one character after another', () => {
    const text = generateWorkflow(1000);
    let document = parseWorkflow(text, 'big.flow.yaml');
    let at = text.indexOf('Score the customers', text.length >> 1) + 'Score'.length;
    for (const character of ' and rank') {
      const nextText = document.text.slice(0, at) + character + document.text.slice(at);
      // As the language server does: each version takes over the nodes of the one before.
      const reparsed = reparseWorkflow(document, nextText, 'big.flow.yaml', 'consume');
      assert.ok(reparsed, `typing ${JSON.stringify(character)} was not re-parsed`);
      assertSameDocument(reparsed, parseWorkflow(nextText, 'big.flow.yaml'), `typing ${JSON.stringify(character)}`);
      document = reparsed;
      at++;
    }
    // Deleting a character of a slug, a template and a flow value in middle steps too.
    for (const needle of ['stepSlug: l45', '<<steps.a50.output.count>>', 'itemVariable: customer']) {
      const position = document.text.indexOf(needle) + needle.length - 2;
      const nextText = document.text.slice(0, position) + document.text.slice(position + 1);
      const reparsed = reparseWorkflow(document, nextText, 'big.flow.yaml');
      assert.ok(reparsed, `deleting in ${needle} was not re-parsed`);
      assertSameDocument(reparsed, parseWorkflow(nextText, 'big.flow.yaml'), `deleting in ${needle}`);
    }
  });

  test('declines edits outside one step, in the last step, and of documents with syntax errors', () => {
    const text = 'steps:\n  - stepSlug: a\n    x: 1\n  - stepSlug: b\n    y: 2\n  - stepSlug: c\n    z: 3\n';
    const document = parseWorkflow(text);
    const edit = (from: string, to: string): string => {
      assert.ok(text.includes(from));
      return text.replace(from, to);
    };
    assert.ok(reparseWorkflow(document, edit('x: 1', 'x: 12')), 'an edit inside the first step');
    assert.equal(reparseWorkflow(document, edit('z: 3', 'z: 34')), undefined, 'an edit in the last step');
    assert.equal(reparseWorkflow(document, edit('steps:', 'steps: ')), undefined, 'an edit before the list');
    assert.equal(reparseWorkflow(document, edit('x: 1\n  - stepSlug: b', 'x: 1\n  - stepSlug: b\n  - stepSlug: new')), undefined, 'a new step');
    assert.equal(reparseWorkflow(document, edit('y: 2', 'y: 2\n  z: 3')), undefined, 'a line at the dashes’ column');
    assert.equal(reparseWorkflow(document, edit('    x: 1', '   x: 1')), undefined, 'a key out of line (a syntax error)');
    assert.equal(reparseWorkflow(document, edit('x: 1', 'x: &anchor 1')), undefined, 'an anchor');
    const broken = parseWorkflow(edit('x: 1', 'x: [1'));
    assert.ok(broken.syntaxDiagnostics.length > 0);
    assert.equal(reparseWorkflow(broken, edit('x: 1', 'x: [1]')), undefined, 'a previous version with syntax errors');
  });

  test('an unchanged text gives an equal document with the file it is given', () => {
    const text = generateWorkflow(12);
    const document = parseWorkflow(text, 'a.flow.yaml');
    const again = reparseWorkflow(document, text, 'b.flow.json');
    assert.ok(again);
    assertSameDocument(again, parseWorkflow(text, 'b.flow.json'), 'unchanged');
  });
});
