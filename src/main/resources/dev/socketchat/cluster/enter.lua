-- enter: a member enters an open room, which exists while it has members.
-- ARGV: key, conn, nickname, tag, nickname key, signed-in subject ('' for a guest), and for a room told of the entry
-- in the same step: ENTRY, subject, site count ('' for none), time (ISO-8601)
-- returns OK, then the room's ban entries (for the node's journal)
local key, conn, name, tag, name_key, subject = ARGV[1], ARGV[2], ARGV[3], ARGV[4], ARGV[5], ARGV[6]
local refusal = open_refusal(key, conn, subject, name_key)
if refusal then
  return refusal
end
add_open_member(key, conn, name, name_key, subject)
publish({kind = 'MEMBER_JOINED', key = key, name = name}, conn, tag)
assert(#ARGV == 7 or #ARGV == 11, 'six arguments, or ten with an announcement, then the deadline (lib.lua)')
if #ARGV == 11 then
  announce_open(key, conn, name, ARGV[7], ARGV[8], ARGV[9], ARGV[10], tag)
end
local result = {'OK'}
for _, entry in ipairs(redis.call('SMEMBERS', open_bans(key))) do table.insert(result, entry) end
return result
