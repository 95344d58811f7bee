-- post: a member says something to a room; an owned room keeps it among its latest events (publish).
-- ARGV: R|O, id or key, conn, nickname, text, time (ISO-8601), tag
local kind, ref, conn, name, text, time, tag = ARGV[1], ARGV[2], ARGV[3], ARGV[4], ARGV[5], ARGV[6], ARGV[7]
if kind == 'R' then
  if redis.call('EXISTS', room(ref)) == 0 then
    return no_room(ref)
  end
  if redis.call('HEXISTS', room_members(ref), conn) == 0 then
    return refuse('NOT_MEMBER', 'you are not in room ' .. ref)
  end
  local seq = next_seq(ref)
  publish({kind = 'CHAT_POSTED', id = tonumber(ref), name = name, text = text, time = time,
           members = redis.call('HLEN', room_members(ref)), roomSeq = seq}, conn, tag)
  return {'OK'}
end
if redis.call('HEXISTS', open_room(ref), conn) == 0 then
  return refuse('NOT_MEMBER', 'you are not in room "' .. ref .. '"')
end
publish({kind = 'CHAT_POSTED', key = ref, name = name, text = text, time = time,
         members = redis.call('HLEN', open_room(ref))}, conn, tag)
return {'OK'}
