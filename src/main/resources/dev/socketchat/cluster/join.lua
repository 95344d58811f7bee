-- join: a member enters an owned room; its own copy of the event carries the room's latest chat.
-- ARGV: id, conn, nickname, nickname key, tag, how many of the latest chat messages the joiner gets, signed-in
-- subject ('' for a guest)
-- returns OK, the member's join sequence, the owner's connection, the owner's nickname, then the room's ban entries
-- (for the node's journal)
local id, conn, name, key, tag, history_size = ARGV[1], ARGV[2], ARGV[3], ARGV[4], ARGV[5], tonumber(ARGV[6])
local subject = ARGV[7]
local refusal = owned_refusal(id, conn, name, key, subject)
if refusal then
  return refusal
end
local seq = redis.call('HINCRBY', room(id), 'joins', 1)
add_owned_member(id, conn, name, key, seq, subject)
local info = redis.call('HMGET', room(id), 'name', 'owner', 'conn')
local history = chat_page(id, nil, history_size)  -- what the room kept before the join
local event = {kind = 'MEMBER_JOINED', id = tonumber(id), name = name, roomName = info[1], owner = info[2],
               members = view(id), roomSeq = next_seq(id)}
redis.call('HSET', room_joined(id), conn, event.roomSeq)
if #history > 0 then event.history = history end  -- (cjson writes an empty table as an object)
publish(event, conn, tag)
local result = {'OK', tostring(seq), info[3], info[2]}
for _, entry in ipairs(redis.call('SMEMBERS', room_bans(id))) do table.insert(result, entry) end
return result
