#!/usr/bin/env bash
# make mutate: breaks the code on purpose, one mutation at a time, and
# checks that some test fails each time. A mutation is a literal find and
# replace in one source file (testsuite/mutate/mutations.txt); it is built
# in a scratch copy of the tree with the named suite, which must then fail.
#   mutate.sh [--sample] [--list FILE] [--only ID]
# Exit: 0 every mutation caught and every required tag covered; 1 some
# mutation not caught, stale (its find text is gone) or a tag uncovered;
# 2 usage or set-up error (the unmutated suites must pass first).
set -uo pipefail
SRC=$(cd "$(dirname "$0")/../.." && pwd)
LIST=$SRC/testsuite/mutate/mutations.txt
REQUIRED=$SRC/testsuite/mutate/required_tags.txt
MAIN_B=${VX_BUILD:-$SRC/build}
sample=0 only=""
while [ $# -gt 0 ]; do
  case $1 in
    --sample) sample=1 ;;
    --list) LIST=$2; shift ;;
    --only) only=$2; shift ;;
    *) echo "mutate.sh: unknown option '$1' (use --sample, --list FILE, --only ID)" >&2; exit 2 ;;
  esac
  shift
done
[ -r "$LIST" ] || { echo "mutate.sh: cannot read $LIST" >&2; exit 2; }
[ -d "$MAIN_B/guests" ] || { echo "mutate.sh: $MAIN_B/guests missing: run make first" >&2; exit 2; }

# ---- parse the list: parallel arrays, one entry per mutation -------------
ids=() tags=() files=() finds=() repls=() runs=() samples=()
cont=""   # find or replace: the key that continuation lines extend
while IFS= read -r line || [ -n "$line" ]; do
  case $line in
    "== "*) ids+=("${line#== }"); tags+=(""); files+=(""); finds+=(""); repls+=(""); runs+=(""); samples+=(0); cont="" ;;
    "tag: "*) tags[-1]=${line#tag: }; cont="" ;;
    "file: "*) files[-1]=${line#file: }; cont="" ;;
    "find: "*) finds[-1]=${line#find: }; cont=find ;;
    "replace: "*) repls[-1]=${line#replace: }; cont=replace ;;
    "run: "*) runs[-1]=${line#run: }; cont="" ;;
    "sample") samples[-1]=1; cont="" ;;
    ""|"#"*) cont="" ;;
    *) # a further line of a multi-line find or replace text
      if [ "$cont" = find ]; then finds[-1]+=$'\n'"$line"
      elif [ "$cont" = replace ]; then repls[-1]+=$'\n'"$line"
      else echo "mutate.sh: $LIST: stray line: $line" >&2; exit 2; fi ;;
  esac
done < "$LIST"
n=${#ids[@]}
[ "$n" -gt 0 ] || { echo "mutate.sh: no mutations in $LIST" >&2; exit 2; }

# ---- coverage: every required tag has at least one mutation -------------
uncovered=0
if [ -r "$REQUIRED" ]; then
  while IFS= read -r t; do
    case $t in ""|"#"*) continue ;; esac
    found=0
    for k in "${!tags[@]}"; do [[ " ${tags[$k]} " == *" $t "* ]] && found=1 && break; done
    [ $found = 1 ] || { echo "UNCOVERED $t: no mutation carries this tag"; uncovered=$((uncovered + 1)); }
  done < "$REQUIRED"
fi

# ---- scratch tree: sources copied, the guest builds shared ---------------
scratch=$(mktemp -d /tmp/vxmutate.XXXXXX)
trap 'rm -rf "$scratch"' EXIT
tar -C "$SRC" --exclude=./build --exclude=./.git -cf - . | tar -C "$scratch" -xf -
mkdir -p "$scratch/build"
for d in guests guest musl musl-vx libgcc ports examples linux; do
  [ -e "$MAIN_B/$d" ] && ln -s "$MAIN_B/$d" "$scratch/build/$d"
done

targets_of() { # the test binary a run line names, and the tools its suite runs
  local w out=""
  for w in $1; do case $w in *_test) out="build/tests/$w" ;; esac; done
  case $out in
    *corpus_test|*fast_path_test|*vxcc_test|*elf_rules_test|*native_segment_test|*symtab_test) ;; # libraries only
    *) out="$out build/vxrun build/vxverify" ;;
  esac
  echo "$out"
}
run_suite() { # "name_test [criterion options]" -> its exit status, output kept in last.log
  ( cd "$scratch" && export VX_BUILD="$scratch/build" && eval "set -- $1" && bin=$1 && shift &&
    timeout 600 "build/tests/$bin" --jobs=2 "$@" > "$scratch/last.log" 2>&1 )
}

# ---- baseline: every suite used must pass unmutated ----------------------
declare -A seen
for k in "${!ids[@]}"; do
  r=${runs[$k]}
  [ $sample = 1 ] && [ "${samples[$k]}" = 0 ] && continue
  [ -n "$only" ] && [ "${ids[$k]%%:*}" != "$only" ] && continue
  [ -n "${seen[$r]:-}" ] && continue
  seen[$r]=1
  if ! make -C "$scratch" -s B=build $(targets_of "$r") > "$scratch/make.log" 2>&1; then
    echo "mutate.sh: the unmutated tree does not build:"; tail -20 "$scratch/make.log"; exit 2
  fi
  if ! run_suite "$r"; then
    echo "mutate.sh: unmutated suite fails, nothing can be judged: $r"; tail -20 "$scratch/last.log"; exit 2
  fi
done

# ---- each mutation ----------------------------------------------------
caught=0 missed=0 stale=0 tried=0
for k in "${!ids[@]}"; do
  [ $sample = 1 ] && [ "${samples[$k]}" = 0 ] && continue
  [ -n "$only" ] && [ "${ids[$k]%%:*}" != "$only" ] && continue
  tried=$((tried + 1))
  f=$scratch/${files[$k]}
  cp "$f" "$scratch/orig"
  if ! FIND=${finds[$k]} REPL=${repls[$k]} perl -0pi -e \
      'my $c = () = /\Q$ENV{FIND}\E/g; die "found $c times\n" if $c != 1; s/\Q$ENV{FIND}\E/$ENV{REPL}/' "$f" 2> "$scratch/perl.log"; then
    echo "STALE      ${ids[$k]} (${files[$k]}: find text $(cat "$scratch/perl.log"))"
    stale=$((stale + 1))
    continue
  fi
  if ! make -C "$scratch" -s B=build $(targets_of "${runs[$k]}") > "$scratch/make.log" 2>&1; then
    echo "STALE      ${ids[$k]} (the mutated tree does not build)"; tail -5 "$scratch/make.log"
    stale=$((stale + 1))
  elif run_suite "${runs[$k]}"; then
    echo "NOT CAUGHT ${ids[$k]} [${tags[$k]}] by ${runs[$k]}"
    missed=$((missed + 1))
  else
    echo "caught     ${ids[$k]} [${tags[$k]}]"
    caught=$((caught + 1))
  fi
  cp "$scratch/orig" "$f"
  touch "$f"
done
ntags=$(grep -cv '^\(#\|$\)' "$REQUIRED" 2>/dev/null || echo 0)
echo "mutations: $tried tried, $caught caught, $missed not caught, $stale stale; required tags: $ntags, $uncovered uncovered"
[ $missed = 0 ] && [ $stale = 0 ] && [ $uncovered = 0 ] && [ $tried -gt 0 ]
