import { describe, expect, it } from 'vitest';
import { decodeFrame, encodeFrame } from './frame-codec.js';

describe('frame codec', () => {
  it('round-trips JSON as text', () => {
    const data = encodeFrame({ id: 1, route: 'gate.ping', body: { t: 5 } }, 'json');
    expect(typeof data).toBe('string');
    expect(decodeFrame(data)).toEqual({ id: 1, route: 'gate.ping', body: { t: 5 } });
  });

  it('round-trips msgpack from bytes, ArrayBuffers and views with an offset', () => {
    const frame = { route: 'hall.chat', body: { text: 'hi', ts: 1.5 } };
    const bytes = encodeFrame(frame, 'msgpack') as Uint8Array;
    expect(bytes).toBeInstanceOf(Uint8Array);
    expect(decodeFrame(bytes)).toEqual(frame);
    const copy = new Uint8Array(bytes); // a copy with its own ArrayBuffer
    expect(decodeFrame(copy.buffer)).toEqual(frame);
    const padded = new Uint8Array(bytes.length + 3);
    padded.set(bytes, 3);
    expect(decodeFrame(padded.subarray(3))).toEqual(frame);
    expect(decodeFrame([bytes.subarray(0, 4), bytes.subarray(4)])).toEqual(frame);
  });

  it('leaves undefined properties out, like JSON', () => {
    expect(decodeFrame(encodeFrame({ id: 1, route: 'a.b', body: undefined }, 'msgpack'))).toEqual({ id: 1, route: 'a.b' });
  });

  it('throws on garbage', () => {
    expect(() => decodeFrame('{oops')).toThrow();
    expect(() => decodeFrame(new Uint8Array([0xd4, 0x01, 0x00]))).toThrow(); // unknown extension
    expect(() => decodeFrame(new Uint8Array([0x92, 0x01]))).toThrow(); // truncated array
    expect(() => decodeFrame(42)).toThrow(TypeError);
  });
});
