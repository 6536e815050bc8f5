local t, seed = {}, 42
for i = 1, 600000 do seed = (seed * 1103515245 + 12345) % 2147483648; t[i] = seed end
table.sort(t)
table.sort(t, function(a, b) return a > b end)
print(t[1], t[#t])
