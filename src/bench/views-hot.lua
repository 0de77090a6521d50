-- Every request is a new reader of one viral story.
local ua = "Mozilla/5.0 (X11; Linux x86_64) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/120.0 Safari/537.36"
math.randomseed(os.time())
request = function()
  return wrk.format("POST", "/api/articles/bench-hot/views",
    { ["User-Agent"] = ua, ["X-Visitor-Id"] = "v" .. math.random(1, 2000000000) }, nil)
end
