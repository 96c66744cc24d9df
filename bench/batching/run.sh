#!/usr/bin/env bash
# Raw batching gain of the heavy benchmark UNet on ONNX Runtime (see bench/RESULTS.md, "Batching (issue 5)"):
# one call of R rows vs R calls of one row, 512×512.
# Usage: bench/batching/run.sh [rows=1,2,4,8,16] [repetitions=5] [latent side=64]   (CPU ONNX Runtime profile)
set -euo pipefail
root="$(cd "$(dirname "$0")/../.." && pwd)"
cd "$root"
./mvnw -B -q test-compile -pl inference-service -am -Pcpu
cp_file="$(mktemp)"
./mvnw -B -q dependency:build-classpath -pl inference-service -Pcpu -Dmdep.outputFile="$cp_file" -Dmdep.includeScope=test
# only what the engine needs (the full test classpath's Quarkus natives crash a plain JVM), and this tree's common
deps="$(tr ':' '\n' < "$cp_file" | grep -E 'onnxruntime|tribuo|protobuf|jackson|commons-math3|jboss-logging|quarkus-core/' | paste -sd:)"
cp="inference-service/target/classes:inference-service/target/test-classes:common/target/classes:$deps"
rm -f "$cp_file"
echo "Machine: $(nproc) cores, $(free -g | awk '/Mem:/ {print $2}') GiB RAM, $(grep -m1 'model name' /proc/cpuinfo | cut -d: -f2 | xargs); $(date -u +%Y-%m-%dT%H:%M:%SZ)"
echo "Load before: $(uptime | sed 's/.*load average/load average/')"
echo
java -cp "$cp" io.sdnest.inference.bench.BatchingBench "$@"
echo
echo "Load after: $(uptime | sed 's/.*load average/load average/')"
