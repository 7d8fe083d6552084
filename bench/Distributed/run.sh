#!/usr/bin/env bash
# Data-parallel training throughput of the MNIST LeNet step with 1 and 2 processes (one thread each), and the
# all-reduce time and bandwidth of ProcessGroup next to Open MPI's own (allreduce.c). See README.md.
# usage: bench/Distributed/run.sh [ROUNDS]   (training rows repeated ROUNDS times, default 3, interleaved)
set -euo pipefail
here=$(cd "$(dirname "$0")" && pwd)
rounds=${1:-3}
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
train() { "${mpi[@]}" -np "$1" dotnet "$bench" train "${@:2}" | grep -o 'train .*'; }

echo "# $(date -u +%Y-%m-%dT%H:%MZ), $(nproc) cores, $(mpirun --version | head -1), .NET $(dotnet --version), load $(cut -d' ' -f1-3 /proc/loadavg)"
for round in $(seq "$rounds"); do
  one=$(train 1); echo "$one"
  two=$(train 2); echo "$two"
  train 2 --independent           # the same two processes with no communication at all: what the machine allows
  train 2 --batch 32              # the same global batch of 64 as one process, split in two
  rate() { sed -E 's/.*samples_per_s=([0-9]+).*/\1/' <<<"$1"; }
  awk -v a="$(rate "$one")" -v b="$(rate "$two")" 'BEGIN { printf "round: 2 processes / 1 process at batch 64 each = %.2fx the samples per second\n", b / a }'
done
"${mpi[@]}" -np 2 dotnet "$bench" allreduce | grep -o 'allreduce .*' | sed 's/^/nabla /'
mpirun --allow-run-as-root -np 2 "$here/obj/allreduce" | sed 's/^/openmpi /'
echo "# end $(date -u +%H:%MZ), load $(cut -d' ' -f1-3 /proc/loadavg)"
