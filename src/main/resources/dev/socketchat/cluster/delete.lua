-- delete: the owner, or a moderator, deletes an owned room.  ARGV: id, conn, nickname, tag, moderator (1|0)
-- returns OK, 1 when the deleter was in the room (the deletion reaches it as a member) else 0
local id, conn, name, tag, moderator = ARGV[1], ARGV[2], ARGV[3], ARGV[4], flag(ARGV[5])
if redis.call('EXISTS', room(id)) == 0 then
  return no_room(id)
end
local owner = redis.call('HMGET', room(id), 'owner', 'conn')
if owner[2] ~= conn and not moderator then
  return refuse('NOT_OWNER', 'only the owner, ' .. owner[1] .. ', may delete room ' .. id)
end
local present = redis.call('HEXISTS', room_members(id), conn)
local seq = next_seq(id)
end_owned_room(id)
publish({kind = 'ROOM_DELETED', id = tonumber(id), owner = owner[1], ownerLeft = false, dropped = false,
         roomSeq = seq}, conn, tag)
return {'OK', tostring(present)}
