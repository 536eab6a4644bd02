// The defaults an llm step falls back to when its config leaves a setting out. They live in one
// place so the docs, the language server's hovers and the runtime cannot disagree.

/**
 * The model used when a step names none: Claude Sonnet 5.5, the current Sonnet in the Anthropic
 * SDK's model list (`claude-sonnet-4-5` is deprecated there). Change it here and only here.
 */
export const DEFAULT_LLM_MODEL = 'claude-sonnet-5-5';

/**
 * Output token budget when `maxTokens` is not set. Current models may think before answering and
 * thinking counts against this budget, so it is larger than a short answer needs.
 */
export const DEFAULT_MAX_TOKENS = 4096;

/** How many times one step may answer the model's tool requests before failing with `llm-tool-loop`. */
export const DEFAULT_MAX_TOOL_ROUNDS = 8;

/**
 * Client-side limit for one HTTP call. Set explicitly because the SDK otherwise derives it from
 * `max_tokens` and refuses large budgets without streaming; the engine's step timeout, delivered
 * through the abort signal, is the limit users actually configure.
 */
export const REQUEST_TIMEOUT_MS = 10 * 60 * 1000;
