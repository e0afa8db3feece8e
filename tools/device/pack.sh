#!/usr/bin/env bash
# Packs everything a GPU machine without .NET and without network needs into tools/device/carry/
# (git-ignored): a .NET runtime, the host and the test build (TorchBackend=managed: TorchSharp without
# libtorch), vstest from this SDK, TorchSharp's native sources (src/Native of the 0.107.0 release) and the
# scripts. One xz archive, checked against the 64 MiB carry limit. Runs here (needs dotnet, git, xz).
#
#   tools/device/pack.sh            # writes tools/device/carry/actorpipeline-device.tar.xz
#
# Environment: TORCHSHARP_GIT_DIR (bare git dir of dotnet/TorchSharp; default: the fetch mirror),
# TORCHSHARP_REF (default: tag v0.107.0 if present, else the 0.107.0 release commit c20b6a1c),
# CARRY_LIMIT_MIB (default 64), XZ_LEVEL (default -9).
set -euo pipefail

here=$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)
repo=$(cd "$here/../.." && pwd)
carry="$here/carry"
limit_mib=${CARRY_LIMIT_MIB:-64}
torchsharp_git=${TORCHSHARP_GIT_DIR:-/work/.mirror/dotnet+TorchSharp/repo}
# c20b6a1c: "Update release notes (#1565)", 2026-05-07: build/BranchInfo.props says 0.107.0, RELEASENOTES
# tops with 0.107.0 (its last PR, #1499, is the commit before), the date of the NuGet libLibTorchSharp.so.
release_commit=c20b6a1cc574d690707638a488d2583f3b8b983f

log() { printf '[pack] %s\n' "$*" >&2; }

command -v dotnet >/dev/null || { log "dotnet not found"; exit 1; }
command -v xz >/dev/null || { log "xz not found"; exit 1; }

stage=$(mktemp -d /tmp/actorpipeline-pack.XXXXXX)
trap 'rm -rf "$stage"' EXIT
src="$stage/src"
payload="$stage/payload/actorpipeline-device"
mkdir -p "$src" "$payload"

# 1. A copy of the working tree (tracked + untracked, not ignored), so that the managed-backend restore
#    does not overwrite this checkout's obj/ folders (which hold the default cpu backend).
log "copying the working tree to $src"
(cd "$repo" && git ls-files -z --cached --others --exclude-standard | tar --null -T - -cf -) | tar -C "$src" -xf -

# 2. Host (framework-dependent: the runtime is carried once, below) and the test build, managed backend.
log "publishing the host (TorchBackend=managed)"
dotnet publish "$src/src/Host" -c Release -r linux-x64 --self-contained false -p:TorchBackend=managed \
  -o "$payload/host" -nologo -v quiet
log "building the tests (TorchBackend=managed)"
dotnet build "$src/tests/ActorPipeline.Tests" -c Release -p:TorchBackend=managed -nologo -v quiet
cp -r "$src/tests/ActorPipeline.Tests/bin/Release/net10.0" "$payload/tests"
# A portable build carries natives for every RID (~180 MB of SkiaSharp, SQLite...): keep linux-x64 only.
find "$payload/tests/runtimes" -mindepth 1 -maxdepth 1 ! -name linux-x64 ! -name linux ! -name unix -exec rm -rf {} +

# 3. The .NET runtime the host targets (muxer, hostfxr, Microsoft.NETCore.App) and vstest from the SDK.
dotnet_root=$(dirname "$(readlink -f "$(command -v dotnet)")")
framework=$(sed -n 's/.*"name": *"Microsoft.NETCore.App".*/x/p;s/.*"version": *"\([0-9.]*\)".*/\1/p' \
  "$payload/host/actorpipeline.runtimeconfig.json" | tail -1)
runtime_version=$(find "$dotnet_root/shared/Microsoft.NETCore.App" -mindepth 1 -maxdepth 1 -printf '%f\n' \
  | grep "^${framework%.*}\." | sort -V | tail -1)
[ -n "$runtime_version" ] || { log "no Microsoft.NETCore.App $framework under $dotnet_root"; exit 1; }
log "carrying .NET runtime $runtime_version (host targets $framework)"
mkdir -p "$payload/dotnet/shared/Microsoft.NETCore.App"
cp "$dotnet_root/dotnet" "$payload/dotnet/"
cp -r "$dotnet_root/host" "$payload/dotnet/"
cp -r "$dotnet_root/shared/Microsoft.NETCore.App/$runtime_version" "$payload/dotnet/shared/Microsoft.NETCore.App/"
sdk_dir=$(find "$dotnet_root/sdk" -mindepth 1 -maxdepth 1 -type d | sort -V | tail -1)
mkdir -p "$payload/vstest"
(cd "$sdk_dir" && cp -r vstest.console.* testhost* Microsoft.TestPlatform.*.dll Microsoft.VisualStudio.TestPlatform.*.dll \
  Microsoft.Extensions.*.dll System.Resources.Extensions.dll Newtonsoft.Json.dll Extensions "$payload/vstest/")
[ -d "$sdk_dir/TestHostNetFramework" ] && rm -rf "$payload/vstest/TestHostNetFramework"

# 4. TorchSharp's native sources (src/Native) of the 0.107.0 release, for a build against the device's libtorch.
if [ -d "$torchsharp_git" ]; then
  ref=${TORCHSHARP_REF:-}
  if [ -z "$ref" ]; then
    if git --git-dir="$torchsharp_git" rev-parse -q --verify 'refs/tags/v0.107.0^{commit}' >/dev/null; then ref=v0.107.0
    elif git --git-dir="$torchsharp_git" cat-file -e "$release_commit^{commit}" 2>/dev/null; then ref=$release_commit
    else log "neither tag v0.107.0 nor commit $release_commit in $torchsharp_git"; exit 1; fi
  fi
  version=$(git --git-dir="$torchsharp_git" show "$ref:build/BranchInfo.props" | tr -d ' \n' \
    | sed 's/.*<MajorVersion>\([0-9]*\)<\/MajorVersion><MinorVersion>\([0-9]*\)<\/MinorVersion><PatchVersion>\([0-9]*\).*/\1.\2.\3/')
  [ "$version" = "0.107.0" ] || { log "TorchSharp $ref is version $version, not 0.107.0"; exit 1; }
  log "TorchSharp src/Native from $ref (version $version)"
  mkdir -p "$payload/torchsharp"
  git --git-dir="$torchsharp_git" archive "$ref" src/Native | tar -C "$payload/torchsharp" -xf -
  git --git-dir="$torchsharp_git" rev-parse "$ref^{commit}" > "$payload/torchsharp/COMMIT"
else
  log "WARNING: no TorchSharp git dir at $torchsharp_git (fetch github:dotnet/TorchSharp with the search tool's fetch);"
  log "         the device can then only use the stock libLibTorchSharp.so"
fi

# 5. Scripts and the PyTorch reference.
cp "$here/setup.sh" "$here/run-gpu-checks.sh" "$here/README.md" "$payload/"
cp "$repo/bench/pytorch_reference.py" "$payload/"
git -C "$repo" rev-parse HEAD > "$payload/SOURCE_COMMIT"
git -C "$repo" status --porcelain | grep -q . && echo "(with uncommitted changes)" >> "$payload/SOURCE_COMMIT"

# 6. One archive; files ordered by name so that the copies shared by host/ and tests/ sit next to each other
#    (xz's window then stores them once).
mkdir -p "$carry"
archive="$carry/actorpipeline-device.tar.xz"
log "compressing ($(du -sh "$stage/payload" | cut -f1) uncompressed)"
(cd "$stage/payload" && find actorpipeline-device \( -type f -o -type l \) -printf '%f\t%p\n' | LC_ALL=C sort | cut -f2 \
  | tar --no-recursion -T - -cf - | xz "${XZ_LEVEL:--9}" -T2 > "$archive.tmp")
mv "$archive.tmp" "$archive"
bytes=$(stat -c %s "$archive")
log "wrote $archive: $((bytes / 1024 / 1024)) MiB ($bytes bytes)"
total=$(du -cb "$carry" | tail -1 | cut -f1)
if [ "$total" -gt $((limit_mib * 1024 * 1024)) ]; then
  log "ERROR: $carry holds $total bytes, over the $limit_mib MiB carry limit"; exit 1
fi
echo "$archive"
