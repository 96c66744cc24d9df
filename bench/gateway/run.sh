#!/usr/bin/env bash
# Gateway benchmark: a cheap authenticated GET (a) straight to an upstream, (b) through the sdnest gateway,
# (c) through nginx as a Basic-auth reverse proxy to the same upstream. Prints a Markdown table.
# Usage: bench/gateway/run.sh [duration=20s] [connections=32] [threads=2]
set -euo pipefail

ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)"
DURATION="${1:-20s}"
CONNECTIONS="${2:-32}"
THREADS="${3:-2}"
WORK="$(mktemp -d /tmp/sdnest-bench-gateway.XXXXXX)"
USER_NAME=admin
PASSWORD='Bench-Pa55word'
UPSTREAM_PORT=18901
UPSTREAM_MGMT_PORT=18902
NGINX_PROXY_PORT=18903
GATEWAY_PORT=18904
GATEWAY_MGMT_PORT=18905
PATH_UNDER_TEST=/sdapi/v1/sd-models
GATEWAY_PID=""
NGINX_PID=""

cleanup() {
  [[ -n "$GATEWAY_PID" ]] && kill "$GATEWAY_PID" 2>/dev/null || true
  [[ -n "$NGINX_PID" ]] && kill "$NGINX_PID" 2>/dev/null || true
  wait 2>/dev/null || true
}
trap cleanup EXIT

install_if_missing() {
  local cmd="$1" pkg="$2"
  if ! command -v "$cmd" >/dev/null; then
    echo "installing $pkg..." >&2
    export DEBIAN_FRONTEND=noninteractive
    apt-get update -qq >/dev/null && apt-get install -y -qq --no-install-recommends "$pkg" >/dev/null
  fi
}
install_if_missing wrk wrk
install_if_missing nginx nginx-light
install_if_missing openssl openssl

JAR="$ROOT/gateway/target/quarkus-app/quarkus-run.jar"
[[ -f "$JAR" ]] || (cd "$ROOT" && ./mvnw -B -q -DskipTests package -pl gateway -am)

# One nginx: the upstream (a tiny static JSON, plus a readiness endpoint) and the Basic-auth reverse proxy to it.
chmod 755 "$WORK"
printf '%s:%s\n' "$USER_NAME" "$(openssl passwd -apr1 "$PASSWORD")" > "$WORK/htpasswd"; chmod 644 "$WORK/htpasswd"
mkdir -p "$WORK/logs"
cat > "$WORK/nginx.conf" <<CONF
worker_processes 2;
pid $WORK/nginx.pid;
error_log $WORK/logs/error.log warn;
events { worker_connections 4096; }
http {
  access_log off;
  upstream backend { server 127.0.0.1:$UPSTREAM_PORT; keepalive 64; }
  server {
    listen 127.0.0.1:$UPSTREAM_PORT;
    location / { default_type application/json; return 200 '[{"title":"bench.safetensors","model_name":"bench"}]'; }
  }
  server {
    listen 127.0.0.1:$UPSTREAM_MGMT_PORT;
    location / { default_type application/json; return 200 '{"status":"UP"}'; }
  }
  server {
    listen 127.0.0.1:$NGINX_PROXY_PORT;
    location / {
      auth_basic "sdnest";
      auth_basic_user_file $WORK/htpasswd;
      proxy_pass http://backend;
      proxy_http_version 1.1;
      proxy_set_header Connection "";
      proxy_set_header Authorization "";
      proxy_set_header X-Sdnest-User \$remote_user;
      proxy_set_header X-Forwarded-For \$remote_addr;
    }
  }
}
CONF
nginx -p "$WORK" -c "$WORK/nginx.conf" -g 'daemon off;' &
NGINX_PID=$!

SDNEST_ADMIN_PASSWORD="$PASSWORD" java ${BENCH_JAVA_OPTS:-} \
  -Dquarkus.http.host=127.0.0.1 -Dquarkus.http.port=$GATEWAY_PORT -Dquarkus.management.port=$GATEWAY_MGMT_PORT \
  -Dquarkus.log.level=WARN -Dsdnest.data-dir="$WORK/data" \
  -Dsdnest.gateway.inference-urls=http://127.0.0.1:$UPSTREAM_PORT \
  -Dsdnest.gateway.inference-management-urls=http://127.0.0.1:$UPSTREAM_MGMT_PORT \
  -Dsdnest.gateway.downloader-url=http://127.0.0.1:$UPSTREAM_PORT \
  -Dsdnest.gateway.downloader-management-url=http://127.0.0.1:$UPSTREAM_MGMT_PORT \
  -jar "$JAR" > "$WORK/logs/gateway.log" 2>&1 &
GATEWAY_PID=$!
for _ in $(seq 1 120); do
  curl -fs "http://127.0.0.1:$GATEWAY_MGMT_PORT/q/health/ready" >/dev/null 2>&1 && break
  sleep 0.5
done
curl -fs "http://127.0.0.1:$GATEWAY_MGMT_PORT/q/health/ready" >/dev/null || { cat "$WORK/logs/gateway.log"; exit 1; }

AUTH="Authorization: Basic $(printf '%s:%s' "$USER_NAME" "$PASSWORD" | base64)"
for url in "http://127.0.0.1:$UPSTREAM_PORT$PATH_UNDER_TEST" "http://127.0.0.1:$GATEWAY_PORT$PATH_UNDER_TEST" \
           "http://127.0.0.1:$NGINX_PROXY_PORT$PATH_UNDER_TEST"; do
  code="$(curl -s -o /dev/null -w '%{http_code}' -H "$AUTH" "$url")"
  [[ "$code" == 200 ]] || { echo "$url answered $code" >&2; exit 1; }
done

# Warm the JIT of the gateway before measuring.
wrk -t"$THREADS" -c"$CONNECTIONS" -d10s -H "$AUTH" "http://127.0.0.1:$GATEWAY_PORT$PATH_UNDER_TEST" >/dev/null

measure() {
  local name="$1" url="$2" out rps p50 p99
  out="$(wrk -t"$THREADS" -c"$CONNECTIONS" -d"$DURATION" --latency -H "$AUTH" "$url")"
  echo "$out" > "$WORK/logs/wrk-$name.txt"
  rps="$(awk '/Requests\/sec/ {print $2}' <<<"$out")"
  p50="$(awk '$1 == "50%" {print $2}' <<<"$out")"
  p99="$(awk '$1 == "99%" {print $2}' <<<"$out")"
  printf '| %s | %s | %s | %s |\n' "$name" "$rps" "$p50" "$p99"
}

echo "machine: $(nproc) cores, $(awk '/MemTotal/ {printf "%.0f GiB", $2/1048576}' /proc/meminfo), $(uname -sr); java $(java -version 2>&1 | awk -F'"' '/version/ {print $2}'); nginx $(nginx -v 2>&1 | awk -F/ '{print $2}')"
echo "date: $(date -u +%Y-%m-%dT%H:%M:%SZ)"
echo "command: wrk -t$THREADS -c$CONNECTIONS -d$DURATION --latency -H 'Authorization: Basic …' <url>$PATH_UNDER_TEST"
echo
echo "| path | requests/s | p50 | p99 |"
echo "|---|---|---|---|"
measure "direct upstream (nginx static)" "http://127.0.0.1:$UPSTREAM_PORT$PATH_UNDER_TEST"
measure "sdnest gateway" "http://127.0.0.1:$GATEWAY_PORT$PATH_UNDER_TEST"
measure "nginx Basic-auth proxy" "http://127.0.0.1:$NGINX_PROXY_PORT$PATH_UNDER_TEST"
