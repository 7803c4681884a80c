/**
 * Rendezvous (highest-random-weight) hashing: each (key, server) pair gets a
 * pseudo-random score and the key goes to the server with the highest. Keys spread
 * evenly, and adding a server moves only the keys it now wins (≈1/n of them) while
 * removing one moves only its own keys — no other player changes hall.
 */
export function pickHall(key: string, halls: readonly string[]): string | undefined {
  let best: string | undefined;
  let bestScore = -1;
  for (const server of halls) {
    const score = rendezvousScore(key, server);
    // Ties (vanishingly rare) go to the smaller id, so every gate decides alike.
    if (score > bestScore || (score === bestScore && best !== undefined && server < best)) {
      best = server;
      bestScore = score;
    }
  }
  return best;
}

/** A 32-bit score of a key on a server: FNV-1a over both, then murmur3's finalizer to spread similar inputs. */
export function rendezvousScore(key: string, server: string): number {
  let h = 0x811c9dc5;
  const input = `${server}\u0000${key}`;
  for (let i = 0; i < input.length; i++) {
    h ^= input.charCodeAt(i);
    h = Math.imul(h, 0x01000193);
  }
  h ^= h >>> 16;
  h = Math.imul(h, 0x85ebca6b);
  h ^= h >>> 13;
  h = Math.imul(h, 0xc2b2ae35);
  h ^= h >>> 16;
  return h >>> 0;
}
