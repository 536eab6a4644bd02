// Completion of the YAML (or JSON) structure: keys and enum values from the workflow schema at
// the cursor's path, whole-step snippets of each type, `stepType` values, action names and then
// that action's parameters, the ports of the step's type under `nextSteps`, and `nextSteps`
// targets with the target's type and name.

import { CompletionItemKind, InsertTextFormat, InsertTextMode, MarkupKind, type CompletionItem } from 'vscode-languageserver';
import type { TextDocument } from 'vscode-languageserver-textdocument';
import type { ActionCatalog } from '../../../runtime/src/catalog/action-catalog.ts';
import type { JsonSchema } from '../../../runtime/src/catalog/json-schema.ts';
import { collectReferences } from '../../../runtime/src/expr/index.ts';
import { RESERVED_TARGETS, STEP_TYPES, STEP_TYPE_INFO, isStepType } from '../../../runtime/src/language/step-types.ts';
import type { Workflow } from '../../../runtime/src/language/workflow-model.ts';
import { nodeAtPath } from '../../../runtime/src/language/yaml-tree.ts';
import type { DocumentState } from './document-cache.ts';
import { descriptionOf, keysOf, schemasAt, typeLabel, valueSuggestions, type SchemaOverride } from './schema-navigator.ts';
import type { ServiceEnvironment } from './service-environment.ts';
import { escapeSnippet, freshSlug, renderJsonSnippet, renderYamlSnippet, stepSnippet } from './step-snippets.ts';
import { describeStep } from './template-completion.ts';
import { toLspRange } from './text-positions.ts';
import { shallowScalars } from './tree-path.ts';
import type { YamlCursor } from './yaml-cursor.ts';

export interface YamlCompletionContext {
  document: TextDocument;
  cursor: YamlCursor;
  json: boolean;
  /** Parses to read existing keys and steps from: the current one first, then the last good one. */
  states: readonly DocumentState[];
  environment: ServiceEnvironment;
}

/** The keys written in the map at `path.slice(0, depth)`: from the text, completed by the parse. */
export function dataAtDepth(cursor: YamlCursor, states: readonly DocumentState[], depth: number): Record<string, string> {
  const path = cursor.path.slice(0, depth);
  const fromTree = states[0] ? shallowScalars(nodeAtPath(states[0].document.root, path)?.node) : {};
  return { ...fromTree, ...cursor.scalarsAt(depth) };
}

export function actionParametersOverride(catalog: ActionCatalog, dataAt: (depth: number) => Record<string, string>): SchemaOverride {
  return (path) => {
    if (path.length !== 4 || path[0] !== 'steps' || path[2] !== 'config' || path[3] !== 'parameters') return undefined;
    const type = dataAt(3)['type'];
    const definition = type ? catalog.get(type) : undefined;
    return definition ? (definition.parameters as JsonSchema) : undefined;
  };
}

export function completeYaml(context: YamlCompletionContext): CompletionItem[] {
  const { cursor, states, environment } = context;
  const dataAt = (depth: number) => dataAtDepth(cursor, states, depth);
  const catalog = environment.catalog();
  const override = actionParametersOverride(catalog, dataAt);
  const workflow = mergedWorkflow(states);
  const path = cursor.path;
  const inStep = path[0] === 'steps' && typeof path[1] === 'number';

  if (cursor.kind === 'key') {
    const walk = schemasAt(path, dataAt, override);
    if (walk.schemas.some((schema) => schema.type === 'array') && !walk.schemas.some((schema) => schema.properties)) {
      // A line under a sequence without its dash yet: offer new items with the dash.
      return path.length === 1 && path[0] === 'steps' ? stepSnippetItems(context, workflow, true) : [];
    }
    if (inStep && path.length === 3 && path[2] === 'nextSteps') return portItems(context, dataAt(2), dataAt(3));
    const existing = dataAt(path.length);
    return keyItems(context, walk, existing);
  }

  if (cursor.kind === 'item') {
    const itemPath = [...path, cursor.index ?? 0];
    if (path.length === 1 && path[0] === 'steps') {
      const itemWalk = schemasAt(itemPath, dataAt, override);
      return [...stepSnippetItems(context, workflow, false), ...keyItems(context, itemWalk, dataAt(itemPath.length))];
    }
    if (inStep && path.length === 4 && path[2] === 'config' && path[3] === 'branches') return targetItems(context, workflow, false);
    if (inStep && path.length === 4 && path[2] === 'config' && path[3] === 'tools') return actionItems(context, catalog);
    if (path.length === 1 && path[0] === 'secrets') return secretNameItems(context, workflow);
    const walk = schemasAt(itemPath, dataAt, override);
    if (walk.schemas.some((schema) => schema.type === 'object' || schema.properties)) return keyItems(context, walk, {});
    return valueItems(context, walk.schemas);
  }

  const key = cursor.key ?? '';
  if (inStep && path.length === 2 && key === 'stepType') return stepTypeItems(context);
  if (inStep && path.length === 3 && path[2] === 'config' && key === 'type' && (dataAt(2)['stepType'] ?? 'action') === 'action') return actionItems(context, catalog);
  if (inStep && path.length === 3 && path[2] === 'nextSteps') return targetItems(context, workflow, true, dataAt(2)['stepSlug']);
  const walk = schemasAt([...path, key], dataAt, override);
  return valueItems(context, walk.schemas);
}

/**
 * The current parse's workflow, with the steps that only the last good parse still knows (a
 * half-typed line can hide the rest of the file from the parser).
 */
function mergedWorkflow(states: readonly DocumentState[]): Workflow | undefined {
  const [current, lastGood] = states;
  if (!current) return undefined;
  const workflow = current.document.workflow;
  if (!lastGood || !current.hasSyntaxErrors) return workflow;
  const missing = lastGood.document.workflow.steps.filter((step) => step.slug !== undefined && !workflow.stepsBySlug.has(step.slug));
  if (missing.length === 0) return workflow;
  const steps = [...workflow.steps, ...missing];
  const stepsBySlug = new Map(workflow.stepsBySlug);
  for (const step of missing) stepsBySlug.set(step.slug!, step);
  return { ...workflow, steps, stepsBySlug };
}

function markdown(value: string): { kind: typeof MarkupKind.Markdown; value: string } {
  return { kind: MarkupKind.Markdown, value };
}

/** Writes a scalar the way the token at the cursor needs it (plain, quoted, or JSON). */
function scalarText(value: string | number | boolean, context: YamlCompletionContext): string {
  const { cursor, json } = context;
  if (typeof value !== 'string') return String(value);
  if (json || (cursor.flow && cursor.quote)) return JSON.stringify(value);
  if (cursor.quote) return cursor.quote === "'" ? value.replaceAll("'", "''") : JSON.stringify(value).slice(1, -1);
  return plainOrQuoted(value);
}

const NEEDS_QUOTES = /^(?:true|false|null|yes|no|on|off|~|[-+]?(?:\d[\d_]*(?:\.\d*)?|\.\d+)(?:e[-+]?\d+)?|0x[\da-f]+)$/i;

export function plainOrQuoted(value: string): string {
  if (value === '' || NEEDS_QUOTES.test(value) || /^[\s!&*?|>'"%@`#,[\]{}-]|: | #|:$|\s$/.test(value)) return JSON.stringify(value);
  return value;
}

/** The text before the replaced range needs a space when the user typed `key:` and no space. */
function spacer(context: YamlCompletionContext): string {
  const before = context.document.getText().charAt(context.cursor.replace.start - 1);
  return before === ':' ? ' ' : '';
}

function edit(context: YamlCompletionContext, newText: string): CompletionItem['textEdit'] {
  return { range: toLspRange(context.document, context.cursor.replace), newText };
}

function valueItem(context: YamlCompletionContext, label: string, value: string | number | boolean, extra: Partial<CompletionItem>): CompletionItem {
  return { label, kind: CompletionItemKind.Value, ...extra, textEdit: edit(context, spacer(context) + scalarText(value, context)) };
}

function valueItems(context: YamlCompletionContext, schemas: JsonSchema[]): CompletionItem[] {
  const description = descriptionOf(schemas);
  return valueSuggestions(schemas).map((suggestion, index) =>
    valueItem(context, String(suggestion.value), suggestion.value, {
      kind: suggestion.kind === 'enum' ? CompletionItemKind.EnumMember : CompletionItemKind.Value,
      detail: suggestion.kind === 'example' ? 'example' : suggestion.kind === 'default' ? 'default' : typeLabel(schemas[0]),
      ...(description ? { documentation: markdown(description) } : {}),
      sortText: `${suggestion.kind === 'example' ? 2 : suggestion.kind === 'default' ? 1 : 0}${String(index).padStart(3, '0')}`,
    }),
  );
}

function keyItems(context: YamlCompletionContext, walk: ReturnType<typeof schemasAt>, existing: Readonly<Record<string, string>>): CompletionItem[] {
  const items: CompletionItem[] = [];
  for (const info of keysOf(walk)) {
    if (info.key in existing || info.key === '$schema') continue;
    const description = descriptionOf(info.schemas);
    items.push({
      label: info.key,
      kind: CompletionItemKind.Property,
      detail: `${typeLabel(info.schemas[0])}${info.required ? ' (required)' : ''}`,
      ...(description ? { documentation: markdown(description) } : {}),
      sortText: `${info.required ? 0 : 1}${String(items.length).padStart(3, '0')}`,
      insertTextFormat: InsertTextFormat.Snippet,
      insertTextMode: InsertTextMode.asIs,
      textEdit: edit(context, keySnippet(context, info.key, info.schemas)),
    });
  }
  return items;
}

/** `key: ` plus what the value's type suggests: a nested block, a list, a choice of enum values. */
function keySnippet(context: YamlCompletionContext, key: string, schemas: JsonSchema[]): string {
  const { cursor, json } = context;
  const text = context.document.getText();
  const after = text.slice(cursor.replace.end, cursor.replace.end + 40);
  // Completing over an existing key keeps its colon and value.
  if (/^\s*:/.test(after) || (json && /^"\s*:/.test(after))) return json ? JSON.stringify(key) : escapeSnippet(key);
  const type = schemas.map((schema) => schema.type).find((value) => value !== undefined);
  const isObject = type === 'object' || schemas.some((schema) => schema.properties && !schema.type);
  const choices = valueSuggestions(schemas).filter((suggestion) => suggestion.kind === 'enum');
  const choice = choices.length > 0 ? `\${1|${choices.map((item) => String(item.value).replace(/[,|\\$}]/g, '\\$&')).join(',')}|}` : '$0';
  if (json) {
    const value = isObject ? '{$0}' : type === 'array' ? '[$0]' : type === 'string' || choices.length > 0 ? `"${choice}"` : '$0';
    return `"${key}": ${value}`;
  }
  const name = escapeSnippet(/^[A-Za-z_$][\w$-]*$/.test(key) ? key : JSON.stringify(key));
  if (cursor.flow) return `${name}: ${isObject ? '{ $0 }' : type === 'array' ? '[$0]' : choice}`;
  const pad = ' '.repeat(cursor.column + 2);
  if (isObject) return `${name}:\n${pad}$0`;
  if (type === 'array') return `${name}:\n${pad}- $0`;
  return `${name}: ${choice}`;
}

function stepTypeItems(context: YamlCompletionContext): CompletionItem[] {
  return STEP_TYPES.map((type, index) =>
    valueItem(context, type, type, {
      kind: CompletionItemKind.EnumMember,
      detail: `ports: ${STEP_TYPE_INFO[type].ports.join(', ')}`,
      documentation: markdown(STEP_TYPE_INFO[type].description),
      sortText: String(index),
    }),
  );
}

function actionItems(context: YamlCompletionContext, catalog: ActionCatalog): CompletionItem[] {
  return catalog.list().map((action) =>
    valueItem(context, action.name, action.name, {
      kind: action.source === 'workspace' ? CompletionItemKind.Module : CompletionItemKind.Function,
      detail: `${action.source === 'workspace' ? 'workspace action' : 'built-in action'}${action.sideEffects ? ' · side effects' : ''}`,
      documentation: markdown(action.description),
      sortText: `${action.source === 'workspace' ? 0 : 1}${action.name}`,
    }),
  );
}

function portItems(context: YamlCompletionContext, step: Readonly<Record<string, string>>, wired: Readonly<Record<string, string>>): CompletionItem[] {
  const type = step['stepType'];
  if (!isStepType(type)) return [];
  return STEP_TYPE_INFO[type].ports
    .filter((port) => !(port in wired))
    .map((port, index) => ({
      label: port,
      kind: CompletionItemKind.Event,
      detail: `${type} port`,
      documentation: markdown(port === 'error' ? 'Taken when the step fails. Unwired, the run fails (or an enclosing loop/parallel `error` port takes it).' : `Taken when the ${type} step ${portMeaning(type, port)}.`),
      sortText: String(index),
      textEdit: edit(context, context.json ? `"${port}": ` : `${port}: `),
    }));
}

function portMeaning(type: string, port: string): string {
  const meanings: Record<string, string> = {
    success: 'succeeds',
    true: 'finds its expression true',
    false: 'finds its expression false',
    next: 'starts each item (the loop body)',
    done: 'has finished every item or branch',
    approved: 'is approved',
    rejected: 'is rejected',
    timeout: 'times out',
  };
  return meanings[port] ?? `takes \`${port}\` (${type})`;
}

function targetItems(context: YamlCompletionContext, workflow: Workflow | undefined, withReserved: boolean, fromSlug?: string): CompletionItem[] {
  const items: CompletionItem[] = [];
  for (const step of workflow?.steps ?? []) {
    if (step.slug === undefined || step.type === 'trigger') continue;
    items.push(
      valueItem(context, step.slug, step.slug, {
        kind: CompletionItemKind.Reference,
        detail: describeStep(step),
        ...(step.description ? { documentation: markdown(step.description) } : {}),
        sortText: `${step.slug === fromSlug ? 2 : 0}${String(step.index).padStart(6, '0')}`,
      }),
    );
  }
  if (withReserved) {
    items.push(valueItem(context, 'end', 'end', { kind: CompletionItemKind.Keyword, detail: 'complete the run now', sortText: '1end' }));
    items.push(valueItem(context, 'fail', 'fail', { kind: CompletionItemKind.Keyword, detail: 'fail the run now', sortText: '1fail' }));
  }
  return items.filter((item) => withReserved || !(RESERVED_TARGETS as readonly string[]).includes(item.label));
}

/** Secret names used as `secrets.NAME` in templates but not declared yet. */
function secretNameItems(context: YamlCompletionContext, workflow: Workflow | undefined): CompletionItem[] {
  const state = context.states[0];
  if (!state || !workflow) return [];
  const declared = new Set(workflow.secrets.map((secret) => secret.name));
  const used = new Set<string>();
  for (const site of state.structure().sites) {
    // Names only: the trees as parsed serve, wherever they lie now.
    for (const template of site.templates) {
      for (const reference of collectReferences(template.parsedAst)) {
        const name = reference.segments[0]?.name;
        if (reference.root === 'secrets' && typeof name === 'string' && name !== '' && !declared.has(name)) used.add(name);
      }
    }
  }
  return [...used].map((name) => valueItem(context, name, name, { kind: CompletionItemKind.Constant, detail: 'used in a template, not declared yet' }));
}

function stepSnippetItems(context: YamlCompletionContext, workflow: Workflow | undefined, withDash: boolean): CompletionItem[] {
  const taken = new Set(workflow?.stepsBySlug.keys() ?? []);
  const hasTrigger = workflow?.steps.some((step) => step.type === 'trigger') ?? false;
  const column = context.cursor.column + (withDash ? 2 : 0);
  return STEP_TYPES.filter((type) => type !== 'trigger' || !hasTrigger).map((type, index) => {
    const body = stepSnippet(type, freshSlug(type === 'trigger' ? 'start' : type, taken));
    const text = context.json ? renderJsonSnippet(body) : renderYamlSnippet(body, column);
    return {
      label: `${type} step`,
      kind: CompletionItemKind.Snippet,
      detail: `New ${type} step`,
      documentation: markdown(`${STEP_TYPE_INFO[type].description}\n\nPorts: ${STEP_TYPE_INFO[type].ports.map((port) => `\`${port}\``).join(', ')}.`),
      insertTextFormat: InsertTextFormat.Snippet,
      insertTextMode: InsertTextMode.asIs,
      filterText: `${withDash ? '- ' : ''}${type} step`,
      sortText: `0${index}`,
      textEdit: edit(context, `${withDash ? '- ' : ''}${text}`),
    };
  });
}
