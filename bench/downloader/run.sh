#!/usr/bin/env bash
# Downloader throughput vs curl on one 2 GiB file served by nginx over loopback, with the service at -Xmx64m,
# and the time from a restart (after kill -9 mid-download) to the resumed transfer.
# Usage: bench/downloader/run.sh [size-in-MiB]   (default 2048). Installs nginx-light and jq if missing.
# Environment: ROUNDS (default 3), RESUME=0 skips the restart measurement, JAVA_OPTS adds JVM options (e.g. JFR).
set -euo pipefail
ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)"
WORK="$ROOT/bench/work/downloader"
SIZE_MIB="${1:-2048}"
ROUNDS="${ROUNDS:-3}"
mkdir -p "$WORK/www" "$WORK/nginx/logs"

need=()
command -v nginx >/dev/null || [[ -x /usr/sbin/nginx ]] || need+=(nginx-light)
command -v jq >/dev/null || need+=(jq)
command -v curl >/dev/null || need+=(curl)
if ((${#need[@]})); then
  export DEBIAN_FRONTEND=noninteractive
  apt-get update -qq >/dev/null && apt-get install -y -qq --no-install-recommends "${need[@]}" >/dev/null
fi
NGINX="$(command -v nginx || echo /usr/sbin/nginx)"

JAR="$ROOT/model-downloader/target/quarkus-app/quarkus-run.jar"
[[ -f "$JAR" ]] || (cd "$ROOT" && ./mvnw -B -q -DskipTests package -pl model-downloader -am)

FILE="$WORK/www/model-${SIZE_MIB}m.safetensors"
if [[ ! -f "$FILE" || ! -f "$FILE.sha256" ]]; then
  echo "creating a ${SIZE_MIB} MiB random file..."
  head -c "$((SIZE_MIB * 1024 * 1024))" /dev/urandom > "$FILE"
  sha256sum "$FILE" | cut -d' ' -f1 > "$FILE.sha256"
fi
SHA="$(cat "$FILE.sha256")"
BYTES="$(stat -c %s "$FILE")"

free_port() { python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1",0)); print(s.getsockname()[1])'; }
NGINX_PORT="$(free_port)"; HTTP_PORT="$(free_port)"; MGMT_PORT="$(free_port)"
cat > "$WORK/nginx/nginx.conf" <<CONF
worker_processes 1;
pid $WORK/nginx/nginx.pid;
error_log $WORK/nginx/logs/error.log;
events { worker_connections 64; }
http {
  access_log off; sendfile on; tcp_nopush on;
  client_body_temp_path $WORK/nginx/tmp; proxy_temp_path $WORK/nginx/tmp; fastcgi_temp_path $WORK/nginx/tmp;
  uwsgi_temp_path $WORK/nginx/tmp; scgi_temp_path $WORK/nginx/tmp;
  server { listen 127.0.0.1:$NGINX_PORT; root $WORK/www; }
}
CONF
mkdir -p "$WORK/nginx/tmp"
"$NGINX" -p "$WORK/nginx" -c "$WORK/nginx/nginx.conf" -g 'daemon off;' &
NGINX_PID=$!
SERVICE_PID=""
cleanup() {
  [[ -n "$SERVICE_PID" ]] && kill "$SERVICE_PID" 2>/dev/null || true
  kill "$NGINX_PID" 2>/dev/null || true
  rm -rf "$WORK/data" "$WORK/curl.out"
}
trap cleanup EXIT
URL="http://127.0.0.1:$NGINX_PORT/$(basename "$FILE")"
until curl -fsI "$URL" >/dev/null 2>&1; do sleep 0.1; done

start_service() {
  # shellcheck disable=SC2086
  java -Xmx64m ${JAVA_OPTS:-} -Dsdnest.data-dir="$WORK/data" -Dquarkus.http.host=127.0.0.1 -Dquarkus.http.port="$HTTP_PORT" \
    -Dquarkus.management.port="$MGMT_PORT" -Dsdnest.downloader.allow-http=true \
    -Dsdnest.downloader.allow-private-addresses=true -Dsdnest.downloader.extra-hosts=127.0.0.1 \
    -jar "$JAR" >>"$WORK/service.log" 2>&1 &
  SERVICE_PID=$!
}
wait_ready() { until curl -fs "http://127.0.0.1:$MGMT_PORT/q/health/ready" >/dev/null 2>&1; do sleep 0.05; done; }
api() { curl -fsS "http://127.0.0.1:$HTTP_PORT/downloader/v1/$1" "${@:2}"; }
now() { date +%s.%N; }
mibps() { awk -v b="$1" -v s="$2" 'BEGIN { printf "%.0f", b / s / 1048576 }'; }

rm -rf "$WORK/data"; : > "$WORK/service.log"
start_service; wait_ready
echo "date: $(date -u +%Y-%m-%dT%H:%MZ); load average before: $(cut -d" " -f1-3 /proc/loadavg)"
echo "machine: $(nproc) cores, $(awk '/MemTotal/ {printf "%.0f GiB", $2/1048576}' /proc/meminfo), $(uname -sr), $(java -version 2>&1 | head -1)"
echo "file: $BYTES bytes over loopback from nginx; service at -Xmx64m (downloader writes, sha256-verifies and fsyncs)"
echo
echo "| round | curl MiB/s | downloader MiB/s | ratio |"
echo "| --- | --- | --- | --- |"
for round in $(seq 1 "$ROUNDS"); do
  sync; t0="$(now)"; curl -fsS -o "$WORK/curl.out" "$URL"; sync; t1="$(now)"
  curl_s="$(awk -v a="$t0" -v b="$t1" 'BEGIN { print b - a }')"; rm -f "$WORK/curl.out"
  t0="$(now)"
  id="$(api downloads -H 'Content-Type: application/json' \
    -d "{\"url\":\"$URL\",\"type\":\"CHECKPOINT\",\"name\":\"bench-$round\",\"sha256\":\"$SHA\"}" | jq -r .id)"
  while :; do
    state="$(api "downloads/$id" | jq -r .state)"
    [[ "$state" == DONE || "$state" == FAILED || "$state" == CANCELLED ]] && break
    sleep 0.2
  done
  t1="$(now)"
  [[ "$state" == DONE ]] || { echo "download $id ended $state"; api "downloads/$id"; exit 1; }
  dl_s="$(awk -v a="$t0" -v b="$t1" 'BEGIN { print b - a }')"
  echo "| $round | $(mibps "$BYTES" "$curl_s") | $(mibps "$BYTES" "$dl_s") | $(awk -v c="$curl_s" -v d="$dl_s" 'BEGIN { printf "%.2f", c / d }') |"
  rm -f "$WORK/data/models/Stable-diffusion/bench-$round.safetensors"
done

[[ "${RESUME:-1}" == 0 ]] && exit 0

# Restart: kill -9 after a quarter of the file, start again, time until the job moves past what was on disk.
id="$(api downloads -H 'Content-Type: application/json' \
  -d "{\"url\":\"$URL\",\"type\":\"CHECKPOINT\",\"name\":\"bench-resume\",\"sha256\":\"$SHA\"}" | jq -r .id)"
until (( $(api "downloads/$id" | jq -r .bytesDone) > BYTES / 4 )); do sleep 0.01; done
kill -9 "$SERVICE_PID"; wait "$SERVICE_PID" 2>/dev/null || true
part="$WORK/data/models/Stable-diffusion/bench-resume.safetensors.$id.part"
had="$(stat -c %s "$part")"
t0="$(now)"; start_service; wait_ready; t_ready="$(now)"
until (( $(api "downloads/$id" | jq -r .bytesDone) > had )); do sleep 0.01; done
t1="$(now)"
while :; do
  state="$(api "downloads/$id" | jq -r .state)"
  [[ "$state" == DONE || "$state" == FAILED ]] && break
  sleep 0.05
done
echo
echo "restart after kill -9 with $had bytes on disk: ready in $(awk -v a="$t0" -v b="$t_ready" 'BEGIN { printf "%.2f", b - a }') s," \
  "transfer resumed $(awk -v a="$t0" -v b="$t1" 'BEGIN { printf "%.2f", b - a }') s after the restart (the resumed job" \
  "re-hashes the $had bytes already on disk first); final state $state, sha256 $(api "downloads/$id" | jq -r .sha256 | cut -c1-12)..."
