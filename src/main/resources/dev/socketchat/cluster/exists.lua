-- exists: refuses an owned room that does not exist (never did, or ended); changes nothing.  ARGV: id
local id = ARGV[1]
if redis.call('EXISTS', room(id)) == 0 then
  return refuse('NO_SUCH_ROOM', 'there is no room ' .. id)
end
return {'OK'}
