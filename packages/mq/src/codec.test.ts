import { Packr } from 'msgpackr';
import { describe, expect, it } from 'vitest';
import { Codec } from './codec.js';

const codec = new Codec(1024);
const msg = { t: 'msg' as const, from: 'gate001', epoch: 1, seq: 1, route: 'hall.echo', body: { a: [1, 'x', null, true] } };

describe('Codec', () => {
  it('round-trips single envelopes and batches', () => {
    const one = codec.decode(codec.encode(msg));
    expect(one).toEqual({ ok: true, envelopes: [msg] });
    const batch = codec.decode(codec.encode([msg, { ...msg, seq: 2 }]));
    expect(batch.ok && batch.envelopes.map((e) => (e.t === 'msg' ? e.seq : 0))).toEqual([1, 2]);
  });

  it('leaves undefined properties out, as JSON does', () => {
    const r = codec.decode(codec.encode({ ...msg, key: undefined, body: { a: undefined, b: 1 } }));
    expect(r.ok && r.envelopes[0]).toEqual({ ...msg, body: { b: 1 } });
  });

  it('drops oversized, malformed and invalid payloads with a reason', () => {
    expect(codec.decode(Buffer.alloc(2000))).toMatchObject({ ok: false, reason: 'oversize' });
    expect(codec.decode(Buffer.from([0xc1]))).toMatchObject({ ok: false, reason: 'malformed' });
    const full = codec.encode(msg);
    expect(codec.decode(full.subarray(0, full.length - 2))).toMatchObject({ ok: false, reason: 'malformed' });
    expect(codec.decode(Buffer.concat([full, Buffer.from([1])]))).toMatchObject({ ok: false, reason: 'malformed' });
    expect(codec.decode(new Packr().pack({ ...msg, t: 'nope' }))).toMatchObject({ ok: false, reason: 'invalid' });
  });

  it('refuses structured types from the wire', () => {
    const packr = new Packr({ moreTypes: true, structuredClone: true });
    // (a Map is written as a msgpack map and arrives as a plain object: fine)
    for (const body of [new Date(), new Set([1]), new Error('x'), /re/, new Float64Array(2)]) {
      expect(codec.decode(packr.pack({ ...msg, body }))).toMatchObject({ ok: false });
    }
  });
});
