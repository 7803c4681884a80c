import { Packr } from 'msgpackr';
import { describe, expect, it } from 'vitest';
import { isPlainData } from '@hallway/wire';
import { decodeClientFrame, encodeServerFrame, PreparedFrame } from './frame-codec.js';

const packr = new Packr({ useRecords: false });
const json = (v: unknown) => Buffer.from(JSON.stringify(v));

describe('decodeClientFrame', () => {
  it('decodes requests from JSON and msgpack alike', () => {
    const req = { id: 3, route: 'hall.chat', body: { text: 'hi' } };
    expect(decodeClientFrame(json(req), 'json', 32)).toEqual({ ok: true, request: req });
    expect(decodeClientFrame(packr.pack(req), 'msgpack', 32)).toEqual({ ok: true, request: req });
  });

  it('keeps the id when the rest is wrong, so the error can be a reply', () => {
    expect(decodeClientFrame(json({ id: 4, route: 'nodot' }), 'json', 32)).toMatchObject({ ok: false, id: 4 });
    expect(decodeClientFrame(json({ id: 4.5, route: 'a.b' }), 'json', 32)).toMatchObject({ ok: false, id: undefined });
    expect(decodeClientFrame(json({ id: 5, route: 'a.b', body: { __proto__x: 1 } }), 'json', 32)).toMatchObject({ ok: true });
    expect(decodeClientFrame(Buffer.from('{"id":6,"route":"a.b","body":{"__proto__":{}}}'), 'json', 32)).toMatchObject({
      ok: false,
      id: 6,
    });
  });

  it('refuses broken input, non-objects, extensions and deep nesting', () => {
    expect(decodeClientFrame(Buffer.from('{'), 'json', 32)).toMatchObject({ ok: false, id: undefined, message: /JSON/ });
    expect(decodeClientFrame(Buffer.from([0xc1]), 'msgpack', 32)).toMatchObject({ ok: false });
    expect(decodeClientFrame(Buffer.from([0x92, 0x01]), 'msgpack', 32)).toMatchObject({ ok: false, message: /msgpack/ });
    expect(decodeClientFrame(json('just a string'), 'json', 32)).toMatchObject({ ok: false });
    expect(decodeClientFrame(packr.pack({ id: 1, route: 'a.b', body: new Date(0) }), 'msgpack', 32)).toMatchObject({ ok: false, id: 1 });
    let deep: unknown = 1;
    for (let i = 0; i < 40; i++) deep = [deep];
    expect(decodeClientFrame(json({ id: 2, route: 'a.b', body: deep }), 'json', 32)).toMatchObject({ ok: false, id: 2 });
  });
});

describe('encoding', () => {
  it('encodes JSON as a string and msgpack as bytes, leaving undefined out', () => {
    expect(encodeServerFrame({ id: 1, ok: true, body: undefined }, 'json')).toBe('{"id":1,"ok":true}');
    const bytes = encodeServerFrame({ id: 1, ok: true, body: undefined }, 'msgpack');
    expect(packr.unpack(bytes as Buffer)).toEqual({ id: 1, ok: true });
  });

  it('PreparedFrame encodes once per kind', () => {
    const frame = new PreparedFrame({ route: 'hall.chat', body: { text: 'x' } });
    expect(frame.encoded('json')).toBe(frame.encoded('json'));
    expect(frame.encoded('msgpack')).toBe(frame.encoded('msgpack'));
  });
});

describe('isPlainData', () => {
  it('accepts plain values and refuses class instances, functions and bigints', () => {
    expect(isPlainData({ a: [1, 'x', null, true, { b: new Uint8Array(2) }] }, 8)).toBe(true);
    expect(isPlainData(Object.create(null) as object, 8)).toBe(true);
    expect(isPlainData(new Map(), 8)).toBe(false);
    expect(isPlainData({ f: () => 1 }, 8)).toBe(false);
    expect(isPlainData({ n: 1n }, 8)).toBe(false);
  });
});
