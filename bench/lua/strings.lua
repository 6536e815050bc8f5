local total = 0
for round = 1, 8 do
  local parts = {}
  for i = 1, 100000 do parts[#parts + 1] = string.format("%d:%s;", i, tostring(i * round)) end
  local s = table.concat(parts)
  total = total + #s + select(2, s:gsub("7", "7"))
end
print(total)
