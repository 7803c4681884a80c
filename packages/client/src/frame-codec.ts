import { createStrictPackr } from '@hallway/wire';

/** How frames travel: `json` in text frames, `msgpack` in binary frames. */
export type FrameFormat = 'json' | 'msgpack';

/** The same strict msgpack as the gate: plain maps and arrays only (see @hallway/wire). */
const packr = createStrictPackr();

/** Encodes a frame for `send`: a string (text frame) for JSON, bytes (binary frame) for msgpack. */
export function encodeFrame(frame: unknown, format: FrameFormat): string | Uint8Array {
  switch (format) {
    case 'json':
      return JSON.stringify(frame);
    case 'msgpack':
      return packr.pack(frame);
    default: {
      const never: never = format;
      throw new TypeError(`unknown frame format ${String(never)}`);
    }
  }
}

/**
 * Decodes what a WebSocket delivered: a string is JSON; an ArrayBuffer (browsers, or
 * `ws` with binaryType 'arraybuffer'), a Buffer or any byte view is msgpack. Throws on
 * malformed data.
 */
export function decodeFrame(data: unknown): unknown {
  if (typeof data === 'string') return JSON.parse(data) as unknown;
  if (data instanceof ArrayBuffer) return packr.unpack(new Uint8Array(data));
  if (ArrayBuffer.isView(data)) return packr.unpack(new Uint8Array(data.buffer, data.byteOffset, data.byteLength));
  // `ws` may hand over an array of fragments when binaryType is 'fragments'.
  if (Array.isArray(data) && data.every((d) => d instanceof Uint8Array)) {
    const total = data.reduce((n: number, d: Uint8Array) => n + d.byteLength, 0);
    const joined = new Uint8Array(total);
    let at = 0;
    for (const d of data as Uint8Array[]) {
      joined.set(d, at);
      at += d.byteLength;
    }
    return packr.unpack(joined);
  }
  throw new TypeError(`cannot decode a frame of type ${Object.prototype.toString.call(data)}`);
}
