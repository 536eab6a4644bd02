// Semantic tokens for template parts (roots, step slugs, properties, functions, operators,
// strings, numbers) and step slugs in the YAML, and their LSP encoding.

import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { createLanguageService } from '../../../server/src/service/language-service.ts';
import { SEMANTIC_TOKENS_LEGEND, classifyTokens } from '../../../server/src/service/semantic-tokens.ts';
import { documentOf } from '../support/cursor.ts';

const TEXT = `name: x
steps:
  - stepSlug: start
    stepType: trigger
    nextSteps: { success: check }
  - stepSlug: check
    stepType: condition
    config:
      expression: <<steps.start.output.total>> >= 10 && lower(input.tier) == 'gold'
`;

describe('semantic tokens', () => {
  const service = createLanguageService();
  const document = documentOf(TEXT);

  it('classifies every part of an expression', () => {
    const tokens = classifyTokens(service.environment, document).map((token) => `${document.getText().slice(token.start, token.end)}:${token.type}`);
    assert.deepEqual(tokens, [
      'start:class',
      'check:class',
      'check:class',
      '<<:macro',
      'steps:variable',
      'start:class',
      'output:property',
      'total:property',
      '>>:macro',
      '>=:operator',
      '10:number',
      '&&:operator',
      'lower:function',
      'input:variable',
      'tier:property',
      '==:operator',
      "'gold':string",
    ]);
  });

  it('encodes tokens as relative LSP quintuples with the exported legend', () => {
    const { data } = service.semanticTokens(document);
    assert.equal(data.length % 5, 0);
    // The first token: `start` on line 2 (0-based), column 14, length 5, type `class`.
    assert.deepEqual(data.slice(0, 5), [2, 14, 5, SEMANTIC_TOKENS_LEGEND.tokenTypes.indexOf('class'), 2 ** SEMANTIC_TOKENS_LEGEND.tokenModifiers.indexOf('declaration')]);
    let line = 0;
    for (let index = 0; index < data.length; index += 5) {
      line += data[index]!;
      assert.ok(data[index + 2]! > 0);
    }
    assert.equal(line, 8);
  });
});
