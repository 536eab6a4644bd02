// The instruction appended to an llm step's system prompt when it must answer in JSON. The schema
// goes in verbatim, inside a fenced block, so the model sees exactly what the answer is checked against.

export function withJsonInstruction(systemPrompt: string, outputSchema: object | undefined): string {
  const instruction = outputSchema
    ? 'Answer with only a JSON value, with no other text and no Markdown fences. ' +
      'The value must be valid against this JSON Schema:\n```json\n' +
      JSON.stringify(outputSchema, null, 2) +
      '\n```'
    : 'Answer with only a JSON value, with no other text and no Markdown fences.';
  return systemPrompt.trim() === '' ? instruction : `${systemPrompt.trimEnd()}\n\n${instruction}`;
}
