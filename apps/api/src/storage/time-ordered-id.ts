// Task ids: UUID version 7 (RFC 9562) — a millisecond timestamp followed by random bits.
// Ids made by one process sort in the order they were made, even within one millisecond
// (a 12-bit counter, method 1 of RFC 9562 §6.2), so ordering by (created_at, id) lists
// tasks in creation order.
import { randomBytes, randomInt } from 'node:crypto';

let lastMillis = -1;
let counter = 0;

/** A new UUIDv7 and the timestamp it carries (use it as the row's creation time). */
export function newTimeOrderedId(now: number = Date.now()): { id: string; createdAt: Date } {
  if (now > lastMillis) {
    lastMillis = now;
    counter = randomInt(0, 0x800); // start in the lower half: room to count up
  } else if (++counter > 0xfff) {
    // 4096 ids in one millisecond (or a clock that went back): borrow the next millisecond.
    lastMillis += 1;
    counter = 0;
  }
  const bytes = randomBytes(16);
  bytes.writeUIntBE(lastMillis, 0, 6);
  bytes[6] = 0x70 | (counter >> 8);
  bytes[7] = counter & 0xff;
  bytes[8] = 0x80 | (bytes[8]! & 0x3f);
  const hex = bytes.toString('hex');
  const id = `${hex.slice(0, 8)}-${hex.slice(8, 12)}-${hex.slice(12, 16)}-${hex.slice(16, 20)}-${hex.slice(20)}`;
  return { id, createdAt: new Date(lastMillis) };
}

const uuidPattern = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

/** True for the canonical 8-4-4-4-12 hex form; anything else is not an id we could have made. */
export function isUuid(value: string): boolean {
  return uuidPattern.test(value);
}
