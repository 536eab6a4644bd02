// Finding `<< >>` templates in string values: segments with document ranges, unterminated and
// empty templates, and the whole-template rule.

import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { containsTemplate, findTemplates, isWholeTemplate } from '../../../runtime/src/expr/index.ts';
import type { TemplateExpressionSegment } from '../../../runtime/src/expr/index.ts';
import { printAst, slice } from './print-ast.ts';

function templatesOf(text: string, base = 0): TemplateExpressionSegment[] {
  return findTemplates(text, base).filter((segment): segment is TemplateExpressionSegment => segment.kind === 'template');
}

void describe('findTemplates', () => {
  void it('splits text and templates with document ranges', () => {
    const document = 'body: Hello <<input.name>>, you owe << steps.bill.output.total >>!';
    const base = 6;
    const segments = findTemplates(document.slice(base), base);
    assert.deepEqual(
      segments.map((segment) => [segment.kind, slice(document, segment.range)]),
      [
        ['text', 'Hello '],
        ['template', '<<input.name>>'],
        ['text', ', you owe '],
        ['template', '<< steps.bill.output.total >>'],
        ['text', '!'],
      ],
    );
    const [first, second] = templatesOf(document.slice(base), base);
    assert.equal(first.source, 'input.name');
    assert.equal(slice(document, first.innerRange), 'input.name');
    assert.equal(printAst(first.ast), '(. input name)');
    assert.ok(second.ast?.kind === 'Member');
    assert.equal(slice(document, second.ast.nameRange), 'total');
    assert.deepEqual(second.errors, []);
    assert.equal(second.closed, true);
  });

  void it('gives only text for a string without templates', () => {
    assert.deepEqual(findTemplates('plain', 3), [{ kind: 'text', text: 'plain', range: { start: 3, end: 8 } }]);
    assert.deepEqual(findTemplates(''), []);
  });

  void it('runs an unterminated template to the end with a missing >> error on the <<', () => {
    const text = 'Hi <<steps.';
    const [template] = templatesOf(text);
    assert.equal(template.closed, false);
    assert.deepEqual(template.range, { start: 3, end: 11 });
    assert.equal(template.source, 'steps.');
    assert.equal(printAst(template.ast), "(. steps '')");
    assert.equal(template.errors[0].message, "missing '>>' to close the template");
    assert.deepEqual(template.errors[0].range, { start: 3, end: 5 });
  });

  void it('does not end a template at >> inside a quoted string', () => {
    const [template] = templatesOf("<< 'a >> b' + x >> tail");
    assert.equal(template.source, " 'a >> b' + x ");
    assert.equal(printAst(template.ast), '(+ "a >> b" x)');
  });

  void it('ends at the first >> when a quote is never closed', () => {
    const segments = findTemplates("<<input['na>> rest");
    assert.equal(segments[0].kind, 'template');
    assert.equal((segments[0] as TemplateExpressionSegment).source, "input['na");
    assert.deepEqual(segments[1], { kind: 'text', text: ' rest', range: { start: 13, end: 18 } });
  });

  void it('reports an empty template over its brackets', () => {
    const [template] = templatesOf('x <<  >>');
    assert.equal(template.ast, null);
    assert.deepEqual(template.errors, [{ message: 'empty template: write an expression between << and >>', range: { start: 2, end: 8 } }]);
  });

  void it('reports syntax errors inside a template at document offsets', () => {
    const [template] = templatesOf('ab<<input.__proto__>>', 10);
    assert.deepEqual(template.errors, [{ message: "'__proto__' is not allowed in expressions", range: { start: 20, end: 29 } }]);
  });
});

void describe('isWholeTemplate and containsTemplate', () => {
  void it('is whole when the trimmed text is exactly one template', () => {
    assert.equal(isWholeTemplate('<<steps.a.output>>'), true);
    assert.equal(isWholeTemplate('  <<steps.a.output>>\n'), true);
    assert.equal(isWholeTemplate("<<'>>'>>"), true);
    assert.equal(isWholeTemplate('<<a>> <<b>>'), false);
    assert.equal(isWholeTemplate('x <<a>>'), false);
    assert.equal(isWholeTemplate('<<a>>!'), false);
    assert.equal(isWholeTemplate('<<a'), false);
    assert.equal(isWholeTemplate('plain'), false);
  });

  void it('contains a template when there is a << at all', () => {
    assert.equal(containsTemplate('a <<b>>'), true);
    assert.equal(containsTemplate('a <<b'), true);
    assert.equal(containsTemplate('a < b >> c'), false);
  });
});

void describe('findTemplates: robustness', () => {
  void it('never throws on random text and keeps segments contiguous', () => {
    const alphabet = ['<<', '>>', '<', '>', "'", '"', '\\', 'a', '.', ' ', 'steps', '(', ')', '#', '\n'];
    let seed = 3;
    const random = (n: number): number => {
      seed = (seed * 1103515245 + 12345) % 2147483648;
      return seed % n;
    };
    for (let i = 0; i < 3000; i++) {
      let text = '';
      const length = random(30);
      for (let j = 0; j < length; j++) text += alphabet[random(alphabet.length)];
      const segments = findTemplates(text, 5);
      let position = 5;
      for (const segment of segments) {
        assert.equal(segment.range.start, position, text);
        position = segment.range.end;
      }
      assert.equal(position, 5 + text.length, text);
      assert.equal(segments.map((segment) => text.slice(segment.range.start - 5, segment.range.end - 5)).join(''), text);
    }
  });
});
