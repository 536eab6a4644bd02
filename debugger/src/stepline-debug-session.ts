// The Stepline debug adapter: translates the Debug Adapter Protocol to the engine's debugger API
// and back, nothing more. Launch validates the workflow and waits for `configurationDone`;
// breakpoints map lines to steps; the SteppingController decides where the run pauses; stack
// frames, scopes, variables and evaluation come from the engine's DebugStop. The same session
// runs over stdio (`stepline dap`, main.ts) and inline in the VS Code extension (inline.ts).

import { readFileSync } from 'node:fs';
import { basename, resolve } from 'node:path';
import {
  Breakpoint,
  ExitedEvent,
  Handles,
  InitializedEvent,
  Logger,
  logger,
  LoggingDebugSession,
  OutputEvent,
  Scope,
  Source,
  StackFrame,
  StoppedEvent,
  TerminatedEvent,
  Thread,
} from '@vscode/debugadapter';
import type { DebugProtocol } from '@vscode/debugprotocol';
import { EngineError, startRun, type DebugFrame, type DebugStop, type EngineEvent } from '../../runtime/src/engine/index.ts';
import { parseCondition } from '../../runtime/src/expr/index.ts';
import { openStore, type Store } from '../../runtime/src/store/index.ts';
import { parseHitCondition } from './hit-condition.ts';
import { isErrorHandled, prepareLaunch, type LaunchProblem, type PreparedLaunch, type SteplineLaunchArguments } from './launch-config.ts';
import { displayText } from './render-message.ts';
import { WorkflowLines } from './step-lines.ts';
import { SteppingController, type ExceptionFilter, type ResumeMode, type StepBreakpoint, type StopNotice } from './stepping-controller.ts';
import { preview, VariableTree } from './variable-tree.ts';

export interface SteplineDebugSessionOptions {
  /** Where secrets come from (environment variables of the same name); defaults to process.env. */
  env?: Readonly<Record<string, string | undefined>>;
}

interface ActiveRun {
  launch: PreparedLaunch;
  lines: WorkflowLines;
  controller: SteppingController;
  abort: AbortController;
  /** Settles once the run is over and its store is closed. */
  done: Promise<void>;
  /** A restart or a disconnect replaces the run's own `exited`/`terminated` events. */
  silent: boolean;
}

interface FrameHandle {
  stop: DebugStop;
  frame: DebugFrame;
}

const EXCEPTION_FILTERS: DebugProtocol.ExceptionBreakpointsFilter[] = [
  { filter: 'all', label: 'All step errors', description: 'Stop after any step that fails, even when its error port is wired.', default: false },
  { filter: 'unhandled', label: 'Unhandled step errors', description: 'Stop after a step fails with no error port to catch it.', default: true },
];

/** Scope names are expression roots, except the step's resolved parameters. */
const SCOPE_ROOTS = new Set(['input', 'vars', 'steps', 'loop']);

export class SteplineDebugSession extends LoggingDebugSession {
  readonly #env: Readonly<Record<string, string | undefined>>;
  readonly #breakpointsByFile = new Map<string, StepBreakpoint[]>();
  #nextBreakpointId = 1;
  #exceptionFilters: ExceptionFilter[] = [];
  #launchArgs: SteplineLaunchArguments | undefined;
  #prepared: PreparedLaunch | undefined;
  #configurationDone = false;
  #pauseRequested = false;
  #run: ActiveRun | undefined;
  readonly #frames = new Handles<FrameHandle>();
  readonly #variables = new VariableTree();
  readonly #threadOfFiber = new Map<string, number>([['', 1]]);
  readonly #fiberOfThread = new Map<number, string>([[1, '']]);

  constructor(options: SteplineDebugSessionOptions = {}) {
    super();
    this.#env = options.env ?? process.env;
    // The engine's lines and columns are zero-based; the client's are converted at the edges.
    this.setDebuggerLinesStartAt1(false);
    this.setDebuggerColumnsStartAt1(false);
    // The protocol logger queues every message until it is set up, and only `start` (stdio)
    // initialises it; inline in the extension host nothing would, and the queue would grow forever.
    logger.init((event) => this.sendEvent(event), undefined, false);
  }

  protected override dispatchRequest(request: DebugProtocol.Request): void {
    // The protocol's default path format is `path`; the base class refuses an initialize that omits it.
    if (request.command === 'initialize') {
      const args = (request.arguments ?? {}) as DebugProtocol.InitializeRequestArguments;
      if (args.pathFormat === undefined) request.arguments = { ...args, pathFormat: 'path' };
    }
    super.dispatchRequest(request);
  }

  protected override initializeRequest(response: DebugProtocol.InitializeResponse): void {
    // Quiet unless a launch asks for `trace`: this drops what was queued so far.
    logger.setup(Logger.LogLevel.Stop, false);
    response.body = {
      ...response.body,
      supportsConfigurationDoneRequest: true,
      supportsConditionalBreakpoints: true,
      supportsHitConditionalBreakpoints: true,
      supportsLogPoints: true,
      supportsEvaluateForHovers: true,
      supportsRestartRequest: true,
      supportsTerminateRequest: true,
      supportsExceptionInfoRequest: true,
      supportsDelayedStackTraceLoading: false,
      exceptionBreakpointFilters: EXCEPTION_FILTERS,
    };
    this.sendResponse(response);
    // Breakpoints may be set from now on; the run starts only at `configurationDone`.
    this.sendEvent(new InitializedEvent());
  }

  protected override launchRequest(response: DebugProtocol.LaunchResponse, args: SteplineLaunchArguments): void {
    this.#settle(this.#launch(response, args), response);
  }

  async #launch(response: DebugProtocol.LaunchResponse, args: SteplineLaunchArguments): Promise<void> {
    if (args.trace === true) logger.setup(Logger.LogLevel.Verbose, false);
    this.#launchArgs = args;
    const preparation = await prepareLaunch(args, this.#env);
    this.sendResponse(response);
    if (!preparation.ok) {
      this.#reportLaunchProblem(preparation.problem);
      return;
    }
    this.#prepared = preparation.launch;
    if (this.#configurationDone) this.#startRun(preparation.launch);
  }

  protected override configurationDoneRequest(response: DebugProtocol.ConfigurationDoneResponse): void {
    this.#configurationDone = true;
    this.sendResponse(response);
    if (this.#prepared && !this.#run) this.#startRun(this.#prepared);
  }

  protected override setBreakPointsRequest(response: DebugProtocol.SetBreakpointsResponse, args: DebugProtocol.SetBreakpointsArguments): void {
    const requested: DebugProtocol.SourceBreakpoint[] = args.breakpoints ?? (args.lines ?? []).map((line) => ({ line }));
    const path = args.source.path ? resolve(this.convertClientPathToDebugger(args.source.path)) : undefined;
    const lines = path ? readLines(path) : undefined;
    const stepBreakpoints: StepBreakpoint[] = [];
    const result: DebugProtocol.Breakpoint[] = requested.map((requestedBreakpoint) => {
      const line = this.convertClientLineToDebugger(requestedBreakpoint.line);
      const step = lines?.stepAtLine(line);
      if (!step) {
        const unverified: DebugProtocol.Breakpoint = new Breakpoint(false, requestedBreakpoint.line);
        unverified.message = lines ? 'No step on this line: a breakpoint stops before a step, so set it on one of its lines.' : 'This file cannot be read as a workflow.';
        return unverified;
      }
      const id = this.#nextBreakpointId++;
      const breakpoint: DebugProtocol.Breakpoint = new Breakpoint(true, this.convertDebuggerLineToClient(step.firstLine));
      breakpoint.id = id;
      const stepBreakpoint: StepBreakpoint = { id, step: step.slug };
      if (requestedBreakpoint.condition) {
        const problem = conditionProblem(requestedBreakpoint.condition);
        if (problem !== undefined) {
          breakpoint.verified = false;
          breakpoint.message = problem;
          return breakpoint;
        }
        stepBreakpoint.condition = requestedBreakpoint.condition;
      }
      if (requestedBreakpoint.logMessage) stepBreakpoint.logMessage = requestedBreakpoint.logMessage;
      if (requestedBreakpoint.hitCondition) {
        const hit = parseHitCondition(requestedBreakpoint.hitCondition);
        if (!hit.ok) {
          breakpoint.verified = false;
          breakpoint.message = hit.message;
          return breakpoint;
        }
        stepBreakpoint.hitTest = hit.test;
      }
      stepBreakpoints.push(stepBreakpoint);
      return breakpoint;
    });
    if (path) this.#breakpointsByFile.set(path, stepBreakpoints);
    if (this.#run && !this.#run.launch.noDebug && path === this.#run.launch.file) this.#run.controller.setBreakpoints(stepBreakpoints);
    response.body = { breakpoints: result };
    this.sendResponse(response);
  }

  protected override setExceptionBreakPointsRequest(response: DebugProtocol.SetExceptionBreakpointsResponse, args: DebugProtocol.SetExceptionBreakpointsArguments): void {
    this.#exceptionFilters = args.filters.filter((filter): filter is ExceptionFilter => filter === 'all' || filter === 'unhandled');
    if (this.#run && !this.#run.launch.noDebug) this.#run.controller.setExceptionFilters(this.#exceptionFilters);
    this.sendResponse(response);
  }

  protected override threadsRequest(response: DebugProtocol.ThreadsResponse): void {
    const fibers = this.#run ? this.#run.controller.activeFibers() : [''];
    const name = this.#run?.launch.document.workflow.name ?? 'workflow';
    response.body = { threads: fibers.map((fiber) => new Thread(this.#threadOf(fiber), fiber === '' ? name : fiber)) };
    this.sendResponse(response);
  }

  protected override stackTraceRequest(response: DebugProtocol.StackTraceResponse, args: DebugProtocol.StackTraceArguments): void {
    const run = this.#run;
    const fiber = this.#fiberOfThread.get(args.threadId);
    const stop = run && fiber !== undefined ? run.controller.stopOf(fiber) : undefined;
    if (!run || !stop) {
      response.body = { stackFrames: [], totalFrames: 0 };
      this.sendResponse(response);
      return;
    }
    const source = new Source(basename(run.launch.file), this.convertDebuggerPathToClient(run.launch.file));
    const frames = stop.frames().map((frame) => {
      const { first, firstColumn } = run.lines.linesOf(frame.range);
      const id = this.#frames.create({ stop, frame });
      return new StackFrame(id, frameName(frame), source, this.convertDebuggerLineToClient(first), this.convertDebuggerColumnToClient(firstColumn));
    });
    const start = args.startFrame ?? 0;
    const end = args.levels ? start + args.levels : frames.length;
    response.body = { stackFrames: frames.slice(start, end), totalFrames: frames.length };
    this.sendResponse(response);
  }

  protected override scopesRequest(response: DebugProtocol.ScopesResponse, args: DebugProtocol.ScopesArguments): void {
    const handle = this.#frames.get(args.frameId) as FrameHandle | undefined;
    const scopes = handle ? handle.stop.variables(handle.frame.id) : [];
    response.body = {
      scopes: scopes.map((scope) => {
        const reference = this.#variables.referenceOf(scope.value ?? {}, SCOPE_ROOTS.has(scope.name) ? scope.name : undefined);
        const dapScope: DebugProtocol.Scope = new Scope(scope.name, reference, false);
        if (scope.name === 'params') dapScope.presentationHint = 'arguments';
        else if (scope.name === 'loop') dapScope.presentationHint = 'locals';
        return dapScope;
      }),
    };
    this.sendResponse(response);
  }

  protected override variablesRequest(response: DebugProtocol.VariablesResponse, args: DebugProtocol.VariablesArguments): void {
    response.body = { variables: this.#variables.children(args.variablesReference, args.filter, args.start, args.count) };
    this.sendResponse(response);
  }

  protected override evaluateRequest(response: DebugProtocol.EvaluateResponse, args: DebugProtocol.EvaluateArguments): void {
    const handle = args.frameId !== undefined ? (this.#frames.get(args.frameId) as FrameHandle | undefined) : undefined;
    const stop = handle?.stop ?? this.#run?.controller.paused?.stop;
    if (!stop) {
      this.sendErrorResponse(response, { id: 2001, format: 'The workflow is not paused: expressions are evaluated at a stopped step.', showUser: false });
      return;
    }
    const result = stop.evaluate(args.expression, handle?.frame.id ?? 0);
    if (!result.ok) {
      this.sendErrorResponse(response, { id: 2002, format: '{message}', variables: { message: result.error.message }, showUser: false });
      return;
    }
    const value = result.value;
    const evaluateName = args.expression.trim().replace(/^<<\s*([\s\S]*?)\s*>>$/, '$1');
    response.body = {
      result: args.context === 'clipboard' ? JSON.stringify(value, null, 2) ?? 'null' : args.context === 'repl' && typeof value === 'string' ? displayText(value) : preview(value),
      variablesReference: this.#variables.referenceOf(value, evaluateName),
      ...(Array.isArray(value) ? { indexedVariables: value.length } : {}),
    };
    this.sendResponse(response);
  }

  protected override exceptionInfoRequest(response: DebugProtocol.ExceptionInfoResponse): void {
    const exception = this.#run?.controller.paused?.exception;
    if (!exception) {
      this.sendErrorResponse(response, { id: 2003, format: 'The workflow is not stopped at a step error.', showUser: false });
      return;
    }
    response.body = {
      exceptionId: exception.code,
      description: `Step ${exception.path} failed: ${exception.message}`,
      breakMode: exception.unhandled ? 'unhandled' : 'always',
      details: { message: exception.message, typeName: exception.code, evaluateName: `steps.${exception.step}.error` },
    };
    this.sendResponse(response);
  }

  protected override continueRequest(response: DebugProtocol.ContinueResponse): void {
    response.body = { allThreadsContinued: true };
    this.#resume(response, 'continue');
  }

  protected override nextRequest(response: DebugProtocol.NextResponse): void {
    this.#resume(response, 'next');
  }

  protected override stepInRequest(response: DebugProtocol.StepInResponse): void {
    this.#resume(response, 'stepIn');
  }

  protected override stepOutRequest(response: DebugProtocol.StepOutResponse): void {
    this.#resume(response, 'stepOut');
  }

  protected override pauseRequest(response: DebugProtocol.PauseResponse): void {
    // During a restart the new run does not exist yet: it starts paused instead.
    if (this.#run && !this.#run.silent) this.#run.controller.pause();
    else this.#pauseRequested = true;
    this.sendResponse(response);
  }

  protected override restartRequest(response: DebugProtocol.RestartResponse, args: DebugProtocol.RestartArguments | undefined): void {
    this.#settle(this.#restart(response, args), response);
  }

  async #restart(response: DebugProtocol.RestartResponse, args: DebugProtocol.RestartArguments | undefined): Promise<void> {
    await this.#stopRun();
    const launchArgs = (args?.arguments as SteplineLaunchArguments | undefined) ?? this.#launchArgs;
    if (!launchArgs) {
      this.sendErrorResponse(response, { id: 2004, format: 'There is no launch to restart.', showUser: true });
      return;
    }
    this.#launchArgs = launchArgs;
    const preparation = await prepareLaunch(launchArgs, this.#env);
    this.sendResponse(response);
    if (!preparation.ok) {
      this.#reportLaunchProblem(preparation.problem);
      return;
    }
    this.#prepared = preparation.launch;
    this.#startRun(preparation.launch);
  }

  protected override terminateRequest(response: DebugProtocol.TerminateResponse): void {
    this.#settle(this.#terminate(response), response);
  }

  async #terminate(response: DebugProtocol.TerminateResponse): Promise<void> {
    // The run ends as cancelled and announces `exited` (1) and `terminated` itself.
    const run = this.#run;
    if (run) {
      run.abort.abort();
      run.controller.cancel();
      await run.done;
    } else {
      this.sendEvent(new TerminatedEvent());
    }
    this.sendResponse(response);
  }

  protected override disconnectRequest(response: DebugProtocol.DisconnectResponse): void {
    this.#settle(this.#stopRun().then(() => this.sendResponse(response)), response);
  }

  /** Runs a request's asynchronous part; a fault there answers the request with an error, never leaves it hanging. */
  #settle(work: Promise<void>, response: DebugProtocol.Response): void {
    work.catch((error: unknown) => {
      const message = error instanceof Error ? error.message : String(error);
      this.sendEvent(new OutputEvent(`Stepline debug adapter: ${error instanceof Error ? (error.stack ?? message) : message}\n`, 'stderr'));
      // A response not sent yet still has sequence number 0.
      if (response.seq === 0) this.sendErrorResponse(response, { id: 2000, format: '{message}', variables: { message }, showUser: true });
    });
  }

  override dispose(): void {
    void this.#stopRun();
    super.dispose();
  }

  #resume(response: DebugProtocol.Response, how: ResumeMode): void {
    this.#frames.reset();
    this.#variables.reset();
    this.sendResponse(response);
    this.#run?.controller.resume(how);
  }

  /** Cancels the current run without announcing its end (restart, disconnect). */
  async #stopRun(): Promise<void> {
    const run = this.#run;
    if (!run) return;
    run.silent = true;
    run.abort.abort();
    run.controller.cancel();
    await run.done;
    if (this.#run === run) this.#run = undefined;
  }

  #startRun(launch: PreparedLaunch): void {
    let store: Store;
    try {
      store = openStore({ dir: launch.stateDir });
    } catch (error) {
      this.#reportLaunchProblem({ message: `Cannot open the Stepline store in ${launch.stateDir}: ${error instanceof Error ? error.message : String(error)}\n`, diagnostics: [] });
      return;
    }
    const controller = new SteppingController({
      stopOnEntry: launch.stopOnEntry,
      listener: {
        stopped: (notice) => this.#onStopped(notice),
        output: (text, category) => this.sendEvent(new OutputEvent(text, category)),
      },
      isErrorHandled: (step, path) => isErrorHandled(launch.document, step, path),
    });
    if (!launch.noDebug) {
      controller.setBreakpoints(this.#breakpointsByFile.get(launch.file) ?? []);
      controller.setExceptionFilters(this.#exceptionFilters);
    }
    if (this.#pauseRequested) controller.pause();
    this.#pauseRequested = false;
    const abort = new AbortController();
    const run: ActiveRun = { launch, lines: new WorkflowLines(launch.document.text, launch.file), controller, abort, done: Promise.resolve(), silent: false };
    this.#run = run;
    this.#frames.reset();
    this.#variables.reset();
    run.done = this.#drive(run, store);
  }

  async #drive(run: ActiveRun, store: Store): Promise<void> {
    const { launch, controller } = run;
    let exitCode = 1;
    try {
      const result = await startRun({
        document: launch.document,
        file: launch.file,
        input: launch.input,
        store,
        stateDir: launch.stateDir,
        actions: launch.registry.actions,
        trustedActions: launch.registry.trusted,
        catalog: launch.registry.catalog,
        env: this.#env,
        signal: run.abort.signal,
        observers: [(event) => this.#onEngineEvent(run, event)],
        debug: controller,
      });
      await controller.finish();
      exitCode = result.status === 'completed' ? 0 : 1;
      if (!run.silent) {
        const error = result.error ? `: ${result.error.code}: ${result.error.message}` : '';
        this.sendEvent(new OutputEvent(`Run ${result.runId} ${result.status} in ${result.durationMs} ms${error}\n`, result.status === 'completed' ? 'console' : 'stderr'));
      }
    } catch (error) {
      // An input that does not fit the declared inputs is the user's to fix, like an invalid workflow.
      exitCode = error instanceof EngineError ? 2 : 1;
      if (!run.silent) this.sendEvent(new OutputEvent(`${error instanceof Error ? error.message : String(error)}\n`, 'stderr'));
    } finally {
      store.close();
    }
    if (!run.silent) {
      this.sendEvent(new ExitedEvent(exitCode));
      this.sendEvent(new TerminatedEvent());
    }
  }

  #onEngineEvent(run: ActiveRun, event: EngineEvent): void {
    run.controller.observe(event);
    if (run.silent) return;
    if (event.type === 'log') {
      this.sendEvent(new OutputEvent(`${event.path}: ${event.message}${event.data === undefined ? '' : ` ${displayText(event.data)}`}\n`, 'stdout'));
    } else if (event.type === 'step.finished' && event.error) {
      this.sendEvent(new OutputEvent(`${event.path} failed: ${event.error.code}: ${event.error.message}\n`, 'stderr'));
    }
  }

  #onStopped(notice: StopNotice): void {
    this.#frames.reset();
    this.#variables.reset();
    const event: DebugProtocol.StoppedEvent = new StoppedEvent(notice.reason, this.#threadOf(notice.fiber), notice.exception?.message ?? notice.conditionError);
    event.body.allThreadsStopped = true;
    if (notice.breakpointIds.length > 0) event.body.hitBreakpointIds = notice.breakpointIds;
    if (notice.exception) event.body.description = `Step ${notice.exception.path} failed: ${notice.exception.code}`;
    this.sendEvent(event);
  }

  #reportLaunchProblem(problem: LaunchProblem): void {
    if (problem.diagnostics.length === 0) {
      this.sendEvent(new OutputEvent(problem.message, 'stderr'));
    } else {
      const lines = problem.message.split('\n').filter((line) => line !== '');
      lines.forEach((line, index) => {
        const event: DebugProtocol.OutputEvent = new OutputEvent(`${line}\n`, 'stderr');
        const diagnostic = problem.diagnostics[index];
        if (diagnostic) {
          event.body.source = new Source(basename(diagnostic.file), this.convertDebuggerPathToClient(diagnostic.file));
          event.body.line = this.convertDebuggerLineToClient(diagnostic.line - 1);
          event.body.column = this.convertDebuggerColumnToClient(diagnostic.column - 1);
        }
        this.sendEvent(event);
      });
    }
    this.sendEvent(new ExitedEvent(2));
    this.sendEvent(new TerminatedEvent());
  }

  #threadOf(fiber: string): number {
    let id = this.#threadOfFiber.get(fiber);
    if (id === undefined) {
      id = this.#threadOfFiber.size + 1;
      this.#threadOfFiber.set(fiber, id);
      this.#fiberOfThread.set(id, fiber);
    }
    return id;
  }
}

/** `send_email`, `each[2] · "grace"` (an iteration with its item), or the workflow's name. */
function frameName(frame: DebugFrame): string {
  if (frame.kind === 'iteration') return `${frame.name} · ${preview(frame.item, 1)}`;
  return frame.name;
}

/** Why a breakpoint condition cannot be an expression, caught when it is set rather than at the step. */
function conditionProblem(condition: string): string | undefined {
  const { ast, errors } = parseCondition(condition);
  if (ast !== null && errors.length === 0) return undefined;
  return `The condition is not a valid expression: ${errors[0]?.message ?? 'it is empty'}.`;
}

function readLines(path: string): WorkflowLines | undefined {
  try {
    return new WorkflowLines(readFileSync(path, 'utf8'), path);
  } catch {
    return undefined;
  }
}
