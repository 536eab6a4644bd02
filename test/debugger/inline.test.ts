// The adapter as the VS Code extension runs it: inline, no process, messages in through
// `handleMessage` and out through `onDidSendMessage` (what vscode.DebugAdapterInlineImplementation
// calls). Launch with stopOnEntry, the call stack, and a clean end on disconnect.

import assert from 'node:assert/strict';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, describe, it } from 'node:test';
import type { DebugProtocol } from '@vscode/debugprotocol';
import { createInlineDebugAdapter } from '../../debugger/src/inline.ts';

const WORKFLOW = `name: Inline
steps:
  - stepSlug: start
    stepType: trigger
    config: { type: manual }
    nextSteps: { success: hello }
  - stepSlug: hello
    stepType: action
    config: { type: log, parameters: { message: "hello <<input.who>>" } }
`;

let dir: string;

before(() => {
  dir = mkdtempSync(join(tmpdir(), 'stepline-inline-'));
  writeFileSync(join(dir, 'inline.flow.yaml'), WORKFLOW);
  writeFileSync(join(dir, 'inline.input.json'), JSON.stringify({ who: 'inline' }));
});

after(() => rmSync(dir, { recursive: true, force: true }));

/** A minimal client over the inline adapter's two message functions. */
function connect() {
  const adapter = createInlineDebugAdapter({ env: {} });
  let seq = 1;
  const waiting = new Map<number, (response: DebugProtocol.Response) => void>();
  const events: DebugProtocol.Event[] = [];
  const eventWaiters: Array<{ event: string; resolve: (event: DebugProtocol.Event) => void }> = [];
  adapter.onDidSendMessage((sent) => {
    const message = sent as DebugProtocol.ProtocolMessage;
    if (message.type === 'response') {
      const response = message as DebugProtocol.Response;
      waiting.get(response.request_seq)?.(response);
    } else if (message.type === 'event') {
      const event = message as DebugProtocol.Event;
      events.push(event);
      const index = eventWaiters.findIndex((waiter) => waiter.event === event.event);
      if (index >= 0) eventWaiters.splice(index, 1)[0]!.resolve(event);
    }
  });
  return {
    adapter,
    events,
    request<T extends DebugProtocol.Response>(command: string, args?: unknown): Promise<T> {
      const id = seq++;
      const answer = new Promise<T>((resolve) => waiting.set(id, (response) => resolve(response as T)));
      adapter.handleMessage({ type: 'request', seq: id, command, arguments: args } as DebugProtocol.Request);
      return answer;
    },
    nextEvent(event: string): Promise<DebugProtocol.Event> {
      return new Promise((resolve) => eventWaiters.push({ event, resolve }));
    },
  };
}

describe('inline debug adapter', () => {
  it('runs a session without a process: input from a file, stop on entry, step, call stack, exit 0', async () => {
    const client = connect();
    const initialized = client.nextEvent('initialized');
    const init = await client.request<DebugProtocol.InitializeResponse>('initialize', { adapterID: 'stepline', linesStartAt1: true, columnsStartAt1: true, pathFormat: 'path' });
    assert.equal(init.success, true);
    assert.equal(init.body?.supportsConfigurationDoneRequest, true);
    await initialized;
    const program = join(dir, 'inline.flow.yaml');
    const stopped = client.nextEvent('stopped');
    await client.request('launch', { program, inputFile: 'inline.input.json', cwd: dir, stopOnEntry: true, store: join(dir, 'state') });
    await client.request('configurationDone');
    const entry = (await stopped) as DebugProtocol.StoppedEvent;
    assert.equal(entry.body.reason, 'entry');

    const stepped = client.nextEvent('stopped');
    await client.request('next', { threadId: entry.body.threadId });
    const step = (await stepped) as DebugProtocol.StoppedEvent;
    const trace = await client.request<DebugProtocol.StackTraceResponse>('stackTrace', { threadId: step.body.threadId });
    assert.deepEqual(trace.body.stackFrames.map((frame) => [frame.name, frame.line]), [['hello', 7], ['Inline', 1]]);

    const exited = client.nextEvent('exited');
    await client.request('continue', { threadId: step.body.threadId });
    assert.equal(((await exited) as DebugProtocol.ExitedEvent).body.exitCode, 0);
    assert.ok(client.events.some((event) => event.event === 'output' && (event as DebugProtocol.OutputEvent).body.output === 'hello: hello inline\n'));
    const disconnect = await client.request('disconnect', {});
    assert.equal(disconnect.success, true);
    client.adapter.dispose();
  });
});
