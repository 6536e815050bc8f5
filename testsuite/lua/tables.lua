-- Tables: sorting, hashing, metatables.
local t = {}
local seed = 12345
for i = 1, 50000 do seed = (seed * 1103515245 + 12345) % 2147483648; t[i] = seed end
table.sort(t)
print(t[1], t[25000], t[50000])
local counts = {}
for _, v in ipairs(t) do local k = v % 97; counts[k] = (counts[k] or 0) + 1 end
local keys = {}
for k in pairs(counts) do keys[#keys + 1] = k end
table.sort(keys, function(a, b) return counts[a] > counts[b] or (counts[a] == counts[b] and a < b) end)
print(keys[1], counts[keys[1]], #keys)
local V = setmetatable({}, {__index = function(_, k) return k * 2 end, __call = function(_, x) return x + 1 end})
print(V[21], V(41), rawget(V, 21))
print(table.unpack({1, 2, 3}), select("#", nil, nil), next({}))
