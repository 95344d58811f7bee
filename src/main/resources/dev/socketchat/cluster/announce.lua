-- announce: a member of an open room has the room told of an entry, a leaving or a removal.
-- ARGV: key, conn, nickname, ENTRY|LEAVE|REMOVAL, subject, site count ('' for none), time (ISO-8601), tag
local key, conn, name, what, subject, site_count, time, tag =
  ARGV[1], ARGV[2], ARGV[3], ARGV[4], ARGV[5], ARGV[6], ARGV[7], ARGV[8]
if redis.call('HEXISTS', open_room(key), conn) == 0 then
  return refuse('NOT_MEMBER', 'you are not in room "' .. key .. '"')
end
announce_open(key, conn, name, what, subject, site_count, time, tag)
return {'OK'}
