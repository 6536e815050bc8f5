-- String building, patterns and formatting.
local parts = {}
for i = 1, 2000 do parts[#parts + 1] = string.format("%04d:%x;", i, i * 7919) end
local s = table.concat(parts)
print(#s, s:sub(1, 40), s:sub(-20))
print(("hello world from lua"):gsub("o", "0"))
for word, n in ("alpha=1, beta=22, gamma=333"):gmatch("(%a+)=(%d+)") do print(word, tonumber(n) * 2) end
print(string.format("%5.2f|%-8s|%q|%g|%e", math.pi, "left", "quote\"d", 1e300 * 10, 12345.678))
print(("abc"):rep(5, "-"), ("Mixed Case"):upper(), string.byte("A"), utf8.char(228, 8364))
