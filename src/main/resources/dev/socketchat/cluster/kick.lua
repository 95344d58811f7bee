-- kick: the owner of an owned room, or a moderator in any room, removes every member going by a nickname and bans
-- each from the room while it exists (see Bans.java); one MEMBER_KICKED per removed connection (numbered in owned
-- rooms), carrying the ban's entries for the nodes' journals.
-- ARGV: R|O, id or key, conn, nickname, nickname key, moderator (1|0), target nickname key, note ('' for none), tag
-- returns OK, how many were removed, 1 when the kicker is in the room (the kicks reach it as a member) else 0, and
-- the first removed member's nickname as the room knew it (the target's key if the room had lost it)
local kind, ref, conn, name, key, moderator, target, note, tag =
  ARGV[1], ARGV[2], ARGV[3], ARGV[4], ARGV[5], flag(ARGV[6]), ARGV[7], ARGV[8], ARGV[9]
local owned = kind == 'R'
if owned and redis.call('EXISTS', room(ref)) == 0 then
  return no_room(ref)
end
if not owned and redis.call('EXISTS', open_room(ref)) == 0 then
  return refuse('NOT_MEMBER', 'you are not in room "' .. ref .. '"')
end
local owner_conn = owned and redis.call('HGET', room(ref), 'conn') or nil
if not moderator and owner_conn ~= conn then
  if owned then
    return refuse('NOT_OWNER', 'only the owner, ' .. redis.call('HGET', room(ref), 'owner')
                  .. ', or a moderator may remove members of room ' .. ref)
  end
  return refuse('NOT_OWNER', 'only a moderator may remove members of room "' .. ref .. '"')
end
if target == key then
  return refuse('KICK_SELF', 'you cannot remove yourself; leave the room instead')
end
if owned and redis.call('HGET', room_keys(ref), owner_conn) == target then
  return refuse('KICK_OWNER', 'the owner cannot be removed from room ' .. ref .. '; delete it instead')
end
-- the connections going by the target's name: one at most in an owned room, any number (tabs) in an open one
local kicked = {}
if owned then
  local c = redis.call('HGET', room_names(ref), target)
  if c then table.insert(kicked, c) end
else
  local keys = redis.call('HGETALL', open_keys(ref))
  for i = 1, #keys, 2 do
    -- only a member's: an entry an earlier version's takeover left behind names no connection in the room
    if keys[i + 1] == target and redis.call('HEXISTS', open_room(ref), keys[i]) == 1 then
      table.insert(kicked, keys[i])
    end
  end
end
if #kicked == 0 then
  return refuse('NO_SUCH_MEMBER', 'nobody by that name is in room ' .. (owned and ref or ('"' .. ref .. '"')))
end
local present = redis.call('HEXISTS', owned and room_members(ref) or open_room(ref), conn)
local removed
for _, c in ipairs(kicked) do
  local event = {kind = 'MEMBER_KICKED', target = c, by = name}
  if note ~= '' then event.note = note end
  if owned then
    event.id = tonumber(ref)
    event.name = redis.call('HGET', room_members(ref), c)
    event.bans = ban(room_bans(ref), c, redis.call('HGET', room_subjects(ref), c), target)
    local linger = tonumber(redis.call('GET', LINGER) or '0')
    local keeps = linger > 0 and tonumber(redis.call('HGET', room(ref), 'keep') or '0') > 0
    if keeps then note_joined(ref, c, linger) end
    remove_owned_member(ref, c)
    event.members = redis.call('HLEN', room_members(ref))
    event.roomSeq = next_seq(ref)
    -- with sessions on, a resume of the kicked one's session on another node catches up on the room to its kick
    if keeps then
      redis.call('HSET', kicked_rooms(c), ref, event.roomSeq)
      redis.call('PEXPIRE', kicked_rooms(c), linger)
    end
  else
    event.key = ref
    event.name = redis.call('HGET', open_room(ref), c)
    event.bans = ban(open_bans(ref), c, redis.call('HGET', open_subjects(ref), c), target)
    redis.call('HDEL', open_room(ref), c)
    redis.call('HDEL', open_keys(ref), c)
    redis.call('HDEL', open_subjects(ref), c)
    unsit(seat(c, 'O', ref))
    redis.call('DECR', MEMBERSHIPS)
    event.members = redis.call('HLEN', open_room(ref))
  end
  removed = removed or event.name
  publish(event, conn, tag)
  -- a recovery of the kicked socket, on any node, replays the room's events up to its kick (its removal notice)
  local linger = tonumber(redis.call('GET', LINGER) or '0')
  if not owned and linger > 0 then
    redis.call('HSET', kicked_open(c), ref, event.seq)
    redis.call('PEXPIRE', kicked_open(c), linger)
  end
end
if not owned and redis.call('EXISTS', open_room(ref)) == 0 then end_open_room(ref) end
return {'OK', tostring(#kicked), tostring(present), removed or target}
