# ClawDoc's headless watcher as a container: a sidecar beside an OpenClaw container. It probes the
# gateway, alerts (Feishu, DingTalk, …) and serves Prometheus metrics; it restarts the gateway only
# through a command you give it (--manage command), never by killing a process it cannot see.
#
#   docker build -t clawdoc .
#   docker run -d --name clawdoc --network container:openclaw -v clawdoc-data:/data clawdoc
#   docker run -d --name clawdoc -v clawdoc-data:/data -p 9464:9464 clawdoc \
#     watch --manage none --host openclaw --metrics-listen 0.0.0.0:9464
#
# The Prometheus bearer token is /data/dashboard-token (docker exec clawdoc cat /data/dashboard-token).

FROM node:24-bookworm-slim AS build
WORKDIR /src
# No Electron binary and no OpenClaw test bed: the image runs the engine only.
ENV ELECTRON_SKIP_BINARY_DOWNLOAD=1 CLAWDOC_SKIP_TESTBED=1
COPY . .
# `npm ci` builds ClawDoc (prepare: tsc and the window's bundle), then the dev tools are dropped.
RUN npm ci --no-audit --no-fund \
 && npm prune --omit=dev --no-audit --no-fund --ignore-scripts \
 && rm -rf dist/test dist/bench node_modules/.cache

FROM node:24-bookworm-slim
LABEL org.opencontainers.image.title="ClawDoc" \
      org.opencontainers.image.description="Keeps the OpenClaw gateway alive and repairs it: watchdog, doctor, alerts, Prometheus metrics"
WORKDIR /app
COPY --from=build /src/package.json ./
COPY --from=build /src/bin ./bin
COPY --from=build /src/dist/src ./dist/src
COPY --from=build /src/dist/renderer ./dist/renderer
COPY --from=build /src/node_modules ./node_modules
RUN mkdir -p /data && chown node:node /data && chmod 0700 /data \
 && ln -s /app/bin/clawdoc.js /usr/local/bin/clawdoc
ENV CLAWDOC_DATA_DIR=/data NODE_ENV=production
USER node
VOLUME ["/data"]
EXPOSE 9464
STOPSIGNAL SIGTERM
ENTRYPOINT ["node", "/app/bin/clawdoc.js"]
CMD ["watch", "--manage", "none", "--metrics-listen", "0.0.0.0:9464"]
