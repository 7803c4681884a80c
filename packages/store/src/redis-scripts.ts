/**
 * The Lua scripts behind `RedisStore`'s atomic operations. Redis runs a script without
 * interleaving any other command, so each read-compare-write below is one step for every
 * other client. Scripts that must build key names (the lease scan) get the key prefix as
 * an argument; that is fine on a single Redis or Sentinel set-up, not on Redis Cluster.
 *
 * Numbers cross the Lua boundary as strings formatted with `%d`: a Lua number would be
 * truncated to an integer reply anyway, and epochs are wall-clock sized.
 */
export interface ScriptDefinition {
  numberOfKeys: number;
  lua: string;
}

/**
 * ARGV: prefix, type, token, ttlMs, fixedId ('' = scan), now, maxNumber.
 * Returns {serverId, epoch} or nil (fixed id taken / no free number).
 */
const acquireLease: ScriptDefinition = {
  numberOfKeys: 0,
  lua: `
local prefix, stype, token, ttl, fixed = ARGV[1], ARGV[2], ARGV[3], ARGV[4], ARGV[5]
local now, max = tonumber(ARGV[6]), tonumber(ARGV[7])
local function claim(id)
  if not redis.call('SET', prefix .. 'lease:' .. id, token, 'NX', 'PX', ttl) then return nil end
  local ekey = prefix .. 'epoch:' .. id
  local epoch = math.max((tonumber(redis.call('GET', ekey)) or 0) + 1, now)
  local text = string.format('%d', epoch)
  redis.call('SET', ekey, text)
  return { id, text }
end
if fixed ~= '' then return claim(fixed) end
for n = 1, max do
  local got = claim(stype .. string.format('%03d', n))
  if got then return got end
end
return nil
`,
};

/** KEYS: lease. ARGV: token, ttlMs. 1 if renewed. */
const renewLease: ScriptDefinition = {
  numberOfKeys: 1,
  lua: `
if redis.call('GET', KEYS[1]) == ARGV[1] then
  redis.call('PEXPIRE', KEYS[1], ARGV[2])
  return 1
end
return 0
`,
};

/** KEYS: lease. ARGV: token. 1 if deleted. */
const releaseLease: ScriptDefinition = {
  numberOfKeys: 1,
  lua: `
if redis.call('GET', KEYS[1]) == ARGV[1] then
  redis.call('DEL', KEYS[1])
  return 1
end
return 0
`,
};

/** KEYS: presence:<userId>, presence (set). ARGV: json, userId. Returns the previous JSON or nil. */
const claimPresence: ScriptDefinition = {
  numberOfKeys: 2,
  lua: `
local previous = redis.call('GET', KEYS[1])
redis.call('SET', KEYS[1], ARGV[1])
redis.call('SADD', KEYS[2], ARGV[2])
return previous
`,
};

/**
 * KEYS: presence:<userId>, presence (set). ARGV: field ('connId' or 'gate'), expected
 * value, userId. Deletes the presence only if that field still has that value; 1 if removed.
 */
const releasePresence: ScriptDefinition = {
  numberOfKeys: 2,
  lua: `
local raw = redis.call('GET', KEYS[1])
if not raw then
  -- Keep the set in step with the keys even if a key vanished some other way.
  redis.call('SREM', KEYS[2], ARGV[3])
  return 0
end
local ok, p = pcall(cjson.decode, raw)
if not ok or type(p) ~= 'table' or p[ARGV[1]] ~= ARGV[2] then return 0 end
redis.call('DEL', KEYS[1])
redis.call('SREM', KEYS[2], ARGV[3])
return 1
`,
};

/**
 * KEYS: queue. ARGV: entry JSON, userId, now, ttlMs.
 * Pops from the head what cannot match (the caller's own older entries, stale or
 * unreadable ones) until a partner turns up, and returns it; then also removes any
 * older entry of the caller further back, so it cannot match someone later. If nothing
 * matched, the queue is empty and the entry waits alone (never twice); the key expires
 * when its newest entry would be stale.
 */
const matchOrWait: ScriptDefinition = {
  numberOfKeys: 1,
  lua: `
local user, now, ttl = ARGV[2], tonumber(ARGV[3]), tonumber(ARGV[4])
while true do
  local raw = redis.call('LPOP', KEYS[1])
  if not raw then break end
  local ok, e = pcall(cjson.decode, raw)
  if ok and type(e) == 'table' and type(e.userId) == 'string' and e.userId ~= user
      and type(e.at) == 'number' and now - e.at <= ttl then
    local rest = redis.call('LRANGE', KEYS[1], 0, -1)
    for _, r in ipairs(rest) do
      local ok2, o = pcall(cjson.decode, r)
      if ok2 and type(o) == 'table' and o.userId == user then redis.call('LREM', KEYS[1], 0, r) end
    end
    return raw
  end
end
redis.call('RPUSH', KEYS[1], ARGV[1])
redis.call('PEXPIRE', KEYS[1], ARGV[4])
return nil
`,
};

/** KEYS: queue. ARGV: userId. The number of entries removed. */
const leaveQueue: ScriptDefinition = {
  numberOfKeys: 1,
  lua: `
local removed = 0
for _, r in ipairs(redis.call('LRANGE', KEYS[1], 0, -1)) do
  local ok, o = pcall(cjson.decode, r)
  if ok and type(o) == 'table' and o.userId == ARGV[1] then
    removed = removed + redis.call('LREM', KEYS[1], 0, r)
  end
end
return removed
`,
};

export const REDIS_SCRIPTS = {
  hallwayAcquireLease: acquireLease,
  hallwayRenewLease: renewLease,
  hallwayReleaseLease: releaseLease,
  hallwayClaimPresence: claimPresence,
  hallwayReleasePresence: releasePresence,
  hallwayMatchOrWait: matchOrWait,
  hallwayLeaveQueue: leaveQueue,
} as const;

type ScriptArg = string | number;

/** The commands `defineCommand` adds to a client: keys first, then arguments. */
export type ScriptCommands = {
  [K in keyof typeof REDIS_SCRIPTS]: (...keysAndArgs: ScriptArg[]) => Promise<unknown>;
};
