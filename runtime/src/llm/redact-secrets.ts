// Scrubs secret values out of text before it becomes an error message, a tool result or a trace
// entry. The API key is always scrubbed; the engine may add its own redactor for workflow secrets.

export type Redactor = (text: string) => string;

export const REDACTED = '[redacted]';

export function makeRedactor(secrets: ReadonlyArray<string | undefined>, extra?: Redactor): Redactor {
  // Longest first, so a secret that contains another is replaced whole.
  const values = secrets.filter((s): s is string => typeof s === 'string' && s.length > 0).sort((a, b) => b.length - a.length);
  return (text) => {
    let result = text;
    for (const value of values) result = result.replaceAll(value, REDACTED);
    return extra ? extra(result) : result;
  };
}
