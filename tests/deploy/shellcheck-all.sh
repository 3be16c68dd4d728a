#!/usr/bin/env bash
# Runs shellcheck (warnings and errors) on every shell script in the repository (tracked files with a shell shebang or .sh name).
set -euo pipefail
root=${STOREFLEET_ROOT:?}
cd "$root"
mapfile -t scripts < <(git ls-files | while read -r f; do
  case "$f" in
    */node_modules/*) continue ;;
    *.sh) echo "$f" ;;
    *) [ -f "$f" ] && head -c 64 "$f" 2>/dev/null | head -n1 | grep -Eq '^#!.*(bash|/sh)' && echo "$f" ;;
  esac
done)
echo "checking ${#scripts[@]} scripts"
shellcheck -S warning -x -P SCRIPTDIR "${scripts[@]}"
echo "${#scripts[@]} passed, 0 failed"
