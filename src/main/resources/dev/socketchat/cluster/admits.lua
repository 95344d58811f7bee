-- admits: refuses, as join.lua or enter.lua would, a member the room would not let in now; changes nothing.
-- ARGV: kind ('R' for an owned room, 'O' for an open one), id or key, conn, nickname, nickname key, signed-in subject
-- ('' for a guest), then the deadline (lib.lua)
assert(#ARGV == 7, 'six arguments, then the deadline (lib.lua)')
local kind, ref, conn, name, key, subject = ARGV[1], ARGV[2], ARGV[3], ARGV[4], ARGV[5], ARGV[6]
local refusal
if kind == 'R' then
  refusal = owned_refusal(ref, conn, name, key, subject)
else
  refusal = open_refusal(ref, conn, subject, key)
end
return refusal or {'OK'}
