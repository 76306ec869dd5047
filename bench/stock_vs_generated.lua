-- stock_vs_generated.lua - wrk script of the "mix" workload of
-- bench/stock_vs_generated.sh: a page view is one PHP request and its
-- static assets, so the requests alternate between the trivial PHP script
-- and a static file on the same keep-alive connections.  The requests are
-- built in init(): before it, wrk.headers has no Host header yet (and
-- Apache answers 400 to an HTTP/1.1 request without one).
local n = 0
local php, static

function init(args)
	php = wrk.format("GET", "/ok.php")
	static = wrk.format("GET", "/ok.txt")
end

function request()
	n = n + 1
	if n % 2 == 0 then
		return php
	end
	return static
end
