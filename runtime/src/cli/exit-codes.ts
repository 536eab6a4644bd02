// The exit statuses every command shares (spec §8): success, a failed check or run, and a usage
// problem (bad arguments, a missing file, an invalid workflow for `run`).

export const EXIT_OK = 0;
export const EXIT_FAILURE = 1;
export const EXIT_USAGE = 2;
