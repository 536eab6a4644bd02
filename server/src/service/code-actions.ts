// Quick fixes and refactorings, driven by the analyzer's diagnostics and their `data`: create a
// missing step, did-you-mean for unknown slugs, ports, actions, keys and references, convert
// `{{ }}` to `<< >>`, route or add an `error` port, declare a used secret, add a manual trigger,
// and suppression comments.

import { CodeActionKind, type CodeAction, type CodeActionContext, type Diagnostic, type Range, type TextEdit } from 'vscode-languageserver';
import type { TextDocument } from 'vscode-languageserver-textdocument';
import { rangeContains } from '../../../runtime/src/language/source-range.ts';
import { STEP_TYPE_INFO, isStepType } from '../../../runtime/src/language/step-types.ts';
import type { Step, WorkflowDocument } from '../../../runtime/src/language/workflow-model.ts';
import { DIAGNOSTIC_SOURCE } from './diagnostics.ts';
import type { DocumentState } from './document-cache.ts';
import type { ServiceEnvironment } from './service-environment.ts';
import { freshSlug } from './step-snippets.ts';
import { toSourceRange } from './text-positions.ts';
import { addPort, appendStep, commentAbove, declareSecret, prependStep } from './workflow-edits.ts';

interface ActionContext {
  document: TextDocument;
  state: DocumentState;
  parsed: WorkflowDocument;
  json: boolean;
}

export function getCodeActions(environment: ServiceEnvironment, document: TextDocument, range: Range, context: CodeActionContext): CodeAction[] {
  const state = environment.cache.get(document);
  const action: ActionContext = { document, state, parsed: state.document, json: state.document.format === 'json' };
  const actions: CodeAction[] = [];
  const wanted = (kind: string) => !context.only || context.only.some((only) => kind === only || kind.startsWith(`${only}.`));
  if (wanted(CodeActionKind.QuickFix)) {
    for (const diagnostic of context.diagnostics) {
      if (diagnostic.source !== DIAGNOSTIC_SOURCE) continue;
      actions.push(...quickFixes(action, diagnostic, environment));
    }
  }
  if (wanted(CodeActionKind.Refactor) && !state.hasSyntaxErrors) actions.push(...refactorings(action, toSourceRange(document, range).start));
  return actions;
}

function edit(action: ActionContext, edits: (TextEdit | undefined)[]): CodeAction['edit'] | undefined {
  const present = edits.filter((item): item is TextEdit => item !== undefined);
  return present.length > 0 ? { changes: { [action.document.uri]: present } } : undefined;
}

function fix(action: ActionContext, title: string, diagnostic: Diagnostic | undefined, edits: (TextEdit | undefined)[], preferred = false): CodeAction[] {
  const workspaceEdit = edit(action, edits);
  if (!workspaceEdit) return [];
  return [{ title, kind: CodeActionKind.QuickFix, ...(diagnostic ? { diagnostics: [diagnostic] } : {}), ...(preferred ? { isPreferred: true } : {}), edit: workspaceEdit }];
}

/** The diagnostic's range without surrounding quotes, so a replacement keeps them. */
function contentRange(action: ActionContext, diagnostic: Diagnostic): Range {
  const { start, end } = toSourceRange(action.document, diagnostic.range);
  const text = action.parsed.text;
  const quote = text[start];
  if (end - start >= 2 && (quote === '"' || quote === "'") && text[end - 1] === quote) {
    return { start: action.document.positionAt(start + 1), end: action.document.positionAt(end - 1) };
  }
  return diagnostic.range;
}

function stringData(diagnostic: Diagnostic, key: string): string | undefined {
  const data = diagnostic.data as Record<string, unknown> | undefined;
  const value = data?.[key];
  return typeof value === 'string' ? value : undefined;
}

function quickFixes(action: ActionContext, diagnostic: Diagnostic, environment: ServiceEnvironment): CodeAction[] {
  const code = String(diagnostic.code ?? '');
  const actions: CodeAction[] = [];
  const suggestion = stringData(diagnostic, 'suggestion');
  if (suggestion !== undefined) {
    actions.push(...fix(action, `Change to \`${suggestion}\``, diagnostic, [{ range: contentRange(action, diagnostic), newText: suggestion }], true));
  }
  switch (code) {
    case 'unknown-step': {
      const target = stringData(diagnostic, 'target');
      if (target && /^[a-z][a-z0-9_]*$/.test(target)) actions.push(...fix(action, `Create step \`${target}\``, diagnostic, [appendStep(action.document, action.parsed, newLogStep(target))]));
      break;
    }
    case 'mustache-template': {
      const replacement = stringData(diagnostic, 'replacement');
      if (replacement) actions.push(...fix(action, `Convert to \`${replacement}\``, diagnostic, [{ range: diagnostic.range, newText: replacement }], true));
      actions.push(...convertAllMustache(action, environment));
      break;
    }
    case 'undeclared-secret': {
      const name = stringData(diagnostic, 'name');
      if (name) actions.push(...fix(action, `Declare secret \`${name}\``, diagnostic, [declareSecret(action.document, action.parsed, name)], true));
      break;
    }
    case 'hardcoded-secret': {
      const name = stringData(diagnostic, 'secretName');
      const replacement = stringData(diagnostic, 'replacement');
      const range = contentRange(action, diagnostic);
      const value = action.document.getText(range);
      // Only a value that is the secret itself is replaced whole; text around it would be lost.
      if (name && replacement && (/^\S+$/.test(value) || /^Bearer\s+\S+$/.test(value))) {
        const declared = action.parsed.workflow.secrets.some((secret) => secret.name === name);
        actions.push(...fix(action, `Move the value to secret \`${name}\``, diagnostic, [{ range, newText: replacement }, declared ? undefined : declareSecret(action.document, action.parsed, name)]));
      }
      break;
    }
    case 'error-reference-outside-error-path':
      actions.push(...routeErrorHere(action, diagnostic));
      break;
    case 'missing-trigger':
      actions.push(...addTrigger(action, diagnostic));
      break;
    default:
      break;
  }
  if (!action.json && code !== 'yaml-syntax') actions.push(...suppressions(action, diagnostic, code));
  return actions;
}

function newLogStep(slug: string): Record<string, string | Record<string, string | Record<string, string>>> {
  return { stepSlug: slug, stepType: 'action', config: { type: 'log', parameters: { message: `TODO: ${slug}` } }, nextSteps: { success: 'end' } };
}

function convertAllMustache(action: ActionContext, environment: ServiceEnvironment): CodeAction[] {
  const all = action.state.analysis(environment.generation()).diagnostics.filter((item) => item.code === 'mustache-template' && typeof item.data?.['replacement'] === 'string');
  if (all.length < 2) return [];
  const edits = all.map((item): TextEdit => ({ range: { start: action.document.positionAt(item.range.start), end: action.document.positionAt(item.range.end) }, newText: String(item.data!['replacement']) }));
  return fix(action, `Convert all ${all.length} \`{{ }}\` templates in this file to \`<< >>\``, undefined, edits);
}

function stepAt(parsed: WorkflowDocument, offset: number): Step | undefined {
  return parsed.workflow.steps.find((step) => rangeContains(step.node, offset));
}

/** `steps.X.error` read off X's error path: wire X's `error` port to the step that reads it. */
function routeErrorHere(action: ActionContext, diagnostic: Diagnostic): CodeAction[] {
  // The diagnostic underlines `error` in `steps.X.error`: X is written just before it.
  const start = toSourceRange(action.document, diagnostic.range).start;
  const match = /steps\s*\.\s*([a-z][a-z0-9_]*)\s*\.\s*$/.exec(action.parsed.text.slice(Math.max(0, start - 200), start));
  const reader = stepAt(action.parsed, start);
  const failing = match ? action.parsed.workflow.stepsBySlug.get(match[1]!) : undefined;
  if (!failing || !reader?.slug || failing.nextSteps.some((edge) => edge.port === 'error')) return [];
  if (!(isStepType(failing.type) && STEP_TYPE_INFO[failing.type].ports.includes('error'))) return [];
  return fix(action, `Route \`${failing.slug}\`'s error port to \`${reader.slug}\``, diagnostic, [addPort(action.document, action.parsed, failing, 'error', reader.slug)]);
}

function addTrigger(action: ActionContext, diagnostic: Diagnostic): CodeAction[] {
  const first = action.parsed.workflow.steps[0];
  const taken = new Set(action.parsed.workflow.stepsBySlug.keys());
  const body = { stepSlug: freshSlug('start', taken), stepType: 'trigger', config: { type: 'manual' }, nextSteps: { success: first?.slug ?? 'end' } };
  return fix(action, 'Add a manual trigger', diagnostic, [prependStep(action.document, action.parsed, body)]);
}

function suppressions(action: ActionContext, diagnostic: Diagnostic, code: string): CodeAction[] {
  const { text } = action.parsed;
  const offset = toSourceRange(action.document, diagnostic.range).start;
  const line = action.document.positionAt(offset).line;
  const previous = line > 0 ? text.slice(action.document.offsetAt({ line: line - 1, character: 0 }), action.document.offsetAt({ line, character: 0 })).replace(/\r?\n$/, '') : '';
  const existing = /#\s*stepline-disable-next-line\s+([a-z0-9-]+(?:\s*,\s*[a-z0-9-]+)*)\s*$/.exec(previous);
  const lineEdit: TextEdit = existing
    ? { range: { start: { line: line - 1, character: previous.length }, end: { line: line - 1, character: previous.length } }, newText: `, ${code}` }
    : commentAbove(action.document, text, offset, `stepline-disable-next-line ${code}`);
  const fileEdit: TextEdit = { range: { start: { line: 0, character: 0 }, end: { line: 0, character: 0 } }, newText: `# stepline-disable ${code}\n` };
  return [
    ...fix(action, `Suppress \`${code}\` on this line`, diagnostic, [lineEdit]),
    ...fix(action, `Suppress \`${code}\` in this file`, diagnostic, [fileEdit]),
  ];
}

/** Refactorings offered wherever the cursor is in a step. */
function refactorings(action: ActionContext, offset: number): CodeAction[] {
  const step = stepAt(action.parsed, offset);
  if (!step?.slug || !isStepType(step.type) || !STEP_TYPE_INFO[step.type].ports.includes('error')) return [];
  if (step.nextSteps.some((edge) => edge.port === 'error')) return [];
  const taken = new Set(action.parsed.workflow.stepsBySlug.keys());
  const handler = freshSlug(`${step.slug}_failed`, taken);
  const body = {
    stepSlug: handler,
    stepType: 'action',
    config: { type: 'log', parameters: { message: `${step.slug} failed with <<steps.${step.slug}.error.message>>` } },
    nextSteps: { success: 'fail' },
  };
  const edits = [addPort(action.document, action.parsed, step, 'error', handler), appendStep(action.document, action.parsed, body)];
  const workspaceEdit = edit(action, edits);
  if (!workspaceEdit || edits.some((item) => item === undefined)) return [];
  return [{ title: `Add an \`error\` port to \`${step.slug}\` (logs, then fails)`, kind: CodeActionKind.RefactorRewrite, edit: workspaceEdit }];
}
