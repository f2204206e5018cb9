# One image for every stage: the role is an argument, so a deployment runs one container per
# stage (or several of one role to share its work). Tests run the same entrypoint as a plain
# process (examples/spot-risk/test/drills).
FROM node:20-bookworm-slim
WORKDIR /opt/aether
COPY . .
RUN npm ci && npm run build && npm prune --omit=dev
ENV NODE_ENV=production
USER node
ENTRYPOINT ["node", "core/dist/cli/main.js"]
CMD ["run", "examples/spot-risk/pipeline.distributed.json", "--role", "all", "--no-progress"]
