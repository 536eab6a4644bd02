// Five-field cron expressions (minute hour day-of-month month day-of-week) with ranges, steps,
// lists, month and weekday names and the @hourly … @yearly macros, plus the next fire time in an
// IANA time zone. The analyzer uses the parser for exact error messages; the scheduler uses both.
//
// Day matching follows Vixie cron: when day-of-month or day-of-week starts with `*`, a day must
// match both fields; when both are restricted, either field matching is enough.

import { closestMatch } from '../catalog/similar.ts';

export type CronFieldName = 'minute' | 'hour' | 'day-of-month' | 'month' | 'day-of-week';

export interface CronSchedule {
  /** The expression as written (a macro stays a macro). */
  readonly source: string;
  /** Selected values, indexed by value: minutes 0–59, hours 0–23, days 1–31, months 1–12, weekdays 0–6 (Sunday 0). */
  readonly minutes: readonly boolean[];
  readonly hours: readonly boolean[];
  readonly daysOfMonth: readonly boolean[];
  readonly months: readonly boolean[];
  readonly daysOfWeek: readonly boolean[];
  /** Whether the field was written without a leading `*` (see the day-matching rule above). */
  readonly dayOfMonthRestricted: boolean;
  readonly dayOfWeekRestricted: boolean;
}

export interface CronError {
  readonly message: string;
  readonly field?: CronFieldName;
  /** The offending part of the expression, as offsets into the expression string. */
  readonly start: number;
  readonly end: number;
}

export type CronParseResult = { ok: true; schedule: CronSchedule } | { ok: false; error: CronError };

interface FieldSpec {
  readonly name: CronFieldName;
  readonly min: number;
  readonly max: number;
  readonly names?: readonly string[];
  /** The first name's value (JAN is 1, SUN is 0). */
  readonly firstNameValue?: number;
}

const MONTH_NAMES = ['JAN', 'FEB', 'MAR', 'APR', 'MAY', 'JUN', 'JUL', 'AUG', 'SEP', 'OCT', 'NOV', 'DEC'];
const DAY_NAMES = ['SUN', 'MON', 'TUE', 'WED', 'THU', 'FRI', 'SAT'];
const MONTH_LONG_NAMES = ['January', 'February', 'March', 'April', 'May', 'June', 'July', 'August', 'September', 'October', 'November', 'December'];

const FIELDS: readonly FieldSpec[] = [
  { name: 'minute', min: 0, max: 59 },
  { name: 'hour', min: 0, max: 23 },
  { name: 'day-of-month', min: 1, max: 31 },
  { name: 'month', min: 1, max: 12, names: MONTH_NAMES, firstNameValue: 1 },
  // 7 is Sunday too, as in most crons.
  { name: 'day-of-week', min: 0, max: 7, names: DAY_NAMES, firstNameValue: 0 },
];

export const CRON_MACROS: Readonly<Record<string, string>> = {
  '@yearly': '0 0 1 1 *',
  '@annually': '0 0 1 1 *',
  '@monthly': '0 0 1 * *',
  '@weekly': '0 0 * * 0',
  '@daily': '0 0 * * *',
  '@midnight': '0 0 * * *',
  '@hourly': '0 * * * *',
};

/** Days in each month, February counted as 29 so that leap days are possible. */
const MAX_DAYS = [31, 29, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31];

class CronSyntaxError {
  readonly error: CronError;
  constructor(error: CronError) {
    this.error = error;
  }
}

export function parseCron(expression: string): CronParseResult {
  try {
    return { ok: true, schedule: parseOrThrow(expression) };
  } catch (caught) {
    if (caught instanceof CronSyntaxError) return { ok: false, error: caught.error };
    throw caught;
  }
}

function parseOrThrow(expression: string): CronSchedule {
  const trimmed = expression.trim();
  const leading = expression.length - expression.trimStart().length;
  if (trimmed === '') throw new CronSyntaxError({ message: 'The cron expression is empty.', start: 0, end: expression.length });
  if (trimmed.startsWith('@')) {
    const macro = CRON_MACROS[trimmed.toLowerCase()];
    const where = { start: leading, end: leading + trimmed.length };
    if (trimmed.toLowerCase() === '@reboot') throw new CronSyntaxError({ message: '`@reboot` is not supported: use a manual or event trigger.', ...where });
    if (!macro) {
      const suggestion = closestMatch(trimmed.toLowerCase(), Object.keys(CRON_MACROS));
      throw new CronSyntaxError({ message: `Unknown macro \`${trimmed}\`.${suggestion ? ` Did you mean \`${suggestion}\`?` : ''} Use @hourly, @daily, @weekly, @monthly or @yearly.`, ...where });
    }
    return { ...parseFields(macro, 0, () => where), source: expression };
  }
  return { ...parseFields(expression, 0), source: expression };
}

interface Token {
  text: string;
  start: number;
}

function tokens(text: string, separator: RegExp, base: number): Token[] {
  const result: Token[] = [];
  let at = 0;
  for (const part of text.split(separator)) {
    const start = text.indexOf(part, at);
    result.push({ text: part, start: base + start });
    at = start + part.length;
  }
  return result;
}

function parseFields(expression: string, base: number, remap?: () => { start: number; end: number }): Omit<CronSchedule, 'source'> {
  const fields = tokens(expression.trim(), /\s+/, base + expression.length - expression.trimStart().length);
  if (fields.length !== 5) {
    const hint = fields.length === 6 ? ' Seconds are not supported.' : '';
    throw new CronSyntaxError({
      message: `Expected 5 fields (minute hour day-of-month month day-of-week), found ${fields.length}.${hint}`,
      start: 0,
      end: expression.length,
    });
  }
  try {
    const [minutes, hours, daysOfMonth, months, daysOfWeek] = fields.map((field, index) => parseField(field, FIELDS[index]!)) as [boolean[], boolean[], boolean[], boolean[], boolean[]];
    // Sunday may be written 7; store it as 0 so matching needs one index.
    if (daysOfWeek[7]) daysOfWeek[0] = true;
    daysOfWeek.length = 7;
    const schedule = {
      minutes,
      hours,
      daysOfMonth,
      months,
      daysOfWeek,
      dayOfMonthRestricted: !fields[2]!.text.startsWith('*'),
      dayOfWeekRestricted: !fields[4]!.text.startsWith('*'),
    };
    checkPossible(schedule, fields[2]!);
    return schedule;
  } catch (caught) {
    if (caught instanceof CronSyntaxError && remap) throw new CronSyntaxError({ ...caught.error, ...remap() });
    throw caught;
  }
}

function parseField(field: Token, spec: FieldSpec): boolean[] {
  const selected = new Array<boolean>(spec.max + 1).fill(false);
  for (const item of tokens(field.text, /,/, field.start)) {
    const fail = (message: string, start = item.start, end = item.start + item.text.length): never => {
      throw new CronSyntaxError({ message: `${spec.name} field: ${message}`, field: spec.name, start, end });
    };
    if (item.text === '') fail('empty list item (two commas in a row, or a trailing comma)', item.start, item.start + 1);
    const [rangeText = '', stepText, extra] = item.text.split('/');
    if (extra !== undefined) fail(`\`${item.text}\` has more than one \`/\``);
    let step = 1;
    if (stepText !== undefined) {
      const stepStart = item.start + rangeText.length + 1;
      if (!/^\d+$/.test(stepText) || Number(stepText) < 1) fail(`step \`${stepText}\` must be a whole number of at least 1`, stepStart, stepStart + stepText.length);
      step = Number(stepText);
    }
    let low: number;
    let high: number;
    if (rangeText === '*') {
      low = spec.min;
      high = spec.name === 'day-of-week' ? 6 : spec.max;
    } else if (rangeText === '?') {
      return fail('`?` is not supported; use `*`');
    } else {
      const dash = rangeText.indexOf('-', 1);
      const lowText = dash === -1 ? rangeText : rangeText.slice(0, dash);
      low = parseValue(lowText, item.start, spec, fail);
      if (dash !== -1) {
        high = parseValue(rangeText.slice(dash + 1), item.start + dash + 1, spec, fail);
        if (high < low) fail(`range \`${rangeText}\` is backwards: the start must not be after the end`, item.start, item.start + rangeText.length);
      } else {
        // `5/15` means "from 5 to the end, every 15", as in Vixie cron.
        high = stepText !== undefined ? spec.max : low;
      }
    }
    for (let value = low; value <= high; value += step) selected[value] = true;
  }
  return selected;
}

function parseValue(text: string, start: number, spec: FieldSpec, fail: (message: string, start?: number, end?: number) => never): number {
  const end = start + text.length;
  if (text === '') return fail('a range needs a value on both sides of `-`', start, Math.max(end, start + 1));
  if (/^\d+$/.test(text)) {
    const value = Number(text);
    if (value < spec.min || value > spec.max) return fail(`${value} is out of range ${spec.min}–${spec.max}`, start, end);
    return value;
  }
  if (spec.names) {
    const index = spec.names.indexOf(text.toUpperCase());
    if (index !== -1) return index + (spec.firstNameValue ?? 0);
    const suggestion = closestMatch(text.toUpperCase(), spec.names);
    const kind = spec.name === 'month' ? 'month' : 'weekday';
    return fail(`\`${text}\` is not a ${kind} name${suggestion ? ` (did you mean \`${suggestion}\`?)` : ''}; use ${spec.min}–${spec.max} or ${spec.names[0]}–${spec.names.at(-1)}`, start, end);
  }
  return fail(`\`${text}\` is not a number`, start, end);
}

/** A day-of-month that no selected month has (`0 0 30 2 *`) would never fire: say so now. */
function checkPossible(schedule: Omit<CronSchedule, 'source'>, dayField: Token): void {
  // With both day fields restricted, matching the weekday is enough, so some day always fires.
  if (schedule.dayOfMonthRestricted && schedule.dayOfWeekRestricted) return;
  for (let month = 1; month <= 12; month++) {
    if (!schedule.months[month]) continue;
    for (let day = 1; day <= MAX_DAYS[month - 1]!; day++) if (schedule.daysOfMonth[day]) return;
  }
  const firstDay = schedule.daysOfMonth.findIndex(Boolean);
  const monthNames = MONTH_LONG_NAMES.filter((_, index) => schedule.months[index + 1]);
  throw new CronSyntaxError({
    message: `day-of-month field: the schedule never fires: ${monthNames.join(', ')} ${monthNames.length === 1 ? 'has' : 'have'} no day ${firstDay}.`,
    field: 'day-of-month',
    start: dayField.start,
    end: dayField.start + dayField.text.length,
  });
}

// ---- Time zones and the next fire time. ----

const formatters = new Map<string, Intl.DateTimeFormat>();

function formatterFor(timeZone: string): Intl.DateTimeFormat {
  let formatter = formatters.get(timeZone);
  if (!formatter) {
    formatter = new Intl.DateTimeFormat('en-US', {
      timeZone,
      hourCycle: 'h23',
      year: 'numeric',
      month: 'numeric',
      day: 'numeric',
      hour: 'numeric',
      minute: 'numeric',
      second: 'numeric',
    });
    formatters.set(timeZone, formatter);
  }
  return formatter;
}

/** Whether `Intl` knows the zone (IANA names such as `Europe/Paris`, and `UTC`). */
export function isValidTimeZone(timeZone: string): boolean {
  if (timeZone.trim() === '') return false;
  try {
    formatterFor(timeZone);
    return true;
  } catch {
    return false;
  }
}

/** The IANA zone names this runtime knows, for did-you-mean suggestions. */
export function knownTimeZones(): string[] {
  return ['UTC', ...Intl.supportedValuesOf('timeZone')];
}

/** Wall-clock time of an instant in a zone, as milliseconds of a naive (UTC-labelled) calendar. */
function wallClock(instant: number, timeZone: string): number {
  if (timeZone === 'UTC') return instant;
  const parts: Record<string, number> = {};
  for (const part of formatterFor(timeZone).formatToParts(new Date(instant))) {
    if (part.type !== 'literal') parts[part.type] = Number(part.value);
  }
  return Date.UTC(parts['year']!, parts['month']! - 1, parts['day']!, parts['hour']!, parts['minute']!, parts['second']!);
}

/** The zone's offset from UTC at an instant, in milliseconds (east positive). */
function offsetAt(instant: number, timeZone: string): number {
  const whole = Math.floor(instant / 1000) * 1000;
  return wallClock(whole, timeZone) - whole;
}

/**
 * The instants at which a wall-clock time happens in a zone, earliest first: two when clocks are
 * turned back over it, one otherwise. A time skipped by clocks turned forward happens as if the
 * clock had not jumped (02:30 becomes 03:30), so a schedule never silently skips a day.
 */
function wallToInstants(wall: number, timeZone: string): number[] {
  if (timeZone === 'UTC') return [wall];
  const DAY_AND_HALF = 36 * 3600 * 1000;
  const before = offsetAt(wall - DAY_AND_HALF, timeZone);
  const candidates = new Set([before, offsetAt(wall - offsetAt(wall, timeZone), timeZone), offsetAt(wall + DAY_AND_HALF, timeZone)]);
  const valid = [...new Set([...candidates].map((offset) => wall - offset))].filter((instant) => wallClock(instant, timeZone) === wall);
  return valid.length > 0 ? valid.sort((a, b) => a - b) : [wall - before];
}

function dayMatches(schedule: CronSchedule, wall: Date): boolean {
  const dayOfMonth = schedule.daysOfMonth[wall.getUTCDate()] === true;
  const dayOfWeek = schedule.daysOfWeek[wall.getUTCDay()] === true;
  if (schedule.dayOfMonthRestricted && schedule.dayOfWeekRestricted) return dayOfMonth || dayOfWeek;
  return dayOfMonth && dayOfWeek;
}

/** The first wall-clock minute at or after `wall` that the schedule selects, within 30 years. */
function nextWallMatch(schedule: CronSchedule, wall: number): number | undefined {
  const lastYear = new Date(wall).getUTCFullYear() + 30;
  let date = new Date(wall);
  while (date.getUTCFullYear() <= lastYear) {
    const year = date.getUTCFullYear();
    const month = date.getUTCMonth();
    const day = date.getUTCDate();
    const hour = date.getUTCHours();
    if (!schedule.months[month + 1]) date = new Date(Date.UTC(year, month + 1, 1));
    else if (!dayMatches(schedule, date)) date = new Date(Date.UTC(year, month, day + 1));
    else if (!schedule.hours[hour]) date = new Date(Date.UTC(year, month, day, hour + 1));
    else if (!schedule.minutes[date.getUTCMinutes()]) date = new Date(date.getTime() + 60_000);
    else return date.getTime();
  }
  return undefined;
}

/**
 * The first time strictly after `after` at which the schedule fires, read in `timeZone` (UTC by
 * default); undefined when it never fires again (or the zone is unknown).
 */
export function nextFireTime(schedule: CronSchedule, after: Date, timeZone = 'UTC'): Date | undefined {
  if (!isValidTimeZone(timeZone)) return undefined;
  const afterMs = after.getTime();
  // Start at the next whole minute of the zone's wall clock.
  let wall = Math.floor(wallClock(afterMs, timeZone) / 60_000) * 60_000 + 60_000;
  // When clocks are turned back, an hour of wall times happens twice. A schedule that fires every
  // hour keeps firing through both passes; one that fires at chosen hours fires only the first
  // time, so a daily 02:30 job does not run twice.
  const everyHour = schedule.hours.every(Boolean);
  // Mapping a wall time to an instant at or before `after` happens only around a turned-back
  // clock, for at most an hour of minutes; the bound only guards against a pathological zone.
  for (let guard = 0; guard < 10_000; guard++) {
    const match = nextWallMatch(schedule, wall);
    if (match === undefined) return undefined;
    const instants = wallToInstants(match, timeZone);
    const instant = everyHour ? instants.find((candidate) => candidate > afterMs) : instants[0]! > afterMs ? instants[0] : undefined;
    if (instant !== undefined) return new Date((everyHour && repeatedHourMatch(schedule, afterMs, instant, timeZone)) || instant);
    wall = match + 60_000;
  }
  return undefined;
}

/**
 * Searching in wall-clock order misses the second pass of a turned-back hour when `after` is in
 * the first pass (02:50 summer time, then 02:00 again in winter time). Finds the earliest match
 * in such a second pass between `afterMs` and `found`, if there is one.
 */
function repeatedHourMatch(schedule: CronSchedule, afterMs: number, found: number, timeZone: string): number | undefined {
  const offsetBefore = offsetAt(afterMs, timeZone);
  const offsetAfter = offsetAt(found, timeZone);
  if (offsetAfter >= offsetBefore) return undefined;
  // The transition instant, to the minute: the first minute with the later offset.
  let low = Math.floor(afterMs / 60_000);
  let high = Math.ceil(found / 60_000);
  while (high - low > 1) {
    const middle = Math.floor((low + high) / 2);
    if (offsetAt(middle * 60_000, timeZone) === offsetBefore) low = middle;
    else high = middle;
  }
  const transition = high * 60_000;
  const repeatStart = wallClock(transition, timeZone);
  const match = nextWallMatch(schedule, repeatStart);
  if (match === undefined || match >= repeatStart + (offsetBefore - offsetAfter)) return undefined;
  const instant = transition + (match - repeatStart);
  return instant > afterMs && instant < found ? instant : undefined;
}
