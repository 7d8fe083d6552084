#!/usr/bin/env bash
# Builds the side-by-side benchmark in Release, makes libtorch's native library load on this machine
# if it needs to (see README.md: only where libstdc++ is older than GCC 13's, e.g. Debian 12), and runs it.
# usage: bench/run.sh [--quick] [--filter TEXT] [--threads 1|2|both] [--list] | --peak | --warmup [SECONDS [RUNS]] | --memory [STEPS] | --attention-memory [L]
#        bench/run.sh --ops [--filter TEXT]      (the op-by-op differential check, see README.md)
#        bench/run.sh --layers [--filter TEXT]   (the layer check against libtorch, see README.md)
set -euo pipefail
here=$(cd "$(dirname "$0")" && pwd)
out=$here/Nabla.Bench/bin/Release/net10.0
export DOTNET_NOLOGO=1 DOTNET_CLI_TELEMETRY_OPTOUT=1
dotnet build -c Release "$here/Nabla.Bench/Nabla.Bench.csproj" >&2

# TorchSharp loads libtorch from $out/cpu (laid out by the patch script, else by TorchSharp on first use).
lib=$out/cpu/libLibTorchSharp.so
[[ -f $lib ]] || lib=$out/runtimes/linux-x64/native/libLibTorchSharp.so
# grep reads all of ldd's output (with -q, ldd can die of SIGPIPE).
if [[ -f $lib ]] && ldd "$lib" 2>&1 | grep "GLIBCXX_3.4.32' not found" >/dev/null; then
  patch=$here/../../shared/tools/patch-torchsharp.sh
  [[ -f $patch ]] || { echo "libtorch needs GCC 13's libstdc++ and $patch is missing; see bench/README.md" >&2; exit 1; }
  if ! command -v patchelf >/dev/null; then apt-get update -qq >&2 && apt-get install -y -qq patchelf >&2; fi
  echo "patching libtorch's native library for this libstdc++ (see bench/README.md)" >&2
  bash "$patch" "$out" >&2
fi
exec "$out/Nabla.Bench" "$@"
