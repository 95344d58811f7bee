-- leave: a node shuts down cleanly; its remaining members are announced as drops, but for those of the sessions it
-- suspended on its way out (a drain), which wait for their clients to resume them on another node.  ARGV: node
local node = ARGV[1]
local dropped, kept = reap(node, false, true)
redis.call('DEL', alive(node))
return {'OK', tostring(dropped), tostring(kept)}
