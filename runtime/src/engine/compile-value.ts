// Turns a templated config value (a YAML node) into a render function, once per run: strings
// are parsed into compiled templates up front, so rendering a step's parameters is a walk over
// closures with no parsing and no regex. Constant scalars come back as they are; objects and
// arrays are rebuilt on every render so an action that mutates its parameters cannot change
// what the next iteration receives. Errors name the config key that failed.

import { ExpressionRuntimeError, compileTemplateString, renderCompiledTemplate } from '../expr/index.ts';
import type { EvaluationContext } from '../expr/index.ts';
import type { YNode } from '../language/yaml-tree.ts';

export type ValueRenderer = (context: EvaluationContext) => unknown;

/** `where` is the key path for messages, e.g. `parameters.to`. */
export function compileValue(node: YNode | null | undefined, where: string): ValueRenderer {
  if (!node) return () => null;
  switch (node.kind) {
    case 'scalar':
      return typeof node.value === 'string' ? compileString(node.value, where) : constant(node.value);
    case 'seq': {
      const items = node.items.map((item, index) => compileValue(item, `${where}[${index}]`));
      return (context) => {
        const result = new Array<unknown>(items.length);
        for (let i = 0; i < items.length; i++) result[i] = items[i]!(context);
        return result;
      };
    }
    case 'map': {
      const keys = node.pairs.map((pair) => String(pair.key.value));
      const values = node.pairs.map((pair, index) => compileValue(pair.value, where === '' ? keys[index]! : `${where}.${keys[index]!}`));
      const hasProtoKey = keys.includes('__proto__');
      return (context) => {
        const result: Record<string, unknown> = {};
        for (let i = 0; i < keys.length; i++) {
          const value = values[i]!(context);
          // A plain assignment to `__proto__` would replace the prototype instead of adding a key.
          if (hasProtoKey && keys[i] === '__proto__') Object.defineProperty(result, '__proto__', { value, enumerable: true, writable: true, configurable: true });
          else result[keys[i]!] = value;
        }
        return result;
      };
    }
  }
}

/** A plain string that may hold templates (prompts, expressions given as text). */
export function compileString(text: string, where: string): ValueRenderer {
  if (!text.includes('<<')) return constant(text);
  const compiled = compileTemplateString(text);
  return (context) => {
    try {
      return renderCompiledTemplate(compiled, context);
    } catch (error) {
      throw locate(error, where);
    }
  };
}

function constant(value: unknown): ValueRenderer {
  return () => value;
}

function locate(error: unknown, where: string): unknown {
  if (!(error instanceof ExpressionRuntimeError) || where === '') return error;
  return new ExpressionRuntimeError(error.code, `${where}: ${error.message}`, error.range);
}
