import { ClientRequestSchema, type ClientRequest, type ServerFrame } from '@hallway/protocol';
import { createStrictPackr, isPlainData } from '@hallway/wire';

/** The kind of WebSocket frame: JSON in text frames, msgpack in binary frames. */
export type FrameKind = 'json' | 'msgpack';

export type DecodedFrame =
  | { ok: true; request: ClientRequest }
  /** `id` is set when one could be read, so the error can be a reply rather than a push. */
  | { ok: false; id: number | undefined; message: string };

/** Strict msgpack (see @hallway/wire); extensions are refused by the plain-data check. */
const packr = createStrictPackr();

/**
 * Decodes one client frame into a request. Never throws: anything unusable comes back
 * as `ok: false` with what was wrong.
 */
export function decodeClientFrame(data: Buffer, kind: FrameKind, maxDepth: number): DecodedFrame {
  let value: unknown;
  try {
    value = kind === 'json' ? (JSON.parse(data.toString('utf8')) as unknown) : packr.unpack(data);
  } catch (err) {
    return { ok: false, id: undefined, message: `not valid ${kind === 'json' ? 'JSON' : 'msgpack'}: ${(err as Error).message}` };
  }
  const id = readId(value);
  // The body travels on over the bus, which refuses anything but plain data; refuse it here, with an answer.
  if (!isPlainData(value, maxDepth)) {
    return { ok: false, id, message: `only plain data (objects, arrays, strings, numbers, booleans, null) nested at most ${maxDepth} deep` };
  }
  const parsed = ClientRequestSchema.safeParse(value);
  if (!parsed.success) {
    const issue = parsed.error.issues[0];
    const where = issue?.path.length ? `${issue.path.join('.')}: ` : '';
    return { ok: false, id, message: `not a request {id, route, body}: ${where}${issue?.message ?? 'invalid'}` };
  }
  return { ok: true, request: parsed.data };
}

function readId(value: unknown): number | undefined {
  if (typeof value !== 'object' || value === null || Array.isArray(value)) return undefined;
  const id = (value as { id?: unknown }).id;
  return typeof id === 'number' && Number.isSafeInteger(id) && id >= 0 ? id : undefined;
}

/** Encodes a frame for `ws.send`: a string becomes a text frame, a Buffer a binary one. */
export function encodeServerFrame(frame: ServerFrame, kind: FrameKind): string | Buffer {
  switch (kind) {
    case 'json':
      return JSON.stringify(frame);
    case 'msgpack':
      return packr.pack(frame);
    default: {
      const never: never = kind;
      throw new TypeError(`unknown frame kind ${String(never)}`);
    }
  }
}

/** One frame for many connections (broadcasts): encoded at most once per kind. */
export class PreparedFrame {
  private json: string | undefined;
  private msgpack: Buffer | undefined;

  constructor(readonly frame: ServerFrame) {}

  encoded(kind: FrameKind): string | Buffer {
    if (kind === 'json') return (this.json ??= encodeServerFrame(this.frame, 'json') as string);
    return (this.msgpack ??= encodeServerFrame(this.frame, 'msgpack') as Buffer);
  }
}
