// The launch configuration of a `stepline` debug session and what it takes to get from it to a
// runnable workflow: the file read and validated with the same analyzer as `stepline validate`
// (errors come back as `file:line:col` lines), the input parsed, the state folder and the
// workspace actions found. Nothing here runs the workflow.

import { readFile } from 'node:fs/promises';
import { dirname, isAbsolute, join, resolve } from 'node:path';
import type { DebugProtocol } from '@vscode/debugprotocol';
import { analyzeText } from '../../runtime/src/analysis/analyze.ts';
import { formatDiagnosticLine, toFileDiagnostics, type FileDiagnostic } from '../../runtime/src/cli/format-diagnostics.ts';
import { readWorkflowFile } from '../../runtime/src/cli/read-workflow-file.ts';
import { terminalStyle } from '../../runtime/src/cli/terminal-style.ts';
import { loadActionRegistry, type ActionRegistry } from '../../runtime/src/engine/index.ts';
import type { WorkflowDocument } from '../../runtime/src/language/workflow-model.ts';
import { enclosingBlocksOf } from './fiber-ids.ts';

export interface SteplineLaunchArguments extends DebugProtocol.LaunchRequestArguments {
  /** The workflow file (`*.flow.yaml|yml|json`); relative to `cwd`. */
  program?: string;
  /** The run input, a JSON object. */
  input?: unknown;
  /** A JSON file holding the input (relative to `cwd`); `input` wins when both are given. */
  inputFile?: string;
  stopOnEntry?: boolean;
  /** The state folder; defaults to $STEPLINE_HOME, else `.stepline/` in `cwd`. */
  store?: string;
  /** Where relative paths resolve and `.stepline/` lives; defaults to the workflow's folder. */
  cwd?: string;
  /** Logs every protocol message to the debug console (for debugging the adapter itself). */
  trace?: boolean;
}

export interface PreparedLaunch {
  file: string;
  document: WorkflowDocument;
  input: unknown;
  stateDir: string;
  registry: ActionRegistry;
  stopOnEntry: boolean;
  /** Run Without Debugging: no breakpoints, no exception stops, no stop on entry. */
  noDebug: boolean;
}

/** Why the launch cannot run: printed as is; `diagnostics` point into the file. */
export interface LaunchProblem {
  message: string;
  diagnostics: FileDiagnostic[];
}

export type LaunchPreparation = { ok: true; launch: PreparedLaunch } | { ok: false; problem: LaunchProblem };

export async function prepareLaunch(args: SteplineLaunchArguments, env: Readonly<Record<string, string | undefined>>): Promise<LaunchPreparation> {
  if (typeof args.program !== 'string' || args.program === '') {
    return failed('The launch configuration needs "program": the workflow file to debug, e.g. "${file}".');
  }
  const cwd = resolve(args.cwd ?? (isAbsolute(args.program) ? dirname(args.program) : process.cwd()));
  const file = resolve(cwd, args.program);
  const read = await readWorkflowFile(file);
  if (!read.ok) {
    const diagnostic: FileDiagnostic = { file, line: read.position.line + 1, column: read.position.character + 1, endLine: read.position.line + 1, endColumn: read.position.character + 1, severity: 'error', code: 'unreadable-file', message: read.message };
    return { ok: false, problem: { message: `${formatDiagnosticLine(diagnostic, terminalStyle(false))}\n`, diagnostics: [diagnostic] } };
  }
  const registry = await loadActionRegistry([...new Set([join(dirname(file), 'actions'), join(cwd, 'actions')])]);
  const { document, diagnostics } = analyzeText(read.text, { file, catalog: registry.catalog });
  const errors = toFileDiagnostics(file, document.lines, diagnostics.filter((item) => item.severity === 'error'));
  if (errors.length > 0) {
    const lines = errors.map((item) => formatDiagnosticLine(item, terminalStyle(false)));
    const summary = `${file} has ${errors.length} error${errors.length === 1 ? '' : 's'}; fix ${errors.length === 1 ? 'it' : 'them'} before debugging.`;
    return { ok: false, problem: { message: `${lines.join('\n')}\n${summary}\n`, diagnostics: errors } };
  }
  const input = await readInput(args, cwd);
  if (!input.ok) return failed(input.message);
  const home = env['STEPLINE_HOME'];
  const stateDir = args.store ? resolve(cwd, args.store) : home ? resolve(cwd, home) : join(cwd, '.stepline');
  return { ok: true, launch: { file, document, input: input.value, stateDir, registry, stopOnEntry: args.stopOnEntry === true && args.noDebug !== true, noDebug: args.noDebug === true } };
}

/**
 * Whether an error of `step` at trace `path` lands on a wired `error` port: the step's own, else
 * the innermost enclosing loop's or parallel's (spec §4). Unwired, the error fails the run.
 */
export function isErrorHandled(document: WorkflowDocument, step: string, path: string): boolean {
  const bySlug = document.workflow.stepsBySlug;
  return [step, ...enclosingBlocksOf(path)].some((slug) => bySlug.get(slug)?.nextSteps.some((edge) => edge.port === 'error' && edge.target !== undefined) ?? false);
}

type InputResult = { ok: true; value: unknown } | { ok: false; message: string };

async function readInput(args: SteplineLaunchArguments, cwd: string): Promise<InputResult> {
  if (args.input !== undefined) return { ok: true, value: args.input };
  if (args.inputFile === undefined || args.inputFile === '') return { ok: true, value: undefined };
  const path = resolve(cwd, args.inputFile);
  let text: string;
  try {
    text = await readFile(path, 'utf8');
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code;
    return { ok: false, message: `Cannot read the input file ${path}${code === 'ENOENT' ? ': no such file' : ` (${code ?? String(error)})`}.` };
  }
  try {
    return { ok: true, value: JSON.parse(text) as unknown };
  } catch (error) {
    return { ok: false, message: `The input file ${path} is not valid JSON (${(error as Error).message}).` };
  }
}

function failed(message: string): LaunchPreparation {
  return { ok: false, problem: { message: `${message}\n`, diagnostics: [] } };
}
