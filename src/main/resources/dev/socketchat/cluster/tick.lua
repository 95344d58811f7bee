-- tick: a node says it lives (its key expires after ttl ms unless renewed), then removes the members of every node
-- whose key expired, announcing them as drops; of several nodes ticking at once only the first finds them. No node is
-- taken for dead within a liveness time after Redis stood still (see keep_alive): a stall is not a death.
-- ARGV: node, ttl, info, fresh epoch, deadline.
-- returns OK, 1|0 (the node's key still existed), epoch, Redis TIME (ms), when the node itself was taken for dead
-- (ms, '' if it was not), then reaped "node=dropped=kept"... (memberships dropped; seats kept for sessions that wait)
local node, ttl, info, fresh = ARGV[1], ARGV[2], ARGV[3], ARGV[4]
local existed = keep_alive(node, ttl, info)
local taken = redis.call('GET', reaped(node)) or ''
if taken ~= '' then redis.call('DEL', reaped(node)) end
local result = {'OK', tostring(existed), epoch(fresh), tostring(now_ms()), taken}
if may_reap() then
  end_orphans()
  for _, other in ipairs(redis.call('SMEMBERS', NODES)) do
    if other ~= node and redis.call('EXISTS', alive(other)) == 0 then
      local dropped, kept = reap(other, true)
      table.insert(result, other .. '=' .. dropped .. '=' .. kept)
    end
  end
end
return result
