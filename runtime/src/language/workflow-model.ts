// The typed workflow model: what a workflow file says, with the syntax node of every part kept
// beside its value so diagnostics, hovers and renames can point at the exact text. The model is
// forgiving: a malformed part is left undefined here and reported by the schema check.

import type { Diagnostic } from './diagnostic.ts';
import type { LineIndex } from './line-index.ts';
import type { YMap, YNode, YScalar, YSeq } from './yaml-tree.ts';

export interface InputDeclaration {
  name: string;
  keyNode: YScalar;
  node: YNode | null;
  /** The JSON Schema subset written for this input (type, default, enum, minimum …). */
  schema: Record<string, unknown>;
  type?: string;
  required: boolean;
  hasDefault: boolean;
}

export interface SecretDeclaration {
  name: string;
  node: YScalar;
}

export interface VariableDeclaration {
  name: string;
  keyNode: YScalar;
  valueNode: YNode | null;
}

export interface RetryPolicy {
  maxAttempts: number;
  backoff: 'exponential' | 'fixed';
  initialDelayMs: number;
  maxDelayMs: number;
}

export interface WorkflowSettings {
  node?: YMap;
  maxSteps?: number;
  timeoutMs?: number;
  retry?: Partial<RetryPolicy>;
}

export interface PortEdge {
  port: string;
  portNode: YScalar;
  /** The target slug, `end` or `fail`; undefined when the value is not a string. */
  target?: string;
  targetNode: YNode | null;
}

export interface Step {
  /** Position in the `steps` list. */
  index: number;
  node: YNode;
  slug?: string;
  slugNode?: YScalar;
  type?: string;
  typeNode?: YScalar;
  name?: string;
  description?: string;
  config?: YMap;
  configNode?: YNode | null;
  nextSteps: PortEdge[];
  nextStepsNode?: YMap;
  retry?: Partial<RetryPolicy>;
  timeoutMs?: number;
}

export interface Workflow {
  name?: string;
  nameNode?: YScalar;
  description?: string;
  inputs: InputDeclaration[];
  inputsNode?: YMap;
  secrets: SecretDeclaration[];
  secretsNode?: YSeq;
  vars: VariableDeclaration[];
  varsNode?: YMap;
  settings: WorkflowSettings;
  outputNode?: YNode | null;
  steps: Step[];
  stepsNode?: YSeq;
  /** Steps by slug; the first one wins when slugs repeat (the duplicate is reported). */
  stepsBySlug: Map<string, Step>;
}

export interface WorkflowDocument {
  text: string;
  /** The file path or URI, for messages and for resolving relative paths. */
  file?: string;
  /** `json` when the file name ends in .json; both are parsed by the same YAML 1.2 parser. */
  format: 'yaml' | 'json';
  root: YNode | null;
  workflow: Workflow;
  /** Syntax errors found while parsing (the analyzer adds the rest). */
  syntaxDiagnostics: Diagnostic[];
  lines: LineIndex;
}
