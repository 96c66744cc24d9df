#!/usr/bin/env bash
# Downloader throughput vs curl on one 2 GiB file served by nginx over loopback, with the service at -Xmx64m,
# and the time from a restart (after kill -9 mid-download) to the resumed transfer.
# Usage: bench/downloader/run.sh [size-in-MiB]   (default 2048). Installs nginx-light and jq if missing.
# Environment: ROUNDS (default 3), WARMUP (untimed downloads before the rounds, default 1: a real service is
# long-running, so the first download of a fresh JVM is JIT warm-up), RESUME=0 skips the restart measurement,
# JAVA_OPTS adds JVM options (e.g. JFR), POLL (seconds between job polls, default 0.02; one python3 process
# polls over a keep-alive connection, see timed_download.py).
# THREAD_CPU=1 prints the service's CPU seconds per thread at the end.
# CPU seconds are user+system: curl's from /usr/bin/time, the service's and nginx's from /proc/<pid>/stat.
set -euo pipefail
ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)"
WORK="$ROOT/bench/work/downloader"
SIZE_MIB="${1:-2048}"
ROUNDS="${ROUNDS:-3}"
WARMUP="${WARMUP:-1}"
POLL="${POLL:-0.02}"
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
    -Dsdnest.downloader.extra-ports="$NGINX_PORT" \
    -jar "$JAR" >>"$WORK/service.log" 2>&1 &
  SERVICE_PID=$!
}
wait_ready() { until curl -fs "http://127.0.0.1:$MGMT_PORT/q/health/ready" >/dev/null 2>&1; do sleep 0.05; done; }
api() { curl -fsS "http://127.0.0.1:$HTTP_PORT/downloader/v1/$1" "${@:2}"; }
now() { date +%s.%N; }
cpu_s() { awk -v t="$(getconf CLK_TCK)" '{ sub(/.*\) /, ""); printf "%.2f", ($12 + $13) / t }' "/proc/$1/stat"; }
minus() { awk -v a="$1" -v b="$2" 'BEGIN { printf "%.2f", a - b }'; }
mibps() { awk -v b="$1" -v s="$2" 'BEGIN { printf "%.0f", b / s / 1048576 }'; }

rm -rf "$WORK/data"; : > "$WORK/service.log"
start_service; wait_ready
echo "date: $(date -u +%Y-%m-%dT%H:%MZ); load average before: $(cut -d" " -f1-3 /proc/loadavg)"
echo "machine: $(nproc) cores, $(awk '/MemTotal/ {printf "%.0f GiB", $2/1048576}' /proc/meminfo), $(uname -sr), $(java -version 2>&1 | head -1)"
echo "file: $BYTES bytes over loopback from nginx; service at -Xmx64m (downloader writes, sha256-verifies and fsyncs)"
echo
# One download through the service, timed from the POST until the job reads DONE; sets dl_s.
download() {
  local out
  out="$(python3 "$ROOT/bench/downloader/timed_download.py" "$HTTP_PORT" "$URL" "$1" "$SHA" "$POLL")"
  [[ "$out" == *" DONE" ]] || { echo "download $1 ended: $out"; exit 1; }
  dl_s="${out% *}"
  rm -f "$WORK/data/models/Stable-diffusion/$1.safetensors"
}
NGINX_WORKER="$(pgrep -P "$NGINX_PID" | head -1)"
for w in $(seq 1 "$WARMUP"); do download "warmup-$w"; done
((WARMUP > 0)) && echo "($WARMUP untimed warm-up download(s) before the rounds)" && echo
echo "| round | curl MiB/s | downloader MiB/s | ratio | curl CPU s | downloader CPU s | nginx CPU s (curl / downloader) |"
echo "| --- | --- | --- | --- | --- | --- | --- |"
for round in $(seq 1 "$ROUNDS"); do
  sync; n0="$(cpu_s "$NGINX_WORKER")"; t0="$(now)"
  curl_cpu="$(/usr/bin/time -f '%U %S' curl -fsS -o "$WORK/curl.out" "$URL" 2>&1 | awk '{ printf "%.2f", $1 + $2 }')"
  sync; t1="$(now)"; n1="$(cpu_s "$NGINX_WORKER")"
  curl_s="$(minus "$t1" "$t0")"; rm -f "$WORK/curl.out"
  s0="$(cpu_s "$SERVICE_PID")"
  download "bench-$round"
  s1="$(cpu_s "$SERVICE_PID")"; n2="$(cpu_s "$NGINX_WORKER")"
  echo "| $round | $(mibps "$BYTES" "$curl_s") | $(mibps "$BYTES" "$dl_s") |" \
    "$(awk -v c="$curl_s" -v d="$dl_s" 'BEGIN { printf "%.2f", c / d }') | $curl_cpu | $(minus "$s1" "$s0") |" \
    "$(minus "$n1" "$n0") / $(minus "$n2" "$n1") |"
done
echo "load average after: $(cut -d" " -f1-3 /proc/loadavg)"
if [[ "${THREAD_CPU:-0}" == 1 ]]; then
  echo; echo "service CPU seconds by thread (since start, incl. warm-up):"
  for t in /proc/"$SERVICE_PID"/task/*; do
    awk -v tck="$(getconf CLK_TCK)" '{ name = $0; sub(/^[0-9]+ \(/, "", name); sub(/\) .*/, "", name); sub(/.*\) /, "");
      if ($12 + $13 > 0) printf "%8.2f  %s\n", ($12 + $13) / tck, name }' "$t/stat"
  done | sort -rn | head -15
fi

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
