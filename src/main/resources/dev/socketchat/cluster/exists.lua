-- exists: refuses an owned room that does not exist (never did, or ended); changes nothing.  ARGV: id
local id = ARGV[1]
if redis.call('EXISTS', room(id)) == 0 then
  return no_room(id)
end
return {'OK'}
