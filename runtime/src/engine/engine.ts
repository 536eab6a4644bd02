// The engine's entry points: `startRun` runs a workflow document with an input, `resumeRun`
// continues a run from its committed trace. Both wire a run together (compiled workflow, state,
// journal, events, secrets, actions, debugger), drive the tick loop and finish the run: its
// status, its `output` evaluated at completion, the store updated and `run.finished` announced.
// The engine knows nothing of terminals, editors or DAP; those subscribe to events or implement
// the DebugController.

import { dirname, join } from 'node:path';
import type { ActionImplementation } from '../actions/index.ts';
import { analyzeDocument } from '../analysis/analyze.ts';
import type { ActionCatalog } from '../catalog/action-catalog.ts';
import { ExpressionRuntimeError } from '../expr/index.ts';
import type { WorkflowDocument } from '../language/workflow-model.ts';
import type { LlmClientFactory } from '../llm/llm-step-types.ts';
import { createSortableId, type RunRecord, type RunStatus, type Store } from '../store/index.ts';
import { RunStop } from './abort.ts';
import { builtinActionRegistry } from './action-registry.ts';
import { compileWorkflow, type CompiledWorkflow } from './compiled-workflow.ts';
import type { DebugController } from './debugger-hook.ts';
import { EngineError } from './engine-error.ts';
import { EventHub, type EngineObserver } from './engine-events.ts';
import { scopeOf } from './fiber-scope.ts';
import { validateInput } from './input-validation.ts';
import { Redactor } from './redactor.ts';
import { replayTrace } from './replay.ts';
import type { RunContext } from './run-context.ts';
import { MemoryJournal, StoreJournal, type RunJournal } from './run-journal.ts';
import { createRunState, cursorOf, type RunState } from './run-state.ts';
import { SecretSource } from './secret-source.ts';
import type { StepError } from './step-error.ts';
import { createSubWorkflowRunner, type SubWorkflowRunner } from './sub-workflow.ts';
import { runTickLoop } from './tick-loop.ts';
import { eventError, recordOfDerived } from './trace-record.ts';
import { beginRun, finishRun } from './transitions.ts';
import { hashWorkflowText, readWorkflowFile } from './workflow-source.ts';

export interface EngineOptions {
  /** Runs, traces, records, effects and timers. An in-memory store works (`openStore({ memory: true })`). */
  store: Store;
  /** The state folder; `email.send` writes to `<stateDir>/outbox`. Defaults to the store file's folder, or `.stepline`. */
  stateDir?: string;
  /** Commit every step to the store (default). False runs in memory only: nothing is written to the runs table. */
  durable?: boolean;
  /** Defaults to the built-in actions; pass a registry's maps to add workspace actions. */
  actions?: ReadonlyMap<string, ActionImplementation>;
  /** Implementations that honour abort signals and return JSON (skips racing and output checks). */
  trustedActions?: ReadonlySet<ActionImplementation>;
  catalog?: ActionCatalog;
  /** Where secret values come from; defaults to process.env. */
  env?: Readonly<Record<string, string | undefined>>;
  /** `.env` files to read after the environment, most specific first. Defaults to one beside the workflow and one in the cwd. */
  dotenvFiles?: readonly string[];
  /** Cancels the run (status `cancelled`). */
  signal?: AbortSignal;
  observers?: readonly EngineObserver[];
  debug?: DebugController;
  llmClientFactory?: LlmClientFactory;
  now?: () => Date;
  /** [0, 1) for retry jitter; tests pin it. */
  random?: () => number;
  /** How deep this run is nested in `workflow` steps (0 for a top-level run); set by the engine. */
  nestingDepth?: number;
}

export interface StartRunOptions extends EngineOptions {
  /** The workflow to run; when absent, `file` is read. */
  document?: WorkflowDocument;
  /** The workflow file; stored with the run so `resume` can reload it. Defaults to `document.file`. */
  file?: string;
  /** Run the analyzer first and refuse a workflow with error diagnostics (EngineError `invalid-workflow` with them). */
  validate?: boolean;
  input?: unknown;
  runId?: string;
}

export interface ResumeRunOptions extends EngineOptions {
  /** The workflow to resume with; defaults to reading the file the run was started from. */
  document?: WorkflowDocument;
}

export interface RunResult {
  runId: string;
  status: RunStatus;
  /** Redacted: secret values appear as `***`. */
  output?: unknown;
  error?: StepError;
  stepsExecuted: number;
  durationMs: number;
}

export async function startRun(options: StartRunOptions): Promise<RunResult> {
  if (!options.document && !options.file) throw new EngineError('workflow-not-found', 'startRun needs a workflow document or file.');
  const document = options.document ?? (await readWorkflowFile(options.file!));
  if (options.validate) validateWorkflow(document, options.catalog);
  const workflow = compileWorkflow(document);
  const input = validateInput(workflow.inputs, options.input);
  const file = options.file ?? document.file ?? '';
  const runId = options.runId ?? createSortableId();
  const startedAt = (options.now?.() ?? new Date()).toISOString();
  const durable = options.durable ?? true;
  const session = createSession(options, workflow, runId, startedAt, input, file, durable);
  if (durable) {
    options.store.createRun({
      id: runId,
      workflowName: workflow.name,
      workflowPath: file,
      workflowHash: hashWorkflowText(document.text),
      input: session.redactor.value(input),
      cursor: { version: 1, stepsExecuted: 0, at: [workflow.trigger.slug] },
      startedAt: new Date(startedAt),
    });
  }
  const { run, state } = session.context(durable ? new StoreJournal(options.store, runId) : new MemoryJournal());
  if (run.events.active) run.events.emit({ type: 'run.started', runId, workflow: workflow.name, ...(file ? { file } : {}), input: run.redactor.value(input), resumed: false });
  const varsError = renderInitialVars(state);
  if (varsError) finishRun(state, { status: 'failed', error: varsError });
  else beginRun(state);
  return drive(run, session.stop, workflow);
}

export async function resumeRun(runIdOrPrefix: string, options: ResumeRunOptions): Promise<RunResult> {
  const record = findRun(options.store, runIdOrPrefix);
  if (record.status === 'completed' || record.status === 'failed' || record.status === 'cancelled') {
    throw new EngineError('run-finished', `Run ${record.id} already ${record.status === 'cancelled' ? 'was cancelled' : record.status}; there is nothing to resume. Start a new run with \`stepline run ${record.workflowPath || 'FILE'}\`.`);
  }
  const document = options.document ?? (await readWorkflowFile(record.workflowPath));
  if (hashWorkflowText(document.text) !== record.workflowHash) {
    throw new EngineError(
      'workflow-changed',
      `The workflow ${record.workflowPath} changed since run ${record.id} started, so its committed steps may no longer fit it. Restore the file as it was, or start a new run.`,
    );
  }
  const workflow = compileWorkflow(document);
  const session = createSession(options, workflow, record.id, record.startedAt, record.input, record.workflowPath, true);
  const { run, state } = session.context(new StoreJournal(options.store, record.id));
  const trace = options.store.listSteps(record.id);
  // With a committed trigger, its record restores the vars as first rendered (replay.ts).
  const varsError = renderInitialVars(state);
  if (varsError && trace.length === 0) finishRun(state, { status: 'failed', error: varsError });
  beginRun(state);
  const replay = replayTrace(state, trace);
  if (replay.uncommitted.length > 0) {
    run.journal.commit(replay.uncommitted.map((derived) => recordOfDerived(derived, run.redactor)), () => cursorOf(state));
  }
  if (record.status === 'waiting') options.store.setRunStatus(record.id, 'running');
  if (run.events.active) {
    run.events.emit({
      type: 'run.started',
      runId: record.id,
      workflow: workflow.name,
      ...(record.workflowPath ? { file: record.workflowPath } : {}),
      input: record.input,
      resumed: true,
      committedSteps: trace.length,
    });
  }
  return drive(run, session.stop, workflow);
}

function validateWorkflow(document: WorkflowDocument, catalog: ActionCatalog | undefined): void {
  const { diagnostics } = analyzeDocument(document, catalog ? { catalog } : {});
  const errors = diagnostics.filter((item) => item.severity === 'error');
  if (errors.length === 0) return;
  const where = (offset: number) => {
    const position = document.lines.positionAt(offset);
    return `${position.line + 1}:${position.character + 1}`;
  };
  throw new EngineError(
    'invalid-workflow',
    `The workflow has ${errors.length} error${errors.length === 1 ? '' : 's'}: ${errors.map((item) => `${where(item.range.start)} ${item.code} ${item.message}`).join('; ')}`,
    { diagnostics: errors },
  );
}

function findRun(store: Store, prefix: string): RunRecord {
  const lookup = store.findRunByPrefix(prefix);
  if (lookup.kind === 'found') return lookup.run;
  if (lookup.kind === 'ambiguous') {
    throw new EngineError('run-ambiguous', `Several runs start with ${JSON.stringify(prefix)}: ${lookup.ids.join(', ')}. Type more of the id.`);
  }
  throw new EngineError('run-not-found', `No run with id ${JSON.stringify(prefix)} in ${store.location}. \`stepline runs\` lists the runs there.`);
}

interface RunStopControl {
  /** Every fiber's signal derives from this one. */
  scope: AbortController;
  /** Aborts on cancel, on the run timeout or when the run is over. */
  signal: AbortSignal;
  timeoutMs?: number;
  external?: AbortSignal;
  dispose(): void;
}

interface Session {
  redactor: Redactor;
  stop: RunStopControl;
  context(journal: RunJournal): { run: RunContext; state: RunState };
}

function createSession(
  options: EngineOptions,
  workflow: CompiledWorkflow,
  runId: string,
  startedAt: string,
  input: unknown,
  file: string,
  durable: boolean,
): Session {
  const document = workflow.document;
  const workflowDir = file ? dirname(file) : document.file ? dirname(document.file) : process.cwd();
  const dotenvFiles = options.dotenvFiles ?? [...new Set([join(workflowDir, '.env'), join(process.cwd(), '.env')])];
  const secrets = new SecretSource(options.env ?? process.env, dotenvFiles);
  const secretValues = secrets.resolve(workflow.secretNames);
  const apiKey = secrets.get('ANTHROPIC_API_KEY');
  const baseURL = secrets.get('ANTHROPIC_BASE_URL');
  const redactor = new Redactor([...Object.values(secretValues), apiKey]);
  const stop = createStopControl(options.signal, workflow.timeoutMs);
  const registry = builtinActionRegistry();
  const stateDir = options.stateDir ?? (options.store.location === ':memory:' ? join(process.cwd(), '.stepline') : dirname(options.store.location));
  return {
    redactor,
    stop,
    context(journal) {
      const state = createRunState({ runId, workflow, input, secrets: secretValues, startedAt, clock: Date.now, signal: stop.signal });
      const run: RunContext = {
        state,
        store: options.store,
        journal,
        events: new EventHub(options.observers ?? []),
        debug: options.debug ?? null,
        actions: options.actions ?? registry.actions,
        trustedActions: options.trustedActions ?? registry.trusted,
        catalog: options.catalog ?? registry.catalog,
        redactor,
        llm: {
          ...(apiKey !== undefined ? { apiKey } : {}),
          ...(baseURL !== undefined ? { baseURL } : {}),
          ...(options.llmClientFactory ? { clientFactory: options.llmClientFactory } : {}),
        },
        outboxDir: join(stateDir, 'outbox'),
        now: options.now ?? (() => new Date()),
        random: options.random ?? Math.random,
        subWorkflows: subWorkflowRunner(options, durable, file || document.file || ''),
      };
      return { run, state };
    },
  };
}

/** Nested runs share the store, actions, secrets sources and clocks; they report no events of their own. */
function subWorkflowRunner(options: EngineOptions, durable: boolean, parentFile: string): SubWorkflowRunner {
  const depth = options.nestingDepth ?? 0;
  const shared = (signal: AbortSignal, nestingDepth: number): EngineOptions => {
    const { observers: _observers, debug: _debug, signal: _signal, dotenvFiles, ...rest } = options;
    return { ...rest, ...(dotenvFiles ? { dotenvFiles } : {}), durable, signal, nestingDepth };
  };
  return createSubWorkflowRunner({
    store: options.store,
    durable,
    parentFile,
    depth,
    start: (document, file, input, runId, signal, nestingDepth) => startRun({ ...shared(signal, nestingDepth), document, file, input, runId }),
    resume: (runId, document, signal, nestingDepth) => resumeRun(runId, { ...shared(signal, nestingDepth), document }),
  });
}

function createStopControl(external: AbortSignal | undefined, timeoutMs: number | undefined): RunStopControl {
  const scope = new AbortController();
  const signals: AbortSignal[] = [scope.signal];
  if (external) signals.push(external);
  let timer: NodeJS.Timeout | undefined;
  if (timeoutMs !== undefined && timeoutMs > 0) {
    timer = setTimeout(() => scope.abort(new RunStop('timeout', `The run did not finish within settings.timeoutMs (${timeoutMs} ms).`)), timeoutMs);
  }
  return {
    scope,
    signal: signals.length === 1 ? scope.signal : AbortSignal.any(signals),
    ...(timeoutMs !== undefined ? { timeoutMs } : {}),
    ...(external ? { external } : {}),
    dispose: () => clearTimeout(timer),
  };
}

/** Initial `vars`, rendered once at the start (the trigger's record keeps them for `resume`). */
function renderInitialVars(state: RunState): StepError | undefined {
  const scope = scopeOf(state, state.root);
  try {
    for (const declared of state.workflow.vars) state.vars[declared.name] = declared.value(scope);
    return undefined;
  } catch (error) {
    return expressionFailure(error);
  }
}

async function drive(run: RunContext, stop: RunStopControl, workflow: CompiledWorkflow): Promise<RunResult> {
  const state = run.state;
  const started = performance.now();
  // A run whose only pending work is a promise that never settles (a workspace action that
  // ignores its signal, with no timeout) must wait like any program, not let Node exit mid-run.
  const keepAlive = setInterval(() => {}, 1 << 30);
  try {
    const { waiting } = await runTickLoop(run, stop.scope, stop.signal);
    if (!state.outcome) {
      if (stop.external?.aborted) {
        finishRun(state, { status: 'cancelled', error: { code: 'cancelled', message: 'The run was cancelled.' } });
      } else if (stop.scope.signal.aborted && stop.scope.signal.reason instanceof RunStop && stop.scope.signal.reason.kind === 'timeout') {
        finishRun(state, { status: 'failed', error: { code: 'run-timeout', message: stop.scope.signal.reason.message } });
      } else if (waiting.length > 0) {
        return finishWaiting(run, waiting[0]!.at ?? '', started);
      } else {
        finishRun(state, { status: 'failed', error: { code: 'internal-error', message: 'The run stopped with nothing left to run; this is a bug in the Stepline engine.' } });
      }
    }
  } finally {
    clearInterval(keepAlive);
    stop.dispose();
  }
  const outcome = state.outcome!;
  let status: RunStatus = outcome.status;
  let error = outcome.error;
  let output: unknown;
  if (status === 'completed' && workflow.output) {
    try {
      output = workflow.output(scopeOf(state, state.root));
    } catch (thrown) {
      status = 'failed';
      error = expressionFailure(thrown);
    }
  }
  const redactedOutput = run.redactor.value(output);
  const redactedError = error ? run.redactor.value(error) : undefined;
  run.journal.finish(status, redactedOutput, redactedError);
  const durationMs = Math.round(performance.now() - started);
  if (run.events.active) {
    run.events.emit({
      type: 'run.finished',
      runId: state.runId,
      status,
      ...(redactedOutput !== undefined ? { output: redactedOutput } : {}),
      ...(redactedError ? { error: eventError(redactedError) } : {}),
      durationMs,
      stepsExecuted: state.stepsExecuted,
    });
  }
  return {
    runId: state.runId,
    status,
    ...(redactedOutput !== undefined ? { output: redactedOutput } : {}),
    ...(redactedError ? { error: redactedError } : {}),
    stepsExecuted: state.stepsExecuted,
    durationMs,
  };
}

function finishWaiting(run: RunContext, step: string, started: number): RunResult {
  const state = run.state;
  run.journal.waiting(cursorOf(state));
  if (run.events.active) run.events.emit({ type: 'run.waiting', runId: state.runId, step, path: step, reason: 'waiting for an answer' });
  return { runId: state.runId, status: 'waiting', stepsExecuted: state.stepsExecuted, durationMs: Math.round(performance.now() - started) };
}

function expressionFailure(error: unknown): StepError {
  if (error instanceof ExpressionRuntimeError) return { code: error.code, message: error.message };
  return { code: 'expression-error', message: error instanceof Error ? error.message : String(error) };
}
