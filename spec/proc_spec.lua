-- Specs of the worker-process support of newscorpus.core: pack / unpack and spawn / channels.
local core = require "newscorpus.core"

local tmpname = dofile("spec/support/files.lua").tmpname

describe("core.pack / core.unpack", function()
  it("round-trips an analysed article: strings with any bytes, integers, floats, nesting", function()
    local art = {
      file = "feed.jsonl", line = 7, format = "txt", raw = "Caf\xC3\xA9 \0 \xFF bytes\n",
      text = ("Ilse Varga said \xE2\x80\x9Cyes\xE2\x80\x9D. "):rep(1000), repairs = 0,
      sentences = { { start = 1, stop = 10 }, { start = 12, stop = 40 } },
      quotes = { { start = 17, stop = 19, text = "yes", speaker = "Ilse Varga", unclosed = true } },
      mentions = {}, removed = { { start = 1, stop = 5, reason = "title", text = "T" } },
      score = 0.25, big = math.maxinteger, small = math.mininteger, neg = -12345678901,
      huge = 1e308, inf = math.huge, [true] = "key", [2.5] = false,
      mixed = { "a", "b", nil, "d", x = 1 },
    }
    local back = assert(core.unpack(core.pack(art)))
    assert.same(art, back)
    assert.equal(math.type(art.score), math.type(back.score))
    assert.equal("integer", math.type(back.line))
    assert.equal("float", math.type(back.huge))
    local nan = core.unpack(core.pack(0 / 0))
    assert.is_true(nan ~= nan)
    local holes = { 1, nil, 3, nil, nil, 6, [10] = 10, [0] = 0, [-1] = -1 }
    assert.same(holes, core.unpack(core.pack(holes)))
    local wide = {}
    for i = 1, 1000 do wide["k" .. i] = i end
    assert.same(wide, core.unpack(core.pack(wide)))
    for _, v in ipairs({ false, true, 0, -1, "", "x", {} }) do
      assert.same(v, core.unpack(core.pack(v)))
    end
    assert.is_nil(core.unpack(core.pack(nil)))
  end)

  it("rejects what it cannot pack", function()
    assert.has_error(function() core.pack(print) end, "newscorpus: pack: cannot pack a function")
    assert.has_error(function() core.pack({ f = io.stdout }) end, "newscorpus: pack: cannot pack a userdata")
    assert.has_error(function() core.pack({ [{}] = 1 }) end,
      "newscorpus: pack: cannot pack a table key of type table")
    local cycle = {}
    cycle.self = cycle
    assert.has_error(function() core.pack(cycle) end)
    assert.has_error(function() core.pack() end)
  end)

  it("returns nil, message for data it did not make", function()
    local good = core.pack({ a = { 1, 2, 3 }, s = ("z"):rep(300) })
    for cut = 0, #good - 1 do
      local v, err = core.unpack(good:sub(1, cut))
      assert.is_nil(v)
      assert.equal("newscorpus: unpack: corrupt or truncated data", err)
    end
    for _, bad in ipairs({ "", "?", "s\255\255\255\255\255\255\255\255\255\1", "T\5\0", "T\0\1nn",
      good .. "n", "i", "d1234", ("T\1\0"):rep(200) .. "n", "T\0\1d" .. ("\255"):rep(8) .. "n" }) do
      assert.is_nil(core.unpack(bad))
    end
    assert.has_error(function() core.unpack(nil) end)
    assert.has_error(function() core.unpack({}) end)
  end)
end)

describe("core.spawn", function()
  it("runs a function in a worker that receives and sends frames in order", function()
    local w = assert(core.spawn(function(ch)
      while true do
        local msg = ch:recv()
        if not msg then return end
        local v = assert(core.unpack(msg))
        assert(ch:send(core.pack({ n = v.n * 2, pad = ("x"):rep(v.size) })))
      end
    end))
    assert.is_number(w:pid())
    for i = 1, 50 do assert(w:send(core.pack({ n = i, size = i * 5000 }))) end
    for i = 1, 50 do
      local v = assert(core.unpack(assert(w:recv())))
      assert.equal(2 * i, v.n)
      assert.equal(i * 5000, #v.pad)
    end
    assert(w:close_output())
    assert.is_nil(w:recv()) -- the worker saw the end and returned
    assert.is_true(w:wait())
    assert.is_nil(w:pid())
    assert.has_error(function() w:send("x") end, "newscorpus: channel is closed")
    w:close()
  end)

  it("tells whether a frame is waiting (readable) without blocking", function()
    local w = assert(core.spawn(function(ch)
      local msg = ch:recv()
      assert(ch:send(msg .. "!"))
      assert(ch:flush())
      ch:recv() -- wait for the end
    end))
    assert.is_false(w:readable()) -- nothing sent yet: false at once, no waiting
    assert(w:send("ping"))
    assert(w:flush())
    local tries = 0
    while not w:readable() do -- the reply comes when the worker has run
      tries = tries + 1
      assert(tries < 1e7, "no reply")
    end
    assert.equal("ping!", w:recv())
    assert.is_false(w:readable())
    assert(w:close_output())
    tries = 0
    while not w:readable() do -- the end of the stream, when the worker has returned
      tries = tries + 1
      assert(tries < 1e7, "no end")
    end
    assert.is_nil(w:recv())
    assert.is_true(w:readable()) -- and after it a recv still returns at once
    assert.is_true(w:wait())
    w:close()
    assert.has_error(function() w:readable() end, "newscorpus: channel is closed")
  end)

  it("reports a worker's error and its exit status", function()
    local w = assert(core.spawn(function() error("worker exploded") end))
    local v, err = w:recv()
    assert.is_nil(v)
    assert.matches("^newscorpus: worker: .*worker exploded", err)
    local ok, werr = w:wait()
    assert.is_nil(ok)
    assert.equal("newscorpus: worker exited with status 1", werr)
    w = assert(core.spawn(function() error({}) end))
    assert.matches("error object is a table", select(2, w:recv()))
    w:close()
    w = assert(core.spawn(function() os.exit(7) end))
    assert.is_nil(w:recv())
    assert.same({ nil, "newscorpus: worker exited with status 7" }, { w:wait() })
  end)

  it("kills a worker still running when the channel is closed", function()
    local w = assert(core.spawn(function() while true do end end))
    local pid = w:pid()
    w:close()
    assert.is_nil(w:pid())
    assert.is_nil(io.open("/proc/" .. pid .. "/status")) -- reaped, not a zombie
    w:close() -- idempotent
    assert.equal("newscorpus.Channel (closed)", tostring(w))
  end)

  it("leaves the parent's databases alone in the worker", function()
    local path = tmpname()
    local db = assert(core.db_open(path))
    assert(db:exec("CREATE TABLE t(x); BEGIN IMMEDIATE; INSERT INTO t VALUES (1)"))
    local st = assert(db:prepare("SELECT count(*) FROM t"))
    local w = assert(core.spawn(function(ch)
      local ok, err = pcall(db.exec, db, "INSERT INTO t VALUES (2)")
      ch:send(tostring(ok) .. " " .. tostring(err))
      st:close()
      db:close()
      db, st = nil, nil
      collectgarbage()
      ch:send("done")
    end))
    assert.equal("false newscorpus: database is closed", w:recv())
    assert.equal("done", w:recv())
    assert.is_true(w:wait())
    assert(db:exec("INSERT INTO t VALUES (3); COMMIT"))
    assert.same({ 2 }, { st:first() })
    st:close()
    db:close()
    for _, s in ipairs({ "", "-wal", "-shm" }) do os.remove(path .. s) end
  end)

  it("lowers the priority of a worker by opts.nice", function()
    local function nice_of(stat) -- field 19 of /proc/PID/stat, after the command in parentheses
      local fields = {}
      for v in stat:match("%) (.*)"):gmatch("%S+") do fields[#fields + 1] = v end
      return tonumber(fields[17])
    end
    local f = io.open("/proc/self/stat")
    if not f then return end -- not Linux: nothing to compare
    local mine = nice_of(f:read("a"))
    f:close()
    local w = assert(core.spawn(function(ch)
      local g = assert(io.open("/proc/self/stat"))
      ch:send(g:read("a"))
      g:close()
    end, { nice = 5 }))
    local child = nice_of(assert(w:recv()))
    assert.is_true(w:wait())
    assert.equal(math.min(mine + 5, 19), child)
    assert.has_error(function() core.spawn(function() end, { nice = 20 }) end,
      "bad argument #2 to 'spawn' (opts.nice must be an integer from 0 to 19)")
    assert.has_error(function() core.spawn(function() end, { nice = 1.5 }) end)
    assert.has_error(function() core.spawn(function() end, "nice") end)
  end)

  it("waits until one of several channels is readable, flushing what was sent first", function()
    -- each worker answers a message with the same message: nothing is readable until sent
    local function echo(ch)
      while true do
        local m = ch:recv()
        if not m then break end
        ch:send(m)
        ch:flush()
      end
    end
    local a, b = assert(core.spawn(echo)), assert(core.spawn(echo))
    assert.is_false(core.wait_readable({ a, b }, 0))
    assert(b:send("to b")) -- buffered: wait_readable must flush it, or nothing comes back
    assert.is_true(core.wait_readable({ a, b }, 5000))
    assert.is_false(a:readable())
    assert.is_true(b:readable())
    assert.equal("to b", b:recv())
    assert.is_false(core.wait_readable({ a, b }, 10))
    a:close_output()
    assert.is_true(core.wait_readable({ a, b }, 5000)) -- a's end of stream is readable
    assert.is_nil(a:recv())
    assert.is_true(a:wait())
    b:close()
    assert.is_true(core.wait_readable({ b })) -- nothing open: returns (a recv reports)
    assert.is_true(core.wait_readable({}))
    assert.has_error(function() core.wait_readable({ a, "b" }) end,
      "bad argument #1 to 'wait_readable' (element 2 is not a channel)")
    assert.has_error(function() core.wait_readable({ a }, -2) end)
    assert.has_error(function() core.wait_readable("a") end)
  end)

  it("rejects wrong argument types", function()
    assert.has_error(function() core.spawn() end)
    assert.has_error(function() core.spawn("print(1)") end)
    local w = assert(core.spawn(function() end))
    assert.has_error(function() w:send() end)
    assert.has_error(function() w:send({}) end)
    assert.is_true(w:wait())
  end)
end)
