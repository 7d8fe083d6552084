#!/usr/bin/env bash
# Publishes samples/Tutorial with NativeAOT and checks that the native executable prints the same
# transcript as the JIT-compiled sample, and that the publish raised no trim or AOT warning.
# Needs the ILCompiler package from NuGet (restored on first use) and a C toolchain (clang or gcc).
# usage: scripts/aot-smoke.sh [OUTPUT_DIR]   (called by .ci/run; OUTPUT_DIR keeps the binary, else a temp folder)
set -euo pipefail
root=$(cd "$(dirname "$0")/.." && pwd)
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
out=${1:-$work/publish}
export DOTNET_NOLOGO=1 DOTNET_CLI_TELEMETRY_OPTOUT=1 DOTNET_SKIP_FIRST_TIME_EXPERIENCE=1

# --artifacts-path keeps the RID-specific restore and build out of the projects' own obj/ and bin/,
# so a concurrent `dotnet build` or `dotnet test` in the work tree is not disturbed.
echo "aot-smoke: dotnet publish samples/Tutorial -c Release -r linux-x64 -p:PublishAot=true"
if ! dotnet publish "$root/samples/Tutorial/Tutorial.csproj" -c Release -r linux-x64 -p:PublishAot=true \
    -p:TreatWarningsAsErrors=true --artifacts-path "$work/artifacts" -o "$out" >"$work/publish.log" 2>&1; then
  cat "$work/publish.log"; exit 1
fi
# Trim (IL2xxx) and AOT (IL3xxx) analysis warnings: there must be none.
if grep -E 'warning (IL[0-9]+|CS[0-9]+)' "$work/publish.log"; then echo "aot-smoke: the publish raised warnings" >&2; exit 1; fi

"$out/Tutorial" >"$work/aot.txt"
dotnet run -c Release --project "$root/samples/Tutorial/Tutorial.csproj" --artifacts-path "$work/artifacts-jit" >"$work/jit.txt"
if ! diff -u "$work/jit.txt" "$work/aot.txt"; then echo "aot-smoke: the native transcript differs from the JIT one" >&2; exit 1; fi
echo "aot-smoke: OK, the native Tutorial ($(du -k "$out/Tutorial" | cut -f1) KB) prints the same $(wc -l <"$work/aot.txt") lines"
