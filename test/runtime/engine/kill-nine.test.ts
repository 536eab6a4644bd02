// The kill -9 test: the real CLI runs a workflow that sends an email and creates a record per
// item (two iterations at a time), and is SIGKILLed at random moments, then resumed, again and
// again, until the run completes. After every kill, the committed trace must still hold every
// record seen before (nothing committed is lost or rewritten); at the end there is exactly one
// .eml per item, one record per item, and no step path committed twice.

import assert from 'node:assert/strict';
import { mkdtempSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, it } from 'node:test';
import { openStore, type StepRecord } from '../../../runtime/src/store/index.ts';
import { runCli, spawnCli } from './cli-process.ts';

const ITEMS = 30;
const KILLS = 20;

const WORKFLOW = `name: Kill nine
inputs:
  people: { type: array, required: true }
output:
  sent: <<steps.each.output.count>>
steps:
  - stepSlug: start
    stepType: trigger
    config: { type: manual }
    nextSteps: { success: each }
  - stepSlug: each
    stepType: loop
    config: { items: <<input.people>>, itemVariable: person, concurrency: 2 }
    nextSteps: { next: pause, done: summary }
  - stepSlug: pause
    stepType: action
    config: { type: delay, parameters: { ms: 80 } }
    nextSteps: { success: send }
  - stepSlug: send
    stepType: action
    config: { type: email.send, parameters: { to: <<person.email>>, subject: "Hello <<person.name>>", body: "Item <<loop.index>>" } }
    nextSteps: { success: save }
  - stepSlug: save
    stepType: action
    config: { type: records.create, parameters: { collection: contacts, data: { email: <<person.email>>, index: <<loop.index>> } } }
    nextSteps: { success: each }
  - stepSlug: summary
    stepType: action
    config: { type: set_variables, parameters: { done: true } }
`;

type Committed = Pick<StepRecord, 'seq' | 'path' | 'attempt' | 'port'>;

function committedTrace(stateDir: string): { runId?: string; status?: string; steps: Committed[] } {
  const store = openStore({ dir: stateDir });
  try {
    const [run] = store.listRuns();
    if (!run) return { steps: [] };
    return { runId: run.id, status: run.status, steps: store.listSteps(run.id).map(({ seq, path, attempt, port }) => ({ seq, path, attempt, ...(port ? { port } : {}) })) };
  } finally {
    store.close();
  }
}

describe('kill -9', () => {
  it('loses no committed step and repeats no side effect', { timeout: 120_000 }, async () => {
    const dir = mkdtempSync(join(tmpdir(), 'stepline-kill9-'));
    const stateDir = join(dir, 'state');
    writeFileSync(join(dir, 'kill.flow.yaml'), WORKFLOW);
    const people = Array.from({ length: ITEMS }, (_, index) => ({ name: `Person ${index}`, email: `person${index}@example.com` }));
    writeFileSync(join(dir, 'input.json'), JSON.stringify({ people }));

    let previous: Committed[] = [];
    let kills = 0;
    let finished = false;
    const delays: number[] = [];
    for (let round = 0; round < KILLS * 3 && !finished; round++) {
      const { runId, status } = committedTrace(stateDir);
      const args = runId ? ['resume', runId, '--store', stateDir] : ['run', 'kill.flow.yaml', '--input', '@input.json', '--store', stateDir];
      if (status === 'completed') break;
      const { child, done } = spawnCli(args, { cwd: dir });
      if (kills < KILLS) {
        // Every fourth round dies early (while the CLI starts, creates the run or replays its
        // trace); the others a random moment after the run has started executing steps.
        const early = round % 4 === 3;
        const delay = early ? Math.floor(Math.random() * 400) : Math.floor(Math.random() * 100);
        delays.push(delay);
        let timer: NodeJS.Timeout | undefined;
        if (early) timer = setTimeout(() => child.kill('SIGKILL'), delay);
        else {
          child.stdout!.on('data', (chunk: string) => {
            if (timer === undefined && /^(Run|Resuming run) /m.test(chunk)) timer = setTimeout(() => child.kill('SIGKILL'), delay);
          });
        }
        const result = await done;
        clearTimeout(timer);
        if (result.signal === 'SIGKILL') kills++;
        else assert.equal(result.status, 0, `round ${round} exited ${result.status}: ${result.stderr}`);
      } else {
        const result = await done;
        assert.equal(result.status, 0, result.stderr);
      }
      const now = committedTrace(stateDir).steps;
      // Everything committed before this round is still there, unchanged, in order.
      assert.deepEqual(now.slice(0, previous.length), previous, `round ${round} (kill after ${delays.at(-1)} ms) lost or changed committed steps`);
      if (process.env.KILL9_DEBUG) console.log(`round ${round}: ${args[0]} killed=${kills} committed=${now.length}`);
      previous = now;
      finished = committedTrace(stateDir).status === 'completed';
    }
    assert.ok(kills >= 15, `only ${kills} kills landed (delays ${delays.join(', ')})`);
    const final = committedTrace(stateDir);
    assert.equal(final.status, 'completed');

    const withPort = final.steps.filter((step) => step.port !== undefined);
    const paths = withPort.map((step) => step.path);
    const loopRecords = paths.filter((path) => path === 'each');
    assert.deepEqual(loopRecords.length, 2, 'the loop committed next and done once each');
    assert.equal(new Set(paths.filter((path) => path !== 'each')).size, paths.length - 2, `a step was committed twice: ${paths.join(' ')}`);
    for (let index = 0; index < ITEMS; index++) {
      for (const step of ['pause', 'send', 'save']) assert.ok(paths.includes(`each[${index}]/${step}`), `each[${index}]/${step} missing`);
    }

    const outbox = join(stateDir, 'outbox');
    const emails = readdirSync(outbox).filter((name) => name.endsWith('.eml'));
    assert.equal(emails.length, ITEMS, `expected one email per item, found ${emails.length}`);
    const recipients = emails.map((name) => /^To: (.*)$/m.exec(readFileSync(join(outbox, name), 'utf8'))?.[1]?.trim()).sort();
    assert.deepEqual(recipients, people.map((person) => person.email).sort());
    // (A process killed inside email.send's write may leave a `.tmp` file beside; it is never an email.)

    const store = openStore({ dir: stateDir });
    const contacts = store.queryRecords({ collection: 'contacts' });
    store.close();
    assert.equal(contacts.length, ITEMS, `expected ${ITEMS} records, found ${contacts.length}`);
    assert.equal(new Set(contacts.map((record) => record.data.email)).size, ITEMS);

    const show = await runCli(['show', final.runId!, '--json', '--store', stateDir], { cwd: dir });
    assert.equal(JSON.parse(show.stdout).status, 'completed');
  });
});
