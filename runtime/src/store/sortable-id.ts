// Short identifiers that sort by creation time: 10 characters of millisecond timestamp and
// 8 random characters, in lowercase Crockford base32 (no i, l, o, u), so users can type a
// prefix of a run id. Ids created in the same millisecond by one process still sort in order.

import { randomBytes } from 'node:crypto';

const ALPHABET = '0123456789abcdefghjkmnpqrstvwxyz';
const TIME_LENGTH = 10;
const RANDOM_LENGTH = 8;
/** 8 base32 characters hold 40 bits. */
const RANDOM_LIMIT = 2 ** (RANDOM_LENGTH * 5);

let lastTime = -1;
let lastRandom = 0;

function encode(value: number, length: number): string {
  let text = '';
  let rest = value;
  for (let i = 0; i < length; i++) {
    text = ALPHABET[rest % 32] + text;
    rest = Math.floor(rest / 32);
  }
  return text;
}

function freshRandom(): number {
  // Leave headroom below the limit so that same-millisecond increments rarely overflow.
  const bytes = randomBytes(5);
  return (bytes.readUIntBE(0, 5) % (RANDOM_LIMIT / 2));
}

/** A new 18-character id, greater than every id this process created before. */
export function createSortableId(now: number = Date.now()): string {
  let time = Math.max(now, lastTime);
  let random: number;
  if (time === lastTime) {
    random = lastRandom + 1;
    if (random >= RANDOM_LIMIT) {
      time += 1;
      random = freshRandom();
    }
  } else {
    random = freshRandom();
  }
  lastTime = time;
  lastRandom = random;
  return encode(time, TIME_LENGTH) + encode(random, RANDOM_LENGTH);
}
