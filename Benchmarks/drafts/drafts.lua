-- wrk script: every request is a draft save (PUT …/draft) by one of the pupils in sessions.txt,
-- spread over wrk's threads, with a revision that grows for each pupil.
local threads = {}
local counter = 0

function setup(thread)
  thread:set("thread_number", counter)
  counter = counter + 1
  table.insert(threads, thread)
end

function init(args)
  local file = args[1] or "sessions.txt"
  pupils = {}
  local line_number = 0
  local total = tonumber(os.getenv("WRK_THREADS") or "2")
  for line in io.lines(file) do
    local cookie, path = line:match("^(%S+)%s+(%S+)$")
    if cookie and line_number % total == thread_number then
      table.insert(pupils, { cookie = cookie, path = path })
    end
    line_number = line_number + 1
  end
  next_pupil = 1
  revision = 0
  stale = 0
end

function request()
  local pupil = pupils[next_pupil]
  next_pupil = next_pupil % #pupils + 1
  revision = revision + 1
  local body = '{"revision":' .. revision .. ',"text":"Brouillon n° ' .. revision .. ' : je réponds à la question 1, puis à la question 2."}'
  return wrk.format("PUT", pupil.path, { ["Content-Type"] = "application/json", ["Cookie"] = pupil.cookie }, body)
end

-- No response() callback: with one, wrk hands every response's headers and body to Lua, which costs
-- the load tool CPU on the cores the node and PostgreSQL share. Refused saves (409 stale_revision,
-- a pupil's saves overtaking each other on two connections) show as wrk's "Non-2xx" count.
