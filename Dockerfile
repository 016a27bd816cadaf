# Parley's container image: `docker build -t parley .`, then see the README's "Deploy" section.
# The base is an argument so the image can be built where the public registry is out of reach
# (scripts/image-smoke.sh builds it on a base made from Debian and the npm registry). It must be
# Debian-based with node and npm on the PATH, like the official node:*-bookworm-slim images.
ARG NODE_IMAGE=node:22-bookworm-slim

# --- build: the whole workspace's dependencies, the compiled packages and the web app ------------
FROM ${NODE_IMAGE} AS build
ARG PNPM_VERSION=12.4.2
RUN npm install -g --no-fund --no-audit --loglevel=error "pnpm@${PNPM_VERSION}"
WORKDIR /src
# Manifests first: this layer (the slow download) is reused until a manifest or the lockfile changes.
COPY package.json pnpm-lock.yaml pnpm-workspace.yaml ./
COPY apps/api/package.json apps/api/
COPY apps/web/package.json apps/web/
COPY packages/db/package.json packages/db/
COPY packages/shared/package.json packages/shared/
COPY bench/package.json bench/
RUN pnpm install --frozen-lockfile --filter @parley/api... --filter @parley/web...
COPY . .
# The commit GET /api/version names (.git is not in the context): --build-arg PARLEY_COMMIT=$(git rev-parse HEAD)
ARG PARLEY_COMMIT
RUN pnpm --filter @parley/api... --filter @parley/web... run build \
  # The API with its production dependencies only (workspace packages copied in, built).
  && pnpm --filter @parley/api deploy --prod /out/api \
  && cd /out/api \
  && rm -rf src test tsconfig*.json vitest.config.ts \
  && for package in node_modules/@parley/*/; do \
    rm -rf "$package"src "$package"test "$package"tsconfig*.json "$package"vitest.config.ts; done \
  # onnxruntime-node ships its native library for every platform (about 250 MB); keep only the one
  # this stage runs on, which is the image's (a multi-platform build runs this stage per platform).
  && keep="linux/$(node -p process.arch)" \
  && for bin in node_modules/.pnpm/onnxruntime-node@*/node_modules/onnxruntime-node/bin/napi-v*; do \
    for target in "$bin"/*/*/; do \
      case "$target" in "$bin/$keep/") ;; *) rm -rf "$target" ;; esac; done; \
    find "$bin" -mindepth 1 -maxdepth 1 -type d -empty -delete; \
    test -f "$bin/$keep/onnxruntime_binding.node" \
      || { echo "onnxruntime-node has no $keep binding in $bin" >&2; exit 1; }; done \
  # Type declarations are for the compiler, never read at run time.
  && find node_modules -type f \( -name '*.d.ts' -o -name '*.d.mts' -o -name '*.d.cts' \) -delete

# --- runtime: node, the API's production dependencies and the built files, nothing else ----------
FROM ${NODE_IMAGE} AS runtime
RUN mkdir -p /data && chown 10001:10001 /data
# The code belongs to root and is read-only to the server; only the data directory is its own.
COPY --from=build /out/api /app/api
# apps/api serves the web app from ../../web/dist, relative to its dist/.
COPY --from=build /src/apps/web/dist /app/web/dist
ENV NODE_ENV=production \
    PORT=3000 \
    PARLEY_DATA_DIR=/data
# The embedded database (used when DATABASE_URL is unset) lives here: keep it on a volume.
VOLUME /data
WORKDIR /app/api
USER 10001:10001
EXPOSE 3000
# 200 for "ok" and "degraded" (Redis away), 503 while the database does not answer or when draining.
HEALTHCHECK --interval=10s --timeout=3s --start-period=60s --retries=3 \
  CMD ["node", "-e", "fetch('http://127.0.0.1:' + (process.env.PORT || 3000) + '/api/health').then((r) => process.exit(r.ok ? 0 : 1), () => process.exit(1))"]
# node is PID 1 and handles SIGTERM itself (README, Graceful shutdown: drain, then exit 0 within
# 10 s): give `docker stop` / compose a longer grace period than that (-t 15, stop_grace_period: 15s).
STOPSIGNAL SIGTERM
CMD ["node", "--enable-source-maps", "dist/main.js"]
