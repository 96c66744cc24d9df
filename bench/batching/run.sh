#!/usr/bin/env bash
# Raw batching gain of the heavy benchmark UNet on ONNX Runtime (see bench/RESULTS.md, "Batching (issue 5)"):
# one call of R rows vs R calls of one row, 512×512.
# Usage: bench/batching/run.sh [rows=1,2,4,8,16] [repetitions=5] [latent side=64]   (CPU ONNX Runtime profile)
set -euo pipefail
root="$(cd "$(dirname "$0")/../.." && pwd)"
cd "$root"
source bench/lib/engine-classpath.sh
echo "Machine: $machine; $(date -u +%Y-%m-%dT%H:%M:%SZ)"
echo "Load before: $(uptime | sed 's/.*load average/load average/')"
echo
java -cp "$cp" io.sdnest.inference.bench.BatchingBench "$@"
echo
echo "Load after: $(uptime | sed 's/.*load average/load average/')"
