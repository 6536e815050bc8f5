/* Unions for type punning, bitfields, packed structs and endianness. */
#include <stdint.h>
#include <stdio.h>
#include <string.h>
union pun { double d; uint64_t u; unsigned char b[8]; };
struct flags { unsigned a : 3, b : 5, c : 1, d : 23; signed e : 4; };
struct __attribute__((packed)) hdr { uint8_t kind; uint32_t len; uint16_t crc; };
int main(void)
{
    union pun p = {.d = -1.5};
    printf("%016llx %02x %02x\n", (unsigned long long)p.u, p.b[0], p.b[7]);
    struct flags f = {5, 17, 1, 123456, -3};
    f.b += 20;
    printf("%u %u %u %u %d size=%zu\n", f.a, f.b, f.c, f.d, f.e, sizeof f);
    unsigned char raw[7] = {9, 0x78, 0x56, 0x34, 0x12, 0xcd, 0xab};
    struct hdr h;
    memcpy(&h, raw, sizeof h);
    printf("kind=%u len=%08x crc=%04x size=%zu\n", h.kind, h.len, h.crc, sizeof h);
    return 0;
}
