// Answers one round of the model's tool requests: runs each requested action in order and turns
// its output, or its failure, into a `tool_result` block. A failing tool is information for the
// model (`is_error: true`), not a failed step.

import type { ToolResultBlockParam, ToolUseBlock } from '@anthropic-ai/sdk/resources/messages';
import { abortedError } from './map-sdk-error.ts';
import type { LlmTool, ToolCallRecord } from './llm-step-types.ts';
import type { Redactor } from './redact-secrets.ts';

export interface ToolRound {
  results: ToolResultBlockParam[];
  calls: ToolCallRecord[];
}

export async function runToolCalls(
  uses: ReadonlyArray<ToolUseBlock>,
  toolsByName: ReadonlyMap<string, LlmTool>,
  options: { signal?: AbortSignal; redact: Redactor },
): Promise<ToolRound> {
  const round: ToolRound = { results: [], calls: [] };
  // One at a time, in the model's order: actions may have side effects, and their idempotency
  // keys and trace entries should follow a predictable order.
  for (const use of uses) {
    if (options.signal?.aborted) throw abortedError(options.signal);
    const tool = toolsByName.get(use.name);
    const started = performance.now();
    const outcome = await invokeTool(tool, use, options);
    const durationMs = Math.round(performance.now() - started);
    const record: ToolCallRecord = { name: use.name, actionName: tool?.actionName ?? use.name, input: use.input, durationMs };
    if ('error' in outcome) {
      record.error = outcome.error;
      round.results.push({
        type: 'tool_result',
        tool_use_id: use.id,
        is_error: true,
        content: `Error (${outcome.error.code}): ${outcome.error.message}`,
      });
    } else {
      record.output = outcome.output;
      round.results.push({ type: 'tool_result', tool_use_id: use.id, content: renderToolOutput(outcome.output) });
    }
    round.calls.push(record);
  }
  if (options.signal?.aborted) throw abortedError(options.signal);
  return round;
}

type ToolOutcome = { output: unknown } | { error: { code: string; message: string } };

async function invokeTool(
  tool: LlmTool | undefined,
  use: ToolUseBlock,
  options: { signal?: AbortSignal; redact: Redactor },
): Promise<ToolOutcome> {
  if (!tool) return { error: { code: 'unknown-tool', message: `No tool named ${use.name} is offered to this step.` } };
  if (typeof use.input !== 'object' || use.input === null || Array.isArray(use.input)) {
    return { error: { code: 'invalid-tool-input', message: 'The tool input must be a JSON object.' } };
  }
  try {
    return { output: await tool.invoke(use.input as Record<string, unknown>, options.signal) };
  } catch (error) {
    const code = (error as { code?: unknown } | null)?.code;
    const message = error instanceof Error ? error.message : String(error);
    return { error: { code: typeof code === 'string' && code !== '' ? code : 'tool-error', message: options.redact(message) } };
  }
}

/** Tool results are text for the model: strings as they are, everything else as JSON. */
export function renderToolOutput(output: unknown): string {
  if (typeof output === 'string') return output;
  try {
    return JSON.stringify(output ?? null) ?? 'null';
  } catch {
    return String(output);
  }
}
