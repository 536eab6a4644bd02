// Builds the real Anthropic SDK client for llm steps. Its own retries are off (the engine's retry
// policy decides), and its log lines go to stderr so `stepline run --json` keeps a clean stdout.

import { Console } from 'node:console';
import Anthropic from '@anthropic-ai/sdk';
import { REQUEST_TIMEOUT_MS } from './llm-defaults.ts';
import type { LlmClient } from './llm-step-types.ts';

const stderrLogger = new Console(process.stderr);

export function createAnthropicClient(options: { apiKey: string; baseURL?: string }): LlmClient {
  return new Anthropic({
    // Passing the key means the SDK reads no credential from the environment or config files.
    apiKey: options.apiKey,
    ...(options.baseURL ? { baseURL: options.baseURL } : {}),
    maxRetries: 0,
    timeout: REQUEST_TIMEOUT_MS,
    logger: stderrLogger,
  });
}
