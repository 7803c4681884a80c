# syntax=docker/dockerfile:1
# One image per app, built from the monorepo:
#   docker build --build-arg APP=gate -t hallway/gate .
# turbo prune keeps only the app and the workspace packages it depends on, so a change in
# another app does not invalidate this app's install layer; pnpm deploy copies the app
# with production dependencies only.
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
COPY --from=pruner /repo/out/json/ ./
COPY --from=pruner /repo/out/pnpm-lock.yaml ./pnpm-lock.yaml
RUN pnpm install --frozen-lockfile
COPY --from=pruner /repo/out/full/ ./
RUN pnpm exec turbo run build --filter="@hallway/${APP}" \
 && pnpm --filter="@hallway/${APP}" deploy --prod --legacy /app

FROM node:${NODE_VERSION}-slim AS runner
ENV NODE_ENV=production
WORKDIR /app
COPY --from=builder --chown=node:node /app ./
USER node
HEALTHCHECK --interval=5s --timeout=2s --start-period=10s --retries=3 \
  CMD node -e "fetch('http://127.0.0.1:'+(process.env.HTTP_PORT||9100)+'/healthz').then(r=>process.exit(r.ok?0:1),()=>process.exit(1))"
CMD ["node", "dist/main.js"]
