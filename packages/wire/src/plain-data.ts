/** Deepest nesting accepted from the wire. */
export const DEFAULT_MAX_DEPTH = 64;

/**
 * Checks that a decoded value is plain data: null, undefined, booleans, finite-or-not numbers,
 * strings, byte arrays, arrays and objects whose prototype is Object.prototype or null.
 * msgpack extensions can produce Dates, Maps, Sets, Errors or class instances; none of
 * those are accepted from the wire, and neither are `__proto__` keys or deep nesting.
 */
export function isPlainData(value: unknown, maxDepth = DEFAULT_MAX_DEPTH): boolean {
  return check(value, maxDepth);
}

function check(value: unknown, depth: number): boolean {
  if (value === null) return true;
  switch (typeof value) {
    case 'string':
    case 'number':
    case 'boolean':
    case 'undefined': // msgpackr's own encoding of undefined (JS objects are full of them)
      return true;
    case 'object':
      break;
    default:
      return false; // bigint, function, symbol
  }
  if (depth <= 0) return false;
  if (Array.isArray(value)) {
    for (const item of value) if (!check(item, depth - 1)) return false;
    return true;
  }
  if (value instanceof Uint8Array) return true;
  const proto = Object.getPrototypeOf(value) as unknown;
  if (proto !== Object.prototype && proto !== null) return false;
  for (const key in value) {
    if (key === '__proto__') return false;
    if (!check((value as Record<string, unknown>)[key], depth - 1)) return false;
  }
  return true;
}
