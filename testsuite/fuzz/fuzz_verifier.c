/* libFuzzer entry point (make fuzz). */
#include "fuzz_one.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    return vx_fuzz_one(data, size);
}
