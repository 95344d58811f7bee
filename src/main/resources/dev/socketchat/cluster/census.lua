-- census: owned rooms, open rooms, memberships.
return {'OK', tostring(redis.call('ZCARD', ROOMS)), tostring(redis.call('SCARD', OPEN_ROOMS)),
        tostring(tonumber(redis.call('GET', MEMBERSHIPS) or '0'))}
