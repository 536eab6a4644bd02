// Template sites: where templates and conditions are found, their contexts, and the parses kept
// from one analysis of a document to the next, which must give exactly what a fresh parse gives
// whatever the edit (same offsets, moved text, repeats within a document, every scalar style).

import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { analyzeText } from '../../../runtime/src/analysis/analyze.ts';
import { collectTemplateSites, scalarSource, type TemplateSite } from '../../../runtime/src/analysis/template-sites.ts';
import { findTemplateExpressions } from '../../../runtime/src/expr/index.ts';
import { parseWorkflow } from '../../../runtime/src/language/parse-workflow.ts';
import { generateWorkflow } from '../../../bench/generate-workflow.ts';

const WORKFLOW = `name: Sites
vars: { greeting: "<<input.name>>", plain: hello }
output: { total: "<<steps.sum.output.result>>", list: ["<<vars.greeting>>", 3] }
steps:
  - stepSlug: start
    stepType: trigger
    config: { type: manual }
    nextSteps: { success: check }
  - stepSlug: check
    stepType: condition
    config: { expression: "<<input.count>> > 3 && <<vars.greeting>> != ''" }
    nextSteps: { "true": each, "false": end }
  - stepSlug: each
    stepType: loop
    config: { items: "<<input.items>>", itemVariable: item, collect: "<<item.id>>" }
    nextSteps: { next: sum, done: end }
  - stepSlug: sum
    stepType: action
    config:
      type: log
      outputSchema: { description: "<<not.a.template>>" }
      parameters:
        message: 'single <<item.name>> and ''quoted'''
        escaped: "tab\\t<<loop.index>>"
        block: |
          line <<lower(item.name)>>
          again <<item.name
        folded: >-
          <<vars.greeting>>
        plain: <<item.id>> plain
    nextSteps: { success: each }
`;

/**
 * Sites as plain data (contexts by kind and step slug) for comparison; each template as its
 * readers see it, with its tree at its place in the document (a reused one shares the tree it
 * was parsed with, and moves it on request).
 */
function plainSites(sites: TemplateSite[]): unknown[] {
  return sites.map((site) => ({
    ...site,
    context: `${site.context.kind}:${'step' in site.context ? site.context.step.slug : ''}`,
    templates: site.templates.map(({ range, innerRange, ast, errors }) => ({ range, innerRange, ast, errors })),
  }));
}

let freshCount = 0;
/** Sites from a file name never used before, so nothing is reused. */
function freshSites(text: string): unknown[] {
  return plainSites(collectTemplateSites(parseWorkflow(text, `fresh-${freshCount++}.flow.yaml`)));
}

void describe('collectTemplateSites', () => {
  void it('finds templates in config, output and vars, with their contexts, and skips outputSchema', () => {
    const sites = collectTemplateSites(parseWorkflow(WORKFLOW, 'sites.flow.yaml'));
    const found = sites.map((site) => `${site.context.kind}:${site.isCondition ? 'condition' : site.templates.length}:${WORKFLOW.slice(site.node.start, site.node.end).split('\n')[0]}`);
    assert.deepEqual(found, [
      'step:condition:"<<input.count>> > 3 && <<vars.greeting>> != \'\'"',
      'step:1:"<<input.items>>"',
      'collect:1:"<<item.id>>"',
      "step:1:'single <<item.name>> and ''quoted'''",
      'step:1:"tab\\t<<loop.index>>"',
      'step:2:|',
      'step:1:>-',
      'step:1:<<item.id>> plain',
      'output:1:"<<steps.sum.output.result>>"',
      'output:1:"<<vars.greeting>>"',
      'vars:1:"<<input.name>>"',
    ]);
    const escaped = sites.find((site) => WORKFLOW.slice(site.node.start, site.node.end).startsWith('"tab'));
    assert.equal(escaped?.exact, false);
  });

  void it('reuses parses across versions of a document exactly as fresh parses would give them', () => {
    let text = WORKFLOW + generateWorkflow(40).slice(generateWorkflow(40).indexOf('  - stepSlug: a0'));
    let seed = 11;
    const random = (): number => ((seed = (seed * 1103515245 + 12345) & 0x7fffffff) / 0x7fffffff);
    const edits = ['x', ' ', '<<', '>>', 'a0', '\n', '"', "'", '# note\n', ''];
    for (let version = 0; version < 40; version++) {
      const at = Math.floor(random() * text.length);
      const insert = edits[Math.floor(random() * edits.length)]!;
      text = insert === '' ? text.slice(0, at) + text.slice(at + 3) : text.slice(0, at) + insert + text.slice(at);
      const reused = plainSites(collectTemplateSites(parseWorkflow(text, 'edited.flow.yaml')));
      assert.deepEqual(reused, freshSites(text), `version ${version}`);
    }
  });

  void it('gives repeated text at other offsets its own ranges', () => {
    const text = generateWorkflow(60);
    const sites = collectTemplateSites(parseWorkflow(text, 'repeats.flow.yaml'));
    for (const site of sites) {
      for (const template of site.templates) {
        if (site.exact) assert.ok(text.slice(template.range.start, template.range.end).startsWith(site.isCondition ? '' : '<<'));
      }
    }
    assert.deepEqual(plainSites(sites), freshSites(text));
    // The same text again: every parse is reused, and the result is the same.
    assert.deepEqual(plainSites(collectTemplateSites(parseWorkflow(text, 'repeats.flow.yaml'))), freshSites(text));
  });

  void it('reports the faults of a moved template where it is now', () => {
    // Faults of every kind the reference check finds, in templates all through a workflow.
    let block = 0;
    const text0 = generateWorkflow(60)
      .replace(/lastScore: "<<steps\.l(\d+)\.output\.score>>"/g, (whole, n: string) => (Number(n) % 2 === 0 ? `lastScore: "<<steps.l${n}x.output.score>>"` : whole))
      .replace(/<<upper\(/g, () => (block++ % 2 === 0 ? '<<uper(' : '<<upper('))
      .replace(/\(#<<loop\.index>>\)/g, '(#<<loop.index +>>)')
      .replace(/<<input\.limit>>/g, '<<input.limitx>>');
    let text = text0;
    let seed = 5;
    const random = (): number => ((seed = (seed * 1103515245 + 12345) & 0x7fffffff) / 0x7fffffff);
    let faults = 0;
    for (let version = 0; version < 25; version++) {
      // Edits that move everything after them: characters typed into, or taken out of, a step's name.
      const at = text.indexOf('name: Query customers', Math.floor(random() * text.length * 0.8));
      if (at === -1) continue;
      const after = at + 'name: '.length;
      text = version % 3 === 2 ? text.slice(0, after) + text.slice(after + 2) : text.slice(0, after) + 'xyz'.slice(0, 1 + (version % 3)) + text.slice(after);
      const reused = analyzeText(text, { file: 'moving.flow.yaml' }).diagnostics;
      const fresh = analyzeText(text, { file: `moving-fresh-${version}.flow.yaml` }).diagnostics;
      assert.deepEqual(reused, fresh, `version ${version}`);
      faults = fresh.length;
    }
    assert.ok(faults >= 10, `only ${faults} faults to compare`);
  });

  void it('gives each repeat of a template within one analysis the tree and faults a parse of its own text gives', () => {
    // Repeats of sound and faulty templates, in every scalar style, next to unique ones.
    const repeats = [
      '"<<steps.a0.output.count>> and <<uper(steps.a0.output.count)>>"',
      "'<<steps.a0.output.count>> and <<loop.index +>>'",
      '<<steps.a0.output.count>> plain <<  >>',
      '"tab\\t<<loop.index +>> <<steps.a0.output.count>>"',
      '"<<steps.a0.output.count"',
    ];
    let n = 0;
    const text = generateWorkflow(120).replace(/message: "([^"\n]*)"/g, () => `message: ${repeats[n++ % repeats.length]!}`);
    assert.ok(n >= 2 * repeats.length, `only ${n} messages replaced`);
    const sites = collectTemplateSites(parseWorkflow(text, 'repeated-templates.flow.yaml'));
    let shared = 0;
    for (const site of sites) {
      if (site.isCondition) continue;
      const { source, base } = scalarSource(site.node, text);
      const own = findTemplateExpressions(source, base).map(({ range, innerRange, ast, errors }) => ({ range, innerRange, ast, errors }));
      assert.deepEqual(site.templates.map(({ range, innerRange, ast, errors }) => ({ range, innerRange, ast, errors })), own, text.slice(site.node.start, site.node.end));
      shared += site.templates.filter((template) => template.shift !== 0).length;
    }
    // The repeats really were shared, not parsed again.
    assert.ok(shared >= 4 * repeats.length, `only ${shared} templates shared a tree`);
  });
});
