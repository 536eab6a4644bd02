// Flags `{{ … }}` in string values of config, output and vars (`mustache-template`): Stepline's
// templates are `<< … >>`, and `{{ }}` usually comes from a workflow imported from another tool.
// The range is the exact `{{ … }}` text, and `data.replacement` feeds the quick fix.

import { diagnostic } from '../language/diagnostic.ts';
import type { AnalysisPass } from './analysis-context.ts';
import { HAS_MUSTACHE, sourceRangeInScalar, workflowStrings, type StringList, type StringScalar } from './string-values.ts';
import { spanOf } from '../language/source-range.ts';

const MUSTACHE = /\{\{\{?([\s\S]*?)\}?\}\}/g;
const TEMPLATE = /<<[\s\S]*?>>/g;

export const checkMustache: AnalysisPass = (context) => {
  const { text } = context.document;
  const check = (node: StringScalar): void => {
    // `{{` inside a `<< >>` template is a string in an expression, not a mustache tag.
    const templates = [...node.value.matchAll(TEMPLATE)].map((match) => ({ start: match.index, end: match.index + match[0].length }));
    for (const match of node.value.matchAll(MUSTACHE)) {
      const start = match.index;
      const end = start + match[0].length;
      if (templates.some((template) => start < template.end && end > template.start)) continue;
      const inner = match[1] ?? '';
      const range = sourceRangeInScalar(text, node, start, end) ?? spanOf(node);
      // Block helpers (`{{#each}}`, `{{/if}}`, comments, partials) have no `<< >>` equivalent.
      const convertible = inner.trim() !== '' && !/^\s*[#/^!>]/.test(inner);
      const replacement = `<<${inner}>>`;
      const message = convertible
        ? `\`${match[0]}\` is not template syntax here: Stepline templates are written \`${replacement}\`.`
        : `\`${match[0]}\` is not template syntax here: Stepline has no block helpers; use a condition or loop step, or an expression in \`<< >>\`.`;
      context.report(diagnostic('mustache-template', message, range, convertible ? { data: { replacement } } : {}));
    }
  };
  const checkList = ({ nodes, marks }: StringList): void => {
    for (let i = 0; i < nodes.length; i++) if ((marks[i]! & HAS_MUSTACHE) !== 0) check(nodes[i]!);
  };
  const strings = workflowStrings(context.document);
  checkList(strings.config);
  checkList(strings.output);
  checkList(strings.vars);
};
