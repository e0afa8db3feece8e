#!/usr/bin/env bash
# Runs on the GPU machine after setup.sh: what the host sees, the GPU-marked tests, `bench` against the
# PyTorch reference on the same card (default, TF32, TF32 + channels-last), and a quick sweep with 1 and 3
# slots on one GPU (wall time of each), while nvidia-smi samples memory and utilization in the background.
# Everything goes under $OUT (default ./gpu-checks-out); summary.tsv has one line per step: name, rc, seconds.
#
#   tools/device/setup.sh && tools/device/run-gpu-checks.sh
#
# Environment: OUT, AP_DEVICE_DIR (as setup.sh), BENCH_BATCHES (default 50), AP_DATA (a CIFAR-10 archive or
# cifar-10-batches-bin folder; default: a synthetic full-size folder written here, since there is no network),
# AP_SKIP (space-separated step names to skip: devices tests bench reference sweep), AP_SWEEP_DEVICES (default cuda:0).
set -uo pipefail

here=$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)
dest=${AP_DEVICE_DIR:-$(cd "$here/../.." && pwd)/artifacts/device}
out=${OUT:-$PWD/gpu-checks-out}
batches=${BENCH_BATCHES:-50}
skip=" ${AP_SKIP:-} "
mkdir -p "$out"
[ -f "$dest/env.sh" ] || { echo "no $dest/env.sh: run tools/device/setup.sh first" >&2; exit 1; }
# shellcheck source=/dev/null
. "$dest/env.sh"
python=${AP_PYTHON:-python3}

log() { printf '[checks %s] %s\n' "$(date -u +%T)" "$*" | tee -a "$out/checks.log" >&2; }
host() { "$DOTNET_ROOT/dotnet" "$AP_ROOT/host/actorpipeline.dll" "$@"; }

printf 'step\trc\tseconds\n' > "$out/summary.tsv"
# step NAME COMMAND...: runs it with its output in $OUT/NAME.log, records rc and wall seconds, never aborts.
step() {
  local name=$1; shift
  local group=${name%%-*}
  if [[ "$skip" == *" $group "* ]]; then log "skip $name"; return 0; fi
  log "start $name: $*"
  local start end rc
  start=$(date +%s.%N)
  "$@" > "$out/$name.log" 2>&1
  rc=$?
  end=$(date +%s.%N)
  awk -v n="$name" -v r="$rc" -v a="$start" -v b="$end" 'BEGIN { printf "%s\t%s\t%.1f\n", n, r, b - a }' >> "$out/summary.tsv"
  log "end $name: rc $rc ($(tail -1 "$out/summary.tsv" | cut -f3) s)"
  return 0
}

# --- background GPU sampling ---------------------------------------------------------------------------
sampler=""
if command -v nvidia-smi >/dev/null; then
  nvidia-smi > "$out/nvidia-smi.txt" 2>&1
  nvidia-smi --query-gpu=timestamp,index,memory.used,memory.total,utilization.gpu,power.draw \
    --format=csv -lms 500 > "$out/nvidia-smi-samples.csv" 2>&1 &
  sampler=$!
fi
cleanup() { if [ -n "$sampler" ]; then kill "$sampler" 2>/dev/null; fi; }
trap cleanup EXIT

{
  echo "native library: $AP_NATIVE"; echo "torch: $AP_TORCH_DIR"
  cat "$AP_ROOT/SOURCE_COMMIT" 2>/dev/null; cat "$AP_ROOT/torchsharp/COMMIT" 2>/dev/null
} > "$out/environment.txt"

# --- what the host sees ---------------------------------------------------------------------------------
step devices host devices

# --- GPU-marked tests (vstest from the SDK, run on the carried runtime) ------------------------------------
step tests "$DOTNET_ROOT/dotnet" "$AP_ROOT/vstest/vstest.console.dll" "$AP_ROOT/tests/ActorPipeline.Tests.dll" \
  --TestCaseFilter:"Category=Gpu|FullyQualifiedName~GpuPerformanceTests" --logger:"console;verbosity=normal" \
  --logger:trx --ResultsDirectory:"$out/test-results"

# --- throughput: .NET bench vs PyTorch, same card, same settings -------------------------------------------
step bench-default host bench --device cuda --batches "$batches"
step bench-tf32 host bench --device cuda --batches "$batches" --tf32
step bench-tf32-channels-last host bench --device cuda --batches "$batches" --tf32 --channels-last
step reference-default "$python" "$AP_ROOT/pytorch_reference.py" --device cuda --batches "$batches"
step reference-tf32 "$python" "$AP_ROOT/pytorch_reference.py" --device cuda --batches "$batches" --tf32
step reference-tf32-channels-last "$python" "$AP_ROOT/pytorch_reference.py" --device cuda --batches "$batches" --tf32 --channels-last
step reference-tf32-channels-last-full "$python" "$AP_ROOT/pytorch_reference.py" --device cuda --batches "$batches" --tf32 --channels-last full
step reference-amp "$python" "$AP_ROOT/pytorch_reference.py" --device cuda --batches "$batches" --tf32 --amp

# --- a quick sweep with 1 and with 3 slots on one GPU ------------------------------------------------------
data=${AP_DATA:-}
if [ -z "$data" ] && [[ "$skip" != *" sweep "* ]]; then
  data="$dest/synthetic-cifar/cifar-10-batches-bin"
  if [ ! -f "$data/test_batch.bin" ]; then
    log "writing a synthetic full-size CIFAR-10 folder at $data (no network here; results are not CIFAR-10 results)"
    mkdir -p "$data"
    "$python" - "$data" <<'PY'
import os, sys
folder = sys.argv[1]
names = [f"data_batch_{i}.bin" for i in range(1, 6)] + ["test_batch.bin"]
for k, name in enumerate(names):
    pixels = os.urandom(10000 * 3072)
    with open(os.path.join(folder, name), "wb") as f:
        for i in range(10000):
            f.write(bytes([i % 10]))
            f.write(pixels[i * 3072:(i + 1) * 3072])
with open(os.path.join(folder, "batches.meta.txt"), "w") as f:
    f.write("\n".join(["airplane", "automobile", "bird", "cat", "deer", "dog", "frog", "horse", "ship", "truck"]) + "\n")
PY
  fi
fi
for slots in 1 3; do
  step "sweep-slots$slots" host sweep --profile quick --devices "${AP_SWEEP_DEVICES:-cuda:0}" --slots-per-device "$slots" \
    --data "$data" --out "$out/sweep-slots$slots" --seed 1
done

# --- summary -----------------------------------------------------------------------------------------------
cleanup; sampler=""
{
  echo "== steps"; column -t "$out/summary.tsv" 2>/dev/null || cat "$out/summary.tsv"
  for f in "$out"/bench-*.log "$out"/reference-*.log; do
    [ -f "$f" ] || continue
    echo "== $(basename "$f" .log)"; grep -E '^(Training|problem|cifar)' "$f"
  done
  if [ -s "$out/nvidia-smi-samples.csv" ]; then
    echo "== peak GPU memory (MiB) over the run"
    awk -F', ' 'NR > 1 { v = $3 + 0; if (v > max) max = v } END { print max }' "$out/nvidia-smi-samples.csv"
  fi
  echo "== tests"; grep -E "^(Passed|Failed|Skipped|Total|  (Passed|Failed|Skipped) )" "$out/tests.log" | tail -20
} | tee "$out/summary.txt"
