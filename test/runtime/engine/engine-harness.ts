// Runs workflows written inline in tests on a real store in a fresh temp folder, collecting the
// engine's events, so each test reads as "this YAML, this input → this trace".

import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { startRun, type EngineEvent, type RunResult, type StartRunOptions } from '../../../runtime/src/engine/index.ts';
import { parseWorkflow } from '../../../runtime/src/language/parse-workflow.ts';
import { openStore, type Store } from '../../../runtime/src/store/index.ts';

export interface Harness {
  dir: string;
  store: Store;
  events: EngineEvent[];
  run(yaml: string, input?: unknown, options?: Partial<StartRunOptions>): Promise<RunResult>;
  /** `path → port` of every step.finished event, in order. */
  trace(): string[];
  close(): void;
}

export function createHarness(options: { memory?: boolean } = {}): Harness {
  const dir = mkdtempSync(join(tmpdir(), 'stepline-engine-'));
  const store = options.memory ? openStore({ memory: true }) : openStore({ dir });
  const events: EngineEvent[] = [];
  return {
    dir,
    store,
    events,
    run(yaml, input, extra = {}) {
      events.length = 0;
      const file = extra.file ?? join(dir, 'test.flow.yaml');
      return startRun({
        document: parseWorkflow(yaml, file),
        file,
        input,
        store,
        stateDir: dir,
        env: {},
        dotenvFiles: [],
        random: () => 0.5,
        observers: [(event) => events.push(event)],
        ...extra,
      });
    },
    trace() {
      return events.flatMap((event) => (event.type === 'step.finished' ? [`${event.path} ${event.port}`] : []));
    },
    close() {
      store.close();
    },
  };
}

/** A minimal workflow: a manual trigger followed by `steps` (YAML list items, indented by two). */
export function workflow(body: string, header = ''): string {
  return `name: Test\n${header}steps:\n  - stepSlug: start\n    stepType: trigger\n    config: { type: manual }\n    nextSteps: { success: ${firstSlug(body)} }\n${body}`;
}

function firstSlug(body: string): string {
  return /stepSlug:\s*([a-z][a-z0-9_]*)/.exec(body)?.[1] ?? 'end';
}
