#!/usr/bin/env python3
"""Does every instruction of a vxcc object carry the source line gcc gave it?

usage: line_table_check.py VXCC SOURCE [gcc flags...]

vxcc -S gives the rewritten assembly: gcc's .loc directives with the
instructions they describe (sandbox sequences inherit the line of the
instruction they stand for). vxcc -c gives the object. Walking both in
order, section by section (bundle padding nops are the only extra
instructions in the object), each instruction's line in the object's line
table must be the line of the .loc before it in the assembly. Exit 1 on any
mismatch or when too few instructions were compared to mean anything."""
import collections, os, re, subprocess, sys, tempfile


def asm_lines(path):
    """Section -> [(mnemonic, line)] from the rewritten assembly."""
    rows, line, sect, stack = collections.defaultdict(list), None, '.text', []
    for raw in open(path):
        t = raw.strip()
        if not t or t.startswith('#'):
            continue
        if t.startswith('.section'):
            sect = t.split()[1].split(',')[0]
            continue
        if t.startswith('.pushsection'):
            stack.append(sect)
            sect = t.split()[1].split(',')[0]
            continue
        if t.startswith('.popsection'):
            sect = stack.pop()
            continue
        if t in ('.text', '.data', '.bss'):
            sect = t
            continue
        m = re.match(r'\.loc\s+\d+\s+(\d+)', t)
        if m:
            line = int(m.group(1))
            continue
        if t.startswith('.') or re.match(r'^[\w.$]+:', t):
            continue
        mnemonic = t.split()[0]
        if not mnemonic.startswith('nop'):  # gcc's own nops are padding too
            rows[sect].append((mnemonic, line))
    return rows


def object_lines(path):
    """Section -> [(text, line)] from objdump's line-annotated disassembly."""
    out = subprocess.run(['objdump', '-d', '-l', '--no-show-raw-insn', path],
                         capture_output=True, text=True, check=True).stdout
    rows, line, sect = collections.defaultdict(list), None, None
    for l in out.splitlines():
        m = re.match(r'Disassembly of section (\S+):', l)
        if m:
            sect, line = m.group(1), None
            continue
        m = re.match(r'^/?\S*:(\d+)( \(discriminator \d+\))?$', l)
        if m:
            line = int(m.group(1))
            continue
        m = re.match(r'\s+[0-9a-f]+:\s+(\S+)', l)
        if m:
            mn = m.group(1)
            if mn.startswith('nop') or 'xchg   %ax,%ax' in l or (mn in ('cs', 'data16') and 'nop' in l):
                continue
            rows[sect].append((l.strip(), line))
    return rows


def main():
    vxcc, src, flags = sys.argv[1], sys.argv[2], sys.argv[3:]
    with tempfile.TemporaryDirectory() as d:
        s, o = os.path.join(d, 'a.s'), os.path.join(d, 'a.o')
        subprocess.run([vxcc, '-g', *flags, '-S', src, '-o', s], check=True)
        subprocess.run([vxcc, '-g', *flags, '-c', src, '-o', o], check=True)
        want, got = asm_lines(s), object_lines(o)
    compared = bad = 0
    for sect, rows in want.items():
        if len(rows) != len(got[sect]):
            print(f'{src} {sect}: {len(rows)} instructions in the assembly, {len(got[sect])} in the object')
            bad += 1
        for (mnemonic, line), (text, obj_line) in zip(rows, got[sect]):
            compared += 1
            if line != obj_line:
                bad += 1
                if bad <= 10:
                    print(f'{src} {" ".join(flags)}: {text}: line {obj_line}, gcc said {line} ({mnemonic})')
    print(f'{src} {" ".join(flags)}: {compared} instructions, {bad} on the wrong line')
    sys.exit(1 if bad or compared < 50 else 0)


main()
