#!/bin/sh
# check.sh SOURCES FUNCTIONS MUSL_SRC OBJDIR NEW_LIBM NEWLIB_LIBM NEWLIB_LIBC LIBGCC
# Holds the guest's long double math to its tables: musl's file choice,
# every function present, nothing of newlib's replaced, nothing unresolved.
# Prints every problem it finds, then fails if there was one.
set -eu
sources=$1 functions=$2 musl=$3 objdir=$4 libm=$5 nl_libm=$6 nl_libc=$7 libgcc=$8
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
bad=0
fail() { echo "ldmath: $*" >&2; bad=1; }
defined() { nm -gP --defined-only "$@" 2>/dev/null | awk 'NF >= 2 && $2 ~ /^[A-Za-z]$/ && $2 != "U" {print $1}' | sort -u; }
table() { awk '!/^#/ && NF' "$sources"; }
rows() { table | sed 's/#.*//'; }

# musl's Makefile: an x86_64 file replaces the generic one of its name
# (unless the row's comment says why not).
for f in $(table | awk '$1 ~ /^src\/math\/[^\/]*$/ && !/#/ {print $1}'); do
    n=$(basename "$f" .c)
    for r in "$musl"/src/math/x86_64/"$n".[csS]; do
        if [ -e "$r" ]; then fail "$f: musl builds ${r#"$musl"/} in its place on x86_64"; fi
    done
done

# Each object defines the symbols its row names.
rows | while read -r f syms; do
    o=$objdir/$(basename "$f" | sed 's/\.[csS]$//').o
    have=$(defined "$o")
    for s in $syms; do
        if ! echo "$have" | grep -qx "$s"; then echo "$f defines no $s"; fi
    done
done > "$tmp/rows"
if [ -s "$tmp/rows" ]; then fail "$(cat "$tmp/rows")"; fi

defined "$libm" > "$tmp/libm"
defined "$nl_libm" "$nl_libc" > "$tmp/newlib"
defined "$objdir"/*.o > "$tmp/ours"
awk '!/^#/ && NF {print $1}' "$functions" | sort -u > "$tmp/functions"

missing=$(comm -23 "$tmp/functions" "$tmp/libm" | tr '\n' ' ')
if [ -n "$missing" ]; then fail "still missing from libm.a: $missing"; fi
had=$(comm -12 "$tmp/functions" "$tmp/newlib" | tr '\n' ' ')
if [ -n "$had" ]; then fail "newlib has these now; drop them from $functions: $had"; fi
twice=$(comm -12 "$tmp/ours" "$tmp/newlib" | tr '\n' ' ')
if [ -n "$twice" ]; then fail "musl objects define what newlib defines: $twice"; fi

nm -u "$objdir"/*.o | awk 'NF == 2 {print $2}' | sort -u > "$tmp/wanted"
defined "$libm" "$nl_libc" "$libgcc" > "$tmp/all"
open=$(comm -23 "$tmp/wanted" "$tmp/all" | tr '\n' ' ')
if [ -n "$open" ]; then fail "undefined in the guest libraries: $open"; fi
exit $bad
