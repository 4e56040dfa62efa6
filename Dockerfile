# Production image for the api, the worker and the MDM simulator (one image, three commands).
FROM node:20.20-bookworm-slim AS build
WORKDIR /app
COPY package.json package-lock.json ./
RUN npm ci
COPY . .
RUN npm run build && npm prune --omit=dev

FROM node:20.20-bookworm-slim AS runtime
ENV NODE_ENV=production
WORKDIR /app
COPY --from=build --chown=node:node /app/package.json ./
COPY --from=build --chown=node:node /app/node_modules ./node_modules
COPY --from=build --chown=node:node /app/dist ./dist
COPY --from=build --chown=node:node /app/config ./config
# Every path docker-compose.yml mounts a named volume on must exist here, owned by node: a fresh named volume takes
# the owner of the directory it covers, and one over a missing path is created root-owned, which node cannot write.
RUN mkdir -p /app/.data/reports /app/.data/simulator-tls && chown -R node:node /app/.data
USER node
EXPOSE 3000 3001 3002 4010
CMD ["node", "dist/apps/api/src/main.js"]
