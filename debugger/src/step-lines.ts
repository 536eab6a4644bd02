// Maps the lines of a workflow file to its steps, so a breakpoint set on any line of a step
// stops before that step, and a stack frame points at a step's first line. Lines are zero-based
// here; the debug session converts them to what the client counts.

import { parseWorkflow } from '../../runtime/src/language/parse-workflow.ts';
import type { LineIndex } from '../../runtime/src/language/line-index.ts';
import { spanOf, type SourceRange } from '../../runtime/src/language/source-range.ts';

export interface StepLines {
  slug: string;
  /** The zero-based line where the step starts (its `- stepSlug:` line). */
  firstLine: number;
  lastLine: number;
}

export class WorkflowLines {
  readonly steps: readonly StepLines[];
  readonly #lines: LineIndex;

  constructor(text: string, file?: string) {
    const document = parseWorkflow(text, file);
    this.#lines = document.lines;
    const steps: StepLines[] = [];
    for (const step of document.workflow.steps) {
      if (step.slug === undefined) continue;
      const { first, last } = this.linesOf(spanOf(step.node));
      steps.push({ slug: step.slug, firstLine: first, lastLine: last });
    }
    this.steps = steps;
  }

  /** The step a breakpoint on this zero-based line belongs to, if the line is inside one. */
  stepAtLine(line: number): StepLines | undefined {
    return this.steps.find((step) => line >= step.firstLine && line <= step.lastLine);
  }

  /** The zero-based first and last lines a range covers; a range ending at a line start does not cover that line. */
  linesOf(range: SourceRange): { first: number; last: number; firstColumn: number } {
    const start = this.#lines.positionAt(range.start);
    const end = this.#lines.positionAt(range.end);
    const last = end.character === 0 && end.line > start.line ? end.line - 1 : end.line;
    return { first: start.line, last, firstColumn: start.character };
  }
}
