-- enter: a member enters an open room, which exists while it has members.  ARGV: key, conn, nickname, tag
local key, conn, name, tag = ARGV[1], ARGV[2], ARGV[3], ARGV[4]
if redis.call('HEXISTS', open_room(key), conn) == 1 then
  return refuse('ALREADY_MEMBER', 'you are already in room "' .. key .. '"')
end
add_open_member(key, conn, name)
publish({kind = 'MEMBER_JOINED', key = key, name = name}, conn, tag)
return {'OK'}
