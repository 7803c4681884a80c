import { Packr } from 'msgpackr';
import { describe, expect, it } from 'vitest';
import { createStrictPackr } from './strict-packr.js';

describe('createStrictPackr', () => {
  it('round-trips plain data as plain objects and leaves undefined out', () => {
    const packr = createStrictPackr();
    const value = { a: [1, 'x', null, true, { b: 2.5 }], skip: undefined };
    const back = packr.unpack(packr.pack(value)) as Record<string, unknown>;
    expect(back).toEqual({ a: [1, 'x', null, true, { b: 2.5 }] });
    expect(Object.getPrototypeOf(back)).toBe(Object.prototype);
  });

  it('shares nothing between messages: a record definition in one frame does not change the next', () => {
    const recordWriter = new Packr({ useRecords: true });
    const packr = createStrictPackr();
    packr.unpack(recordWriter.pack({ x: 1, y: 2 }));
    // 0x40 is a positive fixint (64) for a plain decoder; a lingering record would change it.
    expect(packr.unpack(Buffer.from([0x40]))).toBe(64);
  });
});
