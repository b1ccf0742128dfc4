# TimeTracker container image: `docker build -t timetracker .` (or `buildah build --format docker`, see
# docs/deployment.md). Two stages: the build stage has the C++ toolchain better-sqlite3 compiles with and every
# dev dependency the build needs; the runtime stage gets only the compiled app and the production node_modules.

FROM node:20-bookworm-slim AS build

# better-sqlite3 is compiled here, never downloaded: prebuilt binaries come from GitHub, which a build network may
# not reach, and a binary built against this very Node is what runs. node-gyp takes Node's headers from the base
# image (/usr/local/include/node) instead of downloading them from nodejs.org. (npm warns that it does not know
# build-from-source as its own setting; better-sqlite3's installer reads it.)
RUN apt-get update \
  && apt-get install -y --no-install-recommends g++ make python3 \
  && rm -rf /var/lib/apt/lists/*
ENV npm_config_nodedir=/usr/local \
  npm_config_build_from_source=true \
  npm_config_audit=false \
  npm_config_fund=false \
  npm_config_update_notifier=false

WORKDIR /app
# Dependencies first: this layer is reused as long as the lock file does not change. A build network whose proxy
# inspects TLS can hand its CA bundle in as a build secret (`--secret id=build_ca,src=/path/to/ca.pem`, with
# docker or buildah); it is mounted for this one step and never stored in a layer.
COPY package.json package-lock.json ./
RUN --mount=type=secret,id=build_ca \
  if [ -f /run/secrets/build_ca ]; then export NODE_EXTRA_CA_CERTS=/run/secrets/build_ca; fi; \
  npm ci
COPY tsconfig.json tsconfig.build.json vite.config.ts ./
COPY src ./src
# better-sqlite3 needs only its compiled module at run time, not the SQLite sources and object files (25 MB).
RUN npm run build \
  && npm prune --omit=dev \
  && cd node_modules/better-sqlite3 \
  && mv build/Release/better_sqlite3.node . \
  && rm -rf build deps src \
  && mkdir -p build/Release \
  && mv better_sqlite3.node build/Release/

FROM node:20-bookworm-slim

# The official node image starts everything through a shell entrypoint script; without it the CMD below is the
# container's first process, so `docker stop`'s SIGTERM reaches node itself, which closes within 3 s.
ENTRYPOINT []
ENV NODE_ENV=production \
  DATA_DIR=/data \
  HOST=0.0.0.0 \
  PORT=8080

WORKDIR /app
# The app's files stay owned by root, read-only for the user it runs as; only /data is writable.
COPY --from=build /app/package.json ./
COPY --from=build /app/node_modules ./node_modules
COPY --from=build /app/dist ./dist
RUN mkdir -p /data && chown node:node /data

# The official image's unprivileged user (uid 1000). A host folder mounted as /data must be writable by it.
USER node
VOLUME /data
EXPOSE 8080

# Node itself asks, so the image needs no curl; 200 only while the database answers (503 otherwise).
HEALTHCHECK --interval=30s --timeout=5s --start-period=30s --retries=3 \
  CMD ["node", "-e", "fetch('http://127.0.0.1:'+(process.env.PORT||8080)+'/api/v1/health').then(r=>process.exit(r.ok?0:1),()=>process.exit(1))"]

# Exec form: node is the process the signal goes to, with no npm or shell in between.
CMD ["node", "--enable-source-maps", "dist/server/main.js"]
