#!/usr/bin/env bash
# Web console benchmark (issue 3): customs-scale demo data, 50 concurrent
# logged-in sessions, wrk from a second process on loopback; reports p50,
# p95 and p99 of the dashboard and the findings list. Bounded in time
# (DURATION seconds per page) and in target (127.0.0.1 only).
#
#   bench/web.sh            # uses target/release/tuanthu (cargo build --release)
#   DURATION=30 SESSIONS=50 bench/web.sh
set -euo pipefail
cd "$(dirname "$0")/.."
BIN=${TUANTHU_BIN:-target/release/tuanthu}
DURATION=${DURATION:-20}
SESSIONS=${SESSIONS:-50}
PORT=${PORT:-18580}
command -v wrk >/dev/null || { echo "needs wrk (apt-get install wrk)"; exit 2; }
[ -x "$BIN" ] || cargo build --release -p tuanthu
WORK=$(mktemp -d)
trap 'kill $SERVER 2>/dev/null || true; rm -rf "$WORK"' EXIT
export TUANTHU_DATABASE_URL="sqlite:$WORK/bench.db"

echo "== data: demo generate --scale customs"
"$BIN" demo generate --scale customs --out "$WORK/data" >/dev/null
/usr/bin/time -f "import %e s" "$BIN" import "$WORK/data" >/dev/null
PW='Bảo-mật#2025'
UNITS=$(grep -oE '^KV[0-9]+,' "$WORK/data/units.csv" | tr -d , | head -20)
i=0
for u in $UNITS; do
  for role in operator leader; do
    printf '%s\n' "$PW" | "$BIN" user add "bench-$role-$u" --role "$role" --unit "$u" --password-stdin >/dev/null
    i=$((i+1))
  done
done
for n in $(seq 1 10); do
  printf '%s\n' "$PW" | "$BIN" user add "bench-leader-all-$n" --role leader --password-stdin >/dev/null
done

"$BIN" serve --listen "127.0.0.1:$PORT" --admin-listen "127.0.0.1:$((PORT+1))" >"$WORK/serve.log" 2>&1 &
SERVER=$!
for _ in $(seq 1 100); do curl -fs "http://127.0.0.1:$PORT/login" >/dev/null && break; sleep 0.2; done

echo "== $SESSIONS sessions"
: > "$WORK/cookies.txt"
USERS=$( (for u in $UNITS; do echo "bench-operator-$u"; echo "bench-leader-$u"; done; for n in $(seq 1 10); do echo "bench-leader-all-$n"; done) | head -"$SESSIONS")
for user in $USERS; do
  curl -fs -D - -o /dev/null -H 'content-type: application/json' \
    -d "{\"username\":\"$user\",\"password\":\"$PW\"}" "http://127.0.0.1:$PORT/api/v1/session" \
    | grep -i '^set-cookie' | sed -E 's/^[Ss]et-[Cc]ookie: ([^;]*);.*/\1/' >> "$WORK/cookies.txt"
done
echo "$(wc -l < "$WORK/cookies.txt") sessions logged in"

# First evaluation (customs scale) happens once, then is cached.
T0=$(date +%s.%N)
curl -fs -b "$(head -1 "$WORK/cookies.txt")" "http://127.0.0.1:$PORT/" >/dev/null
echo "first dashboard (evaluation + cache): $(echo "$(date +%s.%N) - $T0" | bc) s"

cat > "$WORK/sessions.lua" <<'LUA'
local cookies = {}
for line in io.lines(os.getenv("COOKIES")) do cookies[#cookies + 1] = line end
local path = os.getenv("BENCH_PATH")
local n = 0
local threads = {}
bad = 0
setup = function(thread) table.insert(threads, thread) end
response = function(status, headers, body)
  if status ~= 200 then bad = bad + 1 end
end
request = function()
  n = n + 1
  return wrk.format("GET", path, { ["Cookie"] = cookies[(n % #cookies) + 1] })
end
done = function(summary, latency, requests)
  local errors = summary.errors.status + summary.errors.connect + summary.errors.read + summary.errors.write + summary.errors.timeout
  local not200 = 0
  for _, t in ipairs(threads) do not200 = not200 + t:get("bad") end
  io.write(string.format("RESULT %s requests=%d rps=%.0f p50=%.1fms p95=%.1fms p99=%.1fms max=%.1fms errors=%d non200=%d\n",
    path, summary.requests, summary.requests / (summary.duration / 1e6),
    latency:percentile(50) / 1000, latency:percentile(95) / 1000, latency:percentile(99) / 1000,
    latency.max / 1000, errors, not200))
end
LUA
for path in / /findings "/findings?status=fail&sort=-overdue" "/api/v1/findings?status=fail&limit=50"; do
  COOKIES="$WORK/cookies.txt" BENCH_PATH="$path" wrk -t2 -c"$SESSIONS" -d"${DURATION}s" --timeout 10s \
    -s "$WORK/sessions.lua" "http://127.0.0.1:$PORT" | grep RESULT
done
echo "server peak RSS: $(grep VmHWM /proc/$SERVER/status | awk '{print $2/1024 " MiB"}')"
