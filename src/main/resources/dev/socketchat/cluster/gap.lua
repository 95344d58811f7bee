-- gap: events a node missed that the recent events no longer hold (more of them passed while it was not listening than
-- RECENT_MAX), from the kept events of owned rooms it has members in (a few rooms per call: each reads up to 'keep').
-- ARGV: from, before (the missed events' numbers n: from <= n < before), then per room: its number, and the number of
-- the last of its events the node saw (its room event number), and the deadline every script ends with (lib.lua)
-- returns OK, epoch, then the JSON of each room's kept events in that range, room by room, each room's oldest first
local from, before = tonumber(ARGV[1]), tonumber(ARGV[2])
local BATCH = 100
local result = {'OK', redis.call('GET', EPOCH) or ''}
for i = 3, #ARGV - 1, 2 do
  local id, seen = ARGV[i], tonumber(ARGV[i + 1])
  local start, done = (seen + 1) .. '-0', false
  while not done do
    local entries = redis.call('XRANGE', room_history(id), start, '+', 'COUNT', BATCH)
    done = #entries < BATCH
    for _, entry in ipairs(entries) do
      local n = cjson.decode(entry[2][2]).seq
      if n >= before then
        done = true
        break
      end
      if n >= from then table.insert(result, entry[2][2]) end
    end
    if #entries > 0 then start = (tonumber(string.match(entries[#entries][1], '^(%d+)')) + 1) .. '-0' end
  end
end
return result
