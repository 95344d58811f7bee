-- history: a page of an owned room's kept chat, for one of its members.  ARGV: id, conn, before, limit
-- returns OK, then seq, nickname, text, time per message, oldest first
local id, conn, before, limit = ARGV[1], ARGV[2], tonumber(ARGV[3]), tonumber(ARGV[4])  -- before: '' for none
if redis.call('EXISTS', room(id)) == 0 then
  return no_room(id)
end
if redis.call('HEXISTS', room_members(id), conn) == 0 then
  return refuse('NOT_MEMBER', 'you are not in room ' .. id)
end
local result = {'OK'}
for _, line in ipairs(chat_page(id, before, limit)) do
  table.insert(result, tostring(line.seq))
  table.insert(result, line.name)
  table.insert(result, line.text)
  table.insert(result, line.time)
end
return result
