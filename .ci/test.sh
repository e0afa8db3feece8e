#!/usr/bin/env bash
# Runs README's test command and prints the closing `N passed, N failed` line from the TRX results.
set -uo pipefail
results=$(mktemp -d)
dotnet test ActorPipeline.sln --logger "trx;LogFileName=results.trx" --results-directory "$results" 2>&1 | tee "$results/log.txt"
status=${PIPESTATUS[0]}
passed=0; failed=0; skipped=0
for trx in "$results"/*.trx; do
  [ -f "$trx" ] || continue
  counters=$(grep -o '<Counters [^>]*>' "$trx" | head -1)
  p=$(sed -n 's/.* passed="\([0-9]*\)".*/\1/p' <<<"$counters"); f=$(sed -n 's/.* failed="\([0-9]*\)".*/\1/p' <<<"$counters")
  s=$(grep -c 'outcome="NotExecuted"' "$trx")
  passed=$((passed + ${p:-0})); failed=$((failed + ${f:-0})); skipped=$((skipped + ${s:-0}))
done
if [ "$status" -ne 0 ] && [ "$failed" -eq 0 ]; then failed=1; echo "dotnet test exited with $status (build or run failure)"; fi
echo "$skipped skipped (GPU tests without a GPU; shared-data tests without ../shared/data)"
echo "$passed passed, $failed failed"
exit "$status"
