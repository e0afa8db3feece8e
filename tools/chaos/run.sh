#!/usr/bin/env bash
# Chaos run: proves that a sweep survives SIGKILLs of its host and restarts (clean stops and crashes) of its
# PostgreSQL. Runs a small sweep once on SQLite (the reference), then the same sweep on a throwaway PostgreSQL while
# killing the host and restarting the database at random (seeded) moments, and checks that both runs wrote the same
# results byte for byte and that the journal holds no event twice and no failed attempt. See tools/chaos/README.md.
#
#   bash tools/chaos/run.sh [--kills 20] [--db-restarts 5] [--min-wait 3] [--max-wait 15] [--seed 1] [--work DIR]
#                           [--min-down 2] [--max-down 15] [--port 55480] [--data PATH] [--final-timeout 3600]
#                           [--max-failures 3] [--repetitions 4] [--iterations 16] [--config sweep.yaml] [--no-build]
set -uo pipefail

usage() { sed -n '2,9p' "$0" | sed 's/^# \{0,1\}//'; }

repo=$(cd "$(dirname "$0")/../.." && pwd)
kills=20 db_restarts=5 min_wait=3 max_wait=15 seed=1 work="" min_down=2 max_down=15 port=55480
data=${ACTORPIPELINE_CIFAR10:-$repo/../shared/data/cifar10/cifar-10-binary.tar.gz}
final_timeout=3600 max_failures=3 build=1 repetitions=4 iterations=16 config=""
while [ $# -gt 0 ]; do
  case "$1" in
    --kills) kills=$2; shift 2 ;;
    --db-restarts) db_restarts=$2; shift 2 ;;
    --min-wait) min_wait=$2; shift 2 ;;
    --max-wait) max_wait=$2; shift 2 ;;
    --min-down) min_down=$2; shift 2 ;;
    --max-down) max_down=$2; shift 2 ;;
    --seed) seed=$2; shift 2 ;;
    --work) work=$2; shift 2 ;;
    --port) port=$2; shift 2 ;;
    --data) data=$2; shift 2 ;;
    --final-timeout) final_timeout=$2; shift 2 ;;
    --max-failures) max_failures=$2; shift 2 ;;
    --repetitions) repetitions=$2; shift 2 ;;
    --iterations) iterations=$2; shift 2 ;;
    --config) config=$2; shift 2 ;;
    --no-build) build=0; shift ;;
    -h|--help) usage; exit 0 ;;
    *) echo "error: unknown option $1" >&2; usage >&2; exit 2 ;;
  esac
done
for v in kills db_restarts min_wait max_wait min_down max_down seed port final_timeout max_failures repetitions iterations; do
  [[ ${!v} =~ ^[0-9]+$ ]] || { echo "error: --${v//_/-} needs a whole number, not '${!v}'" >&2; exit 2; }
done
(( min_wait <= max_wait && min_down <= max_down )) || { echo "error: a minimum is above its maximum" >&2; exit 2; }
[ -z "$config" ] || [ -f "$config" ] || { echo "error: no config file $config" >&2; exit 2; }
[ -z "$config" ] || config=$(cd "$(dirname "$config")" && pwd)/$(basename "$config")
[ -e "$data" ] || { echo "error: no CIFAR-10 at $data (--data or \$ACTORPIPELINE_CIFAR10)" >&2; exit 2; }
data=$(cd "$(dirname "$data")" && pwd)/$(basename "$data")
[ -n "$work" ] || work=/tmp/actorpipeline-chaos-$(date +%Y%m%d-%H%M%S)
if [ -d "$work" ] && [ -n "$(ls -A "$work")" ]; then echo "error: $work is not empty; choose another --work" >&2; exit 2; fi
mkdir -p "$work/runs" && work=$(cd "$work" && pwd)
RANDOM=$seed

timeline=$work/timeline.txt
t0=$SECONDS
stamp() { printf '%s +%5ds' "$(date +%H:%M:%S)" $((SECONDS - t0)); }
say() { echo "[$(stamp)] $*" | tee -a "$timeline"; }
# rand VAR LO HI: a whole number in [LO, HI] into VAR. Never in $(...): bash reseeds RANDOM in every subshell,
# and the draws would no longer follow --seed.
rand() { printf -v "$1" %d $(( $2 + RANDOM % ($3 - $2 + 1) )); }

host_pid="" pg_started=0
cleanup() {
  if [ -n "$host_pid" ] && [ -e "/proc/$host_pid" ]; then kill -9 "$host_pid" 2>/dev/null; wait "$host_pid" 2>/dev/null; fi
  if (( pg_started )); then bash "$repo/.ci/postgres.sh" stop "$ACTORPIPELINE_PG_DIR"; fi
}
trap cleanup EXIT
trap 'say "interrupted"; exit 130' INT TERM

# ---- build once; run a snapshot of the output so that a concurrent rebuild of src/ cannot swap the binary mid-run
cd "$repo"
if (( build )); then
  say "building: dotnet build src/Host -c Release (commit $(git rev-parse --short HEAD)$( [ -n "$(git status --porcelain -- src)" ] && echo ", with uncommitted changes in src/"))"
  if ! dotnet build src/Host -c Release -nologo -v q > "$work/build.log" 2>&1; then
    sleep 5   # a concurrent build may have held a file: once more
    dotnet build src/Host -c Release -nologo -v q > "$work/build.log" 2>&1 || { tail -30 "$work/build.log"; echo "error: build failed ($work/build.log)" >&2; exit 1; }
  fi
fi
[ -f src/Host/bin/Release/net10.0/actorpipeline.dll ] || { echo "error: no src/Host/bin/Release/net10.0/actorpipeline.dll" >&2; exit 1; }
cp -a src/Host/bin/Release/net10.0 "$work/host"
dll=$work/host/actorpipeline.dll
say "host: dotnet $dll (snapshot of src/Host/bin/Release/net10.0)"

if [ -n "$config" ]; then cp "$config" "$work/sweep.yaml"; else cat > "$work/sweep.yaml" <<EOF
problems: [cifar2, cifar4]
repetitions: $repetitions
iterations: $iterations
dense_epochs: 3
imp_epochs: 1
rewind_epoch: 1
early_stopping: off
train_limit: 300
test_limit: 100
probe_size: 200
probe_batch_size: 50
batch_size: 50
metrics: [svcca, cka]
devices: cpu
max_retries: 3
EOF
fi

# ---- the throwaway PostgreSQL
port_busy() { ss -Hltn "( sport = :$1 )" | grep -q .; }
for _ in $(seq 20); do port_busy "$port" && port=$((port + 1)) || break; done
port_busy "$port" && { echo "error: no free port found near $port" >&2; exit 1; }
pg_env=$(ACTORPIPELINE_PG_PORT=$port bash .ci/postgres.sh start) || { echo "error: PostgreSQL did not start" >&2; exit 1; }
eval "$pg_env"
pg_started=1
pg_bin=/usr/lib/postgresql/15/bin
pg_data=$ACTORPIPELINE_PG_DIR/data
say "PostgreSQL 15 on 127.0.0.1:$port ($ACTORPIPELINE_PG_DIR)"
pg_ctl_() { runuser -u postgres -- "$pg_bin/pg_ctl" -D "$pg_data" "$@"; }
pg_start() {   # the same -o options as .ci/postgres.sh; after a crash, old backends may hold shared memory briefly
  local try
  for try in 1 2 3 4 5 6 7 8; do
    if pg_ctl_ -l "$ACTORPIPELINE_PG_DIR/log" -o "-h 127.0.0.1 -p $port -k $ACTORPIPELINE_PG_DIR" -w -t 60 start >/dev/null 2>&1; then
      (( try > 1 )) && say "  PostgreSQL started at try $try"
      return 0
    fi
    sleep 2
  done
  say "  PostgreSQL did not start after 8 tries; its log:"; tail -20 "$ACTORPIPELINE_PG_DIR/log"
  return 1
}
sql() { PGPASSWORD=$ACTORPIPELINE_PG_PASSWORD psql -h 127.0.0.1 -p "$port" -U actorpipeline -d actorpipeline -XtAq -c "$1"; }

# ---- reference: the same config on SQLite, undisturbed
common=(sweep --config "$work/sweep.yaml" --data "$data" --no-download)
say "reference sweep on SQLite -> $work/reference"
ref_start=$SECONDS
dotnet "$dll" "${common[@]}" --out "$work/reference" > "$work/reference.out" 2>&1
ref_rc=$? ref_wall=$((SECONDS - ref_start))
if (( ref_rc != 0 )); then
  say "reference sweep failed with exit code $ref_rc:"; tail -30 "$work/reference.out"; exit 1
fi
say "reference done in ${ref_wall} s"

# ---- chaos: the same sweep on PostgreSQL, killed and disturbed until it exits 0
chaos_args=("${common[@]}" --out "$work/chaos" --persistence postgresql --connection-string "$ACTORPIPELINE_TEST_PG" --journal-outage-limit 0)
printf '%q ' dotnet "$dll" "${chaos_args[@]}" > "$work/chaos-command.txt"; echo >> "$work/chaos-command.txt"
run=0 kills_done=0 db_stops=0 db_crashes=0 failures=0 refused=0 refused_at_start=0 host_rc="" db_event_in_run=0
start_host() {
  run=$((run + 1))
  host_log=$work/runs/run-$(printf %02d $run).out
  dotnet "$dll" "${chaos_args[@]}" > "$host_log" 2>&1 &
  host_pid=$!
  host_started=$SECONDS
  db_event_in_run=0
  say "run $run: host started, pid $host_pid (output runs/$(basename "$host_log"))"
}
host_alive() {   # false once the host has exited (bash may already have reaped it, or it is a zombie)
  local state
  state=$(awk '{print $3}' "/proc/$host_pid/stat" 2>/dev/null) || return 1
  [ -n "$state" ] && [ "$state" != Z ]
}
reap() { wait "$host_pid" 2>/dev/null; host_rc=$?; host_pid=""; }
# Waits $1 seconds; returns 1 early (host_rc set) if the host exits meanwhile.
wait_alive() {
  local end=$((SECONDS + $1))
  while (( SECONDS < end )); do
    host_alive || { reap; return 1; }
    sleep 0.5
  done
  host_alive || { reap; return 1; }
}
others_on_sweep() {   # processes other than $1 whose command line names the chaos sweep folder
  local p
  for p in /proc/[0-9]*; do
    [ "${p#/proc/}" = "${1:-}" ] && continue
    tr '\0' ' ' 2>/dev/null < "$p/cmdline" | grep -qF -- "--out $work/chaos" && echo "${p#/proc/}"
  done
}
# An exit the script did not cause. Returns 0 when the sweep is done, 1 to go on (restart), 2 after max_failures.
host_exited() {
  local rc=$1
  if (( rc == 0 )); then say "run $run: host exited 0 after $((SECONDS - host_started)) s: the sweep is done"; return 0; fi
  if (( rc == 2 && db_event_in_run )) && ! grep -q "^sweep [0-9a-f]*: " "$host_log" && ! grep -q "already running" "$host_log"; then
    # The database went away while this host was still starting: its journal check at start refuses with one
    # line and exit 2, by design (README "Commands"). Not a failure of the sweep; start it again.
    refused_at_start=$((refused_at_start + 1))
    say "run $run: host refused at start (exit 2) while the database was away - by design; its last line: $(tail -1 "$host_log")"
    return 1
  fi
  failures=$((failures + 1))
  say "run $run: FAILURE: host exited $rc by itself after $((SECONDS - host_started)) s; its last lines:"
  tail -25 "$host_log" | sed 's/^/    | /' | tee -a "$timeline"
  grep -q "already running" "$host_log" && { refused=$((refused + 1)); say "  (a second host was refused: 'already running' - a bug, the previous host is gone)"; }
  if (( failures >= max_failures )); then say "giving up after $failures failures"; return 2; fi
  return 1
}

chaos_start=$SECONDS
start_host
done_ok=0 gave_up=0 hung=0
while :; do
  if (( kills_done >= kills && db_stops + db_crashes >= db_restarts )); then
    say "all disturbances spent ($kills_done kills, $db_stops DB stops, $db_crashes DB crashes): letting run $run finish"
    if wait_alive "$final_timeout"; then
      hung=1; say "run $run: still running after ${final_timeout} s (--final-timeout): the host hangs; last lines:"
      tail -25 "$host_log" | sed 's/^/    | /' | tee -a "$timeline"
      break
    fi
    host_exited "$host_rc"; r=$?
    (( r == 0 )) && { done_ok=1; break; }
    (( r == 2 )) && { gave_up=1; break; }
    start_host; continue
  fi
  rand pause "$min_wait" "$max_wait"
  if ! wait_alive "$pause"; then
    host_exited "$host_rc"; r=$?
    (( r == 0 )) && { done_ok=1; break; }
    (( r == 2 )) && { gave_up=1; break; }
    start_host; continue
  fi
  left_kills=$((kills - kills_done)) left_db=$((db_restarts - db_stops - db_crashes))
  if (( RANDOM % (left_kills + left_db) < left_kills )); then
    kills_done=$((kills_done + 1))
    victim=$host_pid
    kill -9 "$victim"; reap
    if [ -e "/proc/$victim" ]; then say "ERROR: host pid $victim still exists after SIGKILL"; gave_up=1; break; fi
    stray=$(others_on_sweep)
    [ -n "$stray" ] && { say "ERROR: other processes still run the chaos sweep after the kill: $stray"; gave_up=1; break; }
    say "run $run: SIGKILL $kills_done/$kills of host pid $victim after $((SECONDS - host_started)) s (exit $host_rc; pid gone)"
    start_host
  else
    rand down "$min_down" "$max_down"
    db_event_in_run=1
    if (( RANDOM % 2 == 0 )); then
      db_stops=$((db_stops + 1))
      say "run $run: DB restart $((db_stops + db_crashes))/$db_restarts: pg_ctl -m fast stop, down ${down} s"
      pg_ctl_ -m fast -w stop >/dev/null 2>&1 || say "  pg_ctl stop failed"
    else
      db_crashes=$((db_crashes + 1))
      postmaster=$(head -1 "$pg_data/postmaster.pid")
      say "run $run: DB restart $((db_stops + db_crashes))/$db_restarts: kill -9 postmaster $postmaster (crash), down ${down} s"
      kill -9 "$postmaster"
    fi
    if ! wait_alive "$down"; then
      pg_start || { gave_up=1; break; }
      say "  PostgreSQL back"
      host_exited "$host_rc"; r=$?
      (( r == 0 )) && { done_ok=1; break; }
      (( r == 2 )) && { gave_up=1; break; }
      start_host; continue
    fi
    pg_start || { gave_up=1; break; }
    say "  PostgreSQL back after $down s"
  fi
done
chaos_wall=$((SECONDS - chaos_start))

# ---- checks
identical=yes
for f in accuracy.csv similarity.csv; do
  if ! cmp "$work/reference/results/$f" "$work/chaos/results/$f"; then identical=no; fi
done
duplicates=$(sql "SELECT count(*) - count(DISTINCT (persistence_id, message)) FROM journal" 2>&1) || duplicates="query failed: $duplicates"
failed_attempts=$(sql "SELECT count(*) FROM journal WHERE manifest LIKE '%failed%'" 2>&1) || failed_attempts="query failed: $failed_attempts"
events=$(sql "SELECT count(*) FROM journal" 2>&1) || events="?"
ref_events=$(sqlite3 "$work/reference/journal.db" "SELECT count(*) FROM journal" 2>/dev/null) || ref_events="?"
already=$(grep -l "already running" "$work"/runs/*.out 2>/dev/null | wc -l)
traces=$(grep -h "^   at " "$work"/runs/*.out 2>/dev/null | wc -l)
trace_runs=$(grep -l "^   at " "$work"/runs/*.out 2>/dev/null | xargs -r -n1 basename | tr '\n' ' ')

# ---- one database outage as the user saw it: the longest one ("journal available again after N s") in any run
excerpt=$work/outage-excerpt.txt
best="" best_s=-1
for f in "$work"/runs/*.out; do
  while IFS=: read -r a secs; do
    [ -n "$a" ] || continue
    b=$(awk -v a="$a" 'NR > a && /journal available again/ { print NR; exit }' "$f")
    [ -n "$b" ] || continue
    secs=$(sed -n "${b}p" "$f" | sed -n 's/.*available again after \([0-9]*\) s.*/\1/p')
    (( ${secs:-0} > best_s )) && { best_s=${secs:-0}; best="$f $a $b"; }
  done < <(grep -n "journal unavailable since" "$f" | cut -d: -f1 | sed 's/$/:/')
done
if [ -n "$best" ]; then
  read -r f a b <<< "$best"
  from=$(( a > 4 ? a - 4 : 1 )) to=$(( b + 4 ))
  (( to - from > 60 )) && to=$((from + 60))
  { echo "== runs/$(basename "$f"), lines $from-$to"; sed -n "${from},${to}p" "$f"; } > "$excerpt"
else
  echo "(no complete outage - 'journal unavailable since' ... 'journal available again' - in any run's output)" > "$excerpt"
fi
outages=$(cat "$work"/runs/*.out | grep -c "journal unavailable since")

ok=1
(( done_ok && !gave_up && !hung && failures == 0 )) || ok=0
[ "$identical" = yes ] && [ "$duplicates" = 0 ] && [ "$failed_attempts" = 0 ] && (( already == 0 )) || ok=0
{
  echo
  echo "== outage as printed by the host ($excerpt)"
  cat "$excerpt"
  echo
  echo "== chaos summary (seed $seed, work $work)"
  printf '  %-34s %s\n' \
    "host SIGKILLs" "$kills_done of $kills" \
    "DB fast stops (pg_ctl -m fast)" "$db_stops" \
    "DB crashes (kill -9 postmaster)" "$db_crashes" \
    "DB restarts requested" "$db_restarts" \
    "host runs" "$run" \
    "unexpected host exits (failures)" "$failures" \
    "refused at start, DB away (exit 2)" "$refused_at_start" \
    "'already running' refusals" "$already" \
    "stack-trace lines on the terminal" "$traces" \
    "outages shown on the terminal" "$outages" \
    "sweep finished (exit 0)" "$( ((done_ok)) && echo yes || echo no)$( ((hung)) && echo ' (hangs)')" \
    "wall time reference (SQLite)" "${ref_wall} s" \
    "wall time chaos (PostgreSQL)" "${chaos_wall} s" \
    "results identical (cmp)" "$identical" \
    "events persisted twice" "$duplicates" \
    "failed attempts in journal" "$failed_attempts" \
    "journal events (chaos / reference)" "$events / $ref_events"
  (( traces > 0 )) && echo "  WARNING: $traces stack-trace lines on the terminal (runs: $trace_runs): a database outage should be one line there, details in sweep.log"
  if (( !ok )); then echo "RESULT: FAIL"
  elif (( kills_done < kills || db_stops + db_crashes < db_restarts )); then
    echo "RESULT: INCOMPLETE: all checks passed, but the sweep finished before every disturbance was spent (scale it: --repetitions, --iterations)"
  else echo "RESULT: PASS"; fi
} | tee -a "$timeline"
(( ok && kills_done >= kills && db_stops + db_crashes >= db_restarts ))
