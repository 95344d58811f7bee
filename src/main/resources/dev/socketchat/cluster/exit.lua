-- exit: a member leaves a room, by request or because its connection dropped; the owner leaving ends an owned room,
-- the last member leaving ends an open one.  ARGV: R|O, id or key, conn, nickname, dropped (1|0), tag, and for an open
-- room told of the leaving first, in the same step: LEAVE, subject, site count ('' for none), time (ISO-8601)
-- returns OK, ENDED|STAYS
local kind, ref, conn, name, dropped, tag = ARGV[1], ARGV[2], ARGV[3], ARGV[4], flag(ARGV[5]), ARGV[6]
if kind == 'R' then
  if redis.call('EXISTS', room(ref)) == 0 then
    return no_room(ref)
  end
  if redis.call('HEXISTS', room_members(ref), conn) == 0 then
    return refuse('NOT_MEMBER', 'you are not in room ' .. ref)
  end
  return {'OK', leave_owned(ref, conn, name, dropped, tag)}
end
if redis.call('HEXISTS', open_room(ref), conn) == 0 then
  return refuse('NOT_MEMBER', 'you are not in room "' .. ref .. '"')
end
assert(#ARGV == 7 or #ARGV == 11, 'six arguments, or ten with an announcement, then the deadline (lib.lua)')
-- a recovery of a socket that left by request, on any node, replays the room's events up to its leaving (before its
-- own leave notice, which is the others'): its connection may have been dead already (as after a kick, kick.lua)
local before = tonumber(event_seq())
if #ARGV == 11 then
  announce_open(ref, conn, name, ARGV[7], ARGV[8], ARGV[9], ARGV[10], tag)
end
local result = leave_open(ref, conn, name, dropped, tag)
local linger = tonumber(redis.call('GET', LINGER) or '0')
if not dropped and linger > 0 then
  redis.call('HSET', kicked_open(conn), ref, #ARGV == 11 and before or tonumber(event_seq()))
  redis.call('PEXPIRE', kicked_open(conn), linger)
  if redis.call('HLEN', kicked_open(conn)) > 16 then -- a socket hopping from room to room keeps its latest 16
    local kept, oldest, lowest = redis.call('HGETALL', kicked_open(conn)), nil, nil
    for i = 1, #kept, 2 do
      if not lowest or tonumber(kept[i + 1]) < lowest then oldest, lowest = kept[i], tonumber(kept[i + 1]) end
    end
    redis.call('HDEL', kicked_open(conn), oldest)
  end
end
return {'OK', result}
