-- wrk script for Posvet's load scenarios (scripts/bench.sh sets the environment).
--   BENCH_MODE     group_top | group_random | group_signed_in | idea | idea_signed_in | vote | mixed
--                  | queue | queue_last (the moderation queue as its moderator, user 1: first / last page)
--                  | search | search_group (full-text search typed without diacritics, site-wide / in a group)
--                  | results (a consultation's results page) | api_ideas (the open-data API, a page of 50 ideas)
--                  | implementation (the community's measures) | measure (a measure's page: charts, updates)
--                  | api_measures (the open-data API: every measure of the community)
--   BENCH_GROUPS   number of groups (ids 1..n)      BENCH_IDEAS  number of ideas (ids 1..n)
--   BENCH_COOKIES  file with one session id per line (vote, mixed, *_signed_in)
--   BENCH_VOTE_PATH  the vote server function's path
--   BENCH_SLUG     the community's slug      BENCH_MEASURES  number of measures (ids 1..n)
local mode = os.getenv("BENCH_MODE") or "group_top"
local groups = tonumber(os.getenv("BENCH_GROUPS") or "1")
local ideas = tonumber(os.getenv("BENCH_IDEAS") or "1")
local vote_path = os.getenv("BENCH_VOTE_PATH") or "/api/vote_idea"
local cookies = {}

local counter = 0
function setup(thread)
  counter = counter + 1
  thread:set("thread_no", counter)
end

function init(args)
  math.randomseed(os.time() * 1000 + (thread_no or 0))
  local file = os.getenv("BENCH_COOKIES")
  if file then
    for line in io.lines(file) do
      if #line > 0 then cookies[#cookies + 1] = line end
    end
  end
end

local html = { ["Accept"] = "text/html" }

local function group_page(sort)
  local path = "/consultations/" .. math.random(groups) .. "?sort=" .. sort
  if sort == "random" then
    -- Every visitor gets an order of their own: a fresh seed per request.
    path = path .. "&seed=" .. math.random(1000000)
  end
  return wrk.format("GET", path, html)
end

local function idea_page()
  return wrk.format("GET", "/ideas/" .. math.random(ideas), html)
end

local function signed_in(headers)
  headers["Cookie"] = "posvet_session=" .. cookies[math.random(#cookies)]
  return headers
end

-- A vote as the wasm client sends it: endorse, oppose or withdraw, chosen at random.
local function vote()
  local values = { "1", "-1", "0" }
  local body = "idea_id=" .. math.random(ideas) .. "&value=" .. values[math.random(3)]
  local headers = signed_in({
    ["Content-Type"] = "application/x-www-form-urlencoded",
    ["Accept"] = "application/json",
  })
  return wrk.format("POST", vote_path, headers, body)
end

-- What residents type: words of the generated titles, without diacritics, other endings.
local queries = { "knjiznica", "kolesarski stevci", "zraka", "digitalne izkaznice", "spletna prijava",
  "starejsi", "ljubljanica", "odprte podatke", "razsvetljava", "brezplacen wi-fi", "mobilna", "vrtci" }

function request()
  if mode == "search" or mode == "search_group" then
    local path = "/search?q=" .. queries[math.random(#queries)]:gsub(" ", "+")
    if mode == "search_group" then path = path .. "&consultation=" .. math.random(groups) end
    return wrk.format("GET", path, html)
  elseif mode == "implementation" then
    return wrk.format("GET", "/communities/" .. (os.getenv("BENCH_SLUG") or "obsezna-obravnava") .. "/implementation", html)
  elseif mode == "measure" then
    local measures = tonumber(os.getenv("BENCH_MEASURES") or "1")
    return wrk.format("GET", "/ideas/" .. math.random(measures), html)
  elseif mode == "api_measures" then
    local path = "/api/v1/communities/" .. (os.getenv("BENCH_SLUG") or "obsezna-obravnava") .. "/measures"
    return wrk.format("GET", path, { ["Accept"] = "application/json" })
  elseif mode == "results" then
    return wrk.format("GET", "/consultations/" .. math.random(groups) .. "/results", html)
  elseif mode == "api_ideas" then
    local after = math.random(ideas) - 1
    local path = "/api/v1/consultations/" .. math.random(groups) .. "/ideas"
    if after > 0 then path = path .. "?cursor=" .. after end
    return wrk.format("GET", path, { ["Accept"] = "application/json" })
  elseif mode == "group_top" then
    return group_page("top")
  elseif mode == "group_random" then
    return group_page("random")
  elseif mode == "group_signed_in" then
    local path = "/consultations/" .. math.random(groups) .. "?sort=top"
    return wrk.format("GET", path, signed_in({ ["Accept"] = "text/html" }))
  elseif mode == "idea" then
    return idea_page()
  elseif mode == "idea_signed_in" then
    local path = "/ideas/" .. math.random(ideas)
    return wrk.format("GET", path, signed_in({ ["Accept"] = "text/html" }))
  elseif mode == "queue" or mode == "queue_last" then
    local path = "/communities/obsezna-obravnava/moderation"
    if mode == "queue_last" then path = path .. "?page=" .. os.getenv("BENCH_QUEUE_PAGES") end
    return wrk.format("GET", path, { ["Accept"] = "text/html", ["Cookie"] = "posvet_session=" .. cookies[1] })
  elseif mode == "vote" then
    return vote()
  elseif mode == "mixed" then
    local r = math.random(100)
    if r <= 5 then
      return vote()
    elseif r <= 60 then
      return group_page("top")
    else
      return idea_page()
    end
  end
end
