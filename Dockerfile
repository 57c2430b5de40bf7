# syntax=docker/dockerfile:1
#
# Arena's production image: the API, the websockets and the built web app in one Node process.
#   docker build -t arena .
#   docker run -p 3000:3000 -e DATABASE_URL=postgres://… -e JWT_SECRET=… arena
# Removing a demo organisation from a database (production mode refuses to serve it):
#   docker run --rm -e DATABASE_URL=postgres://… arena node apps/api/dist/demo/remove-demo.js
# docker-compose.yml builds this image for its two API instances.

# Debian slim (glibc), not Alpine: the embedded PostgreSQL binaries (used only when DATABASE_URL is
# unset, e.g. `docker run` without a database) are glibc builds.
ARG NODE_IMAGE=node:22-bookworm-slim
# The npm that wrote package-lock.json. It honours package.json's `allowScripts`, so only the
# install scripts the project approved run here; the npm bundled with Node would run them all.
ARG NPM_VERSION=11.19.1

FROM ${NODE_IMAGE} AS base
WORKDIR /app

# Only the package manifests (root and every workspace under libs/), so the dependency layers
# below stay cached until a manifest or the lockfile changes, not on every source edit.
FROM base AS manifests
COPY . /src
RUN mkdir -p /manifests \
 && cd /src \
 && cp package.json package-lock.json /manifests/ \
 && for lib in libs/*/; do \
      mkdir -p "/manifests/$lib" && cp "$lib/package.json" "/manifests/$lib"; \
    done

FROM base AS npm
ARG NPM_VERSION
RUN npm install --global --no-audit --no-fund "npm@${NPM_VERSION}"
COPY --from=manifests /manifests ./

# Everything, build tools included.
FROM npm AS build
RUN --mount=type=cache,target=/root/.npm npm ci --no-audit --no-fund
COPY . .
ENV NX_DAEMON=false NX_NO_CLOUD=true
RUN npx nx run-many -t build -p api web --outputStyle=static \
 && test -f apps/api/dist/main.js \
 && test -f apps/web/dist/index.html
# Stage exactly what runs: the API and web builds, and each workspace library's manifest and build
# (node_modules/@arena/* are symlinks into libs/).
RUN mkdir -p /out/apps/api /out/apps/web \
 && cp package.json /out/ \
 && cp -R apps/api/dist /out/apps/api/ \
 && cp -R apps/web/dist /out/apps/web/ \
 && for lib in libs/*/; do \
      mkdir -p "/out/$lib" && cp "$lib/package.json" "/out/$lib"; \
      if [ -d "$lib/dist" ]; then cp -R "$lib/dist" "/out/$lib"; fi; \
    done \
 && find /out -name '*.tsbuildinfo' -delete

# Runtime dependencies only, installed apart from the build so this layer survives source edits.
FROM npm AS prod-deps
RUN --mount=type=cache,target=/root/.npm npm ci --omit=dev --no-audit --no-fund

FROM ${NODE_IMAGE} AS runtime
# Production mode (no demo, sign-up closed after the first organisation), reachable from outside
# the container: the app listens on loopback only unless HOST says otherwise.
ENV NODE_ENV=production HOST=0.0.0.0 PORT=3000
WORKDIR /app
COPY --from=prod-deps /app/node_modules ./node_modules
COPY --from=build /out ./
# The code stays root-owned, read-only for the app. DATA_DIR (./.data) must be writable: a generated
# JWT secret and the embedded PostgreSQL live there when JWT_SECRET or DATABASE_URL is unset.
RUN mkdir -p .data && chown node:node .data
USER node
EXPOSE 3000
# The slim image has no curl; Node 20+ has fetch.
HEALTHCHECK --interval=10s --timeout=5s --start-period=60s --retries=3 \
  CMD ["node", "-e", "fetch('http://127.0.0.1:'+(process.env.PORT||3000)+'/api/health/ready').then(r=>process.exit(r.ok?0:1)).catch(()=>process.exit(1))"]
CMD ["node", "apps/api/dist/main.js"]
