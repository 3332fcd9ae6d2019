#!/usr/bin/env bash
# Brings the project's PublicAPI.Unshipped.txt in line with the code: adds every public symbol
# the PublicApiAnalyzers report as undeclared (RS0016) and drops declared ones that are gone
# (RS0017). Review the diff: it is the public API you are shipping.
# Usage: eng/update-public-api.sh src/NanoBanana.Sdk
set -euo pipefail
proj_dir=${1:?project folder, e.g. src/NanoBanana.Sdk}
file="$proj_dir/PublicAPI.Unshipped.txt"
log=$(mktemp)
dotnet build "$proj_dir" -c Debug -p:TreatWarningsAsErrors=false --no-incremental >"$log" 2>&1 || true
added=$(grep -oE "RS0016: Symbol '.*' is not part of the declared public API" "$log" \
  | sed -E "s/^RS0016: Symbol '(.*)' is not part of the declared public API$/\1/" | sort -u || true)
gone=$(grep -oE "RS0017: Symbol '.*' is part of the declared API" "$log" \
  | sed -E "s/^RS0017: Symbol '(.*)' is part of the declared API$/\1/" | sort -u || true)
rm -f "$log"
if [ -z "$added$gone" ]; then echo "public API up to date"; exit 0; fi
body=$( { tail -n +2 "$file"; printf '%s\n' "$added"; } | grep -v '^$' | LC_ALL=C sort -u)
if [ -n "$gone" ]; then body=$(printf '%s\n' "$body" | grep -vxF -f <(printf '%s\n' "$gone") || true); fi
{ echo '#nullable enable'; [ -z "$body" ] || printf '%s\n' "$body"; } > "$file"
echo "$file: +$(printf '%s' "$added" | grep -c . || true) -$(printf '%s' "$gone" | grep -c . || true)"
