// What templates see from one fiber (spec §5 roots): `input`, `vars`, `steps` with the scope rule
// of spec §4 (an iteration's own record of X, else the enclosing scope's), `loop`, item aliases,
// `secrets`, `execution`, `workflow`. One scope object per fiber, created on first use.

import type { EvaluationContext } from '../expr/index.ts';
import { lookupRecord, visibleRecords, type Fiber, type RunState } from './run-state.ts';

export class FiberScope implements EvaluationContext {
  readonly #state: RunState;
  readonly #fiber: Fiber;
  #steps: object | undefined;

  constructor(state: RunState, fiber: Fiber) {
    this.#state = state;
    this.#fiber = fiber;
  }

  resolveRoot(name: string): unknown {
    switch (name) {
      case 'input':
        return this.#state.input;
      case 'vars':
        return this.#state.vars;
      case 'steps':
        return (this.#steps ??= stepsView(this.#fiber));
      case 'loop':
        return this.#fiber.loop;
      case 'secrets':
        return this.#state.secrets;
      case 'execution':
        return this.#state.execution;
      case 'workflow':
        return this.#state.workflowInfo;
      case '$now':
        // Undefined lets the evaluator use its own clock for `$now`.
        return undefined;
      default: {
        const aliases = this.#fiber.aliases;
        return aliases !== null && Object.hasOwn(aliases, name) ? aliases[name] : undefined;
      }
    }
  }
}

export function scopeOf(state: RunState, fiber: Fiber): FiberScope {
  return (fiber.scope ??= new FiberScope(state, fiber)) as FiberScope;
}

/**
 * The main fiber's records are the view itself. An inner fiber gets a read-only proxy that looks
 * up its scope chain, so no merged copy is made per step; the evaluator reads own properties only,
 * which the descriptor trap answers.
 */
function stepsView(fiber: Fiber): object {
  if (fiber.parent === null) return fiber.records;
  return new Proxy(Object.create(null) as object, {
    get: (_target, key) => (typeof key === 'string' ? lookupRecord(fiber, key) : undefined),
    has: (_target, key) => typeof key === 'string' && lookupRecord(fiber, key) !== undefined,
    getOwnPropertyDescriptor: (_target, key) => {
      const value = typeof key === 'string' ? lookupRecord(fiber, key) : undefined;
      return value === undefined ? undefined : { value, writable: false, enumerable: true, configurable: true };
    },
    ownKeys: () => Object.keys(visibleRecords(fiber)),
    set: () => false,
    defineProperty: () => false,
    deleteProperty: () => false,
  });
}
