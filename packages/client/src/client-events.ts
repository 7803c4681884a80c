import type {
  ChatPush,
  ClientError,
  GameState,
  KickedPushSchema,
  LeftPushSchema,
  LoginReply,
  MatchedPushSchema,
  ReboundPushSchema,
} from '@hallway/protocol';
import type { z } from 'zod';

/** Bodies of the pushes the server is known to send, by route. */
export interface KnownPushes {
  'hall.chat': ChatPush;
  'hall.whisper': ChatPush;
  'hall.matched': z.infer<typeof MatchedPushSchema>;
  'game.chat': ChatPush;
  'game.state': GameState;
  'game.left': z.infer<typeof LeftPushSchema>;
  'gate.rebound': z.infer<typeof ReboundPushSchema>;
  'gate.kicked': z.infer<typeof KickedPushSchema>;
  /** A frame the gate could not read (no request id to answer). */
  'gate.error': ClientError;
}

export interface CloseInfo {
  code: number;
  reason: string;
  /** True when the client is about to reconnect on its own. */
  willReconnect: boolean;
}

/** Events of the client itself (names without a dot, so they never clash with push routes). */
export interface LifecycleEvents {
  /** An open connection closed (also before each automatic reconnect). */
  close: CloseInfo;
  /** An automatic reconnect is scheduled. */
  reconnecting: { attempt: number; delayMs: number };
  /** Connected again; `login` is set when the client logged in again (with its resume token). */
  reconnected: { login: LoginReply | undefined };
  /** Reconnecting stopped: attempts exhausted, or logging in again was refused. */
  reconnectFailed: { error: Error };
  /** Something the client could not use arrived (an undecodable frame), or a handler threw. */
  error: { error: unknown };
}

export type ClientEventMap = KnownPushes & LifecycleEvents;
