// Secrets end to end through the CLI: a declared secret read from a `.env` file beside the
// workflow goes into an HTTP header and an email body, an action's error message and an echoed
// response; then the store's bytes (database and WAL) and every byte of stdout/stderr of
// `run --json`, `show --json` and `runs --json` are searched for the value.

import assert from 'node:assert/strict';
import { mkdtempSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, describe, it } from 'node:test';
import { parseDotenv, Redactor } from '../../../runtime/src/engine/index.ts';
import { runCli } from './cli-process.ts';
import { startLocalHttpServer, type LocalHttpServer } from './local-http-server.ts';

const SECRET = 'sk-live-7f3a9c2e1b5d';
const OTHER = 'other-secret-value-91';

let server: LocalHttpServer;
before(async () => {
  // The server echoes the Authorization header back, as some APIs do in their error bodies.
  server = await startLocalHttpServer((_index, request) => ({ status: 200, body: { ok: true, youSent: request.headers.authorization } }));
});
after(() => server.close());

describe('secrets', () => {
  it('never reach the store, the events or the terminal', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'stepline-secrets-'));
    writeFileSync(join(dir, '.env'), `# local secrets\nAPI_TOKEN="${SECRET}"\n`);
    writeFileSync(
      join(dir, 'secret.flow.yaml'),
      `name: Secret test
secrets: [API_TOKEN, OTHER_TOKEN]
output:
  echoed: <<steps.call.output.body>>
  token: <<secrets.API_TOKEN>>
steps:
  - stepSlug: start
    stepType: trigger
    config: { type: manual }
    nextSteps: { success: call }
  - stepSlug: call
    stepType: action
    config:
      type: http.request
      parameters:
        url: ${server.url}/orders
        headers: { Authorization: "Bearer <<secrets.API_TOKEN>>" }
    nextSteps: { success: mail }
  - stepSlug: mail
    stepType: action
    config:
      type: email.send
      parameters: { to: ops@example.com, subject: "Token <<secrets.OTHER_TOKEN>>", body: "The token is <<secrets.API_TOKEN>>." }
    nextSteps: { success: lookup }
  - stepSlug: lookup
    stepType: action
    config: { type: records.get, parameters: { collection: tokens, id: "<<secrets.API_TOKEN>>" } }
    nextSteps: { success: end, error: note }
  - stepSlug: note
    stepType: action
    config: { type: log, parameters: { message: "lookup failed: <<steps.lookup.error.message>> (<<secrets.API_TOKEN>>)" } }
`,
    );
    const store = join(dir, 'state');
    const env = { OTHER_TOKEN: OTHER };
    const run = await runCli(['run', 'secret.flow.yaml', '--json', '--store', store], { cwd: dir, env });
    assert.equal(run.status, 0, run.stderr);
    // The secret really was used: the server saw it.
    assert.equal(server.requests.at(-1)?.headers.authorization, `Bearer ${SECRET}`);
    const events = run.stdout.trim().split('\n').map((line) => JSON.parse(line) as { type: string; error?: { message: string }; message?: string; output?: unknown });
    const finished = events.at(-1)!;
    assert.equal(finished.type, 'run.finished');
    assert.deepEqual(finished.output, { echoed: { ok: true, youSent: 'Bearer ***' }, token: '***' });
    assert.ok(events.some((event) => event.type === 'step.finished' && event.error?.message.includes('***')), 'the not-found message names the id as ***');
    assert.ok(events.some((event) => event.type === 'log' && event.message?.includes('(***)')));

    const show = await runCli(['show', events[0] ? (events[0] as unknown as { runId: string }).runId : '', '--json', '--store', store], { cwd: dir });
    assert.equal(show.status, 0, show.stderr);
    const shown = JSON.parse(show.stdout) as { steps: Array<{ step: string; params: { headers?: { Authorization: string }; body?: string } }> };
    assert.equal(shown.steps.find((step) => step.step === 'call')?.params.headers?.Authorization, 'Bearer ***');
    assert.equal(shown.steps.find((step) => step.step === 'mail')?.params.body, 'The token is ***.');
    const runs = await runCli(['runs', '--json', '--store', store], { cwd: dir });

    for (const [what, text] of [['run', run.stdout + run.stderr], ['show', show.stdout + show.stderr], ['runs', runs.stdout + runs.stderr]] as const) {
      assert.ok(!text.includes(SECRET), `${what} output contains the secret`);
      assert.ok(!text.includes(OTHER), `${what} output contains the other secret`);
    }
    const storeFiles = readdirSync(store).filter((name) => name.startsWith('stepline.db'));
    assert.ok(storeFiles.includes('stepline.db'));
    for (const name of storeFiles) {
      const bytes = readFileSync(join(store, name));
      assert.equal(bytes.indexOf(SECRET), -1, `${name} contains the secret`);
      assert.equal(bytes.indexOf(OTHER), -1, `${name} contains the other secret`);
    }
    // The email itself is the side effect the author asked for: it carries the real value.
    const outbox = join(store, 'outbox');
    const [eml] = readdirSync(outbox);
    assert.match(readFileSync(join(outbox, eml!), 'utf8'), new RegExp(SECRET));
  });
});

describe('redactor and dotenv', () => {
  it('replaces every occurrence, longest secret first, in nested values without copying untouched parts', () => {
    const redactor = new Redactor(['abc', 'abcdef', '', null]);
    assert.equal(redactor.text('x abcdef y abc z'), 'x *** y *** z');
    const untouched = { a: [1, 'plain'] };
    const value = { untouched, headers: { Authorization: 'Bearer abc' }, list: ['abcdef'], abc: 1 };
    const redacted = redactor.value(value);
    assert.deepEqual(redacted, { untouched, headers: { Authorization: 'Bearer ***' }, list: ['***'], '***': 1 });
    assert.equal(redacted.untouched, untouched);
    assert.equal(value.headers.Authorization, 'Bearer abc');
    assert.equal(Redactor.none.value(value), value);
  });

  it('parses .env files: export, comments, quotes, escapes and multi-line values', () => {
    const parsed = parseDotenv(`# comment\nexport A=1\nB = two words # trailing\nC='lit\\n'\nD="line\\nnext"\nE="multi\nline"\nnot a line\nF=\n`);
    assert.deepEqual(Object.fromEntries(parsed), { A: '1', B: 'two words', C: 'lit\\n', D: 'line\nnext', E: 'multi\nline', F: '' });
  });
});
