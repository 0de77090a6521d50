-- A viral story's full beacon traffic: each new reader sends a view with a referrer (mostly social), then
-- pings while reading, three pings per view.
local ua = "Mozilla/5.0 (X11; Linux x86_64) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/120.0 Safari/537.36"
local referrers = { "https://l.facebook.com/l.php?u=x", "https://t.co/AbC", "https://www.google.com/search?q=kim",
  "https://www.reddit.com/r/videos/", "", "https://news.example.com/", "https://blog.example.org/post" }
math.randomseed(os.time())
local n = 0
request = function()
  n = n + 1
  if n % 4 == 0 then
    local body = '{"referrer":"' .. referrers[math.random(1, #referrers)] .. '"}'
    return wrk.format("POST", "/api/articles/bench-hot/views",
      { ["User-Agent"] = ua, ["X-Visitor-Id"] = "v" .. math.random(1, 2000000000), ["Content-Type"] = "text/plain" }, body)
  end
  return wrk.format("POST", "/api/articles/bench-hot/pings",
    { ["User-Agent"] = ua, ["X-Visitor-Id"] = "v" .. math.random(1, 200000) }, nil)
end
