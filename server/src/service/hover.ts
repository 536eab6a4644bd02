// Hover: documentation for keys (from the schema), step types, actions and their parameters (from
// the catalog) and functions; for a template reference, its type from the output shapes and its
// value in the last recorded run. Secret values are never shown.

import { MarkupKind, type Hover, type Position } from 'vscode-languageserver';
import type { TextDocument } from 'vscode-languageserver-textdocument';
import { ranBefore } from '../../../runtime/src/analysis/run-order.ts';
import type { ActionDefinition } from '../../../runtime/src/catalog/action-definition.ts';
import type { JsonSchema } from '../../../runtime/src/catalog/json-schema.ts';
import { EXPRESSION_ROOTS, FUNCTIONS, STEP_RECORD_FIELDS, expressionPathAt } from '../../../runtime/src/expr/index.ts';
import { rangeContains, spanOf, type SourceRange } from '../../../runtime/src/language/source-range.ts';
import { STEP_TYPE_INFO, isStepType } from '../../../runtime/src/language/step-types.ts';
import type { Step } from '../../../runtime/src/language/workflow-model.ts';
import type { DocumentState } from './document-cache.ts';
import { resolveReference, scopeAt, type ReferenceEnvironment } from './reference-types.ts';
import { descriptionOf, schemasAt, typeLabel } from './schema-navigator.ts';
import type { ServiceEnvironment } from './service-environment.ts';
import { actionNameOf, describeStep } from './template-completion.ts';
import { toLspRange } from './text-positions.ts';
import { shallowScalars, treeLocationAt } from './tree-path.ts';
import { previewValue } from './value-preview.ts';
import { actionParametersOverride } from './yaml-completion.ts';
import { referenceAt } from './workflow-symbols.ts';

export function getHover(environment: ServiceEnvironment, document: TextDocument, position: Position): Hover | null {
  const state = environment.cache.get(document);
  const offset = document.offsetAt(position);
  const found = templateHover(environment, state, offset) ?? yamlHover(environment, state, offset);
  return found ? { contents: { kind: MarkupKind.Markdown, value: found.markdown }, range: toLspRange(document, found.range) } : null;
}

interface HoverText {
  markdown: string;
  range: SourceRange;
}

function templateHover(environment: ServiceEnvironment, state: DocumentState, offset: number): HoverText | undefined {
  for (const site of state.structure().sites) {
    if (!site.exact || !rangeContains(site.node, offset)) continue;
    for (const template of site.templates) {
      if (!rangeContains(template.range, offset)) continue;
      for (const node of expressionPathAt(template.ast, offset)) {
        if (node.kind === 'Call' && rangeContains(node.callee.range, offset)) {
          const fn = FUNCTIONS[node.callee.name];
          if (!fn) return undefined;
          const parameters = fn.parameters.map((parameter) => `- \`${parameter.name}\`: ${parameter.description}`).join('\n');
          return { markdown: `\`\`\`\n${fn.signature} → ${fn.returns}\n\`\`\`\n${fn.description}${parameters ? `\n\n${parameters}` : ''}`, range: node.callee.range };
        }
      }
    }
  }
  const found = referenceAt(state, offset);
  if (!found) return undefined;
  const { reference, site } = found;
  const structure = state.structure();
  const scope = scopeAt(site.context, structure);
  if (rangeContains(reference.rootRange, offset)) {
    const loop = scope.aliases.get(reference.root);
    if (loop) return { markdown: `**${reference.root}** — the current item of the loop \`${loop.slug}\``, range: reference.rootRange };
    const info = EXPRESSION_ROOTS[reference.root];
    return info ? { markdown: `**${reference.root}** — ${info.description}`, range: reference.rootRange } : undefined;
  }
  const index = reference.segments.findIndex((segment) => rangeContains(segment.range, offset));
  if (index < 0) return undefined;
  const segments = reference.segments.slice(0, index + 1).map((segment) => segment.name);
  const path = [reference.root, ...segments].map((part, position) => (typeof part === 'number' ? `[${part}]` : position === 0 ? String(part) : `.${String(part)}`)).join('');
  const references: ReferenceEnvironment = {
    workflow: state.document.workflow,
    structure,
    catalog: environment.catalog(),
    ...optional('observed', environment.observedOutputs(state.file)),
  };
  const range = reference.segments[index]!.range;
  const lines: string[] = [];
  if (reference.root === 'secrets') {
    lines.push(`\`${path}\` — secret`, 'Its value comes from the environment or `.env` and is never shown.');
    return { markdown: lines.join('\n\n'), range };
  }
  const resolved = resolveReference(reference.root, segments, scope, references);
  lines.push(`\`${path}\`${resolved.schema ? ` — ${typeLabel(resolved.schema)}` : ''}`);
  if (reference.root === 'steps' && index === 0 && resolved.step) {
    lines.push(stepSummary(resolved.step));
    const self = site.context.kind === 'step' && site.context.step === resolved.step;
    const ran = self ? 'never' : ranBefore(scope.facts, resolved.step);
    lines.push(ran === 'always' ? 'Has always run by this point.' : ran === 'sometimes' ? 'Runs on some paths to this point only: may be null here.' : 'Has not run by this point.');
  } else if (reference.root === 'steps' && index === 1 && typeof segments[1] === 'string' && STEP_RECORD_FIELDS[segments[1]]) {
    lines.push(STEP_RECORD_FIELDS[segments[1]]!);
  }
  const description = resolved.schema?.['description'];
  if (typeof description === 'string' && !(reference.root === 'steps' && index === 0)) lines.push(description);
  if (resolved.source) lines.push(`Shape from ${resolved.source}.`);
  if (resolved.value) lines.push(`Last run:\n\`\`\`json\n${previewValue(resolved.value.value, 1200)}\n\`\`\``);
  return { markdown: lines.join('\n\n'), range };
}

function optional<K extends string, V>(key: K, value: V | undefined): { [P in K]?: V } {
  return (value === undefined ? {} : { [key]: value }) as { [P in K]?: V };
}

function stepSummary(step: Step): string {
  const parts = [`**${step.slug ?? `step ${step.index + 1}`}** · ${describeStep(step)}`];
  if (step.description) parts.push(step.description);
  return parts.join('\n\n');
}

function actionMarkdown(definition: ActionDefinition): string {
  const lines = [`**${definition.name}** — ${definition.source === 'workspace' ? 'workspace action' : 'built-in action'}${definition.sideEffects ? ' · side effects' : ''}`, definition.description];
  const parameters = Object.entries((definition.parameters as JsonSchema).properties ?? {});
  const required = new Set((definition.parameters as JsonSchema).required ?? []);
  if (parameters.length > 0) {
    lines.push(
      ['| parameter | type | |', '| --- | --- | --- |', ...parameters.map(([name, schema]) => `| \`${name}\`${required.has(name) ? ' *' : ''} | ${escapeCell(typeLabel(schema as JsonSchema))} | ${escapeCell(String((schema as JsonSchema).description ?? ''))} |`)].join('\n'),
    );
  }
  const outputFields = Object.keys((definition.output as JsonSchema).properties ?? {});
  if (outputFields.length > 0) lines.push(`Output: ${outputFields.map((field) => `\`${field}\``).join(', ')}`);
  if (definition.errors.length > 0) lines.push(`Errors: ${definition.errors.map((code) => `\`${code}\`${definition.retryableErrors.includes(code) ? ' (retryable)' : ''}`).join(', ')}`);
  return lines.join('\n\n');
}

function escapeCell(text: string): string {
  return text.replaceAll('|', '\\|').replaceAll('\n', ' ');
}

function stepTypeMarkdown(type: string): string | undefined {
  if (!isStepType(type)) return undefined;
  const info = STEP_TYPE_INFO[type];
  return `**${type}** step — ${info.description}\n\nPorts: ${info.ports.map((port) => `\`${port}\``).join(', ')}`;
}

function yamlHover(environment: ServiceEnvironment, state: DocumentState, offset: number): HoverText | undefined {
  const location = treeLocationAt(state.document.root, offset);
  if (!location || !location.node || location.node.kind !== 'scalar') return undefined;
  const node = location.node;
  const range = spanOf(node);
  const { workflow } = state.document;
  const [top, index, section, key] = location.path;
  const step = top === 'steps' && typeof index === 'number' ? workflow.steps[index] : undefined;
  const value = typeof node.value === 'string' ? node.value : undefined;
  const catalog = environment.catalog();
  if (!location.onKey && value !== undefined && step) {
    if (section === 'stepType' && location.path.length === 3) {
      const markdown = stepTypeMarkdown(value);
      if (markdown) return { markdown, range };
    }
    if (section === 'config' && key === 'type' && location.path.length === 4 && step.type === 'action') {
      const definition = catalog.get(value);
      if (definition) return { markdown: actionMarkdown(definition), range };
    }
    if (section === 'config' && key === 'tools' && location.path.length === 5) {
      const definition = catalog.get(value);
      if (definition) return { markdown: actionMarkdown(definition), range };
    }
    if ((section === 'nextSteps' && location.path.length === 4) || (section === 'config' && key === 'branches' && location.path.length === 5) || (section === 'stepSlug' && location.path.length === 3)) {
      const target = workflow.stepsBySlug.get(value);
      if (target) return { markdown: stepSummary(target), range };
      if (value === 'end') return { markdown: '**end** — completes the whole run now.', range };
      if (value === 'fail') return { markdown: '**fail** — fails the whole run now (with the last error, if any).', range };
    }
  }
  if (!location.onKey) return undefined;
  if (step && section === 'nextSteps' && location.path.length === 4 && value !== undefined) {
    const type = step.type;
    const ports = isStepType(type) ? STEP_TYPE_INFO[type].ports : [];
    return { markdown: `**${value}** port${ports.includes(value) ? ` of a ${type} step` : ''}${value === 'error' ? '\n\nTaken when the step fails.' : ''}`, range };
  }
  if (top === 'inputs' && location.path.length === 2 && value !== undefined) {
    const input = workflow.inputs.find((candidate) => candidate.name === value);
    if (input) {
      const lines = [`**${value}** — input · ${input.type ?? 'any'}${input.required ? ' · required' : ''}`];
      if (typeof input.schema['description'] === 'string') lines.push(input.schema['description']);
      if (input.hasDefault) lines.push(`Default: \`${previewValue(input.schema['default'])}\``);
      lines.push(`Read as \`<<input.${value}>>\`.`);
      return { markdown: lines.join('\n\n'), range };
    }
  }
  const dataAt = (depth: number) => shallowScalars(location.containers[depth]);
  const walk = schemasAt(location.path, dataAt, actionParametersOverride(catalog, dataAt));
  const description = descriptionOf(walk.schemas);
  if (!description && walk.schemas.length === 0) return undefined;
  const label = walk.schemas.length > 0 ? typeLabel(walk.schemas[0]) : undefined;
  const action = step && section === 'config' && key === 'parameters' ? actionNameOf(step) : undefined;
  return { markdown: [`**${String(location.path[location.path.length - 1])}**${label && label !== 'any' ? ` · ${label}` : ''}${action ? ` — parameter of \`${action}\`` : ''}`, description ?? ''].filter(Boolean).join('\n\n'), range };
}
