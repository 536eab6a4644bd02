// Completion inside `<< >>` templates and condition expressions: roots, the step slugs that can
// have run before this point, step record fields, output fields from output shapes (catalog,
// outputSchema, last run), inputs with their types, `loop.*` and item aliases inside loop
// bodies, vars, declared secrets and library functions with their signatures.

import { CompletionItemKind, InsertTextFormat, MarkupKind, type CompletionItem } from 'vscode-languageserver';
import type { TextDocument } from 'vscode-languageserver-textdocument';
import type { JsonSchema } from '../../../runtime/src/analysis/output-shapes.ts';
import { EXECUTION_FIELDS, LOOP_FIELDS, WORKFLOW_FIELDS, knownVariables, type ReferenceScope } from '../../../runtime/src/analysis/reference-scope.ts';
import { isOnErrorPath, ranBefore } from '../../../runtime/src/analysis/run-order.ts';
import { EXPRESSION_ROOTS, FUNCTIONS, STEP_RECORD_FIELDS } from '../../../runtime/src/expr/index.ts';
import type { Step } from '../../../runtime/src/language/workflow-model.ts';
import { resolveReference, scopeAt, type ReferenceEnvironment } from './reference-types.ts';
import { typeLabel } from './schema-navigator.ts';
import type { ServiceEnvironment } from './service-environment.ts';
import type { SiteLocation } from './site-locator.ts';
import type { TemplateCursor } from './template-cursor.ts';
import { toLspRange } from './text-positions.ts';
import { previewValue } from './value-preview.ts';

interface TemplateCompletionContext {
  document: TextDocument;
  cursor: TemplateCursor;
  location: SiteLocation;
  environment: ServiceEnvironment;
}

export function completeTemplate(context: TemplateCompletionContext): CompletionItem[] {
  const { cursor, location, environment, document } = context;
  if (cursor.inLiteral) return [];
  const state = location.state;
  const structure = state.structure();
  const scope = scopeAt(location.context, structure);
  const references: ReferenceEnvironment = {
    workflow: state.document.workflow,
    structure,
    catalog: environment.catalog(),
    ...optionalObserved(environment.observedOutputs(state.file)),
  };
  const range = toLspRange(document, cursor.replace);
  const items = cursor.member ? memberItems(cursor.chain, scope, references, location) : rootItems(scope);
  // Every item replaces the whole word under the cursor, so completing in the middle of a name works.
  return items.map(({ insertText, ...item }) => ({ ...item, textEdit: { range, newText: insertText ?? item.label } }));
}

function optionalObserved(observed: ReturnType<ServiceEnvironment['observedOutputs']>): { observed?: NonNullable<typeof observed> } {
  return observed ? { observed } : {};
}

function markdown(value: string): { kind: typeof MarkupKind.Markdown; value: string } {
  return { kind: MarkupKind.Markdown, value };
}

function rootItems(scope: ReferenceScope): CompletionItem[] {
  const items: CompletionItem[] = [];
  for (const [name, info] of Object.entries(EXPRESSION_ROOTS)) {
    if (name === 'loop' && scope.loops.length === 0) continue;
    items.push({ label: name, kind: CompletionItemKind.Variable, detail: 'root', documentation: markdown(info.description), sortText: `1${name}` });
  }
  for (const [alias, loop] of scope.aliases) {
    items.push({ label: alias, kind: CompletionItemKind.Variable, detail: `item of loop ${loop.slug ?? ''}`.trim(), documentation: markdown(`The current item of the loop \`${loop.slug}\` (its \`itemVariable\`).`), sortText: `0${alias}` });
  }
  for (const [name, fn] of Object.entries(FUNCTIONS)) {
    items.push({
      label: name,
      kind: CompletionItemKind.Function,
      detail: `${fn.signature} → ${fn.returns}`,
      documentation: markdown(`${fn.description}\n\n${fn.parameters.map((parameter) => `- \`${parameter.name}\`: ${parameter.description}`).join('\n')}`),
      insertTextFormat: InsertTextFormat.Snippet,
      insertText: fn.maxArgs === 0 ? `${name}()` : `${name}($1)`,
      sortText: `2${name}`,
    });
  }
  return items;
}

function memberItems(chain: readonly (string | number)[], scope: ReferenceScope, references: ReferenceEnvironment, location: SiteLocation): CompletionItem[] {
  const [root, ...rest] = chain;
  if (root === undefined || typeof root !== 'string') return [];
  const { workflow } = references;
  if (root === 'steps' && rest.length === 0) return stepItems(scope, location, references);
  if (root === 'steps' && rest.length === 1 && typeof rest[0] === 'string') {
    const step = workflow.stepsBySlug.get(rest[0]);
    if (!step) return [];
    return Object.entries(STEP_RECORD_FIELDS).map(([name, description], index) => ({
      label: name,
      kind: CompletionItemKind.Field,
      detail: name === 'error' && !isOnErrorPath(scope.facts, step) ? `${name} — only set on paths from its error port` : name,
      documentation: markdown(description),
      sortText: String(index),
    }));
  }
  if (root === 'input' && rest.length === 0) {
    return workflow.inputs.map((input) => ({
      label: input.name,
      kind: CompletionItemKind.Variable,
      detail: `${input.type ?? 'any'}${input.required ? ' (required)' : ''}${input.hasDefault ? ` = ${JSON.stringify(input.schema['default'])}` : ''}`,
      ...(typeof input.schema['description'] === 'string' ? { documentation: markdown(input.schema['description']) } : {}),
    }));
  }
  if (root === 'vars' && rest.length === 0) {
    return [...knownVariables(workflow)].map(([name, origin]) => ({
      label: name,
      kind: CompletionItemKind.Variable,
      detail: origin.step ? `set by ${origin.step.slug}` : 'declared in vars',
    }));
  }
  if (root === 'secrets' && rest.length === 0) {
    return workflow.secrets.map((secret) => ({ label: secret.name, kind: CompletionItemKind.Constant, detail: 'secret (value never shown)' }));
  }
  if (root === 'loop' && rest.every((segment) => segment === 'parent')) {
    if (scope.loops.length === 0) return [];
    const depth = scope.loops.length - 1 - rest.length;
    if (depth < 0) return [];
    const descriptions = EXPRESSION_ROOTS['loop']!.fields;
    return LOOP_FIELDS.filter((field) => field !== 'parent' || depth > 0).map((field) => ({
      label: field,
      kind: CompletionItemKind.Field,
      detail: field === 'item' ? `item of ${scope.loops[depth]!.slug}` : field,
      documentation: markdown(descriptions[field] ?? ''),
    }));
  }
  if (root === 'execution' && rest.length === 0) return fixedFields(EXECUTION_FIELDS, EXPRESSION_ROOTS['execution']!.fields);
  if (root === 'workflow' && rest.length === 0) return fixedFields(WORKFLOW_FIELDS, EXPRESSION_ROOTS['workflow']!.fields);
  if (root === 'loop' && scope.loops.length === 0) return [];
  if (root !== 'steps' && root !== 'input' && root !== 'vars' && root !== 'loop' && !scope.aliases.has(root)) return [];
  const resolved = resolveReference(root, rest, scope, references);
  return fieldItems(resolved.schema, resolved.value);
}

function fixedFields(fields: readonly string[], descriptions: Readonly<Record<string, string>>): CompletionItem[] {
  return fields.map((field) => ({ label: field, kind: CompletionItemKind.Field, detail: 'string', documentation: markdown(descriptions[field] ?? '') }));
}

function stepItems(scope: ReferenceScope, location: SiteLocation, references: ReferenceEnvironment): CompletionItem[] {
  const self = location.context.kind === 'step' ? location.context.step : undefined;
  const items: CompletionItem[] = [];
  for (const step of references.workflow.steps) {
    if (step.slug === undefined || step === self) continue;
    const ran = ranBefore(scope.facts, step);
    if (ran === 'never') continue;
    items.push({
      label: step.slug,
      kind: CompletionItemKind.Class,
      detail: `${describeStep(step)}${ran === 'sometimes' ? ' — may not have run here' : ''}`,
      ...(step.name || step.description ? { documentation: markdown([step.name, step.description].filter(Boolean).join('\n\n')) } : {}),
      // Steps that surely ran come first, the nearest ones before the others.
      sortText: `${ran === 'always' ? 0 : 1}${String(100000 - step.index).padStart(6, '0')}`,
    });
  }
  return items;
}

export function describeStep(step: Step): string {
  const action = step.type === 'action' ? actionNameOf(step) : undefined;
  return [step.type ?? 'step', action, step.name].filter(Boolean).join(' · ');
}

export function actionNameOf(step: Step): string | undefined {
  const type = step.config?.pairs.find((pair) => pair.key.value === 'type')?.value;
  return type?.kind === 'scalar' && typeof type.value === 'string' ? type.value : undefined;
}

function fieldItems(schema: JsonSchema | undefined, value: { found: true; value: unknown } | undefined): CompletionItem[] {
  const items: CompletionItem[] = [];
  const seen = new Set<string>();
  const sample = value?.value;
  for (const part of schemaParts(schema)) {
    const properties = part['properties'];
    if (properties && typeof properties === 'object') {
      for (const [name, sub] of Object.entries(properties as Record<string, JsonSchema>)) {
        if (seen.has(name)) continue;
        seen.add(name);
        items.push(fieldItem(name, sub, sample));
      }
    }
    if ((part['type'] === 'array' || part['type'] === 'string') && !seen.has('length')) {
      seen.add('length');
      items.push({ label: 'length', kind: CompletionItemKind.Property, detail: 'integer', sortText: '~length' });
    }
  }
  // Keys seen in the last run that the declared shape does not list (open shapes).
  if (sample !== null && typeof sample === 'object' && !Array.isArray(sample)) {
    for (const name of Object.keys(sample)) {
      if (seen.has(name)) continue;
      seen.add(name);
      items.push(fieldItem(name, {}, sample));
    }
  }
  return items;
}

function schemaParts(schema: JsonSchema | undefined): JsonSchema[] {
  if (!schema) return [];
  const parts = [schema];
  for (const keyword of ['allOf', 'anyOf', 'oneOf']) {
    const list = schema[keyword];
    if (Array.isArray(list)) for (const item of list) if (item && typeof item === 'object') parts.push(item as JsonSchema);
  }
  return parts;
}

function fieldItem(name: string, schema: JsonSchema, sample: unknown): CompletionItem {
  const lines: string[] = [];
  if (typeof schema['description'] === 'string') lines.push(schema['description']);
  if (sample !== null && typeof sample === 'object' && !Array.isArray(sample) && Object.hasOwn(sample, name)) {
    lines.push(`Last run: \`${previewValue((sample as Record<string, unknown>)[name])}\``);
  }
  return {
    label: name,
    kind: CompletionItemKind.Field,
    detail: typeLabel(schema),
    ...(lines.length > 0 ? { documentation: markdown(lines.join('\n\n')) } : {}),
  };
}
