#!/bin/sh
# Checks bin/ninjastore end to end on the packaged jar, which `mvn verify` cannot do (the jar does
# not exist during the test phase). Run from the repository root after
#     mvn -B -q package -DskipTests
# Exits 0 when every check passes; prints what failed otherwise.
set -u
here=$(cd "$(dirname "$0")/../../.." && pwd)
ns="$here/bin/ninjastore"
work=$(mktemp -d "${TMPDIR:-/tmp}/ninjastore-launcher-check.XXXXXX")
trap 'rm -rf "$work"' EXIT
failures=0
pass() { printf 'ok    %s\n' "$1"; }
fail() { printf 'FAIL  %s\n' "$1"; failures=$((failures + 1)); }
check() { # check NAME EXPECTED ACTUAL
  if [ "$2" = "$3" ]; then pass "$1"; else fail "$1: expected [$2], got [$3]"; fi
}

[ -f "$here/target/ninjastore.jar" ] || { echo "target/ninjastore.jar is missing: run mvn -B -q package -DskipTests first" >&2; exit 2; }

# 1. The launcher finds a JDK >= 25 even when the default java is older, and the jar says its version.
out=$("$ns" --version 2>&1); status=$?
check "--version exits 0" 0 "$status"
case "$out" in "ninjastore "[0-9]*) pass "--version names the version";; *) fail "--version printed [$out]";; esac
mkdir "$work/links" && ln -s "$ns" "$work/links/ns" && ln -s ../links/ns "$work/links/rel"
out=$("$work/links/rel" --version 2>&1); status=$?
check "--version through a chain of links exits 0" 0 "$status"
case "$out" in "ninjastore "[0-9]*) pass "a link to the launcher finds the jar";; *) fail "through a link --version printed [$out]";; esac

# 2. The README's first command.
out=$("$ns" demo 2>"$work/demo.err"); status=$?
check "demo exits 0" 0 "$status"
check "demo prints nothing on stderr" "" "$(cat "$work/demo.err")"
case "$out" in *'"type":"ragged"'*'"type":"string"'*'"type":"offline"'*) pass "demo shows every store kind and a data set";; *) fail "demo output lacks store kinds";; esac

# 3. Import, append, info, cat through the launcher; UTF-8 output whatever the locale.
printf '"h\\u00e9llo"\n"\\u65e5\\u672c"\n' > "$work/s.jsonl"
LC_ALL=C LANG=C "$ns" import "$work/s" --type strings "$work/s.jsonl" >/dev/null; check "import exits 0" 0 $?
printf '"\\ud83d\\ude00"\n' | LC_ALL=C "$ns" append "$work/s" - >/dev/null; check "append from stdin exits 0" 0 $?
check "info --json" '{"type":"string","length":3}' "$(LC_ALL=C "$ns" info "$work/s" --json)"
expected=$(printf '"h\303\251llo"\n"\346\227\245\346\234\254"\n"\360\237\230\200"')
check "cat prints UTF-8 under LC_ALL=C" "$expected" "$(LC_ALL=C "$ns" cat "$work/s" --json)"

# 4. Exit statuses and one-line errors.
"$ns" info "$work/missing" 2>"$work/err" >/dev/null; status=$?
check "a missing store exits 1" 1 "$status"
check "the error is one line" 1 "$(wc -l < "$work/err" | tr -d ' ')"
case "$(cat "$work/err")" in "ninjastore: $work/missing: no such file"*) pass "the error names the path";; *) fail "error was [$(cat "$work/err")]";; esac
"$ns" import 2>/dev/null; check "a usage error exits 2" 2 $?
"$ns" --verbose info "$work/missing" 2>"$work/err" >/dev/null
if grep -q '	at ' "$work/err"; then pass "--verbose prints the stack trace"; else fail "--verbose printed no stack trace"; fi

# 5. A reader that goes away (head) ends cat quickly and quietly; a full device is an error.
i=0; : > "$work/rows.jsonl"
while [ $i -lt 20000 ]; do echo "[$i,$i]" >> "$work/rows.jsonl"; i=$((i + 1)); done
"$ns" import "$work/d" --type numpy --dtype int32 "$work/rows.jsonl" >/dev/null; check "import 20000 rows exits 0" 0 $?
check "cat | head -1" "[0,0]" "$("$ns" cat "$work/d" 2>"$work/pipe.err" | head -n 1)"
check "no error text on a closed pipe" "" "$(cat "$work/pipe.err")"
if [ -w /dev/full ]; then
  "$ns" info "$work/d" >/dev/full 2>"$work/full.err"; check "info > /dev/full exits 1" 1 $?
  check "... and says why" "ninjastore: cannot write to standard output: No space left on device" "$(cat "$work/full.err")"
fi

# 6. With python3 + numpy: the reference prints the same.
if python3 -c 'import numpy' 2>/dev/null; then
  for p in "$work/s" "$work/d"; do
    check "ninja_ref.py cat $(basename "$p")" "$(python3 "$here/spec/reference/ninja_ref.py" cat "$p" | cksum)" "$("$ns" cat "$p" --json | cksum)"
    check "ninja_ref.py info $(basename "$p")" "$(python3 "$here/spec/reference/ninja_ref.py" info "$p")" "$("$ns" info "$p" --json)"
  done
else
  echo "skip  ninja_ref.py comparison: python3 with numpy not found"
fi

if [ "$failures" -ne 0 ]; then echo "$failures check(s) failed"; exit 1; fi
echo "all launcher checks passed"
