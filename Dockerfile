# Tandem in a container: `docker build -t tandem .` then
# `docker run -p 3000:3000 -v tandem-data:/app/data -e ORIGIN=https://tandem.example.com tandem`.
# Build argument WITH_FFMPEG=true adds ffmpeg (fixes browser recordings' duration and seek
# index, makes thumbnails). tools/check-container.sh runs these same steps without Docker.
ARG NODE_IMAGE=node:24-slim

FROM ${NODE_IMAGE} AS build
WORKDIR /app
COPY package.json package-lock.json .npmrc ./
RUN npm ci --no-audit --no-fund
COPY . .
RUN npm run build && npm prune --omit=dev --no-audit --no-fund

FROM ${NODE_IMAGE}
ARG WITH_FFMPEG=false
RUN if [ "$WITH_FFMPEG" = "true" ]; then \
		apt-get update && apt-get install -y --no-install-recommends ffmpeg && \
		rm -rf /var/lib/apt/lists/*; \
	fi
ENV NODE_ENV=production PORT=3000 DATA_DIR=/app/data LOG_FORMAT=json
WORKDIR /app
COPY --from=build /app/package.json ./
COPY --from=build /app/node_modules ./node_modules
COPY --from=build /app/build ./build
COPY --from=build /app/drizzle ./drizzle
COPY --from=build /app/src/cli ./src/cli
COPY --from=build /app/src/lib/server/logger.js ./src/lib/server/logger.js
# The embedded database and uploaded files live in the volume, owned by the unprivileged user.
RUN mkdir -p /app/data && chown node:node /app/data
USER node
VOLUME /app/data
EXPOSE 3000
HEALTHCHECK --interval=15s --timeout=3s --start-period=60s --retries=3 \
	CMD ["node", "-e", "fetch('http://127.0.0.1:' + (process.env.PORT || 3000) + '/healthz').then((r) => process.exit(r.ok ? 0 : 1), () => process.exit(1))"]
CMD ["node", "src/cli/start.js"]
