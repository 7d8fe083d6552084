#!/usr/bin/env bash
# Start-up to first gradient: the same four-line gradient (Nabla/Program.cs, TorchSharp/Program.cs) as
# Nabla JIT, Nabla NativeAOT and TorchSharp-cpu (libtorch), each timed from process start to exit with
# hyperfine; then the sizes of what each one ships. The figures are in docs/performance-startup.md.
# usage: bench/Startup/run.sh [RUNS] [--cold]   (needs hyperfine: apt-get install hyperfine)
#   --cold also times 5 runs of each with the page cache dropped before every run (root only; it slows
#   every other process on the machine for a moment while they read their files back in).
set -euo pipefail
here=$(cd "$(dirname "$0")" && pwd)
runs=${1:-30}
cold=${2:-}
out=$here/bin
export DOTNET_NOLOGO=1 DOTNET_CLI_TELEMETRY_OPTOUT=1
command -v hyperfine >/dev/null || { echo "hyperfine is missing: apt-get install hyperfine" >&2; exit 1; }

# --artifacts-path keeps these builds out of the library's own obj/ and bin/.
dotnet build -c Release "$here/Nabla/StartupNabla.csproj" --artifacts-path "$out/artifacts" -o "$out/nabla-jit" >&2
dotnet publish -c Release -r linux-x64 -p:PublishAot=true "$here/Nabla/StartupNabla.csproj" \
  --artifacts-path "$out/artifacts" -o "$out/nabla-aot" >&2
dotnet build -c Release "$here/TorchSharp/StartupTorchSharp.csproj" --artifacts-path "$out/artifacts" -o "$out/torchsharp" >&2

# libtorch's native library needs GCC 13's libstdc++; on older systems (Debian 12) patch the build output.
lib=$out/torchsharp/runtimes/linux-x64/native/libLibTorchSharp.so
if ldd "$lib" 2>&1 | grep "GLIBCXX_3.4.32' not found" >/dev/null; then
  bash "$here/../../../shared/tools/patch-torchsharp.sh" "$out/torchsharp" >&2
fi

for app in nabla-jit/StartupNabla nabla-aot/StartupNabla torchsharp/StartupTorchSharp; do
  printf '%-26s prints: %s\n' "$app" "$("$out/$app")"
done

hyperfine -N --warmup 3 --runs "$runs" --export-markdown "$out/startup.md" \
  -n "Nabla, JIT" "$out/nabla-jit/StartupNabla" \
  -n "Nabla, NativeAOT" "$out/nabla-aot/StartupNabla" \
  -n "TorchSharp-cpu" "$out/torchsharp/StartupTorchSharp"

if [[ $cold == --cold ]]; then
  hyperfine -N --runs 5 --prepare 'sh -c "sync; echo 3 > /proc/sys/vm/drop_caches"' --export-markdown "$out/startup-cold.md" \
    -n "Nabla, JIT (cold cache)" "$out/nabla-jit/StartupNabla" \
    -n "Nabla, NativeAOT (cold cache)" "$out/nabla-aot/StartupNabla" \
    -n "TorchSharp-cpu (cold cache)" "$out/torchsharp/StartupTorchSharp"
fi

echo
echo "what each ships (framework-dependent apps also need the shared .NET runtime, not counted):"
du -sh "$out/nabla-aot/StartupNabla"
du -ch "$out/nabla-jit"/*.dll | tail -n 1 | sed 's/total/Nabla JIT: assemblies (app, Nabla, System.Numerics.Tensors)/'
du -ch "$out/torchsharp"/*.dll | tail -n 1 | sed 's/total/TorchSharp: managed assemblies/'
du -ch "$out/torchsharp/runtimes/linux-x64/native"/* | tail -n 1 | sed 's/total/TorchSharp: linux-x64 native libraries (libtorch)/'
