-- wrk script of bench/backoffice.sh: durable status changes, one case per
-- request. Walks the lines "ID REVISION STATUS" of the file named by its
-- first argument and asks POST /api/org/v1/submissions/ID/status with
-- {"status": STATUS}, If-Match: "REVISION" and an Idempotency-Key of its
-- own ("RUN-N", RUN the second argument), plus the headers given to wrk
-- with -H (the bearer token). Past the file's last case it starts again
-- from the first, whose revision has moved on: those answers are 412,
-- counted as failures like every other non-2xx.
local cases, n, i, run = {}, 0, 0, "run"

function init(args)
	for line in io.lines(args[1]) do
		local id, revision, status = line:match("^(%d+) (%d+) ([%w_]+)$")
		if id then
			n = n + 1
			cases[n] = { id, revision, status }
		end
	end
	run = args[2] or run
	if n == 0 then
		error("no cases in " .. tostring(args[1]))
	end
end

function request()
	i = i + 1
	local c = cases[(i - 1) % n + 1]
	local headers = {}
	for k, v in pairs(wrk.headers) do
		headers[k] = v
	end
	headers["Content-Type"] = "application/json"
	headers["If-Match"] = '"' .. c[2] .. '"'
	headers["Idempotency-Key"] = run .. "-" .. i
	return wrk.format("POST", "/api/org/v1/submissions/" .. c[1] .. "/status", headers,
		'{"status":"' .. c[3] .. '"}')
end
