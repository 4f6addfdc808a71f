#!/bin/sh
# `wine reg "$@"` for the lab, started again (up to five times, two seconds apart) when Wine itself failed to start reg.
# On a loaded machine Wine's launcher now and then fails before reg runs: "Application could not be started, or no
# application associated with the specified file. ShellExecuteEx failed: Internal error.", or an exit code with no
# output at all. Real reg always says why it failed, so a failure with reg's own message is passed on untouched.
out=$(mktemp) || exit 1
err=$(mktemp) || exit 1
trap 'rm -f "$out" "$err"' EXIT
tries=0
while :; do
  wine reg "$@" >"$out" 2>"$err"
  rc=$?
  if [ "$rc" -ne 0 ] && [ "$tries" -lt 5 ]; then
    if grep -q -e 'ShellExecuteEx failed' -e 'Application could not be started' "$err" || { [ ! -s "$out" ] && [ ! -s "$err" ]; }; then
      tries=$((tries + 1))
      sleep 2
      continue
    fi
  fi
  cat "$out"
  cat "$err" >&2
  exit "$rc"
done
