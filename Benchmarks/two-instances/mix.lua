-- wrk script: a mix of the customer list (four in five requests) and customer creation (one in five), with the
-- bearer token from the environment; counts answers of 500 and above per thread and reports them at the end.
local token = os.getenv("GUANXI_TOKEN")
local threads = {}
local counter = 0

function setup(thread)
  thread:set("id", counter)
  counter = counter + 1
  table.insert(threads, thread)
end

function init(args)
  fivexx = 0
  other = 0
  sequence = 0
end

function request()
  sequence = sequence + 1
  local headers = { ["Authorization"] = "Bearer " .. token, ["Content-Type"] = "application/json" }
  if sequence % 5 == 0 then
    local body = string.format('{"name":"压测客户 %d-%d"}', id, sequence)
    return wrk.format("POST", "/api/v1/customers", headers, body)
  end
  return wrk.format("GET", "/api/v1/customers?limit=50", headers)
end

function response(status, headers, body)
  if status >= 500 then fivexx = fivexx + 1 elseif status >= 300 then other = other + 1 end
end

function done(summary, latency, requests)
  local total5, totalOther = 0, 0
  for _, thread in ipairs(threads) do
    total5 = total5 + thread:get("fivexx")
    totalOther = totalOther + thread:get("other")
  end
  io.write(string.format("answers of 500 or above: %d; other non-2xx: %d\n", total5, totalOther))
  io.write(string.format("p50 %.1f ms, p99 %.1f ms\n", latency:percentile(50) / 1000, latency:percentile(99) / 1000))
end
