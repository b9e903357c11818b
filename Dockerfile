# Watcher in a container: non-root, state in a volume.
#   docker build -t watcher .
#   docker run -d -v watcher-state:/var/lib/watcher \
#     -v "$PWD/watcher.toml:/etc/watcher/watcher.toml:ro" watcher
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

USER watcher
VOLUME ["/var/lib/watcher"]
STOPSIGNAL SIGTERM
ENTRYPOINT ["watcher"]
CMD ["run"]
