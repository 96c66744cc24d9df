#!/usr/bin/env bash
# Inference engine benchmark on the demo model (see bench/RESULTS.md, "Inference engine").
# Usage: bench/inference/run.sh   (from anywhere; uses the CPU ONNX Runtime profile)
set -euo pipefail
root="$(cd "$(dirname "$0")/../.." && pwd)"
cd "$root"
source bench/lib/engine-classpath.sh
echo "Machine: $machine; $(date -u +%Y-%m-%d)"
echo
exec java -cp "$cp" io.sdnest.inference.bench.InferenceBench
