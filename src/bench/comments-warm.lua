-- Unmeasured publishes before the fan-out rounds (fanout.sh), so that both sides run their publish path
-- compiled, as a service does after it has run for a while: comments spread over the service's warm-up
-- stories (the duplicate rule looks at one story's comments), or the same bodies to an nchan channel
-- nobody follows. wrk ... -s comments-warm.lua URL -- PATH [STORIES], PATH with %d for the story's number.
local path, stories
local n = 0
math.randomseed(os.time())

init = function(args)
  path = args[1]
  stories = tonumber(args[2] or "1")
end

request = function()
  n = n + 1
  local body = '{"name":"Warm","email":"w' .. n .. '@example.com","body":"Warm-up ' .. n .. ' ' .. math.random(1, 1000000000) .. '"}'
  return wrk.format("POST", string.format(path, math.random(1, stories)), { ["Content-Type"] = "application/json" }, body)
end
