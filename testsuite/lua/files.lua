-- io library on the file services: write, read back, seek, rename, remove.
local f = assert(io.open("data.txt", "w"))
for i = 1, 100 do f:write(string.format("line %d %.3f\n", i, i / 7)) end
f:close()
local n, last = 0, nil
for line in io.lines("data.txt") do n = n + 1; last = line end
print(n, last)
f = assert(io.open("data.txt", "r"))
print(f:seek("end"), f:seek("set", 10), f:read(12))
f:close()
print(os.rename("data.txt", "moved.txt"), io.open("data.txt") == nil)
print(os.remove("moved.txt"), select(2, os.remove("moved.txt")) ~= nil)
