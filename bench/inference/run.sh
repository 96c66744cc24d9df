#!/usr/bin/env bash
# Inference engine benchmark on the demo model (see bench/RESULTS.md, "Inference engine").
# Usage: bench/inference/run.sh   (from anywhere; uses the CPU ONNX Runtime profile)
set -euo pipefail
root="$(cd "$(dirname "$0")/../.." && pwd)"
cd "$root"
./mvnw -B -q test-compile -pl inference-service -am -Pcpu
cp_file="$(mktemp)"
./mvnw -B -q dependency:build-classpath -pl inference-service -Pcpu -Dmdep.outputFile="$cp_file" -Dmdep.includeScope=test
# only what the engine needs (the full test classpath's Quarkus natives crash a plain JVM), and this tree's
# common module rather than whatever ~/.m2 holds
deps="$(tr ':' '\n' < "$cp_file" | grep -E 'onnxruntime|tribuo|protobuf|jackson|commons-math3|jboss-logging|quarkus-core/' | paste -sd:)"
cp="inference-service/target/classes:inference-service/target/test-classes:common/target/classes:$deps"
rm -f "$cp_file"
echo "Machine: $(nproc) cores, $(free -g | awk '/Mem:/ {print $2}') GiB RAM, $(grep -m1 'model name' /proc/cpuinfo | cut -d: -f2 | xargs); $(date -u +%Y-%m-%d)"
echo
exec java -cp "$cp" io.sdnest.inference.bench.InferenceBench
