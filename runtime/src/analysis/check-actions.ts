// Checks action steps against the action catalog: the action must exist (`unknown-action`, with
// did-you-mean) and its parameters must satisfy the action's parameter schema
// (`invalid-parameter`). A templated value is not type-checked: its type is known only at run
// time. Also checks that every `tools` entry of an llm step names a known action.

import { Ajv2020, type ValidateFunction } from 'ajv/dist/2020.js';
import type { ActionDefinition } from '../catalog/action-definition.ts';
import { BUILTIN_ACTIONS } from '../catalog/builtin-actions.ts';
import { closestMatch } from '../catalog/similar.ts';
import { diagnostic } from '../language/diagnostic.ts';
import type { Step } from '../language/workflow-model.ts';
import { getPair, toPlain, type YNode } from '../language/yaml-tree.ts';
import { PARAMETER_SCHEMA_OPTIONS } from './ajv-options.ts';
import type { AnalysisContext, AnalysisPass } from './analysis-context.ts';
// Generated ahead of time from the catalog by runtime/scripts/generate-validators.ts: compiling
// every built-in schema at run time cost the first analysis of every process about 30 ms.
import builtinParameterValidators from './precompiled/builtin-parameter-validators.cjs';
import { describeSchemaErrors, type JsonPath } from './schema-errors.ts';
import { isTemplated } from './string-values.ts';
import { spanOf } from '../language/source-range.ts';

/**
 * The precompiled validators by the schema object they were generated from: a definition that
 * carries a built-in's own `parameters` object gets it, whatever its name or source, and a
 * workspace action that shadows a built-in (its own schema) is compiled at run time.
 */
const precompiledValidators = new Map<object, ValidateFunction>();
for (const action of BUILTIN_ACTIONS) {
  const validate = builtinParameterValidators[action.name];
  if (validate) precompiledValidators.set(action.parameters, validate);
}

// Workspace actions' schemas are compiled at run time, by one instance made on first need.
// Compiled validators are cached per definition object; a reloaded workspace action is a new
// object and compiles afresh.
let ajv: Ajv2020 | undefined;
const validators = new WeakMap<ActionDefinition, ValidateFunction | null>();

/** The parameter validator of an action, or null when its schema does not compile. */
export function parameterValidator(definition: ActionDefinition): ValidateFunction | null {
  const precompiled = precompiledValidators.get(definition.parameters);
  if (precompiled) return precompiled;
  let validate = validators.get(definition);
  if (validate === undefined) {
    ajv ??= new Ajv2020(PARAMETER_SCHEMA_OPTIONS);
    try {
      validate = ajv.compile(definition.parameters);
      // Drop ajv's own cache entry (keyed by the schema object and its $id): our WeakMap keeps
      // the validator alive exactly as long as the definition, and two workspace schemas with the
      // same $id must not clash.
      ajv.removeSchema(definition.parameters);
    } catch {
      validate = null;
    }
    validators.set(definition, validate);
  }
  return validate;
}

export const checkActions: AnalysisPass = (context) => {
  for (const step of context.document.workflow.steps) {
    if (step.type === 'action') checkActionStep(context, step);
    else if (step.type === 'llm') checkTools(context, step);
  }
};

function checkActionStep(context: AnalysisContext, step: Step): void {
  const typePair = getPair(step.config, 'type');
  const typeNode = typePair?.value;
  if (!typePair || typeNode?.kind !== 'scalar' || typeof typeNode.value !== 'string' || isTemplated(typeNode.value)) return;
  const definition = context.catalog.get(typeNode.value);
  if (!definition) {
    reportUnknownAction(context, typeNode, typeNode.value, '');
    return;
  }
  const parametersPair = getPair(step.config, 'parameters');
  const parametersNode = parametersPair?.value ?? null;
  const isMissing = !parametersNode || (parametersNode.kind === 'scalar' && parametersNode.value === null);
  // A template yields the whole map at run time; a non-map is the schema check's to report.
  if (!isMissing && parametersNode.kind !== 'map') return;
  const validate = parameterValidator(definition);
  if (!validate) return;
  const plain = isMissing ? {} : toPlain(parametersNode);
  if (validate(plain)) return;
  const anchorKey = parametersPair?.key ?? typePair.key;
  const problems = describeSchemaErrors(validate.errors ?? [], {
    root: isMissing ? null : parametersNode,
    rootKey: anchorKey,
    fallbackRange: spanOf(anchorKey),
    rootName: 'parameters',
    describeContainer: (path) => (path.length === 0 ? `\`${definition.name}\` parameters` : `\`${String(path.at(-1))}\``),
    skip: (path) => isTemplatedAlong(plain, path),
  });
  for (const problem of problems) {
    context.report(diagnostic('invalid-parameter', problem.message, problem.range, { data: { action: definition.name, ...problem.data } }));
  }
}

/** Whether the value at `path`, or any value on the way to it, is a templated string. */
function isTemplatedAlong(plain: unknown, path: JsonPath): boolean {
  let value = plain;
  for (const segment of [undefined, ...path]) {
    if (segment !== undefined) {
      if (typeof value !== 'object' || value === null) return false;
      value = (value as Record<string | number, unknown>)[segment];
    }
    if (typeof value === 'string' && isTemplated(value)) return true;
  }
  return false;
}

function checkTools(context: AnalysisContext, step: Step): void {
  const tools = getPair(step.config, 'tools')?.value;
  if (tools?.kind !== 'seq') return;
  for (const item of tools.items) {
    if (item.kind !== 'scalar' || typeof item.value !== 'string' || isTemplated(item.value)) continue;
    if (!context.catalog.has(item.value)) reportUnknownAction(context, item, item.value, ' in `tools`');
  }
}

function reportUnknownAction(context: AnalysisContext, node: YNode, name: string, where: string): void {
  const suggestion = closestMatch(name, context.catalog.names());
  const hint = suggestion ? ` Did you mean \`${suggestion}\`?` : ' It is neither a built-in action nor a workspace action.';
  context.report(diagnostic('unknown-action', `Unknown action \`${name}\`${where}.${hint}`, spanOf(node), suggestion ? { data: { suggestion } } : {}));
}
