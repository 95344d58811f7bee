-- lobby: the owned rooms in order of their numbers.  returns OK, then id, name, owner, member count per room
local result = {'OK'}
for _, id in ipairs(redis.call('ZRANGE', ROOMS, 0, -1)) do
  local info = redis.call('HMGET', room(id), 'name', 'owner')
  if info[1] then
    table.insert(result, id)
    table.insert(result, info[1])
    table.insert(result, info[2])
    table.insert(result, tostring(redis.call('HLEN', room_members(id))))
  end
end
return result
