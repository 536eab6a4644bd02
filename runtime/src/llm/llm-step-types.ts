// The contract between the engine and the llm step executor: what a step asks for, what it gets
// back, and the narrow client interface the executor needs (so tests and other backends can
// supply their own).

import type { Message, MessageCreateParamsNonStreaming, MessageParam } from '@anthropic-ai/sdk/resources/messages';
import type { Redactor } from './redact-secrets.ts';

export type { MessageParam };

export interface LlmStepRequest {
  /** Defaults to DEFAULT_LLM_MODEL (llm-defaults.ts). */
  model?: string;
  systemPrompt: string;
  userPrompt?: string;
  /**
   * Accepted for the language's sake but NOT sent: the Messages API version that the installed SDK
   * speaks (2026-10-21) rejects `temperature` with a 400 on every model. The result's `warnings`
   * says so when it is set.
   */
  temperature?: number;
  /** Defaults to DEFAULT_MAX_TOKENS. */
  maxTokens?: number;
  outputFormat?: 'text' | 'json';
  /** JSON Schema (2020-12) the answer must satisfy; used with `outputFormat: json`. */
  outputSchema?: object;
  /** Actions offered to the model as tools. */
  tools?: LlmTool[];
  /** The conversation so far of the step's `thread`, as returned in an earlier result's `messages`. */
  history?: MessageParam[];
  /** Bound on tool-use rounds; defaults to DEFAULT_MAX_TOOL_ROUNDS. */
  maxToolRounds?: number;
}

export interface LlmTool {
  /** The catalog name, e.g. `records.query`; the model sees it as `records_query`. */
  actionName: string;
  description: string;
  /** The action's parameter schema, offered as the tool's `input_schema`. */
  inputSchema: object;
  /** Runs the action. A thrown error becomes an `is_error` tool result, not a failed step. */
  invoke(input: Record<string, unknown>, signal?: AbortSignal): Promise<unknown>;
}

export interface ToolCallRecord {
  /** The tool name the model used (`records_query`). */
  name: string;
  /** The action it maps to (`records.query`), or the tool name when no such tool was offered. */
  actionName: string;
  input: unknown;
  output?: unknown;
  error?: { code: string; message: string };
  durationMs: number;
}

export interface LlmUsage {
  inputTokens: number;
  outputTokens: number;
}

export interface LlmStepResult {
  /** The text for `outputFormat: text`; the parsed and validated value for `json`. */
  output: unknown;
  /** The model that answered, as the API reports it. */
  model: string;
  /** Summed over every call the step made. */
  usage: LlmUsage;
  toolCalls: ToolCallRecord[];
  /** The whole conversation after this step (history, prompt, every round), for `thread`. */
  messages: MessageParam[];
  stopReason: string | null;
  /** Settings that were accepted but could not be honoured (e.g. `temperature`), for the trace. */
  warnings: string[];
}

/** The slice of the Anthropic client that the executor uses. The SDK's `Anthropic` satisfies it. */
export interface LlmClient {
  messages: {
    create(body: MessageCreateParamsNonStreaming, options?: { signal?: AbortSignal }): PromiseLike<Message>;
  };
}

export type LlmClientFactory = (options: { apiKey: string; baseURL?: string }) => LlmClient;

export interface LlmStepDeps {
  /** The ANTHROPIC_API_KEY secret; never read from the environment here, so the engine decides where it comes from. */
  apiKey?: string;
  /** ANTHROPIC_BASE_URL, passed explicitly (e.g. a local fake server or a proxy). */
  baseURL?: string;
  /** Cancels the step; it reaches the HTTP call and stops the tool loop. */
  signal?: AbortSignal;
  clientFactory?: LlmClientFactory;
  /** Scrubs workflow secrets from error messages and tool error results; the API key is always scrubbed. */
  redact?: Redactor;
}
