import { UserIdSchema } from '@hallway/protocol';
import { errors, jwtVerify } from 'jose';
import { RouteError } from './errors.js';

/**
 * Verifies a login token (HS256 only; `exp`/`nbf` honoured) and returns its `sub`, the
 * user id. Every failure is AUTH_FAILED; the token itself never goes into a message.
 */
export async function verifyToken(key: Uint8Array, token: string | undefined): Promise<string> {
  if (!token) throw new RouteError('AUTH_FAILED', 'this gate requires a token');
  let sub: unknown;
  try {
    ({ payload: { sub } } = await jwtVerify(token, key, { algorithms: ['HS256'] }));
  } catch (err) {
    if (err instanceof errors.JWTExpired) throw new RouteError('AUTH_FAILED', 'the token has expired', { cause: err });
    throw new RouteError('AUTH_FAILED', 'the token is not valid', { cause: err });
  }
  const userId = UserIdSchema.safeParse(sub);
  if (!userId.success) throw new RouteError('AUTH_FAILED', 'the token has no valid sub (user id)');
  return userId.data;
}
