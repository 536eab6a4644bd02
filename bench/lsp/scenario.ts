// What the LSP benchmark does to a generated workflow: where it asks for completions and hovers
// (inside templates and on keys, spread over the file), where it types a step name (50
// characters into a `nextSteps` target), and where it types a template with a completion after
// every keystroke. One deliberate schema error sits after the typed target on the same line, so
// that the peer's diagnostics show which version they were computed on (its column moves).

import { generateWorkflow } from '../generate-workflow.ts';

export interface Position {
  line: number;
  character: number;
}

export interface Scenario {
  steps: number;
  text: string;
  /** Where both servers must report the deliberate schema error (`error: 42`) when the file opens. */
  schemaErrorAtOpen: Position;
  completions: Position[];
  hovers: Position[];
  typing: {
    /** Where the 50 characters go, one didChange each. */
    at: Position;
    characters: string;
    /** The target once typed: our server reports it as an unknown step (a full analysis). */
    finalTarget: string;
    /** Where that target starts. */
    targetAt: Position;
    /** The deliberate schema error's position once the characters are typed. */
    schemaErrorAfter: Position;
  };
  keystrokes: { at: Position; characters: string };
}

/** A step name a user might type, exactly 50 characters long. */
const TYPED_STEP_NAME = '_then_summarise_the_customer_scores_for_the_review';
/** 30 keystrokes inside a template, passing through roots, step slugs and output fields. */
const TYPED_TEMPLATE = (block: number) => `steps.l${block}.output.summary + steps.a${block}.`.padEnd(30, 'x').slice(0, 30);
const SAMPLES_PER_KIND = 15;

export function buildScenario(steps: number): Scenario {
  const lines = generateWorkflow(steps).split('\n');
  const blocks = lines.filter((line) => /^ {2}- stepSlug: a\d+$/.test(line)).length;
  const stepLine = (slug: string) => lines.indexOf(`  - stepSlug: ${slug}`);
  const lineAfter = (from: number, prefix: string) => {
    const found = lines.findIndex((line, index) => index > from && line.startsWith(prefix));
    if (found < 0) throw new Error(`no line starting with ${JSON.stringify(prefix)} after line ${from}`);
    return found;
  };

  // The typed target: step t<k> in the middle block continues with m<k>; an `error` port whose
  // target is a number (the schema wants a string) follows it on the same line.
  const middle = Math.floor(blocks / 2);
  const typingLine = lineAfter(stepLine(`t${middle}`), '    nextSteps:');
  lines[typingLine] = `    nextSteps: { success: m${middle}, error: 42 }`;
  const typingAt = { line: typingLine, character: lines[typingLine]!.indexOf(', error') };
  const schemaErrorAtOpen = { line: typingLine, character: lines[typingLine]!.indexOf('42') };

  const completions: Position[] = [];
  const hovers: Position[] = [];
  for (let sample = 0; sample < SAMPLES_PER_KIND; sample++) {
    const block = Math.floor((sample * blocks) / SAMPLES_PER_KIND);
    // Inside a template, right after `<<steps.`, and on the slug of a step reference.
    const promptLine = lineAfter(stepLine(`l${block}`), '      userPrompt:');
    const reference = lines[promptLine]!.indexOf(`<<steps.a${block}.output.count`);
    completions.push({ line: promptLine, character: reference + '<<steps.'.length });
    hovers.push({ line: promptLine, character: reference + '<<steps.'.length + 1 });
    // At the start of a key of a step, and on the `stepType` key.
    completions.push({ line: lineAfter(stepLine(`a${block}`), '    config:'), character: 4 });
    hovers.push({ line: lineAfter(stepLine(`l${block}`), '    stepType:'), character: 6 });
  }

  // Keystrokes go right after `<<` of the subject template inside the loop body of block q.
  const quarter = Math.floor(blocks / 4);
  const subjectLine = lineAfter(stepLine(`e${quarter}`), '        subject:');
  const keystrokesAt = { line: subjectLine, character: lines[subjectLine]!.indexOf('<<') + 2 };

  return {
    steps,
    text: lines.join('\n'),
    schemaErrorAtOpen,
    completions,
    hovers,
    typing: {
      at: typingAt,
      characters: TYPED_STEP_NAME,
      finalTarget: `m${middle}${TYPED_STEP_NAME}`,
      targetAt: { line: typingLine, character: lines[typingLine]!.indexOf(`m${middle},`) },
      schemaErrorAfter: { line: typingLine, character: schemaErrorAtOpen.character + TYPED_STEP_NAME.length },
    },
    keystrokes: { at: keystrokesAt, characters: TYPED_TEMPLATE(quarter) },
  };
}

/** The sub-workflow the generated steps call (`path: ./child.flow.yaml`). */
export const CHILD_WORKFLOW = `name: Child of the benchmark workflow
inputs:
  score: { type: number }
steps:
  - stepSlug: start
    stepType: trigger
    config: { type: manual }
    nextSteps: { success: end }
`;
