// Checks every `<< >>` template: syntax, function calls, and each reference path against the
// scopes of spec §4 and §9 — steps that have not (or not always) run, `loop.*` and item aliases
// outside their loop, undeclared secrets, unknown inputs and vars, and output fields that the
// step's output shape says cannot exist (an error for closed shapes, a warning for open ones).

import { closestMatch } from '../catalog/similar.ts';
import { FUNCTIONS, collectReferences, pushChildExpressions, type Expr, type ReferencePath } from '../expr/index.ts';
import { diagnostic, type Diagnostic, type DiagnosticCode } from '../language/diagnostic.ts';
import { shiftRange, spanOf, type SourceRange } from '../language/source-range.ts';
import type { Step } from '../language/workflow-model.ts';
import type { AnalysisContext } from './analysis-context.ts';
import { lookupField, outputShapeOf, type JsonSchema } from './output-shapes.ts';
import { EXECUTION_FIELDS, LOOP_FIELDS, ROOT_NAMES, STEP_FIELDS, WORKFLOW_FIELDS, itemVariableOf, knownVariables, scopeFor, type ReferenceScope } from './reference-scope.ts';
import { isOnErrorPath, ranBefore, type RunOrder } from './run-order.ts';
import type { StepGraph } from './step-graph.ts';
import type { SiteContext, TemplateSite } from './template-sites.ts';

export function checkReferences(context: AnalysisContext, graph: StepGraph, order: RunOrder, sites: readonly TemplateSite[]): void {
  const checker = new ReferenceChecker(context, graph, order);
  for (const site of sites) checker.checkSite(site);
}

class ReferenceChecker {
  private readonly context: AnalysisContext;
  private readonly graph: StepGraph;
  private readonly order: RunOrder;
  private readonly variables: Map<string, { step?: Step }>;
  private readonly secrets: Set<string>;
  private readonly inputs: Set<string>;
  private readonly aliasOwners = new Map<string, Step[]>();
  /** Scopes by context: one per step (and per loop's `collect`), plus `output` and `vars`. */
  private readonly stepScopes = new Map<Step, ReferenceScope>();
  private readonly collectScopes = new Map<Step, ReferenceScope>();
  private readonly otherScopes = new Map<string, ReferenceScope>();
  private readonly shapes = new Map<Step, JsonSchema | null>();
  private site!: TemplateSite;
  /** How far the template being checked lies from where its tree was parsed (see ParsedTemplate). */
  private shift = 0;
  private lastContext: SiteContext | undefined;
  private lastScope: ReferenceScope | undefined;

  constructor(context: AnalysisContext, graph: StepGraph, order: RunOrder) {
    this.context = context;
    this.graph = graph;
    this.order = order;
    const { workflow } = context.document;
    this.variables = knownVariables(workflow);
    this.secrets = new Set(workflow.secrets.map((secret) => secret.name));
    this.inputs = new Set(workflow.inputs.map((input) => input.name));
    for (const step of workflow.steps) {
      const alias = step.type === 'loop' ? itemVariableOf(step) : undefined;
      if (!alias) continue;
      const owners = this.aliasOwners.get(alias);
      if (owners) owners.push(step);
      else this.aliasOwners.set(alias, [step]);
    }
  }

  checkSite(site: TemplateSite): void {
    this.site = site;
    const scope = this.scopeOf(site);
    // The trees as parsed, wherever that was: `report` moves the ranges it reports by the shift.
    for (const template of site.templates) {
      this.shift = template.shift;
      const { parsedAst: ast, parsedErrors: errors } = template;
      for (const error of errors) this.report('invalid-expression', error.message, error.range);
      if (!ast) continue;
      if (ast.kind === 'Missing' && errors.length === 0) this.reportAt('invalid-expression', 'Empty template: write an expression between `<<` and `>>`.', template.range);
      this.checkCalls(ast);
      // A template that does not parse is reported once; its references would only add noise.
      if (errors.length > 0) continue;
      for (const reference of collectReferences(ast)) this.checkReference(reference, scope);
    }
    this.shift = 0;
  }

  private scopeOf(site: TemplateSite): ReferenceScope {
    const { context } = site;
    // A step's sites come one after another and share one context object.
    if (context === this.lastContext) return this.lastScope!;
    this.lastContext = context;
    return (this.lastScope = this.scopeForContext(context));
  }

  private scopeForContext(context: SiteContext): ReferenceScope {
    if (context.kind === 'step' || context.kind === 'collect') {
      const scopes = context.kind === 'step' ? this.stepScopes : this.collectScopes;
      let scope = scopes.get(context.step);
      if (!scope) scopes.set(context.step, (scope = scopeFor(context, this.graph, this.order)));
      return scope;
    }
    let scope = this.otherScopes.get(context.kind);
    if (!scope) this.otherScopes.set(context.kind, (scope = scopeFor(context, this.graph, this.order)));
    return scope;
  }

  /** Reports at `range` of the template's tree, moved to where the template is now. */
  private report(code: DiagnosticCode, message: string, range: SourceRange, extra: Partial<Pick<Diagnostic, 'related' | 'data'>> = {}): void {
    this.reportAt(code, message, this.shift === 0 ? range : shiftRange(range, this.shift), extra);
  }

  /** Reports at `range` of the document. */
  private reportAt(code: DiagnosticCode, message: string, range: SourceRange, extra: Partial<Pick<Diagnostic, 'related' | 'data'>> = {}): void {
    // Offsets inside a scalar with escapes are approximate: point at the whole value instead.
    this.context.report(diagnostic(code, message, this.site.exact ? range : spanOf(this.site.node), extra));
  }

  private checkCalls(ast: Expr): void {
    // Only calls are checked here: a tree without any (most templates) is skipped at once.
    if (!hasCall(ast)) return;
    const stack: Expr[] = [ast];
    while (stack.length > 0) {
      const node = stack.pop()!;
      if (node.kind === 'Call') {
        const fn = FUNCTIONS[node.callee.name];
        if (!fn) {
          const suggestion = closestMatch(node.callee.name, Object.keys(FUNCTIONS));
          this.report('invalid-expression', `Unknown function \`${node.callee.name}\`${suggestion ? `. Did you mean \`${suggestion}\`?` : ''} Functions: ${Object.keys(FUNCTIONS).join(', ')}.`, node.callee.range, {
            data: suggestion ? { suggestion } : {},
          });
        } else if (node.closed && (node.args.length < fn.minArgs || node.args.length > fn.maxArgs)) {
          this.report('invalid-expression', `\`${fn.signature}\` takes ${fn.minArgs === fn.maxArgs ? fn.minArgs : `${fn.minArgs} to ${fn.maxArgs}`} argument${fn.maxArgs === 1 ? '' : 's'}, not ${node.args.length}.`, node.range);
        }
      }
      pushChildExpressions(node, stack);
    }
  }

  private checkReference(reference: ReferencePath, scope: ReferenceScope): void {
    const { root, rootRange, segments } = reference;
    const first = segments[0];
    const firstName = first && typeof first.name === 'string' && first.name !== '' ? first.name : undefined;
    switch (root) {
      case 'steps':
        return this.checkStepReference(reference, scope);
      case 'input':
        if (firstName !== undefined && this.inputs.size > 0 && !this.inputs.has(firstName)) {
          const suggestion = closestMatch(firstName, [...this.inputs]);
          this.report('unknown-input', `Unknown input \`${firstName}\`${suggestion ? `. Did you mean \`${suggestion}\`?` : '.'} Declare it under \`inputs:\`.`, first!.range, {
            data: { name: firstName, ...(suggestion ? { suggestion } : {}) },
          });
        }
        return;
      case 'vars':
        if (firstName !== undefined && !this.variables.has(firstName)) {
          this.unknownName('variable', firstName, first!.range, [...this.variables.keys()], 'Declare it under `vars:` or set it with a `set_variables` step');
        }
        return;
      case 'secrets':
        if (firstName !== undefined && !this.secrets.has(firstName)) {
          this.report('undeclared-secret', `Secret \`${firstName}\` is not declared: add it to \`secrets:\` (its value comes from the environment or .env, never from the file).`, first!.range, { data: { name: firstName } });
        }
        return;
      case 'loop':
        return this.checkLoopReference(reference, scope);
      case 'execution':
        return this.checkFixedFields('execution', firstName, first?.range, EXECUTION_FIELDS);
      case 'workflow':
        return this.checkFixedFields('workflow', firstName, first?.range, WORKFLOW_FIELDS);
      case '$now':
        return;
      default: {
        if (scope.aliases.has(root)) return;
        const owners = this.aliasOwners.get(root);
        if (owners) {
          this.report('loop-outside-scope', `\`${root}\` is the item of loop \`${owners[0]!.slug}\` and exists only inside that loop’s body.`, rootRange);
          return;
        }
        const candidates = [...ROOT_NAMES, ...scope.aliases.keys()];
        const suggestion = closestMatch(root, candidates);
        this.report('unknown-reference', `Unknown name \`${root}\`${suggestion ? `. Did you mean \`${suggestion}\`?` : ''} Templates start with ${ROOT_NAMES.map((name) => `\`${name}\``).join(', ')} or a loop’s item variable.`, rootRange, {
          data: suggestion ? { suggestion } : {},
        });
      }
    }
  }

  private checkFixedFields(root: string, name: string | undefined, range: SourceRange | undefined, fields: readonly string[]): void {
    if (name === undefined || !range || fields.includes(name)) return;
    const suggestion = closestMatch(name, fields);
    this.report('unknown-reference', `\`${root}\` has no field \`${name}\`${suggestion ? `. Did you mean \`${suggestion}\`?` : ''} Fields: ${fields.join(', ')}.`, range, { data: suggestion ? { suggestion } : {} });
  }

  private unknownName(kind: string, name: string, range: SourceRange, known: string[], advice: string): void {
    const suggestion = closestMatch(name, known);
    this.report('unknown-reference', `Unknown ${kind} \`${name}\`${suggestion ? `. Did you mean \`${suggestion}\`?` : '.'} ${advice}.`, range, { data: suggestion ? { suggestion } : {} });
  }

  private checkLoopReference(reference: ReferencePath, scope: ReferenceScope): void {
    if (scope.loops.length === 0) {
      this.report('loop-outside-scope', '`loop` exists only inside a loop’s body (steps reached from its `next` port) and in its `collect`.', reference.rootRange);
      return;
    }
    // `loop.parent.parent.item` walks outwards one loop per `parent`.
    let depth = scope.loops.length - 1;
    for (const segment of reference.segments) {
      if (typeof segment.name !== 'string' || segment.name === '') return;
      if (segment.name === 'parent') {
        depth--;
        if (depth < 0) {
          this.report('loop-outside-scope', '`loop.parent` needs an enclosing loop: this loop is not nested in another one.', segment.range);
          return;
        }
        continue;
      }
      if (!LOOP_FIELDS.includes(segment.name)) {
        const suggestion = closestMatch(segment.name, LOOP_FIELDS);
        this.report('unknown-reference', `\`loop\` has no field \`${segment.name}\`${suggestion ? `. Did you mean \`${suggestion}\`?` : ''} Fields: item, index, parent.`, segment.range, { data: suggestion ? { suggestion } : {} });
      }
      return;
    }
  }

  private checkStepReference(reference: ReferencePath, scope: ReferenceScope): void {
    const segments = reference.segments;
    const slugSegment = segments[0];
    const fieldSegment = segments[1];
    if (!slugSegment || typeof slugSegment.name !== 'string' || slugSegment.name === '') return;
    const slug = slugSegment.name;
    const target = this.context.document.workflow.stepsBySlug.get(slug);
    if (!target) {
      const suggestion = closestMatch(slug, [...this.context.document.workflow.stepsBySlug.keys()]);
      this.report('unknown-reference', `No step \`${slug}\` in this workflow${suggestion ? `. Did you mean \`${suggestion}\`?` : '.'}`, slugSegment.range, { data: suggestion ? { suggestion } : {} });
      return;
    }
    const self = scope.context.kind === 'step' && scope.context.step === target;
    const ran = self ? 'never' : ranBefore(scope.facts, target);
    if (ran === 'never') {
      const where = scope.context.kind === 'vars' ? 'Initial `vars` are evaluated before any step runs' : self ? 'A step cannot read its own result' : `\`${slug}\` has not run on any path to here`;
      this.report('reference-not-yet-run', `${where}: \`steps.${slug}\` is not available here.`, slugSegment.range, {
        related: [{ message: `\`${slug}\` defined here`, range: spanOf(target.slugNode ?? target.node) }],
      });
      return;
    }
    if (ran === 'sometimes') {
      this.report('reference-maybe-not-run', `\`${slug}\` runs on some paths to here but not all: \`steps.${slug}\` may be null. Use \`default(steps.${slug}.output, …)\` or restructure.`, slugSegment.range, {
        related: [{ message: `\`${slug}\` defined here`, range: spanOf(target.slugNode ?? target.node) }],
      });
    }
    if (!fieldSegment || typeof fieldSegment.name !== 'string' || fieldSegment.name === '') return;
    const field = fieldSegment.name;
    if (!STEP_FIELDS.includes(field)) {
      const suggestion = closestMatch(field, STEP_FIELDS);
      this.report('unknown-reference', `A step record has no field \`${field}\`${suggestion ? `. Did you mean \`${suggestion}\`?` : ''} Fields: ${STEP_FIELDS.join(', ')}.`, fieldSegment.range, {
        data: suggestion ? { suggestion } : {},
      });
      return;
    }
    if (field === 'error' && scope.context.kind === 'step' && !isOnErrorPath(scope.facts, target)) {
      this.report('error-reference-outside-error-path', `\`steps.${slug}.error\` is set only when \`${slug}\` fails; this step is not on a path from its \`error\` port, so it reads null.`, fieldSegment.range);
    }
    if (field === 'output') this.checkOutputPath(target, segments, 2);
  }

  private shapeOf(step: Step): JsonSchema | null {
    if (!this.shapes.has(step)) {
      const shape = outputShapeOf(step, this.context.document.workflow, this.context.catalog, this.context.observedOutputs);
      this.shapes.set(step, shape?.schema ?? null);
    }
    return this.shapes.get(step)!;
  }

  /** Checks `segments` from index `from` on against the step's output shape. */
  private checkOutputPath(step: Step, segments: ReferencePath['segments'], from: number): void {
    let schema = this.shapeOf(step);
    const walked: string[] = [];
    for (let index = from; index < segments.length; index++) {
      const segment = segments[index]!;
      if (!schema) return;
      if (segment.name === '') return;
      const lookup = lookupField(schema, segment.name);
      if (lookup.kind === 'opaque') return;
      if (lookup.kind === 'found') {
        schema = lookup.schema;
        walked.push(String(segment.name));
        continue;
      }
      const name = String(segment.name);
      const suggestion = closestMatch(name, lookup.known);
      const where = `\`steps.${step.slug}.output${walked.map((part) => `.${part}`).join('')}\``;
      const message = `${where} has no field \`${name}\`${suggestion ? `. Did you mean \`${suggestion}\`?` : ''}${lookup.known.length > 0 ? ` Known fields: ${lookup.known.join(', ')}.` : ''}`;
      this.report(lookup.closed ? 'unknown-reference' : 'unknown-field', lookup.closed ? message : `${message} (the shape is open, so it may still exist at run time)`, segment.range, {
        data: suggestion ? { suggestion } : {},
      });
      return;
    }
  }
}

/** Whether a call appears anywhere in the tree; paths of members and indexes are walked without a stack. */
function hasCall(node: Expr): boolean {
  for (;;) {
    switch (node.kind) {
      case 'Call':
        return true;
      case 'Member':
        node = node.object;
        continue;
      case 'Identifier':
      case 'Literal':
      case 'Missing':
      case 'Invalid':
        return false;
      default: {
        const children: Expr[] = [];
        pushChildExpressions(node, children);
        return children.some(hasCall);
      }
    }
  }
}
