#!/usr/bin/env bash
# Smoke test of the two images (CI's `images` job; Docker engines are not available on our
# development machines, where e2e/artifacts runs the same artifacts without Docker).
# Expects: the images pixy-api and pixy-web built, PostgreSQL on 127.0.0.1:5432 (user, password
# and database from PIXY_CI_DATABASE_URL), the workspace installed. Starts the local emulator
# as the API's authority (it trusts the dev CA through NODE_EXTRA_CA_CERTS, as in
# compose.emulator.yaml), then checks what an operator and a browser would see.
# Logs go to smoke-logs/ (uploaded when the job fails).
set -euo pipefail
cd "$(dirname "$0")/../.."

logs=smoke-logs
mkdir -p "$logs"
failures=0
fail() {
  echo "FAIL: $*" >&2
  failures=$((failures + 1))
}
pass() { echo "ok: $*"; }
# Headers of a GET, lower-cased names, CR removed. (Checks grep captured text, never a pipe:
# with pipefail, `grep -q` leaving a pipe early could fail the writer.)
headers() { curl -s -o /dev/null -D - "$1" | tr -d '\r' | sed -E 's/^([^:]+):/\L\1:/'; }
status() { curl -s -o /dev/null -w '%{http_code}' "$1"; }
# until_true SECONDS COMMAND...: runs COMMAND every second until it succeeds.
until_true() {
  local deadline=$((SECONDS + $1))
  shift
  until "$@"; do
    [ "$SECONDS" -lt "$deadline" ] || return 1
    sleep 1
  done
}
on_exit() {
  docker logs pixy-api >"$logs/api.log" 2>&1 || true
  docker logs pixy-web >"$logs/web.log" 2>&1 || true
  docker rm -f pixy-api pixy-web >/dev/null 2>&1 || true
  [ -z "${idp_pid:-}" ] || kill "$idp_pid" 2>/dev/null || true
}
trap on_exit EXIT

tenant=9f1c2b3a-7d4e-4c5b-8a69-0e1f2a3b4c5d # packages/config's local defaults
authority="https://localhost:8443/$tenant"
spa_client_id=4a6b8c0d-2e4f-4a61-8b7c-9d0e1f2a3b4c
api_client_id=6c8d0e2f-4a6b-4c8d-9e0f-1a2b3c4d5e6f

# --- The emulator, on the host (loopback only) ---------------------------------------------
pnpm certs
pnpm exec turbo run build --filter=@pixy/local-idp --output-logs=errors-only
(cd packages/local-idp && SPA_URL=http://localhost:8080 API_URL=http://localhost:3000 \
  exec node dist/main.js) >"$logs/idp.log" 2>&1 &
idp_pid=$!
until_true 60 curl -sf --cacert .certs/ca.pem -o /dev/null \
  "$authority/v2.0/.well-known/openid-configuration" || {
  fail "the emulator did not start"
  exit 1
}

# --- The API image ---------------------------------------------------------------------------
# A web container without its variables stops, naming each (before anything else runs).
if out=$(docker run --rm pixy-web 2>&1); then
  fail "pixy-web started without AUTH_AUTHORITY, SPA_CLIENT_ID, API_CLIENT_ID and API_URL"
else
  for name in AUTH_AUTHORITY SPA_CLIENT_ID API_CLIENT_ID API_URL; do
    grep -q "$name is not set" <<<"$out" || fail "pixy-web's refusal does not name $name"
  done
  pass "pixy-web refuses to start unconfigured, naming each variable"
fi

# Host networking: https://localhost:8443 is the same emulator for the API as for a browser.
docker run -d --name pixy-api --network host \
  --health-interval 2s --health-start-period 0s \
  -v "$PWD/.certs/ca.pem:/run/pixy/dev-ca.pem:ro" \
  -e NODE_EXTRA_CA_CERTS=/run/pixy/dev-ca.pem \
  -e DATABASE_URL="$PIXY_CI_DATABASE_URL" \
  -e SPA_URL=http://localhost:8080 -e API_URL=http://localhost:3000 \
  pixy-api >/dev/null
api_healthy() { [ "$(docker inspect -f '{{.State.Health.Status}}' pixy-api)" = healthy ]; }
if until_true 90 api_healthy; then pass "the API image's HEALTHCHECK says healthy"; else
  fail "the API container never became healthy"
  exit 1
fi
[ "$(status http://127.0.0.1:3000/health)" = 200 ] && pass "/health answers 200" ||
  fail "/health does not answer 200"
api_ready() { grep -q '"status":"ready"' <<<"$(curl -s http://127.0.0.1:3000/health/ready)"; }
until_true 30 api_ready && pass "/health/ready: database and signing keys ok" ||
  fail "/health/ready never said ready: $(curl -s http://127.0.0.1:3000/health/ready)"
me=$(headers http://127.0.0.1:3000/api/me)
grep -q '^HTTP/[0-9.]* 401' <<<"$me" && grep -qi '^www-authenticate: Bearer' <<<"$me" &&
  pass "/api/me without a token: 401 with WWW-Authenticate: Bearer" ||
  fail "/api/me without a token: $me"
[ "$(status http://127.0.0.1:3000/docs)" = 404 ] &&
  pass "/docs is off in production (NODE_ENV=production, API_DOCS unset)" ||
  fail "/docs answers in production"
id=$(docker exec pixy-api id -u)
[ "$id" != 0 ] && pass "the API runs as uid $id, not root" || fail "the API runs as root"

# --- The web image -------------------------------------------------------------------------
docker run -d --name pixy-web --network host \
  -e AUTH_AUTHORITY="$authority" -e SPA_CLIENT_ID="$spa_client_id" \
  -e API_CLIENT_ID="$api_client_id" -e API_URL=http://localhost:3000 \
  pixy-web >/dev/null
web=http://127.0.0.1:8080
until_true 30 curl -sf -o /dev/null "$web/" || {
  fail "the web container does not answer"
  exit 1
}
root=$(headers "$web/")
grep -q '^HTTP/[0-9.]* 200' <<<"$root" && pass "/ answers 200" || fail "/: $root"
csp=$(grep '^content-security-policy:' <<<"$root" || true)
grep -q "script-src 'self';" <<<"$csp" &&
  grep -q "connect-src 'self' http://localhost:3000 https://localhost:8443;" <<<"$csp" &&
  pass "the CSP allows scripts from the origin only, connections to the API and the authority" ||
  fail "CSP: ${csp:-none}"
grep -q '^cache-control: no-cache' <<<"$root" && pass "index.html: Cache-Control no-cache" ||
  fail "index.html is cached: $root"
grep -q "\"spaClientId\":\"$spa_client_id\"" <<<"$(curl -s "$web/config.js")" &&
  pass "/config.js carries the container's configuration" || fail "/config.js: $(curl -s "$web/config.js")"
index=$(curl -sf "$web/")
[ "$(curl -sf "$web/tasks")" = "$index" ] && pass "a deep link (/tasks) gets the app's page" ||
  fail "/tasks is not the app's page"
bridge=$(curl -sf "$web/redirect.html" || true)
[ -n "$bridge" ] && [ "$bridge" != "$index" ] &&
  pass "/redirect.html is MSAL's redirect bridge, not the fallback" || fail "/redirect.html"
asset=$(grep -oE '/assets/[^"]+\.js' <<<"$index" | sed -n 1p)
grep -q '^cache-control: public, max-age=31536000, immutable' <<<"$(headers "$web$asset")" &&
  pass "hashed assets ($asset) are cached for a year" || fail "$asset is not cached as immutable"
[ "$(status "$web/assets/missing-0000.js")" = 404 ] && pass "a missing asset is a 404" ||
  fail "a missing asset is not a 404"

if [ "$failures" -gt 0 ]; then
  echo "$failures check(s) failed; logs in $logs/" >&2
  exit 1
fi
echo "Both images pass the smoke test."
