// Executes one llm step against the Messages API: builds the request from the step's config,
// answers tool requests for a bounded number of rounds, and turns the final answer into the
// step's output (text, or JSON checked against `outputSchema`). Every failure is an LlmError.

import type { Message, MessageCreateParamsNonStreaming, MessageParam, Tool, ToolUseBlock } from '@anthropic-ai/sdk/resources/messages';
import { createAnthropicClient } from './anthropic-client.ts';
import { extractJson } from './extract-json.ts';
import { withJsonInstruction } from './json-instruction.ts';
import { DEFAULT_LLM_MODEL, DEFAULT_MAX_TOKENS, DEFAULT_MAX_TOOL_ROUNDS } from './llm-defaults.ts';
import { LlmError } from './llm-error.ts';
import type { LlmStepDeps, LlmStepRequest, LlmStepResult, LlmTool, LlmUsage, ToolCallRecord } from './llm-step-types.ts';
import { abortedError, mapSdkError } from './map-sdk-error.ts';
import { compileOutputSchema } from './output-schema.ts';
import type { SchemaViolation } from './output-schema.ts';
import { makeRedactor } from './redact-secrets.ts';
import type { Redactor } from './redact-secrets.ts';
import { runToolCalls } from './run-tool-calls.ts';
import type { ToolRound } from './run-tool-calls.ts';
import { toolNameForAction } from './tool-name.ts';

export { LlmError, isLlmError } from './llm-error.ts';
export type { LlmErrorCode } from './llm-error.ts';
export { DEFAULT_LLM_MODEL, DEFAULT_MAX_TOKENS, DEFAULT_MAX_TOOL_ROUNDS } from './llm-defaults.ts';
export type { LlmClient, LlmClientFactory, LlmStepDeps, LlmStepRequest, LlmStepResult, LlmTool, LlmUsage, MessageParam, ToolCallRecord } from './llm-step-types.ts';

/** The user turn sent when a step has no `userPrompt`: the API needs one, and the system prompt says it all. */
export const IMPLICIT_USER_PROMPT = 'Follow the instructions in the system prompt.';

const TOOL_NAME = /^[a-zA-Z0-9_-]{1,128}$/;
const EXCERPT_LENGTH = 160;
const VIOLATIONS_IN_MESSAGE = 8;

export async function runLlmStep(req: LlmStepRequest, deps: LlmStepDeps = {}): Promise<LlmStepResult> {
  const apiKey = deps.apiKey?.trim();
  if (!apiKey) throw missingApiKeyError();
  const redact = makeRedactor([apiKey, deps.apiKey], deps.redact);
  const { signal } = deps;

  const prepared = prepare(req);
  if (signal?.aborted) throw abortedError(signal);

  const client = (deps.clientFactory ?? createAnthropicClient)({ apiKey, ...(deps.baseURL ? { baseURL: deps.baseURL } : {}) });
  const errorContext = { ...(signal ? { signal } : {}), ...(deps.baseURL ? { baseURL: deps.baseURL } : {}), redact };

  const messages = startConversation(req);
  const usage: LlmUsage = { inputTokens: 0, outputTokens: 0 };
  const toolCalls: ToolCallRecord[] = [];
  let toolRounds = 0;

  for (;;) {
    const body: MessageCreateParamsNonStreaming = {
      model: prepared.model,
      max_tokens: prepared.maxTokens,
      system: prepared.system,
      // A copy: the SDK keeps no reference, but our array grows after the call.
      messages: [...messages],
      ...(prepared.toolDefinitions.length > 0 ? { tools: prepared.toolDefinitions } : {}),
    };

    let response: Message;
    try {
      response = await client.messages.create(body, signal ? { signal } : {});
    } catch (error) {
      throw withUsage(mapSdkError(error, errorContext), usage);
    }
    usage.inputTokens += response.usage?.input_tokens ?? 0;
    usage.outputTokens += response.usage?.output_tokens ?? 0;
    // Blocks go back exactly as received: the API rejects modified thinking blocks in a tool loop.
    messages.push({ role: 'assistant', content: response.content });

    const uses = response.content.filter((block): block is ToolUseBlock => block.type === 'tool_use');
    if (response.stop_reason !== 'tool_use' || uses.length === 0) {
      const output = finalOutput(response, prepared, usage, redact);
      return { output, model: response.model, usage, toolCalls, messages, stopReason: response.stop_reason, warnings: prepared.warnings };
    }

    if (toolRounds >= prepared.maxToolRounds) {
      throw withUsage(
        new LlmError(
          'llm-tool-loop',
          `The model was still calling tools after ${prepared.maxToolRounds} rounds (last: ${uses.map((u) => u.name).join(', ')}). ` +
            'Raise maxToolRounds or make the prompt say when to stop.',
          { details: { maxToolRounds: prepared.maxToolRounds } },
        ),
        usage,
      );
    }
    toolRounds++;
    let round: ToolRound;
    try {
      round = await runToolCalls(uses, prepared.toolsByName, { ...(signal ? { signal } : {}), redact });
    } catch (error) {
      throw withUsage(mapSdkError(error, errorContext), usage);
    }
    toolCalls.push(...round.calls);
    messages.push({ role: 'user', content: round.results });
  }
}

interface PreparedStep {
  model: string;
  maxTokens: number;
  maxToolRounds: number;
  system: string;
  outputFormat: 'text' | 'json';
  validate?: (value: unknown) => SchemaViolation[];
  toolDefinitions: Tool[];
  toolsByName: Map<string, LlmTool>;
  warnings: string[];
}

/** Checks the settings before any token is spent; a bad one is `llm-invalid-config`. */
function prepare(req: LlmStepRequest): PreparedStep {
  const maxTokens = req.maxTokens ?? DEFAULT_MAX_TOKENS;
  if (!Number.isInteger(maxTokens) || maxTokens < 1) {
    throw new LlmError('llm-invalid-config', `maxTokens must be a whole number of at least 1 (got ${String(maxTokens)}).`);
  }
  const maxToolRounds = req.maxToolRounds ?? DEFAULT_MAX_TOOL_ROUNDS;
  if (!Number.isInteger(maxToolRounds) || maxToolRounds < 0) {
    throw new LlmError('llm-invalid-config', `maxToolRounds must be a whole number of at least 0 (got ${String(maxToolRounds)}).`);
  }

  const outputFormat = req.outputFormat ?? 'text';
  let validate: PreparedStep['validate'];
  if (outputFormat === 'json' && req.outputSchema) {
    const compiled = compileOutputSchema(req.outputSchema);
    if (!compiled.ok) throw new LlmError('llm-invalid-config', `outputSchema is not a valid JSON Schema: ${compiled.message}`);
    validate = compiled.validate;
  }

  const toolDefinitions: Tool[] = [];
  const toolsByName = new Map<string, LlmTool>();
  for (const tool of req.tools ?? []) {
    const name = toolNameForAction(tool.actionName);
    if (!TOOL_NAME.test(name)) {
      throw new LlmError('llm-invalid-config', `The action ${tool.actionName} cannot be offered as a tool: tool names may only use letters, digits, _ and -.`);
    }
    const clash = toolsByName.get(name);
    if (clash) {
      throw new LlmError('llm-invalid-config', `The actions ${clash.actionName} and ${tool.actionName} would both be offered as the tool ${name}.`);
    }
    toolsByName.set(name, tool);
    toolDefinitions.push({ name, description: tool.description, input_schema: { ...tool.inputSchema, type: 'object' } });
  }

  const warnings: string[] = [];
  if (req.temperature !== undefined) {
    warnings.push('temperature was not sent: the Messages API version used by this runtime (2026-10-21) rejects sampling parameters.');
  }

  return {
    model: req.model && req.model.trim() !== '' ? req.model : DEFAULT_LLM_MODEL,
    maxTokens,
    maxToolRounds,
    system: outputFormat === 'json' ? withJsonInstruction(req.systemPrompt, req.outputSchema) : req.systemPrompt,
    outputFormat,
    ...(validate ? { validate } : {}),
    toolDefinitions,
    toolsByName,
    warnings,
  };
}

/** History first (never mutated), then this step's prompt; the conversation must end on a user turn. */
function startConversation(req: LlmStepRequest): MessageParam[] {
  const messages: MessageParam[] = [...(req.history ?? [])];
  if (req.userPrompt !== undefined && req.userPrompt.trim() !== '') {
    messages.push({ role: 'user', content: req.userPrompt });
  } else if (messages.length === 0 || messages[messages.length - 1]!.role !== 'user') {
    messages.push({ role: 'user', content: IMPLICIT_USER_PROMPT });
  }
  return messages;
}

function finalOutput(response: Message, prepared: PreparedStep, usage: LlmUsage, redact: Redactor): unknown {
  const text = response.content.map((block) => (block.type === 'text' ? block.text : '')).join('');
  if (prepared.outputFormat === 'text') return text;

  const extracted = extractJson(text);
  if (!extracted.ok) {
    const cutOff = response.stop_reason === 'max_tokens' ? ` The answer was cut off at maxTokens (${prepared.maxTokens}); raise maxTokens.` : '';
    throw withUsage(
      new LlmError('llm-invalid-json', redact(`The model's answer is not valid JSON (${extracted.message}): ${excerpt(text)}.${cutOff}`), {
        details: { stopReason: response.stop_reason },
      }),
      usage,
    );
  }
  const violations = prepared.validate?.(extracted.value) ?? [];
  if (violations.length > 0) {
    const listed = violations.slice(0, VIOLATIONS_IN_MESSAGE).map((v) => `${v.path} ${v.message}`);
    const more = violations.length > VIOLATIONS_IN_MESSAGE ? ` and ${violations.length - VIOLATIONS_IN_MESSAGE} more` : '';
    throw withUsage(
      new LlmError('llm-schema-violation', redact(`The model's JSON does not match outputSchema: ${listed.join('; ')}${more}.`), {
        details: { violations },
      }),
      usage,
    );
  }
  return extracted.value;
}

function missingApiKeyError(): LlmError {
  return new LlmError(
    'missing-api-key',
    'No Anthropic API key for this llm step. Set the ANTHROPIC_API_KEY environment variable, ' +
      'or add a line ANTHROPIC_API_KEY=<your key> to a .env file beside the workflow (keep it out of git).',
  );
}

function withUsage(error: LlmError, usage: LlmUsage): LlmError {
  if (usage.inputTokens > 0 || usage.outputTokens > 0) error.usage = { ...usage };
  return error;
}

function excerpt(text: string): string {
  const flat = text.replace(/\s+/g, ' ').trim();
  if (flat === '') return '(empty answer)';
  return JSON.stringify(flat.length > EXCERPT_LENGTH ? `${flat.slice(0, EXCERPT_LENGTH)}…` : flat);
}
