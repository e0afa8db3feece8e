#!/usr/bin/env bash
# Submits a cluster sweep to SLURM: the coordinator job (coordinator.sbatch) and an array of worker jobs
# (worker.sbatch) that may start once the coordinator has started. Settings come from ACTORPIPELINE_* variables (see
# README.md); the PostgreSQL password only from ACTORPIPELINE_PG_PASSWORD in this shell, passed on by --export.
#   submit.sh             the coordinator and ACTORPIPELINE_WORKERS workers (default 2)
#   submit.sh coordinator the coordinator alone: resumes a stopped sweep; running or queued workers follow it
#   submit.sh workers     ACTORPIPELINE_WORKERS more workers for a running sweep
# Prints one line per submission: "coordinator job <id>" / "worker array <id> (<n> tasks)".
set -euo pipefail

fail() { echo "error: $*" >&2; exit 2; }
here=$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)
what=${1:-all}
case $what in all | coordinator | workers) ;; *) fail "usage: $0 [all|coordinator|workers]" ;; esac
command -v sbatch >/dev/null || fail "sbatch not found: run this on a SLURM login node."

[ -n "${ACTORPIPELINE_SWEEP:-}" ] || fail "ACTORPIPELINE_SWEEP is not set: the sweep folder on the shared filesystem, e.g. /shared/sweeps/sweep-paper."
# Jobs start in other folders and on other nodes: hand them absolute paths.
ACTORPIPELINE_SWEEP=$(realpath -m "$ACTORPIPELINE_SWEEP")
for name in ACTORPIPELINE_CONFIG ACTORPIPELINE_DATA ACTORPIPELINE_BIN; do
  value=${!name:-}
  if [ -n "$value" ] && [ -e "$value" ]; then printf -v "$name" '%s' "$(realpath "$value")"; fi
done
export ACTORPIPELINE_SWEEP ACTORPIPELINE_CONFIG ACTORPIPELINE_DATA ACTORPIPELINE_BIN

workers=${ACTORPIPELINE_WORKERS:-2}
[[ $workers =~ ^[1-9][0-9]*$ ]] || fail "ACTORPIPELINE_WORKERS must be a positive number of worker jobs, not '$workers'."
# OPTIONAL: site options for sbatch, whitespace-separated (e.g. --partition gpu --gres=gpu:4 --time 24:00:00 --account x).
read -r -a coordinator_sbatch <<< "${ACTORPIPELINE_SBATCH_COORDINATOR:-}"
read -r -a worker_sbatch <<< "${ACTORPIPELINE_SBATCH_WORKER:-}"

# The jobs' output files sit next to the address file, in the sweep folder (SLURM does not create folders).
logs=$ACTORPIPELINE_SWEEP/slurm
mkdir -p "$logs"

coordinator=
if [ "$what" != workers ]; then
  [ -n "${ACTORPIPELINE_PG_CONNECTION:-}" ] || fail "ACTORPIPELINE_PG_CONNECTION is not set: the PostgreSQL connection string without password."
  [ -n "${ACTORPIPELINE_PG_PASSWORD:-}" ] || fail "ACTORPIPELINE_PG_PASSWORD is not set: export it in this shell (read -rs ACTORPIPELINE_PG_PASSWORD; export ACTORPIPELINE_PG_PASSWORD); it reaches the coordinator job through --export, never through a file."
  # --export=ALL: the job gets this shell's environment, the password included (SLURM keeps a job's environment in
  # its state folder, readable by SlurmUser and root only); the workers unset it.
  coordinator=$(sbatch --parsable --export=ALL --output="$logs/coordinator-%j.out" "${coordinator_sbatch[@]}" "$here/coordinator.sbatch")
  coordinator=${coordinator%%;*}
  echo "coordinator job $coordinator (output: $logs/coordinator-$coordinator.out)"
fi

if [ "$what" != coordinator ]; then
  dependency=()
  # Workers wait in the queue until the coordinator job has started, not on their GPUs; if it is cancelled before it
  # starts, they are cancelled too.
  [ -n "$coordinator" ] && dependency=(--dependency="after:$coordinator" --kill-on-invalid-dep=yes)
  array=$(env -u ACTORPIPELINE_PG_PASSWORD sbatch --parsable --export=ALL --array="0-$((workers - 1))" --output="$logs/worker-%A_%a.out" \
    "${dependency[@]}" "${worker_sbatch[@]}" "$here/worker.sbatch")
  array=${array%%;*}
  echo "worker array $array ($workers tasks; output: $logs/worker-${array}_<task>.out)"
fi
