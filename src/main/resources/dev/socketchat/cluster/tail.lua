-- tail: what an owned room keeps of its recent events, for a member whose session is suspended; for a room that
-- ended while the member was in it, its events to its end, while they stay (LINGER after the end: the member's client
-- may not have had the end); for a room the member was kicked from, its events to the kick, while the kick is noted
-- (LINGER after it), though the room went on or ended since.  ARGV: id, conn
-- returns OK, the number of the room's last event (the kick's for a kicked member), the number of the member's join
-- (0: not known), then the kept events' JSON, oldest first
local id, conn = ARGV[1], ARGV[2]
local kick = redis.call('HGET', kicked_rooms(conn), id)
if kick and redis.call('EXISTS', room_history(id)) == 1 then
  local kicked = {'OK', kick, redis.call('HGET', joined_rooms(conn), id) or '0'}
  for _, entry in ipairs(redis.call('XRANGE', room_history(id), math.max(oldest_kept(id), 1) .. '-0', kick .. '-0')) do
    table.insert(kicked, entry[2][2])
  end
  return kicked
end
if redis.call('EXISTS', room(id)) == 0 then
  if redis.call('SISMEMBER', ended_rooms(conn), id) == 1 and redis.call('EXISTS', room_history(id)) == 1 then
    local entries = redis.call('XRANGE', room_history(id), '-', '+')
    local ended = {'OK', string.match(entries[#entries][1], '^(%d+)'),
                   redis.call('HGET', joined_rooms(conn), id) or '0'}
    for _, entry in ipairs(entries) do table.insert(ended, entry[2][2]) end
    return ended
  end
  return refuse('NO_SUCH_ROOM', 'there is no room ' .. id)
end
if redis.call('HEXISTS', room_members(id), conn) == 0 then
  return refuse('NOT_MEMBER', 'you are not in room ' .. id)
end
local result = {'OK', tostring(tonumber(redis.call('HGET', room(id), 'seq') or '0')),
                tostring(tonumber(redis.call('HGET', room_joined(id), conn) or '0'))}
local oldest = oldest_kept(id)
for _, entry in ipairs(redis.call('XRANGE', room_history(id), math.max(oldest, 1) .. '-0', '+')) do
  table.insert(result, entry[2][2])
end
return result
