// Runs the analyzer over a small synthetic workflow, and over two edits of it, while the server
// starts (before it answers `initialize`). V8 compiles a function the first time it runs and
// optimizes it only after many runs: without this, the first document a user opens pays for
// compiling the parser and every pass, and the first edits after it pay again for the paths
// that only edits take (the step re-parse, template parses reused and moved), which then run for
// the first time. The language server benchmark reports the start-up time this adds.
//
// It then shows V8 that what an analysis makes outlives the young generation (see
// `teachPretenuring`).

import { getHeapSpaceStatistics } from 'node:v8';
import { DocumentCache, type AnalysisInputs } from './service/document-cache.ts';

/** One block of steps of every common kind, wired like a real workflow; `i` makes slugs unique. */
function block(i: number, next: string): string {
  return `  - stepSlug: query${i}
    stepType: action
    config:
      type: records.query
      parameters: { collection: customers, filter: { tier: '<<input.tier>>' }, limit: 5 }
    nextSteps: { success: score${i}, error: fail }
  - stepSlug: score${i}
    stepType: llm
    config:
      systemPrompt: Score the customers.
      userPrompt: "Score <<json(steps.query${i}.output.records)>> for <<vars.greeting>>"
      outputFormat: json
      outputSchema: { type: object, properties: { score: { type: number } }, required: [score] }
    nextSteps: { success: check${i} }
  - stepSlug: check${i}
    stepType: condition
    config: { expression: "<<steps.score${i}.output.score>> > 0.5 && <<input.tier>> == 'gold'" }
    nextSteps: { "true": each${i}, "false": note${i} }
  - stepSlug: note${i}
    stepType: action
    config: { type: log, parameters: { message: "Block ${i}: <<steps.query${i}.output.count>> <<secrets.TOKEN>>" } }
    nextSteps: { success: each${i} }
  - stepSlug: each${i}
    stepType: loop
    config: { items: "<<steps.query${i}.output.records>>", itemVariable: customer, collect: "<<steps.mail${i}.output.messageId>>" }
    nextSteps: { next: mail${i}, done: ${next} }
  - stepSlug: mail${i}
    stepType: action
    config:
      type: email.send
      parameters: { to: <<customer.email>>, subject: "Hi <<customer.name>> #<<loop.index>>", body: "<<default(steps.score${i}.output.score, 0)>>" }
    nextSteps: { success: each${i} }
`;
}

const BLOCKS = 4;

/** The warm-up workflow: clean, so every pass runs its whole way (a test holds it so). */
export function warmUpWorkflow(): string {
  let text = 'name: Warm-up\ninputs:\n  tier: { type: string, default: gold }\nsecrets: [TOKEN]\nvars: { greeting: Hello }\nsteps:\n';
  text += '  - stepSlug: start\n    stepType: trigger\n    config: { type: manual }\n    nextSteps: { success: query0 }\n';
  for (let i = 0; i < BLOCKS; i++) text += block(i, i + 1 < BLOCKS ? `query${i + 1}` : 'end');
  return text;
}

/** Analyzes the warm-up workflow and two edits of it, with a cache of its own; then teaches V8 to pretenure. */
export function warmUpAnalyzer(inputs: AnalysisInputs): void {
  const cache = new DocumentCache(inputs);
  const uri = 'file:///stepline-warm-up/warm-up.flow.yaml';
  let text = warmUpWorkflow();
  const edited = `subject: "Hi <<customer.name>> #<<loop.index>>`;
  for (let version = 1; version <= 3; version++) {
    cache.getText(uri, version, text).analysis(0);
    // Type into a template of a step in the middle, as a user would.
    const at = text.indexOf(edited, text.length / 2) + edited.length;
    text = `${text.slice(0, at)} x${text.slice(at)}`;
  }
  teachPretenuring(inputs);
}

/** Analyses kept alive across the collection: enough that each kind of object is made 100 times or more. */
const TAUGHT_ANALYSES = 5;

/**
 * V8 allocates new objects in the young generation and copies those that survive it out to the
 * old generation, which at 5000 steps was about a fifth of the first analysis's time: a tree and
 * an analysis are 30 MB that all survive. For an allocation site whose objects it finds alive at
 * a young-generation collection at the generation's full size (--min-semi-space-size, see
 * node-flags.ts), V8 allocates in the old generation directly from then on ("pretenuring"). Left
 * alone, it learns that during the first large document; here it learns it from a few warm-up
 * analyses kept alive across one collection, before the first document arrives. Measured on the
 * 5000-step workflow in a fresh process: its parse 105 → 70 ms, parse and analysis 320 → 270 ms,
 * for 10–20 ms more warm-up. Only a hint to the engine: nothing depends on it happening.
 */
function teachPretenuring(inputs: AnalysisInputs): void {
  // The collection counts, per site, how many of the objects made since the last one are alive:
  // start the count after the warm-up above, whose earlier versions are garbage by now.
  collectYoungGeneration();
  const kept: unknown[] = [];
  for (let i = 0; i < TAUGHT_ANALYSES; i++) {
    kept.push(new DocumentCache(inputs).getText(`file:///stepline-warm-up/kept-${i}.flow.yaml`, 1, warmUpWorkflow()).analysis(0));
  }
  collectYoungGeneration();
  kept.length = 0;
}

/** Allocates short-lived arrays until V8 collects its young generation (at most 64 MB of them). */
function collectYoungGeneration(): void {
  const youngUsed = (): number => getHeapSpaceStatistics().find((space) => space.space_name === 'new_space')?.space_used_size ?? 0;
  let before = youngUsed();
  let garbage: unknown[] = [];
  for (let i = 0; i < 1024; i++) {
    garbage = new Array<unknown>(8192);
    const now = youngUsed();
    if (now < before) break;
    before = now;
  }
  garbage.length = 0;
}
