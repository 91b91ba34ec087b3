# encore as a container: the same image runs on a laptop (compose.yaml), on a home server
# and on Cloud Run (deploy/gcp/deploy.sh). test/deploy/dockerfile.test.ts runs these
# stages' commands in temp folders and starts the CMD, so keep every instruction simple
# enough for its interpreter (it refuses any instruction it does not know).

# Build stage: dev dependencies (TypeScript) compile src/ and sim/ into dist/.
FROM node:20-slim AS build
WORKDIR /app
COPY package.json package-lock.json ./
RUN npm ci --no-audit --no-fund
COPY tsconfig.json tsconfig.build.json ./
COPY scripts ./scripts
COPY src ./src
COPY sim ./sim
RUN npm run build

# Runtime stage: production dependencies and compiled JavaScript only (no tsx, no sources).
FROM node:20-slim AS runtime
WORKDIR /app
ENV NODE_ENV=production
COPY package.json package-lock.json ./
# No BuildKit-only syntax (RUN --mount): `gcloud builds submit` builds without BuildKit.
# Cleaning npm's download cache keeps it out of the image.
RUN npm ci --omit=dev --no-audit --no-fund && npm cache clean --force
COPY bin ./bin
COPY --from=build /app/dist ./dist
# The data folder belongs to the unprivileged user; a named volume mounted here inherits that.
RUN mkdir -p /data && chown node:node /data
# ENCORE_HOST: listen beyond the container's loopback. PORT: Cloud Run sets it; encore uses it
# when ENCORE_PORT is unset. ENCORE_DATA_DIR: the database, the key file and exports.
ENV ENCORE_HOST=0.0.0.0 PORT=8080 ENCORE_DATA_DIR=/data
USER node
EXPOSE 8080
VOLUME ["/data"]
# node:20-slim has no curl; Node 20's fetch probes liveness on the port the server uses.
HEALTHCHECK --interval=30s --timeout=5s --start-period=30s --retries=3 CMD ["node", "-e", "fetch('http://127.0.0.1:' + (process.env.ENCORE_PORT || process.env.PORT || 8080) + '/healthz').then((r) => process.exit(r.ok ? 0 : 1), () => process.exit(1))"]
CMD ["node", "bin/encore.js", "serve"]
