# syntax=docker/dockerfile:1
# Stage 1: build the single `tbg` executable (runtime, views, assets, migrations embedded).
FROM oven/bun:1 AS build
WORKDIR /src
COPY package.json bun.lock ./
RUN bun install --frozen-lockfile
COPY . .
RUN bun run build

# Stage 2: only the binary, run as an unprivileged user with its state on a volume.
FROM debian:bookworm-slim
RUN useradd --system --uid 10001 --home-dir /data --shell /usr/sbin/nologin tbg \
 && mkdir -p /data && chown tbg:tbg /data
COPY --from=build /src/dist/tbg /usr/local/bin/tbg
ENV TBG_DATA_DIR=/data \
    TBG_HTTP_HOST=0.0.0.0 \
    TBG_STRATUM_HOST=0.0.0.0
VOLUME ["/data"]
EXPOSE 8080 3333
USER tbg
WORKDIR /data
STOPSIGNAL SIGTERM
ENTRYPOINT ["/usr/local/bin/tbg"]
