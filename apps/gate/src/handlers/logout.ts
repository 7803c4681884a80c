import { CloseCode } from '@hallway/protocol';
import type { Connection } from '../connection.js';

/** `gate.logout` → `{}`, then the gate closes the connection with 1000. */
export function handleLogout(conn: Connection): Record<string, never> {
  conn.closeAfterReply(CloseCode.NORMAL, 'logout');
  return {};
}
