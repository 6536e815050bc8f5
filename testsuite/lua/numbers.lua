-- Floating point through printf/strtod: formatting and parsing must match native.
local acc = 0.0
for i = 1, 100000 do acc = acc + math.sin(i) * math.sqrt(i) / (1 + math.log(i)) end
print(string.format("%.10f", acc))
print(tonumber("0x1p4"), tonumber("  12.5e-3 "), tonumber("inf"), 1/0, -1/0, math.huge // 1)
print(math.floor(-3.5), math.ceil(-3.5), math.fmod(7, 3), math.tointeger(3.0), 3 | 5, 6 & 3, 1 << 62)
print(string.format("%.17g %.17g", 0.1, 1/3), 100000000000000, 1e15, 2^63)
