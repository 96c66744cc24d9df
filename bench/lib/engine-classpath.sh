# Sourced by the engine benches: builds inference-service's test classes with the CPU ONNX Runtime profile and sets
# $cp to a plain-JVM classpath for them. Expects to run from the repository root.
cp_file="$(mktemp)"
# one reactor run with -am, so the common module resolves from this tree even when ~/.m2 has never held it; each module
# writes the file in turn and inference-service, built last, leaves its own classpath in it
./mvnw -B -q test-compile dependency:build-classpath -pl inference-service -am -Pcpu -Dmdep.outputFile="$cp_file" \
  -Dmdep.includeScope=test
# only what the engine needs (the full test classpath's Quarkus natives crash a plain JVM), and this tree's
# common module rather than whatever ~/.m2 holds
deps="$(tr ':' '\n' < "$cp_file" | grep -E 'onnxruntime|tribuo|protobuf|jackson|commons-math3|jboss-logging|quarkus-core/' | paste -sd:)"
cp="inference-service/target/classes:inference-service/target/test-classes:common/target/classes:$deps"
rm -f "$cp_file"
machine="$(nproc) cores, $(free -g | awk '/Mem:/ {print $2}') GiB RAM, $(grep -m1 'model name' /proc/cpuinfo | cut -d: -f2 | xargs)"
