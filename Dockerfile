# Watcher in a container: non-root, state in a volume, pages and /metrics on port 8080.
#   docker build -t watcher .
#   docker build -t watcher:browser --build-arg BROWSER=1 .    # with Chromium, for render = "browser"
#   docker run -d -p 127.0.0.1:8080:8080 -v watcher-state:/var/lib/watcher \
#     -e WATCHER_HTTP_PASSWORD=... \
#     -v "$PWD/watcher.toml:/etc/watcher/watcher.toml:ro" watcher
# To be reached through a published port, your watcher.toml must listen on every interface
# of the container, which requires a password:
#   [http]
#   listen = "0.0.0.0:8080"
#   auth = "reader:${WATCHER_HTTP_PASSWORD}"

# The base pinned by its tag and by its digest (a tag is re-pushed with each Debian update;
# the digest is not). Rebasing means changing both, then rebuilding:
#   docker buildx imagetools inspect python:3.11.11-slim-bookworm
FROM python:3.11.11-slim-bookworm@sha256:081075da77b2b55c23c088251026fb69a7b2bf92471e491ff5fd75c192fd38e5

# BROWSER=1 adds Debian's Chromium and the browser extra (Playwright's Python package), for
# watches with render = "browser"; the default image has neither.
ARG BROWSER=0

ENV PYTHONDONTWRITEBYTECODE=1 \
    PYTHONUNBUFFERED=1 \
    PIP_NO_CACHE_DIR=1 \
    STATE_DIRECTORY=/var/lib/watcher \
    WATCHER_CONFIG=/etc/watcher/watcher.toml

# tini is PID 1: it passes SIGTERM and SIGHUP (reload) on to the daemon, which as PID 1
# would get no default signal handling, and reaps the processes Chromium leaves behind.
RUN apt-get update \
    && apt-get install -y --no-install-recommends tini \
    && if [ "$BROWSER" = 1 ]; then apt-get install -y --no-install-recommends chromium; fi \
    && rm -rf /var/lib/apt/lists/*

WORKDIR /src
COPY pyproject.toml README.md LICENSE ./
COPY watcher ./watcher
COPY migrations ./migrations
RUN if [ "$BROWSER" = 1 ]; then pip install '.[browser]'; else pip install .; fi \
    && rm -rf /src

RUN useradd --system --uid 10001 --home-dir /var/lib/watcher --shell /usr/sbin/nologin watcher \
    && mkdir -p /var/lib/watcher /etc/watcher \
    && chown watcher:watcher /var/lib/watcher
COPY config.example.toml /etc/watcher/watcher.toml
# The example configuration, served on the container's loopback only: enough for the
# HEALTHCHECK below; a configuration of your own decides where pages are served.
RUN printf '\n[http]\nlisten = "127.0.0.1:8080"\n' >> /etc/watcher/watcher.toml

USER watcher
WORKDIR /var/lib/watcher
VOLUME ["/var/lib/watcher"]
EXPOSE 8080
# /healthz: 200 while the scheduler runs and the database answers, else 503 (the image has no
# curl; Python's urllib raises on any status but 2xx). Needs [http] on port 8080 with
# open_health = true (the default).
HEALTHCHECK --interval=30s --timeout=10s --start-period=60s --retries=3 \
    CMD ["python", "-c", "import urllib.request; urllib.request.urlopen('http://127.0.0.1:8080/healthz', timeout=8)"]
STOPSIGNAL SIGTERM
ENTRYPOINT ["/usr/bin/tini", "--", "watcher"]
CMD ["run"]
