-- leave: a node shuts down cleanly; its remaining members are announced as drops.  ARGV: node
local node = ARGV[1]
local count = reap(node, false)
redis.call('DEL', alive(node))
return {'OK', tostring(count)}
