import { randomBytes } from 'node:crypto';

/** A random, URL-safe id with a readable prefix, e.g. `cus_3kTq9…`. */
export function newId(prefix: string): string {
  return `${prefix}_${randomBytes(12).toString('base64url')}`;
}

export function nowIso(): string {
  return new Date().toISOString();
}

let lastMicros = 0;

/**
 * An id that sorts in the order this process made them (microseconds since the epoch, then
 * random), for histories listed by id: events made in the same millisecond keep their order.
 */
export function sortableId(prefix: string): string {
  lastMicros = Math.max(lastMicros + 1, Date.now() * 1000);
  return `${prefix}_${lastMicros.toString(36).padStart(11, '0')}${randomBytes(6).toString('base64url')}`;
}
