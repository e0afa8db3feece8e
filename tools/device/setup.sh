#!/usr/bin/env bash
# Runs on the GPU machine (no .NET, no network; PyTorch with its libtorch under python's torch/lib).
# Unpacks tools/device/carry/actorpipeline-device.tar.xz, finds torch, makes libLibTorchSharp.so load
# against the device's libtorch (the stock one from the TorchSharp package first; else builds TorchSharp's
# src/Native with cmake, or g++ directly, against torch), and writes env.sh for run-gpu-checks.sh.
#
#   source <(tools/device/setup.sh --print-env)    # or: tools/device/setup.sh; . "$AP_DEVICE_DIR/env.sh"
#
# Environment: AP_DEVICE_DIR (default artifacts/device in the checkout: ignored, kept between calls on a warm machine), AP_ARCHIVE (default: the carry archive next
# to this script), PYTHON (default python3), AP_FORCE_BUILD=1 (skip the stock library), AP_JOBS (build jobs).
# Testable without a GPU: `setup.sh --locate-torch` only prints what it finds about torch (exit 3 if none).
set -euo pipefail

here=$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)
dest=${AP_DEVICE_DIR:-$(cd "$here/../.." && pwd)/artifacts/device}
archive=${AP_ARCHIVE:-$here/carry/actorpipeline-device.tar.xz}
python=${PYTHON:-python3}
jobs=${AP_JOBS:-$(nproc 2>/dev/null || echo 4)}
mode=${1:-setup}

log() { printf '[setup] %s\n' "$*" >&2; }
die() { printf '[setup] ERROR: %s\n' "$*" >&2; exit 1; }

# Prints shell assignments TORCH_DIR, TORCH_LIB, TORCH_CMAKE_PREFIX, TORCH_VERSION, TORCH_CUDA, TORCH_CXX11_ABI,
# CUDA_AVAILABLE, NVIDIA_LIBS (pip nvidia-* library folders), or fails with exit 3 when torch is not importable.
locate_torch() {
  "$python" - <<'PY' || return 3
import glob, os, shlex, sys
try:
    import torch
except Exception as e:  # noqa: BLE001
    print(f"no importable torch in {sys.executable}: {e}", file=sys.stderr)
    sys.exit(3)
import torch.utils
d = os.path.dirname(torch.__file__)
site = os.path.dirname(d)
nvidia = sorted(p for p in glob.glob(os.path.join(site, "nvidia", "*", "lib")) + glob.glob(os.path.join(site, "nvidia", "cu*", "lib")) if os.path.isdir(p))
values = {
    "TORCH_DIR": d,
    "TORCH_LIB": os.path.join(d, "lib"),
    "TORCH_CMAKE_PREFIX": torch.utils.cmake_prefix_path,
    "TORCH_VERSION": torch.__version__,
    "TORCH_CUDA": str(torch.version.cuda),
    "TORCH_CXX11_ABI": str(int(torch._C._GLIBCXX_USE_CXX11_ABI)),
    "CUDA_AVAILABLE": str(int(torch.cuda.is_available())),
    "NVIDIA_LIBS": ":".join(dict.fromkeys(nvidia)),
}
for k, v in values.items():
    print(f"{k}={shlex.quote(v)}")
PY
}

if [ "$mode" = "--locate-torch" ]; then
  locate_torch
  exit $?
fi

# --- unpack -----------------------------------------------------------------------------------------
[ -f "$archive" ] || die "no archive at $archive (run tools/device/pack.sh on the build machine and carry tools/device/carry)"
mkdir -p "$dest"
if [ ! -f "$dest/.unpacked" ] || [ "$archive" -nt "$dest/.unpacked" ]; then
  log "unpacking $archive -> $dest"
  if command -v xz >/dev/null; then
    xz -dc "$archive" | tar -C "$dest" -xf -
  else
    "$python" -c 'import sys, tarfile; tarfile.open(sys.argv[1], "r:xz").extractall(sys.argv[2])' "$archive" "$dest"
  fi
  touch "$dest/.unpacked"
fi
root="$dest/actorpipeline-device"
[ -x "$root/dotnet/dotnet" ] || die "$root/dotnet/dotnet missing after unpacking"

# --- torch ------------------------------------------------------------------------------------------
torch_env=$(locate_torch) || die "python ($python) cannot import torch; set PYTHON to the interpreter that has it"
eval "$torch_env"
log "torch $TORCH_VERSION (CUDA $TORCH_CUDA, cxx11 abi $TORCH_CXX11_ABI, cuda available $CUDA_AVAILABLE) at $TORCH_DIR"
[ -f "$TORCH_LIB/libtorch_cpu.so" ] || die "no libtorch_cpu.so in $TORCH_LIB"
library_path="$TORCH_LIB${NVIDIA_LIBS:+:$NVIDIA_LIBS}${LD_LIBRARY_PATH:+:$LD_LIBRARY_PATH}"

export DOTNET_ROOT="$root/dotnet"
export PATH="$DOTNET_ROOT:$PATH"
export DOTNET_CLI_TELEMETRY_OPTOUT=1 DOTNET_NOLOGO=1

# Does the host, with the libLibTorchSharp.so in its folder, see libtorch and CUDA? (`devices` prints both.)
probe() {
  LD_LIBRARY_PATH="$library_path" "$DOTNET_ROOT/dotnet" "$root/host/actorpipeline.dll" devices > "$dest/probe.log" 2>&1
}

stock="$root/host/libLibTorchSharp.so"
[ -f "$stock" ] && cp -n "$stock" "$root/libLibTorchSharp.stock.so"
chosen=""
if [ "${AP_FORCE_BUILD:-0}" != 1 ] && [ -f "$root/libLibTorchSharp.stock.so" ]; then
  log "trying the stock libLibTorchSharp.so (TorchSharp 0.107.0, built for libtorch 2.10) against torch $TORCH_VERSION"
  cp "$root/libLibTorchSharp.stock.so" "$stock"
  # "=> not found": a missing library. (A "weak version ... not found" line is harmless: the build marks
  # GLIBCXX_3.4.32 weak on systems without it, see build/TorchSharpNative.targets.)
  missing=$(LD_LIBRARY_PATH="$library_path" ldd "$stock" 2>&1 | grep -c "=> not found" || true)
  undefined=$(LD_LIBRARY_PATH="$library_path" ldd -r "$stock" 2>&1 | grep -c "undefined symbol" || true)
  log "  ldd: $missing missing libraries, $undefined undefined symbols"
  if [ "$missing" = 0 ] && [ "$undefined" = 0 ] && probe; then
    chosen=stock
  else
    log "  the stock library does not load here (details: $dest/probe.log, ldd -r below)"
    LD_LIBRARY_PATH="$library_path" ldd -r "$stock" 2>&1 | grep -E "=> not found|undefined symbol" | head -5 | sed 's/^/[setup]     /' >&2 || true
  fi
fi

# --- build src/Native against the device's torch ------------------------------------------------------
build_native() {
  local native="$root/torchsharp/src/Native" build="$dest/native-build" out
  [ -d "$native" ] || die "no TorchSharp src/Native in the archive (pack.sh needs the TorchSharp mirror)"
  log "building TorchSharp src/Native ($(cat "$root/torchsharp/COMMIT" 2>/dev/null)) against $TORCH_DIR"
  # TorchSharp builds with -Werror; newer libtorch headers warn (deprecations), which must not stop us.
  sed -i 's/add_definitions(-Werror)/# -Werror dropped by setup.sh/' "$native/CMakeLists.txt"
  mkdir -p "$build"
  if command -v cmake >/dev/null \
     && cmake -S "$native" -B "$build/cmake" -DCMAKE_BUILD_TYPE=Release -DLIBTORCH_PATH="$TORCH_CMAKE_PREFIX" \
          -DCMAKE_PREFIX_PATH="$TORCH_CMAKE_PREFIX" > "$build/cmake-configure.log" 2>&1 \
     && cmake --build "$build/cmake" --target LibTorchSharp -j "$jobs" > "$build/cmake-build.log" 2>&1; then
    out=$(find "$build/cmake" -name libLibTorchSharp.so | head -1)
  else
    log "  cmake route failed (see $build/cmake-*.log; the pip torch's TorchConfig.cmake often wants a CUDA toolkit):"
    tail -5 "$build"/cmake-*.log 2>/dev/null | sed 's/^/[setup]     /' >&2 || true
    log "  compiling the sources named in LibTorchSharp/CMakeLists.txt with g++ directly"
    local sources obj="$build/gcc" flags
    mkdir -p "$obj"
    sources=$(sed -n '/set(SOURCES/,/)/p' "$native/LibTorchSharp/CMakeLists.txt" | grep -oE '[A-Za-z0-9_]+\.(cpp|c)\b')
    flags=(-O2 -fPIC -fvisibility=hidden -D_GLIBCXX_USE_CXX11_ABI="$TORCH_CXX11_ABI" -D__LINUX__ -D_NO_ASYNCRTIMP -D_NO_PPLXIMP
           -I"$native" -I"$TORCH_DIR/include" -I"$TORCH_DIR/include/torch/csrc/api/include" -w)
    local s failed=0
    for s in $sources; do
      case "$s" in
        *.c) gcc -O2 -fPIC -c "$native/LibTorchSharp/$s" -o "$obj/$s.o" > "$obj/$s.log" 2>&1 & ;;
        *)   g++ -std=c++17 "${flags[@]}" -c "$native/LibTorchSharp/$s" -o "$obj/$s.o" > "$obj/$s.log" 2>&1 & ;;
      esac
      while [ "$(jobs -rp | wc -l)" -ge "$jobs" ]; do wait -n || true; done
    done
    wait || true
    for s in $sources; do
      [ -f "$obj/$s.o" ] || { failed=1; log "  $s failed:"; tail -15 "$obj/$s.log" >&2; }
    done
    [ "$failed" = 0 ] || die "g++ failed (logs: $obj/*.log)"
    local cuda_libs=()
    [ -f "$TORCH_LIB/libtorch_cuda.so" ] && cuda_libs=(-ltorch_cuda -lc10_cuda)
    # --no-as-needed: libtorch_cuda registers the CUDA backend when loaded, though nothing references it.
    g++ -shared -o "$obj/libLibTorchSharp.so" "$obj"/*.o -Wl,-Bsymbolic -Wl,-Bsymbolic-functions \
      -L"$TORCH_LIB" -Wl,--no-as-needed -ltorch -ltorch_cpu -lc10 "${cuda_libs[@]}" -Wl,--as-needed \
      -Wl,-rpath,"$TORCH_LIB" > "$build/gcc-link.log" 2>&1 || { cat "$build/gcc-link.log" >&2; die "link failed"; }
    out="$obj/libLibTorchSharp.so"
  fi
  [ -f "$out" ] || die "the build produced no libLibTorchSharp.so (logs in $build)"
  cp "$out" "$stock"
  cp "$out" "$root/libLibTorchSharp.built.so"
}

if [ -z "$chosen" ]; then
  build_native
  probe || { cat "$dest/probe.log" >&2; die "the host does not start with the built libLibTorchSharp.so either"; }
  chosen=built
fi
# The tests carry their own copy of the native library (runtimes/linux-x64/native): use the same one.
find "$root/tests" -name libLibTorchSharp.so -exec cp "$stock" {} \;

cat > "$dest/env.sh" <<ENV
# written by setup.sh: $(date -u +%FT%TZ); libLibTorchSharp.so: $chosen; torch $TORCH_VERSION (CUDA $TORCH_CUDA)
export DOTNET_ROOT='$DOTNET_ROOT'
export PATH="\$DOTNET_ROOT:\$PATH"
export LD_LIBRARY_PATH='$library_path'
export DOTNET_CLI_TELEMETRY_OPTOUT=1 DOTNET_NOLOGO=1
export AP_ROOT='$root' AP_DEVICE_DIR='$dest' AP_NATIVE='$chosen' AP_TORCH_DIR='$TORCH_DIR' AP_PYTHON='$python'
ENV
log "libLibTorchSharp.so: $chosen; the host says:"
sed 's/^/[setup]   /' "$dest/probe.log" >&2
log "environment: . $dest/env.sh"
if [ "$mode" = "--print-env" ]; then cat "$dest/env.sh"; fi
