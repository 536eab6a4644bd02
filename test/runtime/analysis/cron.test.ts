// The cron parser and the next-fire-time computation: exact error messages and positions, names
// and macros, Vixie day matching, and daylight-saving transitions in real IANA zones.

import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { isValidTimeZone, nextFireTime, parseCron, type CronSchedule } from '../../../runtime/src/analysis/cron.ts';

function schedule(expression: string): CronSchedule {
  const result = parseCron(expression);
  if (!result.ok) assert.fail(`${expression}: ${result.error.message}`);
  return result.schedule;
}

function next(expression: string, after: string, timeZone?: string): string | undefined {
  return nextFireTime(schedule(expression), new Date(after), timeZone)?.toISOString();
}

/** The error message and the part of the expression it points at. */
function failure(expression: string): [string, string] {
  const result = parseCron(expression);
  if (result.ok) return assert.fail(`${expression} should not parse`);
  return [result.error.message, expression.slice(result.error.start, result.error.end)];
}

void describe('parseCron', () => {
  void it('parses ranges, steps, lists and names', () => {
    const parsed = schedule('0,30 9-17/2 1-7 JAN-mar,dec MON-FRI');
    const selected = (values: readonly boolean[]) => values.flatMap((on, value) => (on ? [value] : []));
    assert.deepEqual(selected(parsed.minutes), [0, 30]);
    assert.deepEqual(selected(parsed.hours), [9, 11, 13, 15, 17]);
    assert.deepEqual(selected(parsed.daysOfMonth), [1, 2, 3, 4, 5, 6, 7]);
    assert.deepEqual(selected(parsed.months), [1, 2, 3, 12]);
    assert.deepEqual(selected(parsed.daysOfWeek), [1, 2, 3, 4, 5]);
    assert.equal(parsed.dayOfMonthRestricted, true);
  });

  void it('reads 7 as Sunday and `5/15` as from 5 every 15', () => {
    const parsed = schedule('5/15 * * * 7');
    assert.equal(parsed.daysOfWeek[0], true);
    assert.equal(parsed.daysOfWeek.length, 7);
    assert.deepEqual(parsed.minutes.flatMap((on, value) => (on ? [value] : [])), [5, 20, 35, 50]);
  });

  void it('expands macros', () => {
    for (const [macro, hour] of [['@hourly', undefined], ['@daily', 0], ['@weekly', 0], ['@monthly', 0], ['@yearly', 0], ['@ANNUALLY', 0]] as const) {
      const parsed = schedule(macro);
      assert.equal(parsed.source, macro);
      assert.equal(parsed.minutes[0], true);
      if (hour !== undefined) assert.equal(parsed.hours.filter(Boolean).length, 1);
    }
    assert.equal(schedule('@weekly').daysOfWeek.filter(Boolean).length, 1);
  });

  void it('says exactly what is wrong, and where', () => {
    assert.deepEqual(failure('61 * * * *'), ['minute field: 61 is out of range 0–59', '61']);
    assert.deepEqual(failure('0 24 * * *'), ['hour field: 24 is out of range 0–23', '24']);
    assert.deepEqual(failure('0 0 0 * *'), ['day-of-month field: 0 is out of range 1–31', '0']);
    assert.deepEqual(failure('0 0 * 13 *'), ['month field: 13 is out of range 1–12', '13']);
    assert.deepEqual(failure('0 0 * * 8'), ['day-of-week field: 8 is out of range 0–7', '8']);
    assert.deepEqual(failure('0 0 * * MON-FRX'), ['day-of-week field: `FRX` is not a weekday name (did you mean `FRI`?); use 0–7 or SUN–SAT', 'FRX']);
    assert.deepEqual(failure('0 0 * JUNE *'), ['month field: `JUNE` is not a month name (did you mean `JUN`?); use 1–12 or JAN–DEC', 'JUNE']);
    assert.deepEqual(failure('x * * * *'), ['minute field: `x` is not a number', 'x']);
    assert.deepEqual(failure('17-9 * * * *'), ['minute field: range `17-9` is backwards: the start must not be after the end', '17-9']);
    assert.deepEqual(failure('*/0 * * * *'), ['minute field: step `0` must be a whole number of at least 1', '0']);
    assert.deepEqual(failure('1,,2 * * * *'), ['minute field: empty list item (two commas in a row, or a trailing comma)', ',']);
    assert.deepEqual(failure('0 ? * * *'), ['hour field: `?` is not supported; use `*`', '?']);
    assert.deepEqual(failure('* * * *')[0], 'Expected 5 fields (minute hour day-of-month month day-of-week), found 4.');
    assert.deepEqual(failure('0 * * * * *')[0], 'Expected 5 fields (minute hour day-of-month month day-of-week), found 6. Seconds are not supported.');
    assert.deepEqual(failure('  '), ['The cron expression is empty.', '  ']);
    assert.deepEqual(failure('@daly'), ['Unknown macro `@daly`. Did you mean `@daily`? Use @hourly, @daily, @weekly, @monthly or @yearly.', '@daly']);
    assert.equal(failure('@reboot')[0], '`@reboot` is not supported: use a manual or event trigger.');
  });

  void it('rejects schedules that can never fire', () => {
    assert.deepEqual(failure('0 0 30 2 *'), ['day-of-month field: the schedule never fires: February has no day 30.', '30']);
    assert.deepEqual(failure('0 0 31 4,6 *'), ['day-of-month field: the schedule never fires: April, June have no day 31.', '31']);
    // With a weekday too, either field matching is enough, so it fires.
    assert.equal(parseCron('0 0 30 2 MON').ok, true);
    assert.equal(parseCron('0 0 29 2 *').ok, true);
  });
});

void describe('nextFireTime', () => {
  void it('finds the next matching minute, strictly after the given time', () => {
    assert.equal(next('* * * * *', '2025-06-06T10:00:00Z'), '2025-06-06T10:01:00.000Z');
    assert.equal(next('* * * * *', '2025-06-06T10:00:30Z'), '2025-06-06T10:01:00.000Z');
    assert.equal(next('0 9 * * MON-FRI', '2025-06-06T10:00:00Z'), '2025-06-09T09:00:00.000Z', 'Friday after nine → Monday');
    assert.equal(next('@monthly', '2025-12-15T00:00:00Z'), '2026-01-01T00:00:00.000Z');
    assert.equal(next('0 0 29 2 *', '2025-01-01T00:00:00Z'), '2028-02-29T00:00:00.000Z');
  });

  void it('matches either day field when both are restricted, both when one is `*`', () => {
    // 2025-06-13 is a Friday; the 15th is a Sunday.
    assert.equal(next('0 0 15 * FRI', '2025-06-12T00:00:00Z'), '2025-06-13T00:00:00.000Z');
    assert.equal(next('0 0 */2 * FRI', '2025-06-12T00:00:00Z'), '2025-06-13T00:00:00.000Z', 'day-of-month `*/2` counts as `*`: both must match');
    assert.equal(next('0 0 */2 * FRI', '2025-06-14T00:00:00Z'), '2025-06-27T00:00:00.000Z');
  });

  void it('reads the schedule in the given time zone', () => {
    assert.equal(next('0 9 * * *', '2025-01-15T00:00:00Z', 'America/New_York'), '2025-01-15T14:00:00.000Z');
    assert.equal(next('0 9 * * *', '2025-07-15T00:00:00Z', 'America/New_York'), '2025-07-15T13:00:00.000Z');
    assert.equal(next('0 0 1 * *', '2025-01-31T23:59:59Z', 'Asia/Kolkata'), '2025-02-28T18:30:00.000Z');
  });

  void it('fires a wall time skipped by clocks turned forward as if the clock had not jumped', () => {
    // Paris, 2025-03-30: 02:00 becomes 03:00, so 02:30 does not exist that day.
    assert.equal(next('30 2 * * *', '2025-03-29T12:00:00Z', 'Europe/Paris'), '2025-03-30T01:30:00.000Z');
  });

  void it('fires a daily job once when clocks are turned back, an hourly one in both passes', () => {
    // Paris, 2025-10-26: 03:00 summer time becomes 02:00 winter time (at 01:00 UTC).
    assert.equal(next('30 2 * * *', '2025-10-25T12:00:00Z', 'Europe/Paris'), '2025-10-26T00:30:00.000Z');
    assert.equal(next('30 2 * * *', '2025-10-26T00:30:00Z', 'Europe/Paris'), '2025-10-27T01:30:00.000Z');
    assert.equal(next('*/20 * * * *', '2025-10-26T00:50:00Z', 'Europe/Paris'), '2025-10-26T01:00:00.000Z');
    assert.equal(next('*/20 * * * *', '2025-10-26T01:20:00Z', 'Europe/Paris'), '2025-10-26T01:40:00.000Z');
    assert.equal(next('0 * * * *', '2025-11-02T05:30:00Z', 'America/New_York'), '2025-11-02T06:00:00.000Z');
  });

  void it('returns undefined for an unknown zone', () => {
    assert.equal(nextFireTime(schedule('* * * * *'), new Date(0), 'Mars/Olympus'), undefined);
  });
});

void describe('isValidTimeZone', () => {
  void it('accepts IANA names and UTC, rejects the rest', () => {
    assert.equal(isValidTimeZone('Europe/Paris'), true);
    assert.equal(isValidTimeZone('UTC'), true);
    assert.equal(isValidTimeZone('Europe/Pari'), false);
    assert.equal(isValidTimeZone(''), false);
  });
});
