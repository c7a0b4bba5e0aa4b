-- Counts wrk's answers by status across its threads, and prints them at the end (one line per status).
local threads = {}
function setup(thread) table.insert(threads, thread) end
function init(args) counts = {} end
function response(status, headers, body) counts[status] = (counts[status] or 0) + 1 end
function done(summary, latency, requests)
    local all = {}
    for _, thread in ipairs(threads) do
        for status, n in pairs(thread:get("counts")) do all[status] = (all[status] or 0) + n end
    end
    local keys = {}
    for status in pairs(all) do table.insert(keys, status) end
    table.sort(keys)
    for _, status in ipairs(keys) do io.write(string.format("status %d: %d\n", status, all[status])) end
end
