#!/usr/bin/env bash
# Service benchmark (issue 5; see bench/RESULTS.md, "Batching (issue 5)"): txt2img through the gateway on the heavy
# benchmark pipeline "sdnest-demo-heavy", with 1, 2, 4, 8, 16 concurrent closed-loop clients (each its own user,
# staggered arrivals, mixed prompts/seeds/samplers, same steps and size), first with the service as built, then in
# serial mode (one job at a time, A1111's behaviour). Prints Markdown rows: images/s, p50/p95 latency.
#
# Usage: bench/service/run.sh
# Environment: BENCH_SKIP_BUILD=1 (reuse jars), BENCH_MODES="default serial", BENCH_LEVELS=1,2,4,8,16,
#   BENCH_STEPS=10, BENCH_SIZE=512, BENCH_PER_CLIENT=2, BENCH_MIN_REQUESTS=4, BENCH_STAGGER_MS=300,
#   BENCH_INFERENCE_OPTS (extra JVM/-D options for the inference service in every mode).
set -euo pipefail

ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)"
cd "$ROOT"
WORK="$(mktemp -d /tmp/sdnest-bench-service.XXXXXX)"
PASSWORD='Bench-Pa55word'
USERS=16
REALM=sdnest
INFERENCE_PORT=18911; INFERENCE_MGMT=18912
DOWNLOADER_PORT=18913; DOWNLOADER_MGMT=18914
GATEWAY_PORT=18915; GATEWAY_MGMT=18916
PIDS=()
LOADS=()

cleanup() {
  for pid in "${PIDS[@]}"; do kill "$pid" 2>/dev/null || true; done
  wait 2>/dev/null || true
}
trap cleanup EXIT

if [[ "${BENCH_SKIP_BUILD:-0}" != 1 ]]; then
  echo "building jars (-Pcpu)..." >&2
  ./mvnw -B -q package -DskipTests -Pcpu -pl gateway,inference-service,model-downloader -am
fi
jar_of() { echo "$ROOT/$1/target/quarkus-app/quarkus-run.jar"; }
APP_LIB="$ROOT/inference-service/target/quarkus-app"

# The data dir holds only the heavy pipeline, so it is the model every request uses (no light demo is generated).
DATA="$WORK/data"
java -cp "$APP_LIB/app/*:$APP_LIB/lib/main/*" io.sdnest.inference.engine.demo.HeavyDemoPipeline \
  "$DATA/models/Stable-diffusion" >&2

# Serial mode needs sdnest.inference.max-running (issue 5's worker), passed as SDNEST_INFERENCE_MAX_RUNNING=1 only.
# SmallRye refuses unknown sdnest.* properties, but ignores environment variables no mapping declares (checked on the
# pre-worker jar: it starts with the variable set), so the variable is harmless either way; the check below only tells
# whether serial mode is real in this build. A service without the key (pre-worker) runs one job at a time anyway.
if unzip -p "$APP_LIB/app/"*.jar 'io/sdnest/inference/config/*' 2>/dev/null | grep -aq maxRunning; then
  SERIAL_SUPPORTED=1
else
  SERIAL_SUPPORTED=0
fi

wait_ready() {
  local name="$1" port="$2" pid="$3"
  for _ in $(seq 1 360); do
    curl -fs "http://127.0.0.1:$port/q/health/ready" >/dev/null 2>&1 && return 0
    kill -0 "$pid" 2>/dev/null || { echo "$name died:" >&2; tail -50 "$WORK/$name.log" >&2; exit 1; }
    sleep 0.5
  done
  echo "$name not ready:" >&2; tail -50 "$WORK/$name.log" >&2; exit 1
}

start() {  # start <module> <port> <mgmt> [java args...]; sets STARTED_PID
  local module="$1" port="$2" mgmt="$3"; shift 3
  java "$@" -Dquarkus.http.host=127.0.0.1 -Dquarkus.http.port="$port" -Dquarkus.management.host=127.0.0.1 \
    -Dquarkus.management.port="$mgmt" -Dsdnest.data-dir="$DATA" -jar "$(jar_of "$module")" >"$WORK/$module.log" 2>&1 &
  STARTED_PID=$!
  PIDS+=("$STARTED_PID")
}

# Gateway users bench0..bench15 (role user), stored as the realm's digest HEX(MD5(user:realm:password)).
USER_PROPS=()
for i in $(seq 0 $((USERS - 1))); do
  hash="$(printf '%s' "bench$i:$REALM:$PASSWORD" | md5sum | cut -d' ' -f1)"
  USER_PROPS+=("-Dquarkus.security.users.embedded.users.bench$i=$hash" "-Dquarkus.security.users.embedded.roles.bench$i=user")
done

start model-downloader "$DOWNLOADER_PORT" "$DOWNLOADER_MGMT" -Dquarkus.log.level=WARN
DOWNLOADER_PID=$STARTED_PID
SDNEST_ADMIN_PASSWORD="$PASSWORD" start gateway "$GATEWAY_PORT" "$GATEWAY_MGMT" -Dquarkus.log.level=WARN "${USER_PROPS[@]}" \
  -Dsdnest.gateway.inference-urls="http://127.0.0.1:$INFERENCE_PORT" \
  -Dsdnest.gateway.inference-management-urls="http://127.0.0.1:$INFERENCE_MGMT" \
  -Dsdnest.gateway.downloader-url="http://127.0.0.1:$DOWNLOADER_PORT" \
  -Dsdnest.gateway.downloader-management-url="http://127.0.0.1:$DOWNLOADER_MGMT"
GATEWAY_PID=$STARTED_PID
wait_ready model-downloader "$DOWNLOADER_MGMT" "$DOWNLOADER_PID"

echo "machine: $(nproc) cores, $(awk '/MemTotal/ {printf "%.0f GiB", $2/1048576}' /proc/meminfo), $(grep -m1 'model name' /proc/cpuinfo | cut -d: -f2 | xargs); java $(java -version 2>&1 | awk -F'"' '/version/ {print $2}')"
echo "date: $(date -u +%Y-%m-%dT%H:%M:%SZ); commit $(git rev-parse --short HEAD)"
echo "workload: txt2img ${BENCH_SIZE:-512}×${BENCH_SIZE:-512}, ${BENCH_STEPS:-10} steps, cfg 7, Euler / DPM++ 2M alternating, 8 prompts, distinct seeds; closed-loop clients, each its own user, first arrivals staggered by U(0, $((2 * ${BENCH_STAGGER_MS:-300}))) ms; each client sends max(${BENCH_PER_CLIENT:-2}, ceil(${BENCH_MIN_REQUESTS:-4}/N)) requests; 1 warm-up request per mode (not counted)"
echo "serial mode key sdnest.inference.max-running in this build: $([[ $SERIAL_SUPPORTED == 1 ]] && echo yes || echo 'no (pre-worker service: serial is the only mode)')"
echo
echo "| mode | clients | images | images/s | gain vs 1 client | p50 s | p95 s | failed |"
echo "|---|---|---|---|---|---|---|---|"

for mode in ${BENCH_MODES:-default serial}; do
  label="$mode"
  env_args=(BENCH_MODE="$mode")  # env needs at least one assignment
  if [[ "$mode" == serial ]]; then
    if [[ $SERIAL_SUPPORTED == 1 ]]; then
      env_args=(SDNEST_INFERENCE_MAX_RUNNING=1)
      label="serial (max-running=1)"
    else
      label="serial (pre-worker build)"
      # the default mode of a pre-worker build already is serial: measure it once only
      [[ " ${BENCH_MODES:-default serial} " == *" default "* ]] && { echo "| serial | (same as default: pre-worker build) | | | | | | |"; continue; }
    fi
  elif [[ $SERIAL_SUPPORTED == 0 ]]; then
    label="default (pre-worker = serial)"
  fi
  # shellcheck disable=SC2086
  env "${env_args[@]}" java ${BENCH_INFERENCE_OPTS:-} -Dquarkus.http.host=127.0.0.1 -Dquarkus.http.port=$INFERENCE_PORT \
    -Dquarkus.management.host=127.0.0.1 -Dquarkus.management.port=$INFERENCE_MGMT -Dsdnest.data-dir="$DATA" \
    -Dsdnest.inference.execution-provider=cpu -jar "$(jar_of inference-service)" >"$WORK/inference-$mode.log" 2>&1 &
  INFERENCE_PID=$!
  PIDS+=("$INFERENCE_PID")
  for _ in $(seq 1 360); do
    curl -fs "http://127.0.0.1:$INFERENCE_MGMT/q/health/ready" >/dev/null 2>&1 && break
    kill -0 "$INFERENCE_PID" 2>/dev/null || { echo "inference ($mode) died:" >&2; tail -50 "$WORK/inference-$mode.log" >&2; exit 1; }
    sleep 0.5
  done
  wait_ready gateway "$GATEWAY_MGMT" "$GATEWAY_PID"
  # the gateway's health check must see this inference instance before it routes to it
  for _ in $(seq 1 60); do
    code="$(curl -s -o /dev/null -w '%{http_code}' -u "bench0:$PASSWORD" "http://127.0.0.1:$GATEWAY_PORT/sdapi/v1/sd-models")"
    [[ "$code" == 200 ]] && break
    sleep 0.5
  done
  LOADS+=("before $label: $(uptime | sed 's/.*load average/load average/')")
  java -cp "$ROOT/inference-service/target/test-classes" -Dbench.url="http://127.0.0.1:$GATEWAY_PORT" \
    -Dbench.password="$PASSWORD" -Dbench.users=$USERS -Dbench.label="$label" -Dbench.levels="${BENCH_LEVELS:-1,2,4,8,16}" \
    -Dbench.steps="${BENCH_STEPS:-10}" -Dbench.size="${BENCH_SIZE:-512}" -Dbench.per-client="${BENCH_PER_CLIENT:-2}" \
    -Dbench.min-requests="${BENCH_MIN_REQUESTS:-4}" -Dbench.stagger-ms="${BENCH_STAGGER_MS:-300}" \
    io.sdnest.inference.bench.ServiceLoadBench
  LOADS+=("after $label: $(uptime | sed 's/.*load average/load average/')")
  kill "$INFERENCE_PID"; wait "$INFERENCE_PID" 2>/dev/null || true
done
echo
for line in "${LOADS[@]}"; do echo "- load $line"; done
echo "logs: $WORK" >&2
