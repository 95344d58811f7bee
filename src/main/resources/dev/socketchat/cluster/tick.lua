-- tick: a node says it lives (its key expires after ttl ms unless renewed), then removes the members of every node
-- whose key expired, announcing them as drops; of several nodes ticking at once only the first finds them.
-- ARGV: node, ttl, info, fresh epoch.  returns OK, 1|0 (the node's key still existed), epoch, reaped "node=count"...
local node, ttl, info, fresh = ARGV[1], ARGV[2], ARGV[3], ARGV[4]
local existed = keep_alive(node, ttl, info)
local result = {'OK', tostring(existed), epoch(fresh)}
for _, other in ipairs(redis.call('SMEMBERS', NODES)) do
  if other ~= node and redis.call('EXISTS', alive(other)) == 0 then
    table.insert(result, other .. '=' .. reap(other))
  end
end
return result
