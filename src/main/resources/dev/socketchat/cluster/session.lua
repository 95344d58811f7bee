-- session: a /chat session, or a Socket.IO socket, that its client may resume on any node.
-- ARGV: OPEN|SUSPEND|RESUME|END, token, conn, nickname (OPEN, RESUME) or window in ms (SUSPEND), window in ms (OPEN,
-- RESUME), SOCKET or '' (OPEN), the signed-in user's subject or '' for a guest (OPEN), its linger in ms (OPEN, RESUME:
-- how long the rooms it loses stay for it, its window and the time a dead network goes unnoticed; else the window)
-- OPEN notes a new session, live (no TTL); a Socket.IO socket's (SOCKET, its pid as token) also notes 'since', the
-- number of the last event published before it, after which its open rooms' events are its to recover; SUSPEND
-- gives it the resume window as TTL; RESUME makes it live again on the connection that holds it (put back if Redis
-- lost it); END forgets it. All but OPEN act only while the session
-- is still the connection's: another node may have taken it over. Returns OK, or SESSION_EXPIRED when it was not
-- (END still takes the token out of the node's set when the session expired or another node holds it).
local op, token, conn, arg, window = ARGV[1], ARGV[2], ARGV[3], ARGV[4], ARGV[5]
local key = session(token)
local holder = redis.call('HGET', key, 'conn')
if op == 'OPEN' or (op == 'RESUME' and not holder) then
  redis.call('HSET', key, 'conn', conn, 'name', arg, 'window', window)
  if op == 'OPEN' and ARGV[6] == 'SOCKET' then redis.call('HSET', key, 'since', event_seq()) end
  if op == 'OPEN' and ARGV[7] and ARGV[7] ~= '' then redis.call('HSET', key, 'sub', ARGV[7]) end
  local linger = tonumber(ARGV[8] or window)
  if linger > tonumber(redis.call('GET', LINGER) or '0') then redis.call('SET', LINGER, linger) end
  redis.call('PERSIST', key)
  redis.call('SADD', node_sessions(node_of(conn)), token)
  return {'OK'}
end
if holder ~= conn then
  if op == 'END' and (not holder or node_of(holder) ~= node_of(conn)) then
    -- its window passed here before its end came (the key's TTL), or a node elsewhere holds it now: not this node's
    redis.call('SREM', node_sessions(node_of(conn)), token)
  end
  return refuse('SESSION_EXPIRED', 'the session is held by another connection')
end
if op == 'SUSPEND' then
  redis.call('PEXPIRE', key, arg)
elseif op == 'RESUME' then
  redis.call('PERSIST', key)
else
  redis.call('DEL', key)
  redis.call('SREM', node_sessions(node_of(conn)), token)
end
return {'OK'}
