// The debug adapter over the Debug Adapter Protocol, as an editor drives it: DebugClient talks to
// a real `stepline dap` process (which loads the bundled adapter) about small workflows in a temp
// folder. Launch and stop on entry, breakpoints in a loop body with the loop's variables and call
// stack, conditions, hit counts, logpoints, stepping through a loop, evaluate, exception stops,
// exit codes, and an invalid workflow. No network beyond 127.0.0.1, no API key.

import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { mkdtempSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { after, before, describe, it } from 'node:test';
import { fileURLToPath } from 'node:url';
import { DebugClient } from '@vscode/debugadapter-testsupport';
import type { DebugProtocol } from '@vscode/debugprotocol';

const ROOT = join(dirname(fileURLToPath(import.meta.url)), '..', '..');
const BUNDLE = join(ROOT, 'dist', 'debugger', 'main.cjs');
const LAUNCHER = join(ROOT, 'test', 'debugger', 'dap-launcher.ts');

const LOOP_WORKFLOW = `name: Loop demo
inputs:
  name: { type: string, required: true }
  names: { type: array, required: true }
steps:
  - stepSlug: start
    stepType: trigger
    config: { type: manual }
    nextSteps: { success: prepare }
  - stepSlug: prepare
    stepType: action
    config: { type: set_variables, parameters: { greeting: Hello } }
    nextSteps: { success: each }
  - stepSlug: each
    stepType: loop
    config:
      items: <<input.names>>
      itemVariable: person
    nextSteps: { next: greet, done: report }
  - stepSlug: greet
    stepType: action
    config:
      type: set_variables
      parameters: { last: "<<vars.greeting>> <<person>>" }
    nextSteps: { success: shout }
  - stepSlug: shout
    stepType: action
    config: { type: log, parameters: { message: "<<upper(person)>>" } }
    nextSteps: { success: each }
  - stepSlug: report
    stepType: action
    config: { type: records.create, parameters: { collection: greetings, data: { last: "<<vars.last>>" } } }
`;

/** One-based lines of LOOP_WORKFLOW, as an editor shows them. */
const LINE = { name: 1, start: 6, prepare: 10, each: 14, greet: 20, greetParameters: 24, shout: 26, report: 31 };
const LOOP_INPUT = { name: 'Ada Lovelace', names: ['ada', 'grace', 'alan'] };

function failingWorkflow(port: number, errorWired: boolean): string {
  return `name: Failing call
steps:
  - stepSlug: start
    stepType: trigger
    config: { type: manual }
    nextSteps: { success: fetch }
  - stepSlug: fetch
    stepType: action
    retry: { maxAttempts: 1 }
    config: { type: http.request, parameters: { method: GET, url: "http://127.0.0.1:${port}/", timeoutMs: 2000 } }
    nextSteps: { success: done${errorWired ? ', error: recover' : ''} }
  - stepSlug: done
    stepType: action
    config: { type: log, parameters: { message: fetched } }
${errorWired ? `  - stepSlug: recover
    stepType: action
    config: { type: log, parameters: { message: "recovered from <<steps.fetch.error.code>>" } }
` : ''}`;
}

const INVALID_WORKFLOW = `name: Broken
steps:
  - stepSlug: start
    stepType: trigger
    config: { type: manual }
    nextSteps: { success: nowhere }
`;

const SLOW_WORKFLOW = `name: Slow
steps:
  - stepSlug: start
    stepType: trigger
    config: { type: manual }
    nextSteps: { success: wait }
  - stepSlug: wait
    stepType: action
    config: { type: delay, parameters: { ms: 500 } }
    nextSteps: { success: after }
  - stepSlug: after
    stepType: action
    config: { type: log, parameters: { message: done waiting } }
`;

const CONCURRENT_WORKFLOW = `name: Concurrent
steps:
  - stepSlug: start
    stepType: trigger
    config: { type: manual }
    nextSteps: { success: each }
  - stepSlug: each
    stepType: loop
    config: { items: [1, 2, 3], concurrency: 2 }
    nextSteps: { next: work, done: fan }
  - stepSlug: work
    stepType: action
    config: { type: delay, parameters: { ms: 20 } }
    nextSteps: { success: each }
  - stepSlug: fan
    stepType: parallel
    config: { branches: [left, right] }
    nextSteps: { done: finish }
  - stepSlug: left
    stepType: action
    config: { type: log, parameters: { message: left } }
    nextSteps: { success: fan }
  - stepSlug: right
    stepType: action
    config: { type: log, parameters: { message: right } }
    nextSteps: { success: fan }
  - stepSlug: finish
    stepType: action
    config: { type: log, parameters: { message: finished } }
`;

let dir: string;
let closedPort: number;

before(async () => {
  // The adapter runs from its bundle, as it ships; rebuild it so the test sees the current source.
  const started = Date.now();
  const build = spawnSync(process.execPath, ['esbuild.mjs'], { cwd: ROOT, encoding: 'utf8' });
  // The script also builds the client and the server; a fault there fails the build, but only
  // this bundle matters here, so a failed build is fine as long as it rewrote the adapter.
  const rebuilt = (statSync(BUNDLE, { throwIfNoEntry: false })?.mtimeMs ?? 0) >= started;
  if (build.status !== 0 && !rebuilt) throw new Error(`node esbuild.mjs did not build ${BUNDLE} (exit ${build.status}):\n${build.stderr}`);
  dir = mkdtempSync(join(tmpdir(), 'stepline-dap-'));
  writeFileSync(join(dir, 'loop.flow.yaml'), LOOP_WORKFLOW);
  writeFileSync(join(dir, 'invalid.flow.yaml'), INVALID_WORKFLOW);
  writeFileSync(join(dir, 'slow.flow.yaml'), SLOW_WORKFLOW);
  writeFileSync(join(dir, 'concurrent.flow.yaml'), CONCURRENT_WORKFLOW);
  closedPort = await freePort();
  writeFileSync(join(dir, 'failing.flow.yaml'), failingWorkflow(closedPort, false));
  writeFileSync(join(dir, 'caught.flow.yaml'), failingWorkflow(closedPort, true));
});

after(() => {
  if (dir) rmSync(dir, { recursive: true, force: true });
});

/** A port nothing listens on: opened, then closed again. */
async function freePort(): Promise<number> {
  const server = createServer();
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const address = server.address();
  await new Promise<void>((resolve) => server.close(() => resolve()));
  assert.ok(address && typeof address === 'object');
  return address.port;
}

interface Session {
  dc: DebugClient;
  output: string[];
  program: string;
}

async function startSession(): Promise<Session> {
  const dc = new DebugClient(process.execPath, LAUNCHER, 'stepline', { cwd: ROOT }, true);
  dc.defaultTimeout = 10000;
  await dc.start();
  const output: string[] = [];
  dc.on('output', (event: DebugProtocol.OutputEvent) => output.push(event.body.output));
  return { dc, output, program: join(dir, 'loop.flow.yaml') };
}

/**
 * The order an editor uses: initialize, `initialized`, breakpoints, launch, configurationDone.
 * `configure` sets breakpoints; the run starts only at configurationDone.
 */
async function launch(session: Session, args: Record<string, unknown>, configure: () => Promise<unknown> = async () => undefined): Promise<void> {
  const { dc } = session;
  const initialized = dc.waitForEvent('initialized');
  const initialize = await dc.initializeRequest();
  assert.equal(initialize.body?.supportsConfigurationDoneRequest, true);
  await initialized;
  await configure();
  await dc.launchRequest({ store: join(dir, 'state'), ...args } as DebugProtocol.LaunchRequestArguments);
  await dc.configurationDoneRequest();
}

async function topFrame(dc: DebugClient, threadId: number): Promise<DebugProtocol.StackFrame> {
  const trace = await dc.stackTraceRequest({ threadId });
  const frame = trace.body.stackFrames[0];
  assert.ok(frame, 'a stopped thread has a top frame');
  return frame;
}

async function scopeVariables(dc: DebugClient, frameId: number, scopeName: string): Promise<DebugProtocol.Variable[]> {
  const scopes = await dc.scopesRequest({ frameId });
  const scope = scopes.body.scopes.find((candidate) => candidate.name === scopeName);
  assert.ok(scope, `scope ${scopeName} in ${scopes.body.scopes.map((candidate) => candidate.name).join(', ')}`);
  return (await dc.variablesRequest({ variablesReference: scope.variablesReference })).body.variables;
}

async function continueToExit(dc: DebugClient, threadId: number): Promise<number> {
  const exited = dc.waitForEvent('exited');
  await dc.continueRequest({ threadId });
  return ((await exited) as DebugProtocol.ExitedEvent).body.exitCode;
}

function loopItemOf(variables: DebugProtocol.Variable[]): string | undefined {
  return variables.find((variable) => variable.name === 'item')?.value;
}

describe('stepline dap', () => {
  it('launches with stopOnEntry, stops at the trigger on its first line, and exits 0 when the run completes', async () => {
    const session = await startSession();
    const { dc } = session;
    try {
      const stopped = dc.waitForEvent('stopped');
      await launch(session, { program: session.program, input: LOOP_INPUT, stopOnEntry: true });
      const event = (await stopped) as DebugProtocol.StoppedEvent;
      assert.equal(event.body.reason, 'entry');
      const frame = await topFrame(dc, event.body.threadId!);
      assert.equal(frame.name, 'start');
      assert.equal(frame.line, LINE.start);
      assert.equal(frame.source?.path, session.program);
      const threads = await dc.threadsRequest();
      assert.deepEqual(threads.body.threads.map((thread) => thread.name), ['Loop demo']);
      assert.equal(await continueToExit(dc, event.body.threadId!), 0);
    } finally {
      await dc.stop();
    }
  });

  it('stops at a breakpoint in a loop body with loop.item in Variables and the call stack workflow → iteration → step', async () => {
    const session = await startSession();
    const { dc } = session;
    try {
      const stopped = dc.waitForEvent('stopped');
      let breakpoints: DebugProtocol.Breakpoint[] = [];
      await launch(session, { program: session.program, input: LOOP_INPUT }, async () => {
        const response = await dc.setBreakpointsRequest({ source: { path: session.program }, breakpoints: [{ line: LINE.greetParameters }, { line: LINE.name }] });
        breakpoints = response.body.breakpoints;
      });
      // A breakpoint on any line of a step is verified on the step's first line; one outside every step is not.
      assert.equal(breakpoints[0]?.verified, true);
      assert.equal(breakpoints[0]?.line, LINE.greet);
      assert.equal(breakpoints[1]?.verified, false);
      assert.match(breakpoints[1]?.message ?? '', /No step on this line/);

      const event = (await stopped) as DebugProtocol.StoppedEvent;
      const measuredFrom = performance.now();
      assert.equal(event.body.reason, 'breakpoint');
      assert.deepEqual(event.body.hitBreakpointIds, [breakpoints[0]?.id]);
      const trace = await dc.stackTraceRequest({ threadId: event.body.threadId! });
      const frames = trace.body.stackFrames;
      const loopVariables = await scopeVariables(dc, frames[0]!.id, 'loop');
      const roundTripMs = performance.now() - measuredFrom;
      console.log(`stop-to-variables round trip (stackTrace → scopes → variables): ${roundTripMs.toFixed(1)} ms (target ≤ 50 ms)`);

      assert.deepEqual(frames.map((frame) => frame.name), ['greet', 'each[0] · "ada"', 'Loop demo']);
      assert.deepEqual(frames.map((frame) => frame.line), [LINE.greet, LINE.each, 1]);
      assert.equal(loopItemOf(loopVariables), '"ada"');
      assert.equal(loopVariables.find((variable) => variable.name === 'index')?.value, '0');
      assert.equal(loopVariables.find((variable) => variable.name === 'item')?.evaluateName, 'loop.item');

      // The iteration is its own thread; the step's resolved parameters are a scope of the top frame.
      const threads = await dc.threadsRequest();
      assert.ok(threads.body.threads.some((thread) => thread.id === event.body.threadId && thread.name === 'each[0]'));
      const params = await scopeVariables(dc, frames[0]!.id, 'params');
      assert.equal(params.find((variable) => variable.name === 'last')?.value, '"Hello ada"');
      // Objects expand through their own handles.
      const input = await scopeVariables(dc, frames[0]!.id, 'input');
      const names = input.find((variable) => variable.name === 'names');
      assert.ok(names && names.variablesReference > 0);
      const items = (await dc.variablesRequest({ variablesReference: names.variablesReference })).body.variables;
      assert.deepEqual(items.map((variable) => [variable.name, variable.value, variable.evaluateName]), [['0', '"ada"', 'input.names[0]'], ['1', '"grace"', 'input.names[1]'], ['2', '"alan"', 'input.names[2]']]);

      // The same breakpoint stops again in the next iteration.
      const next = dc.waitForEvent('stopped');
      await dc.continueRequest({ threadId: event.body.threadId! });
      const second = (await next) as DebugProtocol.StoppedEvent;
      const secondTop = await topFrame(dc, second.body.threadId!);
      assert.equal(loopItemOf(await scopeVariables(dc, secondTop.id, 'loop')), '"grace"');
    } finally {
      await dc.stop();
    }
  });

  it('stops at a conditional breakpoint only where `loop.index == 2` holds', async () => {
    const session = await startSession();
    const { dc } = session;
    try {
      const stopped = dc.waitForEvent('stopped');
      await launch(session, { program: session.program, input: LOOP_INPUT }, () =>
        dc.setBreakpointsRequest({ source: { path: session.program }, breakpoints: [{ line: LINE.greet, condition: 'loop.index == 2' }, { line: LINE.shout, condition: 'loop.index ==' }] }).then((response) => {
          assert.equal(response.body.breakpoints[0]?.verified, true);
          // A condition that cannot parse is refused where it is set, with the reason.
          assert.equal(response.body.breakpoints[1]?.verified, false);
          assert.match(response.body.breakpoints[1]?.message ?? '', /not a valid expression/);
        }),
      );
      const event = (await stopped) as DebugProtocol.StoppedEvent;
      const frame = await topFrame(dc, event.body.threadId!);
      assert.equal(frame.name, 'greet');
      assert.equal(loopItemOf(await scopeVariables(dc, frame.id, 'loop')), '"alan"');
      // No other iteration matches: the run goes on to its end.
      assert.equal(await continueToExit(dc, event.body.threadId!), 0);
    } finally {
      await dc.stop();
    }
  });

  it('honours a hit count: the breakpoint stops on its second hit', async () => {
    const session = await startSession();
    const { dc } = session;
    try {
      const stopped = dc.waitForEvent('stopped');
      await launch(session, { program: session.program, input: LOOP_INPUT }, () =>
        dc.setBreakpointsRequest({ source: { path: session.program }, breakpoints: [{ line: LINE.shout, hitCondition: '2' }] }),
      );
      const event = (await stopped) as DebugProtocol.StoppedEvent;
      const frame = await topFrame(dc, event.body.threadId!);
      assert.equal(frame.name, 'shout');
      assert.equal(loopItemOf(await scopeVariables(dc, frame.id, 'loop')), '"grace"');
      assert.equal(await continueToExit(dc, event.body.threadId!), 0);
    } finally {
      await dc.stop();
    }
  });

  it('prints a logpoint with its << >> templates rendered, without stopping', async () => {
    const session = await startSession();
    const { dc } = session;
    try {
      const exited = dc.waitForEvent('exited');
      await launch(session, { program: session.program, input: LOOP_INPUT }, () =>
        dc.setBreakpointsRequest({ source: { path: session.program }, breakpoints: [{ line: LINE.shout, logMessage: 'shouting <<person>> #<<loop.index>> for <<input.name>>' }] }),
      );
      assert.equal(((await exited) as DebugProtocol.ExitedEvent).body.exitCode, 0);
      const logged = session.output.filter((line) => line.startsWith('shouting'));
      assert.deepEqual(logged, ['shouting ada #0 for Ada Lovelace\n', 'shouting grace #1 for Ada Lovelace\n', 'shouting alan #2 for Ada Lovelace\n']);
      // The workflow's own `log` steps reach the debug console too.
      assert.ok(session.output.includes('each[0]/shout: ADA\n'), session.output.join(''));
    } finally {
      await dc.stop();
    }
  });

  it('steps over, into a loop iteration, across to the next iteration and out to the step after the loop', async () => {
    const session = await startSession();
    const { dc } = session;
    try {
      const entry = dc.waitForEvent('stopped');
      await launch(session, { program: session.program, input: LOOP_INPUT, stopOnEntry: true });
      let threadId = ((await entry) as DebugProtocol.StoppedEvent).body.threadId!;
      const step = async (request: 'next' | 'stepIn' | 'stepOut'): Promise<{ name: string; item: string | undefined }> => {
        const stopped = dc.waitForEvent('stopped');
        if (request === 'next') await dc.nextRequest({ threadId });
        else if (request === 'stepIn') await dc.stepInRequest({ threadId });
        else await dc.stepOutRequest({ threadId });
        const event = (await stopped) as DebugProtocol.StoppedEvent;
        assert.equal(event.body.reason, 'step');
        threadId = event.body.threadId!;
        const frame = await topFrame(dc, threadId);
        const scopes = await dc.scopesRequest({ frameId: frame.id });
        const loop = scopes.body.scopes.find((scope) => scope.name === 'loop');
        const item = loop ? loopItemOf((await dc.variablesRequest({ variablesReference: loop.variablesReference })).body.variables) : undefined;
        return { name: frame.name, item };
      };
      assert.deepEqual(await step('next'), { name: 'prepare', item: undefined });
      assert.deepEqual(await step('next'), { name: 'each', item: undefined });
      assert.deepEqual(await step('stepIn'), { name: 'greet', item: '"ada"' });
      assert.deepEqual(await step('next'), { name: 'shout', item: '"ada"' });
      // Past an iteration's last step, `next` lands in the next iteration.
      assert.deepEqual(await step('next'), { name: 'greet', item: '"grace"' });
      // Step out runs the rest of the loop and stops at the step its `done` port leads to.
      assert.deepEqual(await step('stepOut'), { name: 'report', item: undefined });
      assert.equal(await continueToExit(dc, threadId), 0);
    } finally {
      await dc.stop();
    }
  });

  it('shows concurrent iterations and parallel branches as threads of their own, each stopping at its breakpoint', async () => {
    const session = await startSession();
    const { dc } = session;
    const program = join(dir, 'concurrent.flow.yaml');
    try {
      let stopped = dc.waitForEvent('stopped');
      await launch(session, { program }, () => dc.setBreakpointsRequest({ source: { path: program }, breakpoints: [{ line: 12 }, { line: 20 }] }));
      const seen: string[] = [];
      for (;;) {
        const event = (await stopped) as DebugProtocol.StoppedEvent;
        const trace = await dc.stackTraceRequest({ threadId: event.body.threadId! });
        const names = trace.body.stackFrames.map((frame) => frame.name);
        seen.push(names.slice(0, 2).join(' < '));
        const threads = (await dc.threadsRequest()).body.threads.map((thread) => thread.name);
        assert.ok(threads.includes('Concurrent'));
        if (names[0] === 'work') {
          // Both iterations in flight are threads while one of them is stopped.
          assert.ok(threads.filter((name) => name.startsWith('each[')).length >= 1, threads.join(', '));
        }
        if (names[0] === 'left') break;
        stopped = dc.waitForEvent('stopped');
        await dc.continueRequest({ threadId: event.body.threadId! });
      }
      assert.deepEqual(seen.slice(0, 3).sort(), ['work < each[0] · 1', 'work < each[1] · 2', 'work < each[2] · 3']);
      assert.equal(seen[3], 'left < fan[0]');
      const threads = (await dc.threadsRequest()).body.threads.map((thread) => thread.name);
      assert.deepEqual(threads.sort(), ['Concurrent', 'fan[0]', 'fan[1]']);
    } finally {
      await dc.stop();
    }
  });

  it('ignores breakpoints and exception filters when launched without debugging', async () => {
    const session = await startSession();
    const { dc } = session;
    try {
      const exited = dc.waitForEvent('exited');
      let stops = 0;
      dc.on('stopped', () => stops++);
      await launch(session, { program: session.program, input: LOOP_INPUT, noDebug: true, stopOnEntry: true }, () =>
        dc.setBreakpointsRequest({ source: { path: session.program }, breakpoints: [{ line: LINE.greet }] }),
      );
      assert.equal(((await exited) as DebugProtocol.ExitedEvent).body.exitCode, 0);
      assert.equal(stops, 0);
    } finally {
      await dc.stop();
    }
  });

  it('cancels a paused run on terminate: exited 1, then terminated', async () => {
    const session = await startSession();
    const { dc } = session;
    try {
      const entry = dc.waitForEvent('stopped');
      await launch(session, { program: session.program, input: LOOP_INPUT, stopOnEntry: true });
      await entry;
      const exited = dc.waitForEvent('exited');
      const terminated = dc.waitForEvent('terminated');
      await dc.send('terminate', {});
      assert.equal(((await exited) as DebugProtocol.ExitedEvent).body.exitCode, 1);
      await terminated;
      assert.ok(session.output.some((line) => / cancelled /.test(line)), session.output.join(''));
    } finally {
      await dc.stop();
    }
  });

  it('evaluates watch and console expressions with or without << >>, in the frame selected', async () => {
    const session = await startSession();
    const { dc } = session;
    try {
      const stopped = dc.waitForEvent('stopped');
      await launch(session, { program: session.program, input: LOOP_INPUT }, () =>
        dc.setBreakpointsRequest({ source: { path: session.program }, breakpoints: [{ line: LINE.shout }] }),
      );
      const event = (await stopped) as DebugProtocol.StoppedEvent;
      const frame = await topFrame(dc, event.body.threadId!);
      const watch = await dc.evaluateRequest({ expression: 'steps.prepare.output', frameId: frame.id, context: 'watch' });
      assert.equal(watch.body.result, '{greeting: "Hello"}');
      assert.ok(watch.body.variablesReference > 0);
      const expanded = (await dc.variablesRequest({ variablesReference: watch.body.variablesReference })).body.variables;
      assert.deepEqual(expanded.map((variable) => [variable.name, variable.value, variable.evaluateName]), [['greeting', '"Hello"', 'steps.prepare.output.greeting']]);
      const repl = await dc.evaluateRequest({ expression: '<<input.name>>', frameId: frame.id, context: 'repl' });
      assert.equal(repl.body.result, 'Ada Lovelace');
      const hover = await dc.evaluateRequest({ expression: 'steps.greet.output.last', frameId: frame.id, context: 'hover' });
      assert.equal(hover.body.result, '"Hello ada"');
      await assert.rejects(dc.evaluateRequest({ expression: 'steps.greet.output.last +', frameId: frame.id, context: 'watch' }));
    } finally {
      await dc.stop();
    }
  });

  it('stops after a step fails with no error port (the unhandled filter), with exception info, and exits 1', async () => {
    const session = await startSession();
    const { dc } = session;
    try {
      const stopped = dc.waitForEvent('stopped');
      await launch(session, { program: join(dir, 'failing.flow.yaml') }, () => dc.setExceptionBreakpointsRequest({ filters: ['unhandled'] }));
      const event = (await stopped) as DebugProtocol.StoppedEvent;
      assert.equal(event.body.reason, 'exception');
      const frame = await topFrame(dc, event.body.threadId!);
      assert.equal(frame.name, 'fetch');
      const info = await dc.exceptionInfoRequest({ threadId: event.body.threadId! });
      assert.equal(info.body.breakMode, 'unhandled');
      assert.match(info.body.exceptionId, /\S/);
      assert.match(info.body.description ?? '', /fetch failed/);
      // The failed step's error is there to inspect.
      const error = await dc.evaluateRequest({ expression: 'steps.fetch.status', frameId: frame.id, context: 'watch' });
      assert.equal(error.body.result, '"error"');
      assert.equal(await continueToExit(dc, event.body.threadId!), 1);
    } finally {
      await dc.stop();
    }
  });

  it('stops on a caught step error only with the `all` filter, then continues on its error port', async () => {
    const session = await startSession();
    const { dc } = session;
    try {
      const stopped = dc.waitForEvent('stopped');
      await launch(session, { program: join(dir, 'caught.flow.yaml') }, () => dc.setExceptionBreakpointsRequest({ filters: ['all'] }));
      const event = (await stopped) as DebugProtocol.StoppedEvent;
      assert.equal(event.body.reason, 'exception');
      const info = await dc.exceptionInfoRequest({ threadId: event.body.threadId! });
      assert.equal(info.body.breakMode, 'always');
      assert.equal(await continueToExit(dc, event.body.threadId!), 0);
      assert.ok(session.output.some((line) => line.startsWith('recover: recovered from')), session.output.join(''));
    } finally {
      await dc.stop();
    }

    // With only `unhandled`, the same caught error does not stop the run.
    const quiet = await startSession();
    try {
      const exited = quiet.dc.waitForEvent('exited');
      await launch(quiet, { program: join(dir, 'caught.flow.yaml') }, () => quiet.dc.setExceptionBreakpointsRequest({ filters: ['unhandled'] }));
      assert.equal(((await exited) as DebugProtocol.ExitedEvent).body.exitCode, 0);
    } finally {
      await quiet.dc.stop();
    }
  });

  it('exits 1 when the run fails and no exception breakpoint is set', async () => {
    const session = await startSession();
    const { dc } = session;
    try {
      const exited = dc.waitForEvent('exited');
      const terminated = dc.waitForEvent('terminated');
      await launch(session, { program: join(dir, 'failing.flow.yaml') });
      assert.equal(((await exited) as DebugProtocol.ExitedEvent).body.exitCode, 1);
      await terminated;
    } finally {
      await dc.stop();
    }
  });

  it('reports an invalid workflow as file:line:col diagnostics and exits 2 without running', async () => {
    const session = await startSession();
    const { dc } = session;
    const program = join(dir, 'invalid.flow.yaml');
    try {
      const exited = dc.waitForEvent('exited');
      const terminated = dc.waitForEvent('terminated');
      await launch(session, { program });
      assert.equal(((await exited) as DebugProtocol.ExitedEvent).body.exitCode, 2);
      await terminated;
      const diagnostic = session.output.find((line) => line.startsWith(`${program}:6:`));
      assert.ok(diagnostic, session.output.join(''));
      assert.match(diagnostic, /^\S+:6:\d+ error unknown-step /);
    } finally {
      await dc.stop();
    }
  });

  it('restarts with the same arguments, and pauses a running workflow before its next step', async () => {
    const session = await startSession();
    const { dc } = session;
    try {
      const entry = dc.waitForEvent('stopped');
      await launch(session, { program: session.program, input: LOOP_INPUT, stopOnEntry: true });
      await entry;
      const again = dc.waitForEvent('stopped');
      await dc.send('restart', {});
      const restarted = (await again) as DebugProtocol.StoppedEvent;
      assert.equal(restarted.body.reason, 'entry');
      assert.equal((await topFrame(dc, restarted.body.threadId!)).name, 'start');

      // A `delay` step keeps the run busy; pause stops it before the next step starts.
      const paused = dc.waitForEvent('stopped');
      await dc.send('restart', { arguments: { program: join(dir, 'slow.flow.yaml'), store: join(dir, 'state') } });
      await dc.pauseRequest({ threadId: 1 });
      const event = (await paused) as DebugProtocol.StoppedEvent;
      assert.equal(event.body.reason, 'pause');
      assert.ok(['start', 'wait', 'after'].includes((await topFrame(dc, event.body.threadId!)).name));
      assert.equal(await continueToExit(dc, event.body.threadId!), 0);
    } finally {
      await dc.stop();
    }
  });
});
