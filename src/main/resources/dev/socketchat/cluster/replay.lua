-- replay: the recent events numbered from ARGV[1] to ARGV[2] (or the last), for a node that missed them.
-- returns OK, epoch, the number of the first event returned ('' for none: fewer are returned when older ones were
-- trimmed already), then the events' JSON in order
local from, to = ARGV[1], ARGV[2]
local entries = redis.call('XRANGE', RECENT, from .. '-0', to == '' and '+' or (to .. '-0'))
local result = {'OK', redis.call('GET', EPOCH) or '', entries[1] and string.match(entries[1][1], '^(%d+)') or ''}
for _, entry in ipairs(entries) do
  table.insert(result, entry[2][2])
end
return result
