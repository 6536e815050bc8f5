/* A small bytecode stack machine (switch dispatch in a hot loop). */
#include <stdio.h>
enum { PUSH, ADD, SUB, MUL, DUP, SWAP, JNZ, DEC, POP, PRINT, HALT };
int main(void)
{
    /* computes sum of i*i for i = 1..n, for n = 100000 */
    int prog[] = {PUSH, 0, PUSH, 100000, DUP, DUP, MUL, SWAP, DEC, SWAP, POP, JNZ, 4, PRINT, HALT};
    long stack[64], acc = 0; int sp = 0, pc = 0; long steps = 0;
    (void)prog;
    int code[] = {PUSH, 100000, DUP, DUP, MUL, PRINT, DEC, DUP, JNZ, 2, HALT};
    for (;;) {
        steps++;
        switch (code[pc++]) {
        case PUSH: stack[sp++] = code[pc++]; break;
        case ADD: sp--; stack[sp - 1] += stack[sp]; break;
        case SUB: sp--; stack[sp - 1] -= stack[sp]; break;
        case MUL: sp--; stack[sp - 1] *= stack[sp]; break;
        case DUP: stack[sp] = stack[sp - 1]; sp++; break;
        case SWAP: { long t = stack[sp - 1]; stack[sp - 1] = stack[sp - 2]; stack[sp - 2] = t; } break;
        case JNZ: { int target = code[pc++]; if (stack[--sp]) pc = target; } break;
        case DEC: stack[sp - 1]--; break;
        case POP: sp--; break;
        case PRINT: acc += stack[--sp]; break;
        case HALT: printf("sum=%ld steps=%ld sp=%d\n", acc, steps, sp); return 0;
        }
    }
}
