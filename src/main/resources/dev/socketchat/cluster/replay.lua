-- replay: the recent events numbered from ARGV[1] to ARGV[2] (or the last), for a node that missed them.
-- returns OK, epoch, then the events' JSON in order (fewer when older ones were trimmed already)
local from, to = ARGV[1], ARGV[2]
local result = {'OK', redis.call('GET', EPOCH) or ''}
for _, entry in ipairs(redis.call('XRANGE', RECENT, from .. '-0', to == '' and '+' or (to .. '-0'))) do
  table.insert(result, entry[2][2])
end
return result
