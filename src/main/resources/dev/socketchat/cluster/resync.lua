-- resync: a node that lost touch with Redis, or whose data Redis lost, reconciles what it holds with what Redis holds.
-- ARGV: node, ttl, info, fresh epoch, highest room number the node has seen, the node's memberships as JSON
-- (subject: only for a signed-in member):
--   [{conn, name, key, kind = R|O, ref, seq, owner, roomName, ownerConn, state = LIVE|RESTORING|DROPPED, lost,
--     roomSeq (the number of the last event the node saw in the room), overdue (RESTORING past the time the node
--     waits for its room to come back)}, ...]
-- then the sessions its connections hold as JSON ([{token, conn, name, window, linger, socket, sub}, ...]), how many
-- of its latest events a room the node puts back keeps (the node's socketchat.history.keep), 1 when Redis lost its data
-- (the node puts its sessions back too) else 0, and the ban entries of the rooms it has members in as JSON
-- ({"R <id>": [entry, ...], "O <key>": [...]}), which go back with each membership it puts back, and the sessions that
-- ended on the node while Redis was out of reach as JSON ([{token, conn}, ...]).
-- LIVE: the node believes Redis has it; RESTORING: Redis lost its data and the node puts it back;
-- DROPPED: the connection closed while Redis was out of reach, so its exit is announced now (lost: even though Redis
-- lost the membership with its data; the other nodes' members still believe in it).
-- Publishes ROOMS_RESTORED when it put anything back (for the lobby feeds of every node).
-- returns OK, epoch, number of the last event published, then per membership: OK (in place) | WAIT (its room is not
-- back yet) | LEFT (Redis no longer has the member) | ENDED (Redis no longer has the room, or it did not come back in
-- time) | GIVEN_UP (the owner's membership of a room the other nodes gave up waiting for: it stays ended) | DROPPED
-- (the drop is done) | MOVED <conn> (its session was taken over by another connection, <conn>, which has the membership
-- now; for an owner, also when the node no longer holds its session: the room knows the connection as one its owner
-- had; <conn> is then the room's owner's connection now)
local node, ttl, info, fresh, highest = ARGV[1], ARGV[2], ARGV[3], ARGV[4], tonumber(ARGV[5])
local entries = cjson.decode(ARGV[6])
local held = cjson.decode(ARGV[7])
local keep, lost_data = ARGV[8], ARGV[9] == '1'
local bans = cjson.decode(ARGV[10])
local ends = cjson.decode(ARGV[11])
keep_alive(node, ttl, info)
local result = {'OK', epoch(fresh)}
if tonumber(redis.call('GET', NEXT_ROOM) or '0') < highest then
  redis.call('SET', NEXT_ROOM, highest)  -- room numbers stay unique even when Redis lost its counter
end

-- the sessions that ended on the node while Redis was out of reach end here too, as session.lua END would have had
-- it (one that another connection took over meanwhile is not the node's to end), orphans included: nobody takes over a
-- session that ended
for _, e in ipairs(ends) do
  local holder = redis.call('HGET', session(e.token), 'conn')
  if holder == e.conn then
    if redis.call('ZSCORE', ORPHANS, e.token .. ' ' .. e.conn) then
      end_orphan(e.token, e.conn) -- the session and its seats, which the DROPPED entries below then find gone
    else
      redis.call('DEL', session(e.token))
    end
  end
  if not holder or holder == e.conn or node_of(holder) ~= node then
    redis.call('SREM', node_sessions(node), e.token)
  end
end

-- a node taken for dead while it lived (frozen, cut off) finds its sessions waiting as orphans for a resume elsewhere
-- (see reap): it takes back those of the connections it still serves, seats and all, as if it had never gone, unless
-- another node took the session over meanwhile; a session in no room (a Socket.IO socket between rooms) is found by
-- its token, as the node holds it
local function take_back(token, orphan)
  redis.call('ZREM', ORPHANS, orphan)
  if redis.call('HGET', session(token), 'live') == '1' then
    redis.call('HDEL', session(token), 'live')
    redis.call('PERSIST', session(token))  -- live again; one suspended before keeps what it had left
  end
  redis.call('SADD', node_sessions(node), token)
end
local reclaimed = {}
for _, e in ipairs(entries) do
  local entry = seat(e.conn, e.kind, e.ref)
  if e.state == 'LIVE' and redis.call('SREM', orphan_seats(node), entry) == 1 then
    redis.call('SADD', seats(node), entry)
    reclaimed[e.conn] = true
  end
end
if next(reclaimed) ~= nil then
  for _, orphan in ipairs(redis.call('ZRANGE', ORPHANS, 0, -1)) do
    local token, conn = string.match(orphan, '^(%S+) (%S+)$')
    if conn and reclaimed[conn] and redis.call('HGET', session(token), 'conn') == conn then
      take_back(token, orphan)
    end
  end
end
for _, s in ipairs(held) do
  local orphan = s.token .. ' ' .. s.conn
  if redis.call('ZSCORE', ORPHANS, orphan) and redis.call('HGET', session(s.token), 'conn') == s.conn then
    take_back(s.token, orphan)
  end
end

-- Redis lost its data: the sessions this node's connections hold go back as they were, live (the node's own
-- suspension still ends one whose window passes), so that their clients resume on any node
if lost_data then
  -- until every node has put back what it holds (the last to find the loss, a liveness time from then), a resume on
  -- another node that finds no session, or its session in no room, is told to try again (takeover.lua)
  local settle = now_ms() + tonumber(ttl)
  if tonumber(redis.call('GET', SETTLE) or '0') < settle then redis.call('SET', SETTLE, settle) end
  for _, s in ipairs(held) do
    local key = session(s.token)
    if redis.call('EXISTS', key) == 0 then
      redis.call('HSET', key, 'conn', s.conn, 'name', s.name, 'window', s.window)
      if s.sub then redis.call('HSET', key, 'sub', s.sub) end
      if s.socket then redis.call('HSET', key, 'since', event_seq()) end
      local linger = s.linger or s.window
      if linger > tonumber(redis.call('GET', LINGER) or '0') then redis.call('SET', LINGER, linger) end
      redis.call('SADD', node_sessions(node), s.token)
    end
  end
end

-- the connections whose sessions another connection took over (a resume on another node) while this node was not
-- listening: their memberships moved with them, and the moves, among the events the node missed, come next
local moved = {}
for _, s in ipairs(held) do
  local holder = redis.call('HGET', session(s.token), 'conn')
  if holder and holder ~= s.conn then moved[s.conn] = holder end
end

-- the room the node knows by its owner's connection: the owner's, or one it had before a resume moved it (takeover.lua)
local function known_owner(e)
  local hash = redis.call('HMGET', room(e.ref), 'conn', 'was')
  if hash[1] == e.ownerConn then return true end
  return e.ownerConn ~= nil and string.find((hash[2] or '') .. ' ', ' ' .. e.ownerConn .. ' ', 1, true) ~= nil
end

-- where a seat whose session moved went: the connection holding the session now, else the one it moved to last
local function moved_seat(e)
  return moved[e.conn] or redis.call('GET', moved_to(e.conn)) or ''
end

local function present(e)
  if e.kind == 'R' then return redis.call('HEXISTS', room_members(e.ref), e.conn) == 1 end
  return redis.call('HEXISTS', open_room(e.ref), e.conn) == 1
end

-- a room put back refuses whom it refused before: the bans the node knows of go back with each member it puts back
-- (every node with members in the room knows them all: the owner's node may be gone, or not the first one back)
local function put_bans_back(e)
  local key = e.kind == 'R' and room_bans(e.ref) or open_bans(e.ref)
  for _, entry in ipairs(bans[e.kind .. ' ' .. e.ref] or {}) do redis.call('SADD', key, entry) end
end

-- drops that happened while Redis was out of reach
local wanted = {}
for _, e in ipairs(entries) do
  if e.state == 'DROPPED' then
    if present(e) then
      drop_seat(seat(e.conn, e.kind, e.ref))
    elseif e.lost and e.kind == 'R' and e.owner then
      if redis.call('EXISTS', room(e.ref)) == 0 then
        -- members on other nodes wait for the room to come back: tell them it will not
        publish({kind = 'ROOM_DELETED', id = tonumber(e.ref), owner = e.name, ownerLeft = true, dropped = true}, e.conn)
      end
    elseif e.lost and e.kind == 'R' then
      local left = {kind = 'MEMBER_LEFT', id = tonumber(e.ref), name = e.name, dropped = true}
      if redis.call('EXISTS', room(e.ref)) == 1 then left.roomSeq = next_seq(e.ref) end  -- else not back yet
      publish(left, e.conn)
    elseif e.lost then
      publish({kind = 'MEMBER_LEFT', key = e.ref, name = e.name, dropped = true}, e.conn)
    end
  else
    wanted[seat(e.conn, e.kind, e.ref)] = true
  end
end

-- members Redis lists for this node that the node does not have (a request whose outcome it never learned)
for _, entry in ipairs(redis.call('SMEMBERS', seats(node))) do
  if not wanted[entry] then drop_seat(entry) end
end

local waiting = {}
local restored = false
for _, e in ipairs(entries) do
  local outcome
  if e.state == 'DROPPED' then
    outcome = 'DROPPED'
  elseif present(e) then
    outcome = 'OK'
  elseif e.state == 'LIVE' and (moved[e.conn] or redis.call('EXISTS', moved_to(e.conn)) == 1) then
    -- its session moved to another connection (takeover.lua), which has the seat now; the move comes next. The node
    -- may no longer hold that session: a session in several rooms has a move per room, and the first one to arrive
    -- lets it go before the resync sees the others
    outcome = 'MOVED ' .. moved_seat(e)
  elseif e.kind == 'O' then
    if e.state == 'RESTORING' then
      add_open_member(e.ref, e.conn, e.name, e.key, e.subject or '')
      put_bans_back(e)
      outcome = 'OK'  -- an open room is in no room list: no ROOMS_RESTORED for it
    else
      outcome = 'LEFT'
    end
  elseif redis.call('EXISTS', room(e.ref)) == 0 then
    if e.state ~= 'RESTORING' then
      outcome = 'ENDED'
    elseif e.owner and redis.call('EXISTS', given_up(e.ref)) == 1 then
      -- its node came back too late (frozen, cut off): the other nodes told their members the room was deleted, and
      -- putting it back now would split it in two; the owner is told so too
      outcome = 'GIVEN_UP'
    elseif e.owner then
      -- its events go on counting from the last one the node saw; until 'settle' (two renewal periods, by which every
      -- node with members in it has put them back) it takes no newcomer, who would be told a member list without
      -- them and could take a nickname of theirs
      redis.call('HSET', room(e.ref), 'name', e.roomName, 'owner', e.name, 'conn', e.conn, 'joins', e.seq,
                 'seq', e.roomSeq, 'keep', keep, 'settle', now_ms() + math.floor(tonumber(ttl) / 2))
      redis.call('ZADD', ROOMS, e.ref, e.ref)
      add_owned_member(e.ref, e.conn, e.name, e.key, e.seq, e.subject)
      put_bans_back(e)
      outcome = 'OK'
      restored = true
    elseif e.overdue or redis.call('EXISTS', given_up(e.ref)) == 1 then
      -- the owner's node did not put it back in time (this node's wait is over, or another node's was): this node
      -- tells its members the room was deleted, and the room is noted as given up, so that the owner's node, should it
      -- come back later, does not put it back
      redis.call('SET', given_up(e.ref), '1', 'PX', MOVED_KEPT)
      outcome = 'ENDED'
    else
      outcome = 'WAIT'  -- the owner's node puts the room back
    end
  elseif not known_owner(e) then
    outcome = 'ENDED'  -- another room has the number now
  elseif e.conn == e.ownerConn and e.state == 'LIVE' and redis.call('HGET', room(e.ref), 'conn') ~= e.conn then
    -- the owner resumed on another connection, which has the room now
    outcome = 'MOVED ' .. redis.call('HGET', room(e.ref), 'conn')
  elseif e.state ~= 'RESTORING' or redis.call('HEXISTS', room_names(e.ref), e.key) == 1 then
    outcome = 'LEFT'
  else
    add_owned_member(e.ref, e.conn, e.name, e.key, e.seq, e.subject)
    if tonumber(redis.call('HGET', room(e.ref), 'joins')) < e.seq then
      redis.call('HSET', room(e.ref), 'joins', e.seq)
    end
    if tonumber(redis.call('HGET', room(e.ref), 'seq') or '0') < e.roomSeq then
      redis.call('HSET', room(e.ref), 'seq', e.roomSeq)
    end
    put_bans_back(e)
    outcome = 'OK'
    restored = true
  end
  table.insert(result, outcome)
  if outcome == 'WAIT' then waiting[e.conn] = true end
end
-- a session with a seat still waiting for its room to come back is not whole yet: a resume elsewhere that took it
-- over now would leave that seat with the old connection, so takeover.lua has it try again until the seat is back
-- (the node resyncs at every renewal while one waits) or the node has given the room up
for _, s in ipairs(held) do
  if redis.call('HGET', session(s.token), 'conn') == s.conn then
    if waiting[s.conn] then
      redis.call('HSET', session(s.token), 'waiting', now_ms() + tonumber(ttl))
    else
      redis.call('HDEL', session(s.token), 'waiting')
    end
  end
end
-- rooms and members put back after a data loss reach the room lists no event told: every node's lobby subscribers
-- (who may have fetched a fresh list before this node was back) are told to fetch it anew, after these
if restored then publish({kind = 'ROOMS_RESTORED'}, node .. ':redis', nil) end
table.insert(result, 3, event_seq())
return result
