-- socketchat cluster registry: shared by every script (prepended to each one).
-- Key layout (see README "Scaling out"); <id> is an owned room's number, <key> an open room's key,
-- <node> a node's id, <conn> a connection id "<node>:<serial>".
local P = 'socketchat:'
local CHANNEL = P .. 'events'              -- every room event, as JSON, in the order it happened
local EVENT_SEQ = P .. 'event-seq'         -- INCR: each event's number, so a node can tell it missed one
local RECENT = P .. 'recent-events'        -- stream: the last events by number, for nodes catching up
local RECENT_MAX = 10000
local NEXT_ROOM = P .. 'next-room'         -- INCR: room numbers
local EPOCH = P .. 'epoch'                 -- random id of this data set; a new one means Redis lost its data
local ROOMS = P .. 'rooms'                 -- zset: owned room numbers (the lobby)
local OPEN_ROOMS = P .. 'open-rooms'       -- set: keys of open rooms that have members
local MEMBERSHIPS = P .. 'memberships'     -- count of memberships over all rooms
local NODES = P .. 'nodes'                 -- set: nodes that registered members
local CLOCK = P .. 'clock'                 -- Redis TIME (ms) when a node last renewed its liveness key
local REAP_AFTER = P .. 'reap-after'       -- Redis TIME (ms) before which no node is taken for dead
local LIVENESS = P .. 'liveness'           -- hash: node -> its liveness time (ms), as it last renewed its key
local SETTLE = P .. 'settle'               -- Redis TIME (ms) until which the nodes may still be putting back the
                                           -- sessions and memberships Redis lost with its data
local ORPHANS = P .. 'orphans'             -- zset: "<token> <conn>" of dead nodes' sessions, by when they end (ms)
local ORPHANS_PER_TICK = 2000              -- at most so many of them end in one renewal (a script's work)
local LINGER = P .. 'session-window'       -- the longest linger of any session (ms; its resume window and the time
                                           -- a dead network goes unnoticed): how long an ended room's events stay
                                           -- for sessions that were in it
-- an owned room's 'keep' after end_owned_room deleted its hash, for its ROOM_DELETED, within one script run
local ENDED_KEEP = {}

local function room(id) return P .. 'room:' .. id end                  -- hash: name, owner, conn, joins, seq, keep, was
local function room_members(id) return P .. 'room:' .. id .. ':members' end -- hash: conn -> nickname
local function room_names(id) return P .. 'room:' .. id .. ':names' end     -- hash: nickname key -> conn
local function room_keys(id) return P .. 'room:' .. id .. ':keys' end       -- hash: conn -> nickname key
local function room_order(id) return P .. 'room:' .. id .. ':order' end     -- zset: conn by join sequence
local function room_history(id) return P .. 'room:' .. id .. ':history' end -- stream: events by seq (c|e = JSON)
local function room_joined(id) return P .. 'room:' .. id .. ':joined' end   -- hash: conn -> the seq of its join
local function room_subjects(id) return P .. 'room:' .. id .. ':subjects' end -- hash: conn -> signed-in subject
local function room_bans(id) return P .. 'room:' .. id .. ':bans' end       -- set: ban entries (Bans.java)
local function open_room(key) return P .. 'open:' .. key end           -- hash: conn -> nickname
local function open_keys(key) return P .. 'open-keys:' .. key end      -- hash: conn -> nickname key
local function open_subjects(key) return P .. 'open-subjects:' .. key end -- hash: conn -> signed-in subject
local function open_bans(key) return P .. 'open-bans:' .. key end      -- set: ban entries (Bans.java)
local function alive(node) return P .. 'node:' .. node end             -- string with a TTL: the node lives
local function seats(node) return P .. 'node:' .. node .. ':seats' end -- set: "<conn> R <id>" / "<conn> O <key>"
local function reaped(node) return P .. 'node:' .. node .. ':reaped' end -- string: when the node was taken for dead
local function session(token) return P .. 'session:' .. token end      -- hash: conn, name, window (TTL: suspended)
local function ended_rooms(conn) return P .. 'conn:' .. conn .. ':ended' end -- set: owned rooms that ended while it
                                                                              -- was in them (TTL: LINGER)
local function kicked_rooms(conn) return P .. 'conn:' .. conn .. ':kicked' end -- hash: owned room -> the number
                                                                              -- of its kick (TTL: LINGER)
local function kicked_open(conn) return P .. 'conn:' .. conn .. ':kicked-open' end -- hash: open room key -> the
                                                                              -- number of its kick (TTL: LINGER)
local function joined_rooms(conn) return P .. 'conn:' .. conn .. ':joined' end -- hash: owned room ended or
                                                                              -- kicked from -> its join's seq (LINGER)
local function moved_to(conn) return P .. 'moved:' .. conn end           -- string: the connection a resume moved
                                                                              -- this one's session to (TTL: MOVED_KEPT)
local MOVED_KEPT = 3600000 -- ms a move is remembered for a node that was frozen or cut off meanwhile (resync.lua)
local function given_up(id) return P .. 'given-up:' .. id end            -- string: the other nodes gave the owned room
                                                                              -- up while its owner's node did not put
                                                                              -- it back after a data loss (TTL:
                                                                              -- MOVED_KEPT): that node ends it too
local function orphan_seats(node) return P .. 'node:' .. node .. ':orphan-seats' end -- set: seats of its sessions
local function node_sessions(node) return P .. 'node:' .. node .. ':sessions' end -- set: tokens of its sessions
local function conn_seats(conn) return P .. 'conn:' .. conn .. ':seats' end -- set: its seats, on its node or waiting

local function node_of(conn) return string.match(conn, '^(.+):[^:]+$') end
local function seat(conn, kind, ref) return conn .. ' ' .. kind .. ' ' .. ref end
local function flag(value) return value == '1' or value == true end

-- a seat is listed under its node (seats; orphan_seats while a dead node's session waits) and under its connection
-- (conn_seats), so that a resume finds a connection's seats without reading all of its node's: a rolling restart of
-- a node with thousands of sessions had each resume read them all
local function sit(conn, kind, ref)
  local entry = seat(conn, kind, ref)
  redis.call('SADD', seats(node_of(conn)), entry)
  redis.call('SADD', conn_seats(conn), entry)
end

-- a seat leaves its node's list, and its connection's unless it waits among the orphan seats (which end it later)
local function unsit(entry)
  local conn = string.match(entry, '^(%S+) ')
  redis.call('SREM', seats(node_of(conn)), entry)
  if redis.call('SISMEMBER', orphan_seats(node_of(conn)), entry) == 0 then
    redis.call('SREM', conn_seats(conn), entry)
  end
end

-- a connection's seats, on its node or waiting; those of a connection whose node an earlier version ran, which listed
-- them under the node only, are read from its node's lists
local function seats_of(conn)
  if redis.call('EXISTS', conn_seats(conn)) == 1 then return redis.call('SMEMBERS', conn_seats(conn)) end
  local found = {}
  for _, set in ipairs({seats(node_of(conn)), orphan_seats(node_of(conn))}) do
    for _, entry in ipairs(redis.call('SMEMBERS', set)) do
      if string.sub(entry, 1, #conn + 1) == conn .. ' ' then table.insert(found, entry) end
    end
  end
  return found
end

local function refuse(reason, detail) return {reason, detail} end

-- whether a room's ban list (see Bans.java) refuses a member: its connection, else its subject, or a guest's name key
local function banned(bans, conn, subject, key)
  if redis.call('SISMEMBER', bans, 'c:' .. conn) == 1 then return true end
  if subject ~= nil and subject ~= '' then return redis.call('SISMEMBER', bans, 's:' .. subject) == 1 end
  return redis.call('SISMEMBER', bans, 'n:' .. key) == 1
end

-- bans a kicked member from a room, as Bans.of does; returns the entries, which its kick event carries for the
-- nodes to journal (a room put back after Redis lost its data gets its bans back)
local function ban(bans, conn, subject, key)
  local entries = {'c:' .. conn, (subject and subject ~= '') and ('s:' .. subject) or ('n:' .. key)}
  redis.call('SADD', bans, entries[1], entries[2])
  return entries
end

-- Redis's clock in milliseconds (TIME: seconds and microseconds)
local function now_ms()
  local time = redis.call('TIME')
  return tonumber(time[1]) * 1000 + math.floor(tonumber(time[2]) / 1000)
end

-- the answer for an owned room that is not in Redis: none such, unless Redis lost its data a moment ago and the room's
-- node may not have put it back yet (resync.lua), when the request is to be tried again
local function no_room(id)
  if now_ms() < tonumber(redis.call('GET', SETTLE) or '0') then
    return refuse('UNAVAILABLE',
                  'room ' .. id .. ' may be on its way back after the store lost its data; try again shortly')
  end
  return refuse('NO_SUCH_ROOM', 'there is no room ' .. id)
end

-- why an owned room would not let a member in (join.lua, admits.lua), or nil when it would
local function owned_refusal(id, conn, name, key, subject)
  if redis.call('EXISTS', room(id)) == 0 then
    return no_room(id)
  end
  if now_ms() < tonumber(redis.call('HGET', room(id), 'settle') or '0') then
    -- put back after Redis lost its data, and its members on other nodes may not be back yet (resync.lua)
    return refuse('UNAVAILABLE', 'room ' .. id .. ' is being put back; try again shortly')
  end
  if redis.call('HEXISTS', room_members(id), conn) == 1 then
    return refuse('ALREADY_MEMBER', 'you are already in room ' .. id)
  end
  if banned(room_bans(id), conn, subject, key) then
    return refuse('BANNED', 'you were removed from room ' .. id .. ' and may not come back while it exists')
  end
  if redis.call('HEXISTS', room_names(id), key) == 1 then
    return refuse('NAME_TAKEN', 'the nickname "' .. name .. '" is already in room ' .. id)
  end
  return nil
end

-- why an open room would not let a member in (enter.lua, admits.lua), or nil when it would
local function open_refusal(key, conn, subject, name_key)
  if redis.call('HEXISTS', open_room(key), conn) == 1 then
    return refuse('ALREADY_MEMBER', 'you are already in room "' .. key .. '"')
  end
  if banned(open_bans(key), conn, subject, name_key) then
    return refuse('BANNED', 'you were removed from room "' .. key .. '" and may not come back while it exists')
  end
  return nil
end

-- keeps a numbered event of an owned room in the room's stream under its number, as published (a join without the
-- joiner's view): field 'c' for chat, 'e' for the others. The room's hash says how many it keeps ('keep'); the trim
-- is rough, so readers skip what lies more than 'keep' events back. A deleted room (no hash) keeps nothing.
local function keep_event(event, json)
  if not event.id or not event.roomSeq then return end
  local keep = tonumber(redis.call('HGET', room(event.id), 'keep') or ENDED_KEEP[tostring(event.id)] or '0')
  if keep <= 0 then return end
  if event.kind == 'MEMBER_JOINED' then
    event.members, event.history = nil, nil
    json = cjson.encode(event)
  end
  redis.call('XADD', room_history(event.id), 'MAXLEN', '~', keep, event.roomSeq .. '-0',
             event.kind == 'CHAT_POSTED' and 'c' or 'e', json)
  if ENDED_KEEP[tostring(event.id)] then
    redis.call('PEXPIRE', room_history(event.id), tonumber(redis.call('GET', LINGER) or '0'))
  end
end

-- publishes an event: numbered, kept among the recent ones for nodes that were not listening, and sent to all
local function publish(event, conn, tag)
  event.conn = conn
  if tag ~= nil and tag ~= '' then event.tag = tag end
  event.epoch = redis.call('GET', EPOCH) or ''
  event.seq = redis.call('INCR', EVENT_SEQ)
  local json = cjson.encode(event)
  redis.call('XADD', RECENT, 'MAXLEN', '~', RECENT_MAX, event.seq .. '-0', 'e', json)
  redis.call('PUBLISH', CHANNEL, json)
  keep_event(event, json)
end

local function event_seq()
  return tostring(tonumber(redis.call('GET', EVENT_SEQ) or '0'))
end

local function epoch(fresh)
  local current = redis.call('GET', EPOCH)
  if current then return current end
  redis.call('SET', EPOCH, fresh)
  return fresh
end

-- renews a node's liveness key. Live nodes renew every quarter of the liveness time, so a gap of half of it since
-- anybody last did means Redis itself stood still (paused, blocked) or nobody could reach it: then nobody's key
-- expiring means a death, and every node gets a whole liveness time from now to renew before any is taken for dead.
local function keep_alive(node, ttl, info)
  local now = now_ms()
  redis.call('HSET', LIVENESS, node, ttl)
  -- nodes may run with different liveness times (a node restarted with another configuration): a stall is one that
  -- the shortest could not renew through, and every node gets the longest to renew after it
  local shortest, longest = tonumber(ttl), tonumber(ttl)
  for _, other in ipairs(redis.call('HVALS', LIVENESS)) do
    shortest = math.min(shortest, tonumber(other))
    longest = math.max(longest, tonumber(other))
  end
  local last = tonumber(redis.call('GET', CLOCK) or '0')
  if last > 0 and now - last > shortest / 2 then
    redis.call('SET', REAP_AFTER, now + longest)
  end
  redis.call('SET', CLOCK, now)
  local existed = redis.call('EXISTS', alive(node))
  redis.call('SET', alive(node), info, 'PX', ttl)
  redis.call('SADD', NODES, node)
  return existed
end

-- whether a node whose key is gone may be taken for dead now (not within a liveness time after Redis stood still)
local function may_reap()
  return now_ms() >= tonumber(redis.call('GET', REAP_AFTER) or '0')
end

-- owned rooms ---------------------------------------------------------------------------------------------------------

-- the number of the owned room's next event (its 'seq' field counts them)
local function next_seq(id)
  return redis.call('HINCRBY', room(id), 'seq', 1)
end

-- the number of the oldest event an owned room still keeps (its stream may hold older ones, trimmed roughly)
local function oldest_kept(id)
  local info = redis.call('HMGET', room(id), 'seq', 'keep')
  return tonumber(info[1] or '0') - tonumber(info[2] or '0') + 1
end

-- the latest count kept chat messages numbered below before (nil: the latest), oldest first, as {seq, name, text,
-- time} tables
local function chat_page(id, before, count)
  local lines = {}
  if count <= 0 or (before and before <= 1) then return lines end
  local oldest = oldest_kept(id)
  local upto = before and (before - 1) or nil
  while #lines < count do
    if upto and upto < oldest then break end
    local entries = redis.call('XREVRANGE', room_history(id), upto and (upto .. '-0') or '+',
                               math.max(oldest, 1) .. '-0', 'COUNT', 100)
    if #entries == 0 then break end
    for _, entry in ipairs(entries) do
      local fields = entry[2]
      if fields[1] == 'c' then
        local chat = cjson.decode(fields[2])
        table.insert(lines, {seq = chat.roomSeq, name = chat.name, text = chat.text, time = chat.time})
        if #lines == count then break end
      end
    end
    upto = tonumber(string.match(entries[#entries][1], '^(%d+)')) - 1
  end
  local page = {}
  for i = #lines, 1, -1 do table.insert(page, lines[i]) end
  return page
end

local function view(id)
  local names = {}
  for i, conn in ipairs(redis.call('ZRANGE', room_order(id), 0, -1)) do
    names[i] = redis.call('HGET', room_members(id), conn)
  end
  return names
end

-- key: the nickname's comparison key (Nickname.key: NFKC, case-folded), which is unique in the room
-- subject: the member's signed-in subject ('' or nil for a guest)
local function add_owned_member(id, conn, name, key, seq, subject)
  redis.call('HSET', room_members(id), conn, name)
  if subject and subject ~= '' then redis.call('HSET', room_subjects(id), conn, subject) end
  redis.call('HSET', room_names(id), key, conn)
  redis.call('HSET', room_keys(id), conn, key)
  redis.call('ZADD', room_order(id), seq, conn)
  sit(conn, 'R', id)
  redis.call('SADD', NODES, node_of(conn))
  redis.call('INCR', MEMBERSHIPS)
end

local function remove_owned_member(id, conn)
  local name = redis.call('HGET', room_members(id), conn)
  if not name then return end
  redis.call('HDEL', room_members(id), conn)
  local key = redis.call('HGET', room_keys(id), conn)
  if key and redis.call('HGET', room_names(id), key) == conn then redis.call('HDEL', room_names(id), key) end
  redis.call('HDEL', room_keys(id), conn)
  redis.call('HDEL', room_subjects(id), conn)
  redis.call('ZREM', room_order(id), conn)
  redis.call('HDEL', room_joined(id), conn)
  unsit(seat(conn, 'R', id))
  redis.call('DECR', MEMBERSHIPS)
end

-- notes, for a resume of its session on another node, where the member's part of a room it lost (the room ended, or
-- it was kicked) began: nothing before its join is replayed to it
local function note_joined(id, conn, linger)
  local at = redis.call('HGET', room_joined(id), conn)
  if at then
    redis.call('HSET', joined_rooms(conn), id, at)
    redis.call('PEXPIRE', joined_rooms(conn), linger)
  end
end

-- ends an owned room. With sessions on, its events stay for the longest linger (LINGER), its end (published next) among
-- them, and each member notes the room, so a session resumed on another node catches up on it to its end
local function end_owned_room(id)
  local conns = redis.call('HKEYS', room_members(id))
  local linger = tonumber(redis.call('GET', LINGER) or '0')
  local keep = tonumber(redis.call('HGET', room(id), 'keep') or '0')
  for _, conn in ipairs(conns) do
    unsit(seat(conn, 'R', id))
    if linger > 0 and keep > 0 then
      redis.call('SADD', ended_rooms(conn), id)
      redis.call('PEXPIRE', ended_rooms(conn), linger)
      note_joined(id, conn, linger)
    end
  end
  redis.call('DECRBY', MEMBERSHIPS, #conns)
  redis.call('DEL', room(id), room_members(id), room_names(id), room_keys(id), room_order(id), room_subjects(id),
             room_bans(id), room_joined(id))
  if linger > 0 and keep > 0 then
    ENDED_KEEP[tostring(id)] = keep
    redis.call('PEXPIRE', room_history(id), linger)
  else
    redis.call('DEL', room_history(id))
  end
  redis.call('ZREM', ROOMS, id)
end

-- the member leaves (or dropped); its owner leaving ends the room. Returns 'ENDED' or 'STAYS'.
local function leave_owned(id, conn, name, dropped, tag)
  local seq = next_seq(id)
  if redis.call('HGET', room(id), 'conn') == conn then
    end_owned_room(id)
    publish({kind = 'ROOM_DELETED', id = tonumber(id), owner = name, ownerLeft = true, dropped = dropped,
             roomSeq = seq}, conn, tag)
    return 'ENDED'
  end
  remove_owned_member(id, conn)
  publish({kind = 'MEMBER_LEFT', id = tonumber(id), name = name, dropped = dropped,
           members = redis.call('HLEN', room_members(id)), roomSeq = seq}, conn, tag)
  return 'STAYS'
end

-- open rooms ----------------------------------------------------------------------------------------------------------

local function add_open_member(key, conn, name, name_key, subject)
  redis.call('HSET', open_room(key), conn, name)
  redis.call('HSET', open_keys(key), conn, name_key)
  if subject ~= '' then redis.call('HSET', open_subjects(key), conn, subject) end
  redis.call('SADD', OPEN_ROOMS, key)
  sit(conn, 'O', key)
  redis.call('SADD', NODES, node_of(conn))
  redis.call('INCR', MEMBERSHIPS)
end

-- an open room ends with its last member: its members' keys and subjects go with it (whatever entries an earlier
-- version's takeover left under connections no longer in it), and its bans
local function end_open_room(key)
  redis.call('SREM', OPEN_ROOMS, key)
  redis.call('DEL', open_keys(key), open_subjects(key), open_bans(key))
end

-- tells an open room of a member's entry, leaving or removal (the member still counted among its members)
local function announce_open(key, conn, name, what, subject, site_count, time, tag)
  local event = {kind = 'ANNOUNCED', key = key, name = name, what = what, subject = subject, time = time,
                 members = redis.call('HLEN', open_room(key))}
  if site_count ~= '' then event.siteCount = tonumber(site_count) end
  publish(event, conn, tag)
end

-- the member leaves (or dropped); the last one out ends the room. Returns 'ENDED' or 'STAYS'.
local function leave_open(key, conn, name, dropped, tag)
  redis.call('HDEL', open_room(key), conn)
  redis.call('HDEL', open_keys(key), conn)
  redis.call('HDEL', open_subjects(key), conn)
  unsit(seat(conn, 'O', key))
  redis.call('DECR', MEMBERSHIPS)
  publish({kind = 'MEMBER_LEFT', key = key, name = name, dropped = dropped,
           members = redis.call('HLEN', open_room(key))}, conn, tag)
  if redis.call('EXISTS', open_room(key)) == 0 then
    end_open_room(key)
    return 'ENDED'
  end
  return 'STAYS'
end

-- dropping whatever membership a node's seat entry stands for, announced as a drop --------------------------------------

local function drop_seat(entry)
  local conn, kind, ref = string.match(entry, '^(%S+) (%u) (.*)$')
  if kind == 'R' then
    local name = redis.call('HGET', room_members(ref), conn)
    if name then leave_owned(ref, conn, name, true, nil) end
  elseif kind == 'O' then
    local name = redis.call('HGET', open_room(ref), conn)
    if name then leave_open(ref, conn, name, true, nil) end
  end
  unsit(entry)
end

-- removes every member of a node as dropped, then the node itself; returns how many memberships it dropped and how
-- many seats it kept for sessions that wait (below). Unless it
-- leaves of its own accord, the node is marked as taken for dead, so that it closes its members' connections if it
-- was alive after all (cut off from Redis longer than the liveness time) and comes back.
-- A dead node's sessions are suspended instead: their seats in owned rooms (a Socket.IO socket's in open rooms too)
-- wait (orphan_seats) for a resume on another node until their window passes (ORPHANS, see end_orphans); a session
-- already suspended keeps what it had left. A node that leaves of its own accord (a restart) hands its sessions on the
-- same way when it keeps them (keep): it suspended them as it closed their connections, for their clients to resume
-- them on another node.
local function reap(node, dead, keep)
  local waiting = {}
  for _, token in ipairs(redis.call('SMEMBERS', node_sessions(node))) do
    local info = redis.call('HMGET', session(token), 'conn', 'window', 'since')
    local window = tonumber(info[2] or '0') or 0
    if (dead or keep) and info[1] and node_of(info[1]) == node and window > 0 then
      local left = redis.call('PTTL', session(token))
      if left > 0 then
        window = left
        redis.call('HDEL', session(token), 'live')
      elseif left == -1 then
        redis.call('HSET', session(token), 'live', '1')  -- its connection lived: if it still does, it is taken back
      end
      redis.call('PEXPIRE', session(token), window)
      redis.call('ZADD', ORPHANS, now_ms() + window, token .. ' ' .. info[1])
      waiting[info[1]] = info[3] and 'SOCKET' or 'CHAT'
    else
      redis.call('DEL', session(token))
    end
  end
  redis.call('DEL', node_sessions(node))
  -- the seats that wait go among the orphan seats before any other is dropped: a drop that ends a room (its owner's)
  -- takes a waiting member's seat in it off the connection's list only once it no longer waits (unsit)
  local entries = redis.call('SMEMBERS', seats(node))
  local dropping = {}
  local kept = 0
  for _, entry in ipairs(entries) do
    local conn, kind = string.match(entry, '^(%S+) (%u) ')
    if waiting[conn] and (kind == 'R' or waiting[conn] == 'SOCKET') then
      redis.call('SADD', orphan_seats(node), entry)
      kept = kept + 1
    else
      table.insert(dropping, entry)
    end
  end
  for _, entry in ipairs(dropping) do drop_seat(entry) end
  local dropped = #dropping
  redis.call('DEL', seats(node))
  redis.call('SREM', NODES, node)
  redis.call('HDEL', LIVENESS, node)
  if dead then redis.call('SET', reaped(node), now_ms(), 'PX', 86400000) end
  return dropped, kept
end

-- ends a dead node's session that waited as an orphan (its token held by conn): its seats are dropped, as a drop would
local function end_orphan(token, conn)
  for _, entry in ipairs(seats_of(conn)) do
    if redis.call('SREM', orphan_seats(node_of(conn)), entry) == 1 then
      drop_seat(entry) -- waiting no more, it leaves its connection's list too (unsit)
    end
  end
  redis.call('ZREM', ORPHANS, token .. ' ' .. conn)
  if redis.call('HGET', session(token), 'conn') == conn then redis.call('DEL', session(token)) end
end

-- ends the dead nodes' sessions whose window passed without a resume, the first ORPHANS_PER_TICK of them (the next
-- renewal ends more). Their seats are found in one reading of each dead node's waiting seats, not one per session: a
-- node that died with thousands of sessions had each of them read all its seats, and Redis stood still for seconds
-- when their windows passed together
local function end_orphans()
  local orphans = redis.call('ZRANGEBYSCORE', ORPHANS, '-inf', now_ms(), 'LIMIT', 0, ORPHANS_PER_TICK)
  local ending, nodes, seen = {}, {}, {}
  for _, orphan in ipairs(orphans) do
    local conn = string.match(orphan, ' (%S+)$')
    local node = conn and node_of(conn)
    if node and not seen[node] then
      seen[node] = true
      table.insert(nodes, node)
    end
    if conn then ending[conn] = true end
  end
  for _, node in ipairs(nodes) do
    for _, entry in ipairs(redis.call('SMEMBERS', orphan_seats(node))) do
      if ending[string.match(entry, '^(%S+) ')] then
        redis.call('SREM', orphan_seats(node), entry)
        drop_seat(entry) -- waiting no more, it leaves its connection's list too (unsit)
      end
    end
  end
  for _, orphan in ipairs(orphans) do
    local token, conn = string.match(orphan, '^(%S+) (%S+)$')
    redis.call('ZREM', ORPHANS, orphan)
    if conn and redis.call('HGET', session(token), 'conn') == conn then redis.call('DEL', session(token)) end
  end
end

-- Every script's last argument is its deadline in Redis TIME (ms; 0 for none): the node has answered UNAVAILABLE by
-- then, so a script that reaches Redis later (queued behind a stall) must change nothing. The refusal carries Redis's
-- time, for a node whose estimate of it fell behind to catch up (RedisLink) rather than send every later request late.
local DEADLINE = tonumber(ARGV[#ARGV]) or 0
if DEADLINE > 0 and now_ms() > DEADLINE then
  return {'UNAVAILABLE', 'the request reached Redis after its deadline; nothing was done', tostring(now_ms())}
end

-- script body follows ---------------------------------------------------------------------------------------------------
