# syntax=docker/dockerfile:1
# One image per app, built from the monorepo:
#   docker build --build-arg APP=gate -t hallway/gate .
#   docker build --build-arg APP=observer --build-arg HTTP_PORT=8090 -t hallway/observer .
# turbo prune keeps only the app and the workspace packages it depends on, so a change in
# another app does not invalidate this app's install layer; pnpm deploy copies the app
# with production dependencies only. tests/deploy checks this file statically.
ARG NODE_VERSION=22

FROM node:${NODE_VERSION}-slim AS base
ENV PNPM_HOME=/pnpm PATH=/pnpm:$PATH TURBO_TELEMETRY_DISABLED=1 CI=true
RUN corepack enable && corepack prepare pnpm@10.34.9 --activate
WORKDIR /repo

FROM base AS pruner
ARG APP
COPY . .
RUN pnpm dlx turbo@2.11.11 prune "@hallway/${APP}" --docker

FROM base AS builder
ARG APP
# Manifests and lockfile first: this layer is rebuilt only when dependencies change.
COPY --from=pruner /repo/out/json/ ./
COPY --from=pruner /repo/out/pnpm-lock.yaml ./pnpm-lock.yaml
RUN pnpm install --frozen-lockfile
COPY --from=pruner /repo/out/full/ ./
# turbo prune copies the packages, not the root tsconfig every package extends.
COPY --from=pruner /repo/tsconfig.base.json ./tsconfig.base.json
RUN pnpm exec turbo run build --filter="@hallway/${APP}" \
 && pnpm --filter="@hallway/${APP}" deploy --prod --legacy /app

FROM node:${NODE_VERSION}-slim AS runner
# The port of the service's HTTP server (/healthz, /readyz, /metrics): fixed, so that the
# health check below knows it. The observer's image uses 8090, where its /cluster page is.
ARG HTTP_PORT=9100
ENV NODE_ENV=production HTTP_PORT=${HTTP_PORT}
WORKDIR /app
# Owned by root and only readable by the service's user: it never writes its own code.
COPY --from=builder /app ./
USER node
EXPOSE ${HTTP_PORT}
HEALTHCHECK --interval=5s --timeout=2s --start-period=10s --retries=3 \
  CMD node -e "fetch('http://127.0.0.1:'+process.env.HTTP_PORT+'/healthz').then(r=>process.exit(r.ok?0:1),()=>process.exit(1))"
CMD ["node", "dist/main.js"]
