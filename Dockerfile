# syntax=docker/dockerfile:1
# LoreChat web app. Multi-stage, dependencies cached in their own layer, islands built
# at image build time, runs as a non-root user. Works for linux/amd64 and linux/arm64
# (the Deno base image is multi-arch) with Docker or Finch.
ARG DENO_VERSION=2.9.6

# --- dependencies: only the manifest and lock file, so this layer is reused ---
FROM denoland/deno:debian-${DENO_VERSION} AS deps
WORKDIR /app
ENV DENO_DIR=/app/.deno-cache DENO_NO_UPDATE_CHECK=1
COPY deno.json deno.lock ./
RUN deno install --frozen

# --- development: the whole tree, served with rebuild-on-change (compose.yaml) ---
FROM deps AS dev
COPY . .
EXPOSE 8000
CMD ["deno", "task", "dev"]

# --- build: route manifest, island bundles, and a warm module cache ---
FROM deps AS build
COPY . .
RUN deno task build && deno cache main.ts main_worker.ts \
    && rm -rf tests bench .ci

# --- runtime ---
FROM denoland/deno:debian-${DENO_VERSION} AS runtime
WORKDIR /app
ENV ENV=production \
    PORT=8000 \
    HOSTNAME=0.0.0.0 \
    DATA_DIR=/data \
    DENO_DIR=/app/.deno-cache \
    DENO_NO_UPDATE_CHECK=1
# 7-Zip for `deno task ingest` of Fandom's .7z dumps (and the faster .bz2 decoder).
RUN apt-get update \
    && apt-get install -y --no-install-recommends 7zip \
    && rm -rf /var/lib/apt/lists/*
COPY --from=build --chown=root:root /app /app
# The base image ships the unprivileged `deno` user; only /data is writable for it.
RUN mkdir -p /data && chown deno:deno /data
USER deno
VOLUME ["/data"]
EXPOSE 8000
HEALTHCHECK --interval=30s --timeout=5s --start-period=20s --retries=3 \
  CMD ["deno", "eval", "const r = await fetch('http://127.0.0.1:8000/api/health'); Deno.exit(r.ok ? 0 : 1)"]
# Least privilege: network, env, read anywhere, write only to the data volume and /tmp.
# One serving worker per CPU the container is given (SERVER_WORKERS overrides); the young
# generation capped as in `deno task start` (lib/app/serve_flags.ts).
CMD ["deno", "run", "--cached-only", "--v8-flags=--max-semi-space-size=4", "--allow-net", "--allow-env", "--allow-sys", \
     "--allow-read", "--allow-write=/data,/tmp", "main.ts", "--workers=auto"]
