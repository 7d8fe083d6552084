#!/usr/bin/env bash
# Data-parallel training throughput of the MNIST LeNet step with 1 and 2 processes (one thread each), and the
# all-reduce time and bandwidth of ProcessGroup next to Open MPI's own (allreduce.c). See README.md.
# usage: bench/Distributed/run.sh
set -euo pipefail
here=$(cd "$(dirname "$0")" && pwd)
if ! command -v mpirun >/dev/null || ! command -v mpicc >/dev/null; then
  echo "needs Open MPI: apt-get install openmpi-bin libopenmpi-dev" >&2
  exit 1
fi
export DOTNET_NOLOGO=1 DOTNET_CLI_TELEMETRY_OPTOUT=1
dotnet build -c Release "$here/DistributedBench.csproj" >&2
bench=$here/bin/Release/net10.0/DistributedBench.dll
mkdir -p "$here/obj"
mpicc -O2 -o "$here/obj/allreduce" "$here/allreduce.c"
# One compute thread per process (Nabla sizes its kernels' parallelism from the processor count), tiered JIT
# reaching optimised code early (see bench/README.md); as root, Open MPI needs --allow-run-as-root.
mpi=(mpirun --allow-run-as-root -x DOTNET_PROCESSOR_COUNT=1 -x DOTNET_TC_CallCountingDelayMs=0)

echo "# $(date -u +%Y-%m-%d), $(nproc) cores, $(mpirun --version | head -1), .NET $(dotnet --version)"
one=$("${mpi[@]}" -np 1 dotnet "$bench" train | tee /dev/stderr)
two=$("${mpi[@]}" -np 2 dotnet "$bench" train | tee /dev/stderr)
"${mpi[@]}" -np 2 dotnet "$bench" train --batch 32   # the same global batch of 64, split in two
rate() { sed -E 's/.*samples_per_s=([0-9]+).*/\1/' <<<"$1"; }
awk -v a="$(rate "$one")" -v b="$(rate "$two")" 'BEGIN { printf "2 processes / 1 process, batch 64 per process: %.2fx the samples per second\n", b / a }'
"${mpi[@]}" -np 2 dotnet "$bench" allreduce | sed 's/^/nabla /'
mpirun --allow-run-as-root -np 2 "$here/obj/allreduce" | sed 's/^/openmpi /'
