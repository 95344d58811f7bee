-- announce: a member of an open room announces its entry or exit.
-- ARGV: key, conn, nickname, ENTRY|EXIT, entry type, note, time (ISO-8601), tag
local key, conn, name, entry, entry_type, note, time, tag =
  ARGV[1], ARGV[2], ARGV[3], ARGV[4], ARGV[5], ARGV[6], ARGV[7], ARGV[8]
if redis.call('HEXISTS', open_room(key), conn) == 0 then
  return refuse('NOT_MEMBER', 'you are not in room "' .. key .. '"')
end
publish({kind = 'ANNOUNCED', key = key, name = name, entry = entry, entryType = tonumber(entry_type), note = note,
         time = time}, conn, tag)
return {'OK'}
