#!/usr/bin/env bash
# Runs the Dockerfile's steps without a container engine, in a clean folder: install,
# build, prune the dev dependencies, assemble what the final image copies, then start it
# as the image would (NODE_ENV=production, data in its own folder) and ask /healthz,
# /readyz and the sign-in page. Keep the steps in step with the Dockerfile.
set -euo pipefail
ROOT="$(cd "$(dirname "$0")/.." && pwd)"
WORK="$(mktemp -d)"
PORT="${CHECK_PORT:-3977}"
cleanup() {
	[ -n "${APP_PID:-}" ] && kill "$APP_PID" 2>/dev/null || true
	rm -rf "$WORK"
}
trap cleanup EXIT

echo "==> build stage in $WORK/build"
mkdir -p "$WORK/build" "$WORK/image"
# COPY . . (what .dockerignore lets through): the committed files.
git -C "$ROOT" archive HEAD | tar -x -C "$WORK/build"
cd "$WORK/build"
npm ci --no-audit --no-fund --loglevel=error
npm run build --silent >/dev/null
npm prune --omit=dev --no-audit --no-fund --loglevel=error

echo "==> final stage in $WORK/image"
cp package.json "$WORK/image/"
cp -r node_modules build drizzle "$WORK/image/"
mkdir -p "$WORK/image/src/lib/server" "$WORK/image/data"
cp -r src/cli "$WORK/image/src/cli"
cp src/lib/server/logger.js "$WORK/image/src/lib/server/logger.js"
cd "$WORK/image"

echo "==> start as the image does"
env -i PATH="$PATH" HOME="$WORK" NODE_ENV=production PORT="$PORT" HOST=127.0.0.1 \
	DATA_DIR="$WORK/image/data" LOG_FORMAT=json ORIGIN="http://127.0.0.1:$PORT" \
	node src/cli/start.js >"$WORK/app.log" 2>&1 &
APP_PID=$!
for _ in $(seq 1 120); do
	curl -fsS "http://127.0.0.1:$PORT/healthz" >/dev/null 2>&1 && break
	kill -0 "$APP_PID" 2>/dev/null || { cat "$WORK/app.log"; exit 1; }
	sleep 1
done
curl -fsS "http://127.0.0.1:$PORT/healthz"
echo
curl -fsS "http://127.0.0.1:$PORT/readyz"
echo
curl -fsS "http://127.0.0.1:$PORT/login" | grep -q 'Sign in' || { echo "no sign-in page" >&2; exit 1; }
# Every line the image logged is JSON.
if grep -v '^{' "$WORK/app.log"; then
	echo "the lines above are not JSON" >&2
	exit 1
fi
echo "==> the container steps work: installed, built, pruned, served"
