import { WireFrameSchema, type Envelope, type WireFrame } from '@hallway/protocol';
import { createStrictPackr, isPlainData } from '@hallway/wire';

/** Why an incoming payload was dropped. */
export type DropReason = 'oversize' | 'malformed' | 'invalid';

export type DecodeResult = { ok: true; envelopes: Envelope[] } | { ok: false; reason: DropReason; detail: string };

/**
 * msgpack encoding of wire frames. Decoding is strict: size first, then msgpack with no
 * records or structured types, then a plain-data walk, then the zod schema.
 */
export class Codec {
  private readonly packr = createStrictPackr();

  constructor(readonly maxPayloadBytes: number) {}

  encode(frame: WireFrame): Buffer {
    return this.packr.pack(frame);
  }

  decode(payload: Buffer): DecodeResult {
    if (payload.length > this.maxPayloadBytes) {
      return { ok: false, reason: 'oversize', detail: `${payload.length} bytes > ${this.maxPayloadBytes}` };
    }
    let value: unknown;
    try {
      value = this.packr.unpack(payload);
    } catch (err) {
      return { ok: false, reason: 'malformed', detail: (err as Error).message };
    }
    if (!isPlainData(value)) return { ok: false, reason: 'malformed', detail: 'not plain data' };
    const parsed = WireFrameSchema.safeParse(value);
    if (!parsed.success) {
      return { ok: false, reason: 'invalid', detail: parsed.error.issues[0]?.message ?? 'schema mismatch' };
    }
    return { ok: true, envelopes: Array.isArray(parsed.data) ? parsed.data : [parsed.data] };
  }
}
