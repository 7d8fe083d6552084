#!/usr/bin/env bash
# Packs Nabla and installs the package into a throwaway console app, offline, the way a user would
# (a PackageReference, not a ProjectReference), then runs the app and checks that it printed a gradient.
# Also checks the package's metadata: the README inside, and System.Numerics.Tensors as the only dependency.
# usage: scripts/pack-smoke.sh            (called by .ci/run after `dotnet test`)
set -euo pipefail
root=$(cd "$(dirname "$0")/.." && pwd)
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
export DOTNET_NOLOGO=1 DOTNET_CLI_TELEMETRY_OPTOUT=1 DOTNET_SKIP_FIRST_TIME_EXPERIENCE=1

echo "pack-smoke: dotnet pack src/Nabla -c Release -o $work/feed"
dotnet pack "$root/src/Nabla/Nabla.csproj" -c Release -o "$work/feed" >"$work/pack.log" 2>&1 || { cat "$work/pack.log"; exit 1; }
version=$(sed -n 's:.*<Version>\(.*\)</Version>.*:\1:p' "$root/src/Nabla/Nabla.csproj")
nupkg=$work/feed/Nabla.$version.nupkg
[[ -f $nupkg && -f $work/feed/Nabla.$version.snupkg ]] || { echo "pack-smoke: Nabla.$version.nupkg/.snupkg missing" >&2; ls "$work/feed" >&2; exit 1; }

# unzip where the machine has it, else Python's zipfile: list the entries, or print one.
zip_list() { if command -v unzip >/dev/null; then unzip -Z1 "$1"; else python3 -c 'import sys, zipfile; print("\n".join(zipfile.ZipFile(sys.argv[1]).namelist()))' "$1"; fi; }
zip_cat() { if command -v unzip >/dev/null; then unzip -p "$1" "$2"; else python3 -c 'import sys, zipfile; sys.stdout.write(zipfile.ZipFile(sys.argv[1]).read(sys.argv[2]).decode())' "$1" "$2"; fi; }

nuspec=$(zip_cat "$nupkg" Nabla.nuspec)
deps=$(grep -o '<dependency id="[^"]*"' <<<"$nuspec" | sed 's/.*id="//;s/"//' | sort -u | tr '\n' ' ')
[[ $deps == "System.Numerics.Tensors " ]] || { echo "pack-smoke: dependencies are '$deps', expected only System.Numerics.Tensors" >&2; exit 1; }
grep -q '<readme>README.md</readme>' <<<"$nuspec" && zip_list "$nupkg" | grep -x 'README.md' >/dev/null \
  || { echo "pack-smoke: the package has no README.md" >&2; exit 1; }
zip_list "$nupkg" | grep -x 'lib/net10.0/Nabla.xml' >/dev/null || { echo "pack-smoke: the package has no XML docs" >&2; exit 1; }

# The app restores from two local folders only: the fresh package, and the machine's NuGet cache for
# System.Numerics.Tensors (restored there by the build that ran before). Its own NUGET_PACKAGES folder
# keeps a stale Nabla.$version from an earlier run out of the way, and keeps this run out of the cache.
app=$work/app
mkdir -p "$app"
cache=$(dotnet nuget locals global-packages --list | sed 's/^global-packages: //')
cat >"$app/nuget.config" <<EOF
<?xml version="1.0" encoding="utf-8"?>
<configuration>
  <packageSources>
    <clear />
    <add key="local" value="$work/feed" />
    <add key="cache" value="$cache" />
  </packageSources>
</configuration>
EOF
cat >"$app/App.csproj" <<EOF
<Project Sdk="Microsoft.NET.Sdk">
  <PropertyGroup>
    <OutputType>Exe</OutputType>
    <TargetFramework>net10.0</TargetFramework>
    <ImplicitUsings>enable</ImplicitUsings>
    <Nullable>enable</Nullable>
    <TreatWarningsAsErrors>true</TreatWarningsAsErrors>
  </PropertyGroup>
  <ItemGroup>
    <PackageReference Include="Nabla" Version="$version" />
  </ItemGroup>
</Project>
EOF
cat >"$app/Program.cs" <<'EOF'
using Nabla;

var x = Tensor.FromArray([1f, 2f, 3f], requiresGrad: true);
var y = (x * x).Sum();
y.Backward();
Console.WriteLine(y);
Console.WriteLine(x.Grad);
EOF

echo "pack-smoke: restoring Nabla $version into a new console app (offline) and running it"
export NUGET_PACKAGES=$work/packages
dotnet run --project "$app/App.csproj" >"$work/run.log" 2>&1 || { cat "$work/run.log"; exit 1; }
expected=$'tensor(14., grad_fn=<SumBackward0>)\ntensor([2., 4., 6.])'
actual=$(cat "$work/run.log")
if [[ $actual != "$expected" ]]; then
  printf 'pack-smoke: unexpected output\n--- expected\n%s\n--- actual\n%s\n' "$expected" "$actual" >&2
  exit 1
fi
printf '%s\n' "$actual"
echo "pack-smoke: OK ($(du -k "$nupkg" | cut -f1) KB nupkg, $(du -k "$work/feed/Nabla.$version.snupkg" | cut -f1) KB snupkg)"
