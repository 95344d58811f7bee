-- create: an owned room with its owner as first member.
-- ARGV: id, room name, conn, nickname, nickname key, tag, how many of its latest events the room keeps,
-- signed-in subject ('' for a guest), the owned rooms the cluster may hold (checked here, in the create's own step)
local id, room_name, conn, name, key, tag, keep, subject, most =
  ARGV[1], ARGV[2], ARGV[3], ARGV[4], ARGV[5], ARGV[6], ARGV[7], ARGV[8], ARGV[9]
if redis.call('EXISTS', room(id)) == 1 then
  return refuse('DUPLICATE', 'room ' .. id .. ' exists already')
end
if redis.call('ZCARD', ROOMS) >= tonumber(most) then
  return refuse('TOO_MANY_ROOMS', 'the server holds ' .. most .. ' rooms, its most; try later')
end
redis.call('HSET', room(id), 'name', room_name, 'owner', name, 'conn', conn, 'joins', 1, 'seq', 1, 'keep', keep)
redis.call('ZADD', ROOMS, id, id)
add_owned_member(id, conn, name, key, 1, subject)
redis.call('HSET', room_joined(id), conn, 1)
publish({kind = 'ROOM_CREATED', id = tonumber(id), roomName = room_name, owner = name, roomSeq = 1}, conn, tag)
return {'OK', '1'}
