/* Table-driven CRC-32 and Adler-32 over generated data. */
#include <stdint.h>
#include <stdio.h>
static uint32_t table[256];
int main(void)
{
    for (uint32_t i = 0; i < 256; i++) {
        uint32_t c = i;
        for (int k = 0; k < 8; k++) c = c & 1 ? 0xEDB88320u ^ (c >> 1) : c >> 1;
        table[i] = c;
    }
    static unsigned char data[1 << 20];
    for (size_t i = 0; i < sizeof data; i++) data[i] = (unsigned char)(i * 2654435761u >> 24);
    uint32_t crc = 0xFFFFFFFFu, a = 1, b = 0;
    for (size_t i = 0; i < sizeof data; i++) {
        crc = table[(crc ^ data[i]) & 0xff] ^ (crc >> 8);
        a = (a + data[i]) % 65521; b = (b + a) % 65521;
    }
    printf("crc32=%08x adler32=%08x\n", crc ^ 0xFFFFFFFFu, (b << 16) | a);
    return 0;
}
