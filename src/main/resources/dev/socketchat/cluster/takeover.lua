-- takeover: a connection of this node resumes a session another connection holds (suspended, or still open on its
-- node): its memberships of owned rooms, ownership and nickname move to the new connection, nobody is told, and one
-- SESSION_MOVED per room (unnumbered, for the nodes only) makes the old node drop its connection silently and the new
-- one seat the new connection there, in the rooms' order of events (the move carries the room's bans, for the new
-- node's journal); a session in none of its rooms any more (they ended, or it was kicked from them, while it was
-- away) gets one SESSION_MOVED without a room instead, so its old node lets go of it all the same.  ARGV: token, conn,
-- CHAT|SOCKET, offset, the resumer's subject ('' for a guest), which must be the session's, the name it signed in with
-- ('' for a guest), which must be the session's nickname
-- A Socket.IO socket's session (SOCKET, its pid as token; the offset is the number of the last event its client got,
-- '' for none) moves its seats in open rooms alike, and gets back the events of those rooms published after the later
-- of its offset and its 'since' (the last event before it first entered a room, which no takeover moves on: a client
-- whose replay was cut short comes back with the same offset), from the recent events of the cluster
-- (socketchat:recent-events); each session is taken over by its own protocol only.
-- returns OK, the old connection, the nickname, the session's connections before the old one (space-separated, the
-- last 8), its resume window (ms), then per room: id, the number of its last event, the new member's
-- join sequence, owner nickname, owner connection, room name, the number of the member's join event (0: not known),
-- how many kept events follow, and their JSON; then
-- ENDED and, per room that ended while the old connection was in it, or that it was kicked from: id, the number of
-- its last event (its end, or the kick), the number of its join event, how many kept events follow, and their JSON; for a socket then OPEN, how many open rooms follow, their keys, and
-- MISSED, how many events follow and their JSON (in the order of all events), or GONE when some of them are no longer
-- kept or the offset is not one the cluster gave
local token, conn, protocol, offset, subject = ARGV[1], ARGV[2], ARGV[3], ARGV[4], ARGV[5] or ''
local key = session(token)
local from = redis.call('HGET', key, 'conn')
local since = redis.call('HGET', key, 'since')
-- Redis lost its data a moment ago: the node that holds the session may not have put it, or its seats, back yet
local function settling()
  return protocol == 'CHAT' and now_ms() < tonumber(redis.call('GET', SETTLE) or '0')
end
local SETTLING = 'the cluster is putting its sessions back after its store lost its data; try again shortly'
if not from and settling() then
  return refuse('UNAVAILABLE', SETTLING)
end
if not from or (protocol == 'SOCKET') ~= (since ~= false) then
  return refuse('SESSION_EXPIRED', 'no such session: it expired or ended; join your rooms afresh')
end
-- only its own user resumes a session: the same subject, or a guest's without one
if (redis.call('HGET', key, 'sub') or '') ~= subject then
  return refuse('USER_MISMATCH', 'this session belongs to another user; sign in as its user to resume it')
end
local name = redis.call('HGET', key, 'name')
-- and under the name it signed in with: a token renamed since would speak as another member of its rooms
local as = ARGV[6]
if subject ~= '' and as ~= '' and name and name ~= '' and name ~= as then
  return refuse('USER_MISMATCH', 'this session speaks as "' .. name .. '", not as "' .. as .. '"')
end
-- its node put it back after Redis lost its data, but not yet its seat in a room whose owner's node has not put the
-- room back: moving it now would leave that seat behind with the old connection
if now_ms() < tonumber(redis.call('HGET', key, 'waiting') or '0') then
  return refuse('UNAVAILABLE', SETTLING)
end
local rooms = {}
local open = {}
-- its seats: on its node, or waiting for it after its node died; a waiting seat in a room that ended or that it was
-- removed from meanwhile waits no more (nothing else would take it off the lists once its session moves on)
for _, entry in ipairs(seats_of(from)) do
  local c, kind, ref = string.match(entry, '^(%S+) (%u) (.*)$')
  local member = c == from and redis.call('HEXISTS', kind == 'R' and room_members(ref) or open_room(ref), from) == 1
  if member and kind == 'R' then
    table.insert(rooms, ref)
  elseif member and kind == 'O' and since then
    table.insert(open, ref)
  elseif c == from and not member and redis.call('SREM', orphan_seats(node_of(from)), entry) == 1 then
    unsit(entry)
  end
end
local ended = {}
for _, id in ipairs(redis.call('SMEMBERS', ended_rooms(from))) do
  if redis.call('EXISTS', room_history(id)) == 1 then table.insert(ended, id) end
end
local kicked = redis.call('HGETALL', kicked_rooms(from))
if #rooms == 0 and #ended == 0 and #kicked == 0 and not since and from ~= conn and settling() then
  return refuse('UNAVAILABLE', SETTLING)  -- its seats may be on their way back
end
redis.call('ZREM', ORPHANS, token .. ' ' .. from)
-- a /chat session in no room is over; a socket is not (its client recovers it in no room, as on a single node)
if (#rooms == 0 and #ended == 0 and #kicked == 0 and not since) or from == conn then
  redis.call('DEL', key)
  redis.call('SREM', node_sessions(node_of(from)), token)
  return refuse('SESSION_EXPIRED', 'the session is in no room any more; join your rooms afresh')
end
-- what a socket missed in its open rooms, read before its seats move: nil when some of it is gone
local past = redis.call('HGET', key, 'past') or ''
local missed = {}
if since then
  -- its joins under any of its connections (a replay cut short comes again from the client's offset, see below)
  local mine = {[from] = true}
  for c in string.gmatch(past, '%S+') do mine[c] = true end
  local last = tonumber(event_seq())
  local bound = tonumber(since)
  local got = offset ~= '' and string.match(offset, '^%d+$') and #offset <= 15 and tonumber(offset) or nil
  if offset ~= '' and (not got or got > last) then
    missed = nil
  elseif got and got > bound then
    bound = got
  end
  if missed and bound < last then
    local entries = redis.call('XRANGE', RECENT, (bound + 1) .. '-0', '+')
    if #entries == 0 or tonumber(string.match(entries[1][1], '^(%d+)')) ~= bound + 1 then
      missed = nil
    else
      -- an event of one of its rooms holds "key":<the key> as cjson writes it (a string value cannot: its quotes are
      -- escaped), so only those are decoded
      local needles = {}
      for _, ref in ipairs(open) do needles[ref] = '"key":' .. cjson.encode(ref) end
      -- the open rooms it was kicked from or left: their events up to its kick (the removal notice among them) or its
      -- leaving (not its own leave notice) are its own
      local ends = {}
      local kicks = redis.call('HGETALL', kicked_open(from))
      for i = 1, #kicks, 2 do
        if not needles[kicks[i]] and tonumber(kicks[i + 1]) > bound then -- else its client had all of it
          needles[kicks[i]] = '"key":' .. cjson.encode(kicks[i])
          ends[kicks[i]] = tonumber(kicks[i + 1])
        end
      end
      for _, entry in ipairs(entries) do
        local event = {}
        for ref, needle in pairs(needles) do
          if string.find(entry[2][2], needle, 1, true) then
            event = cjson.decode(entry[2][2])
            break
          end
        end
        local number = tonumber(string.match(entry[1], '^(%d+)'))
        if event.key and needles[event.key] and not (ends[event.key] and number > ends[event.key]) then
          if event.kind == 'MEMBER_JOINED' and mine[event.conn] then
            -- it entered the room here: what the room had before is not its own
            local kept = {}
            for _, other in ipairs(missed) do
              if other.key ~= event.key then table.insert(kept, other) end
            end
            missed = kept
          end
          if event.kind ~= 'SESSION_MOVED' then table.insert(missed, {key = event.key, json = entry[2][2]}) end
        end
      end
    end
  end
end
local result = {'OK', from, name, past, redis.call('HGET', key, 'window') or '0'}
for _, id in ipairs(rooms) do
  local joins = redis.call('ZSCORE', room_order(id), from)
  local nickname_key = redis.call('HGET', room_keys(id), from)
  redis.call('HDEL', room_members(id), from)
  redis.call('HSET', room_members(id), conn, name)
  redis.call('HSET', room_names(id), nickname_key, conn)
  redis.call('HDEL', room_keys(id), from)
  redis.call('HSET', room_keys(id), conn, nickname_key)
  local subject = redis.call('HGET', room_subjects(id), from)
  if subject then
    redis.call('HDEL', room_subjects(id), from)
    redis.call('HSET', room_subjects(id), conn, subject)
  end
  redis.call('ZREM', room_order(id), from)
  redis.call('ZADD', room_order(id), joins, conn)
  local joined = redis.call('HGET', room_joined(id), from) or '0'
  redis.call('HDEL', room_joined(id), from)
  if joined ~= '0' then redis.call('HSET', room_joined(id), conn, joined) end
  redis.call('SREM', orphan_seats(node_of(from)), seat(from, 'R', id))
  unsit(seat(from, 'R', id))
  sit(conn, 'R', id)
  if redis.call('HGET', room(id), 'conn') == from then
    -- the owner's past connections stay with the room: a node that has not heard of the move yet (it was frozen or
    -- cut off) still knows the room by one of them when it resyncs (resync.lua)
    local was = (redis.call('HGET', room(id), 'was') or '') .. ' ' .. from
    while #was > 512 do was = string.gsub(was, '^ %S+', '', 1) end
    redis.call('HSET', room(id), 'conn', conn, 'was', was)
  end
  local info = redis.call('HMGET', room(id), 'seq', 'owner', 'conn', 'name')
  table.insert(result, id)
  table.insert(result, tostring(tonumber(info[1] or '0')))
  table.insert(result, tostring(joins))
  table.insert(result, info[2])
  table.insert(result, info[3])
  table.insert(result, info[4])
  table.insert(result, joined)
  local entries = redis.call('XRANGE', room_history(id), math.max(oldest_kept(id), 1) .. '-0', '+')
  table.insert(result, tostring(#entries))
  for _, entry in ipairs(entries) do table.insert(result, entry[2][2]) end
  publish({kind = 'SESSION_MOVED', id = tonumber(id), from = from, name = name, joins = tonumber(joins),
           roomName = info[4], owner = info[2], ownerConn = info[3], bans = redis.call('SMEMBERS', room_bans(id))},
          conn, nil)
end
table.insert(result, 'ENDED')
for _, id in ipairs(ended) do
  local entries = redis.call('XRANGE', room_history(id), '-', '+')
  local last = #entries > 0 and string.match(entries[#entries][1], '^(%d+)') or '0'
  table.insert(result, id)
  table.insert(result, last)
  table.insert(result, redis.call('HGET', joined_rooms(from), id) or '0')
  table.insert(result, tostring(#entries))
  for _, entry in ipairs(entries) do table.insert(result, entry[2][2]) end
end
for i = 1, #kicked, 2 do
  local id, upto = kicked[i], kicked[i + 1]
  local entries = redis.call('XRANGE', room_history(id), math.max(oldest_kept(id), 1) .. '-0', upto .. '-0')
  table.insert(result, id)
  table.insert(result, upto)
  table.insert(result, redis.call('HGET', joined_rooms(from), id) or '0')
  table.insert(result, tostring(#entries))
  for _, entry in ipairs(entries) do table.insert(result, entry[2][2]) end
end
if since then
  table.insert(result, 'OPEN')
  table.insert(result, tostring(#open))
  for _, ref in ipairs(open) do
    redis.call('HDEL', open_room(ref), from)
    redis.call('HSET', open_room(ref), conn, name)
    -- a moderator's kick finds the socket by its nickname key, and bans its subject
    local nickname_key = redis.call('HGET', open_keys(ref), from)
    redis.call('HDEL', open_keys(ref), from)
    if nickname_key then redis.call('HSET', open_keys(ref), conn, nickname_key) end
    local subject = redis.call('HGET', open_subjects(ref), from)
    if subject then
      redis.call('HDEL', open_subjects(ref), from)
      redis.call('HSET', open_subjects(ref), conn, subject)
    end
    redis.call('SREM', orphan_seats(node_of(from)), seat(from, 'O', ref))
    unsit(seat(from, 'O', ref))
    sit(conn, 'O', ref)
    table.insert(result, ref)
    publish({kind = 'SESSION_MOVED', key = ref, from = from, name = name,
             bans = redis.call('SMEMBERS', open_bans(ref))}, conn, nil)
  end
  if missed then
    table.insert(result, 'MISSED')
    table.insert(result, tostring(#missed))
    for _, event in ipairs(missed) do table.insert(result, event.json) end
  else
    table.insert(result, 'GONE')
  end
  -- 'since' stays when it entered its rooms: should this replay not reach the client before the new connection drops
  -- too, socket.io-client comes back with the same offset, and the next takeover replays all of it again
end
if #rooms == 0 and #open == 0 then
  -- no room's move tells the old node: this one does, after the ends and kicks it has seen
  publish({kind = 'SESSION_MOVED', from = from, name = name}, conn, nil)
end
-- the rooms it lost while away go with the session: should their replay not reach its client before the new
-- connection drops too, a resume of that one, on any node, replays them again (while their streams last)
for _, notes in ipairs({{ended_rooms(from), ended_rooms(conn)}, {kicked_rooms(from), kicked_rooms(conn)},
                       {kicked_open(from), kicked_open(conn)}, {joined_rooms(from), joined_rooms(conn)}}) do
  if redis.call('EXISTS', notes[1]) == 1 then redis.call('RENAME', notes[1], notes[2]) end
end
redis.call('SADD', NODES, node_of(conn))
-- a node that has not heard of the move yet (frozen, cut off) finds its old connection's seats moved, not left
redis.call('SET', moved_to(from), conn, 'PX', MOVED_KEPT)
-- the connections the session had, so a later resume knows the replies of each of them as its own (their requestIds)
local earlier = {}
for c in string.gmatch(past, '%S+') do table.insert(earlier, c) end
table.insert(earlier, from)
while #earlier > 8 do table.remove(earlier, 1) end
redis.call('HSET', key, 'conn', conn, 'past', table.concat(earlier, ' '))
redis.call('PERSIST', key)
redis.call('SREM', node_sessions(node_of(from)), token)
redis.call('SADD', node_sessions(node_of(conn)), token)
return result
