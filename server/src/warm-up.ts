// Runs the analyzer over a small synthetic workflow, and over two edits of it, while the server
// starts (before it answers `initialize`). V8 compiles a function the first time it runs and
// optimizes it only after many runs: without this, the first document a user opens pays for
// compiling the parser and every pass, and the first edits after it pay again for the paths
// that only edits take (the step re-parse, template parses reused and moved), which then run for
// the first time. The language server benchmark reports the start-up time this adds.

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

/** Analyzes the warm-up workflow and two edits of it, with a cache of its own. */
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
}
