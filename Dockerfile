# Watcher in a container: non-root, state in a volume, pages and /metrics on port 8080.
#   docker build -t watcher .
#   docker run -d -p 127.0.0.1:8080:8080 -v watcher-state:/var/lib/watcher \
#     -e WATCHER_HTTP_PASSWORD=... \
#     -v "$PWD/watcher.toml:/etc/watcher/watcher.toml:ro" watcher
# To be reached through a published port, your watcher.toml must listen on every interface
# of the container, which requires a password:
#   [http]
#   listen = "0.0.0.0:8080"
#   auth = "reader:${WATCHER_HTTP_PASSWORD}"
FROM python:3.11-slim

ENV PYTHONDONTWRITEBYTECODE=1 \
    PYTHONUNBUFFERED=1 \
    PIP_NO_CACHE_DIR=1 \
    STATE_DIRECTORY=/var/lib/watcher \
    WATCHER_CONFIG=/etc/watcher/watcher.toml

WORKDIR /src
COPY pyproject.toml README.md alembic.ini ./
COPY watcher ./watcher
COPY migrations ./migrations
RUN pip install . && rm -rf /src

RUN useradd --system --uid 10001 --home-dir /var/lib/watcher --shell /usr/sbin/nologin watcher \
    && mkdir -p /var/lib/watcher /etc/watcher \
    && chown watcher:watcher /var/lib/watcher
COPY config.example.toml /etc/watcher/watcher.toml
# The example configuration, served on the container's loopback only: enough for the
# HEALTHCHECK below; a configuration of your own decides where pages are served.
RUN printf '\n[http]\nlisten = "127.0.0.1:8080"\n' >> /etc/watcher/watcher.toml

USER watcher
VOLUME ["/var/lib/watcher"]
EXPOSE 8080
# /healthz: 200 while the scheduler runs and the database answers, else 503 (the image has no
# curl; Python's urllib raises on any status but 2xx). Needs [http] on port 8080 with
# open_health = true (the default).
HEALTHCHECK --interval=30s --timeout=10s --start-period=60s --retries=3 \
    CMD ["python", "-c", "import urllib.request; urllib.request.urlopen('http://127.0.0.1:8080/healthz', timeout=8)"]
STOPSIGNAL SIGTERM
ENTRYPOINT ["watcher"]
CMD ["run"]
