#!/usr/bin/env bash
# A throwaway one-node SLURM cluster on this machine for the SLURM integration test (tests/.../Cluster/SlurmTests.cs).
#   .ci/slurm.sh start   installs Debian's slurm-wlm and munge if missing, writes a slurm.conf of its own (this host is
#                        the only node, CPUs = nproc), starts munged, slurmctld and slurmd, waits until the node takes
#                        jobs, and prints the environment the test needs (eval it: SLURM_CONF, ACTORPIPELINE_SLURM_DIR)
#   .ci/slurm.sh stop    stops the daemons it started and removes its folder (safe to run twice, or without a start)
# Idempotent: a second start stops the first cluster and starts a fresh one. Nothing here touches /etc/slurm: the
# config lives in the state folder and reaches sbatch/squeue through $SLURM_CONF, so a machine's real SLURM is untouched.
set -euo pipefail

dir=${ACTORPIPELINE_SLURM_DIR:-/tmp/actorpipeline-slurm}
munge_socket=$dir/munge/munge.socket

stop() {
  # Jobs first, while slurmctld is there to end them: a test that failed half-way leaves its coordinator and workers.
  if [ -f "$dir/slurm.conf" ] && SLURM_CONF=$dir/slurm.conf scontrol ping >/dev/null 2>&1; then
    SLURM_CONF=$dir/slurm.conf squeue -h -o %A | xargs -r env SLURM_CONF="$dir/slurm.conf" scancel 2>/dev/null || true
    for _ in $(seq 1 45); do
      [ -z "$(SLURM_CONF=$dir/slurm.conf squeue -h -o %A 2>/dev/null)" ] && break
      sleep 1
    done
  fi
  # Our own pid files only: never a daemon by name, which could be a real cluster's.
  for daemon in slurmd slurmctld munged; do
    local pidfile=$dir/$daemon.pid
    [ -f "$pidfile" ] || continue
    local pid
    pid=$(cat "$pidfile")
    if kill -0 "$pid" 2>/dev/null; then
      kill -TERM "$pid" 2>/dev/null || true
      for _ in $(seq 1 50); do kill -0 "$pid" 2>/dev/null || break; sleep 0.1; done
      if kill -0 "$pid" 2>/dev/null; then kill -KILL "$pid" 2>/dev/null || true; fi
    fi
    rm -f "$pidfile"
  done
  rm -rf "$dir"
}

if [ "${1:-start}" = stop ]; then
  stop
  exit 0
fi
if [ "${1:-start}" != start ]; then
  echo "usage: $0 start|stop" >&2
  exit 2
fi

if ! command -v slurmctld >/dev/null 2>&1 || ! command -v munged >/dev/null 2>&1; then
  echo "installing slurm-wlm and munge..." >&2
  # policy-rc.d (containers) keeps the packages from starting their own daemons; the ones below are ours.
  (apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq -o DPkg::Lock::Timeout=300 --no-install-recommends slurm-wlm munge) >&2
fi
for program in slurmctld slurmd munged sbatch scontrol; do
  command -v "$program" >/dev/null 2>&1 || { echo "error: $program is not installed (apt-get install slurm-wlm munge)" >&2; exit 1; }
done

stop
mkdir -p "$dir/state" "$dir/spool" "$dir/munge"
chmod 755 "$dir"
host=$(hostname -s)
cpus=$(nproc)
memory_mb=$(awk '/^MemTotal:/ { print int($2 / 1024 * 0.9) }' /proc/meminfo)
# Ports of their own (not 6817/6818), so a machine's real SLURM, if any, keeps its ports.
ctld_port=${ACTORPIPELINE_SLURMCTLD_PORT:-6917}
slurmd_port=${ACTORPIPELINE_SLURMD_PORT:-6918}

# A munge key of this cluster's own, readable by the munge user only.
chown munge:munge "$dir/munge"
chmod 755 "$dir/munge"   # munged insists that everyone may reach its socket
dd if=/dev/urandom of="$dir/munge/munge.key" bs=1024 count=1 status=none
chown munge:munge "$dir/munge/munge.key"
chmod 400 "$dir/munge/munge.key"
runuser -u munge -- munged --key-file="$dir/munge/munge.key" --socket="$munge_socket" \
  --pid-file="$dir/munge/munged.pid" --log-file="$dir/munge/munged.log" --seed-file="$dir/munge/munged.seed"
cp "$dir/munge/munged.pid" "$dir/munged.pid"

cat > "$dir/slurm.conf" <<EOF
# Written by .ci/slurm.sh: a one-node test cluster, no accounting, no cgroups.
ClusterName=actorpipeline-ci
SlurmctldHost=$host(127.0.0.1)
SlurmctldPort=$ctld_port
SlurmdPort=$slurmd_port
SlurmUser=root
SlurmdUser=root
AuthType=auth/munge
AuthInfo=socket=$munge_socket
CryptoType=crypto/munge
StateSaveLocation=$dir/state
SlurmdSpoolDir=$dir/spool
SlurmctldPidFile=$dir/slurmctld.pid
SlurmdPidFile=$dir/slurmd.pid
SlurmctldLogFile=$dir/slurmctld.log
SlurmdLogFile=$dir/slurmd.log
ProctrackType=proctrack/linuxproc
TaskPlugin=task/none
SwitchType=switch/none
MpiDefault=none
JobAcctGatherType=jobacct_gather/none
AccountingStorageType=accounting_storage/none
JobCompType=jobcomp/none
SchedulerType=sched/backfill
SelectType=select/cons_tres
SelectTypeParameters=CR_Core
ReturnToService=2
# A finished job stays visible to scontrol (its state and exit code) for 10 minutes.
MinJobAge=600
KillWait=30
# The coordinator and the workers each take a CPU; on a small machine they share them (FORCE: without asking).
NodeName=$host NodeAddr=127.0.0.1 CPUs=$cpus RealMemory=$memory_mb State=UNKNOWN
PartitionName=debug Nodes=ALL Default=YES MaxTime=INFINITE State=UP OverSubscribe=FORCE:4
EOF
export SLURM_CONF=$dir/slurm.conf

slurmctld -f "$SLURM_CONF" -i
slurmd -f "$SLURM_CONF" -N "$host"

for _ in $(seq 1 60); do
  if scontrol ping >/dev/null 2>&1 && sinfo -h -N -o '%t' 2>/dev/null | grep -Eq '^(idle|mix|alloc)'; then
    echo "export SLURM_CONF='$SLURM_CONF'"
    echo "export ACTORPIPELINE_SLURM_DIR='$dir'"
    exit 0
  fi
  sleep 1
done
echo "error: the test SLURM cluster did not come up within 60 s; logs: $dir/slurmctld.log, $dir/slurmd.log" >&2
tail -n 20 "$dir/slurmctld.log" "$dir/slurmd.log" >&2 2>/dev/null || true
exit 1
