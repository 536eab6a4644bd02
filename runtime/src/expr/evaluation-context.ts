// What an expression can see while it runs. The engine, the debugger and tests implement it;
// the evaluator asks for roots by name and never looks anywhere else.

export interface EvaluationContext {
  /**
   * The value of a root name (`input`, `steps`, `vars`, `loop`, `secrets`, `execution`,
   * `workflow`, `$now`, a loop's item alias). Return `undefined` for a name that does not exist
   * here: the evaluator then throws "unknown name". Return `null` for a known root without a value.
   */
  resolveRoot(name: string): unknown;
  /** The clock for `now()` and `$now` (when `resolveRoot('$now')` gives nothing); defaults to the system clock. */
  now?: () => Date;
}
