import { describe, expect, it } from 'vitest';
import { EnvelopeSchema, MAX_BATCH, WireFrameSchema } from './envelope.js';
import { ServerIdSchema, formatServerId, serverTypeOf } from './server-id.js';
import { ClientRequestSchema, ReplySchema } from './client-frames.js';

const msg = { t: 'msg', from: 'gate001', epoch: 3, seq: 1, route: 'hall.echo', body: { a: 1 } };

describe('EnvelopeSchema', () => {
  it('accepts each kind', () => {
    expect(EnvelopeSchema.safeParse(msg).success).toBe(true);
    expect(EnvelopeSchema.safeParse({ ...msg, t: 'req', cid: 1, ttl: 1000 }).success).toBe(true);
    expect(
      EnvelopeSchema.safeParse({ t: 'res', from: 'hall001', epoch: 1, seq: 2, cid: 1, ok: false, error: { code: 'X', message: 'y' } })
        .success,
    ).toBe(true);
    expect(EnvelopeSchema.safeParse({ t: 'probe', from: 'gate001', nonce: 4 }).success).toBe(true);
  });

  it('rejects unknown kinds, missing fields and bad sequence numbers', () => {
    expect(EnvelopeSchema.safeParse({ ...msg, t: 'nope' }).success).toBe(false);
    expect(EnvelopeSchema.safeParse({ ...msg, route: undefined }).success).toBe(false);
    expect(EnvelopeSchema.safeParse({ ...msg, seq: 0 }).success).toBe(false);
    expect(EnvelopeSchema.safeParse({ ...msg, t: 'req', cid: 1 }).success).toBe(false);
  });

  it('accepts batches up to MAX_BATCH and no more', () => {
    expect(WireFrameSchema.safeParse([msg, msg]).success).toBe(true);
    expect(WireFrameSchema.safeParse([]).success).toBe(false);
    expect(WireFrameSchema.safeParse(Array.from({ length: MAX_BATCH + 1 }, () => msg)).success).toBe(false);
  });
});

describe('server ids', () => {
  it('formats and parses <type><NNN>', () => {
    expect(formatServerId('hall', 2)).toBe('hall002');
    expect(formatServerId('game', 1234)).toBe('game1234');
    expect(serverTypeOf('hall002')).toBe('hall');
    expect(serverTypeOf('observer')).toBe('observer');
    expect(serverTypeOf('zzz001')).toBeUndefined();
    expect(ServerIdSchema.safeParse('gate001').success).toBe(true);
    expect(ServerIdSchema.safeParse('gate1').success).toBe(false);
    expect(ServerIdSchema.safeParse('observer2').success).toBe(false);
  });
});

describe('client frames', () => {
  it('validates requests', () => {
    expect(ClientRequestSchema.safeParse({ id: 7, route: 'hall.chat', body: { text: 'hi' } }).success).toBe(true);
    expect(ClientRequestSchema.safeParse({ id: -1, route: 'hall.chat' }).success).toBe(false);
    expect(ClientRequestSchema.safeParse({ id: 1, route: 'hallchat' }).success).toBe(false);
    expect(ClientRequestSchema.safeParse({ id: 1.5, route: 'hall.chat' }).success).toBe(false);
  });
  it('tells replies apart by ok', () => {
    expect(ReplySchema.safeParse({ id: 1, ok: true, body: {} }).success).toBe(true);
    expect(ReplySchema.safeParse({ id: 1, ok: false, error: { code: 'NOT_LOGGED_IN', message: 'log in first' } }).success).toBe(
      true,
    );
    expect(ReplySchema.safeParse({ id: 1, ok: false }).success).toBe(false);
  });
});
