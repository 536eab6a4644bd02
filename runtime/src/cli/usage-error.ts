// A mistake in how the command was called (unknown option, missing or nonexistent file). The
// dispatcher prints its message on one line with a pointer to the help and exits with status 2.

export class UsageError extends Error {
  readonly code = 'usage';

  constructor(message: string) {
    super(message);
    this.name = 'UsageError';
  }
}
