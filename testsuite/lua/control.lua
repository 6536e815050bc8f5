-- Closures, coroutines, errors (pcall uses setjmp/longjmp), goto.
local function counter() local n = 0 return function() n = n + 1 return n end end
local c = counter(); c(); c(); print("counter", c())
local gen = coroutine.wrap(function() for i = 1, 5 do coroutine.yield(i * i) end end)
local sq = {}
for _ = 1, 5 do sq[#sq + 1] = gen() end
print("squares", table.concat(sq, ","))
local ok, e = pcall(function() error({code = 7}) end)
print(ok, type(e), e.code)
print(select(2, pcall(function() error("boom", 0) end)))
print(pcall(function() local x = nil; return x.field end))
local ok, msg = xpcall(function() return 1 + {} end, function(m) return "handled: " .. tostring(m):match("arithmetic") end)
print(ok, msg)
for i = 1, 3 do for j = 1, 3 do if j == 2 then goto next end print(i, j) end ::next:: end
print(string.format("%d garbage-collected", collectgarbage("count") > 0 and 1 or 0))
