-- Recursion and integer/float arithmetic.
local function fib(n) if n < 2 then return n end return fib(n - 1) + fib(n - 2) end
for i = 0, 27, 3 do print(i, fib(i)) end
print(2^53, 2^53 + 1, math.maxinteger, math.mininteger, 7 // 2, 7 % -3, -7 // 2.0)
