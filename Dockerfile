# syntax=docker/dockerfile:1
# openkyb: one image for every service; the command selects the role:
#   api:        openkyb serve --host 0.0.0.0 --port 8000   (default CMD)
#   screening:  openkyb screening serve --host 0.0.0.0 --port 8001
#   migrations: openkyb db upgrade
# Runs as uid 10001 and works with a read-only root filesystem (mount /tmp).

# Base image pinned to an exact tag (both stages use the same one; bump together).
# ---------------------------------------------------------------- builder
FROM python:3.11.11-slim-bookworm AS builder

ENV PIP_NO_CACHE_DIR=1 \
    PIP_DISABLE_PIP_VERSION_CHECK=1 \
    PYTHONDONTWRITEBYTECODE=1

WORKDIR /src

# Self-contained virtualenv that is copied as-is into the runtime stage.
RUN python -m venv /opt/venv
ENV PATH="/opt/venv/bin:${PATH}"

COPY pyproject.toml README.md ./
COPY src ./src

RUN pip install --no-cache-dir --upgrade "pip==24.3.1" \
    && pip wheel --no-cache-dir --no-deps --wheel-dir /wheels . \
    && pip install --no-cache-dir /wheels/*.whl

# ---------------------------------------------------------------- runtime
FROM python:3.11.11-slim-bookworm AS runtime

ARG VERSION=0.1.0
ARG REVISION=unknown

LABEL org.opencontainers.image.title="openkyb" \
      org.opencontainers.image.description="Open-source, self-hostable Know Your Business (KYB) platform" \
      org.opencontainers.image.licenses="Apache-2.0" \
      org.opencontainers.image.version="${VERSION}" \
      org.opencontainers.image.revision="${REVISION}" \
      org.opencontainers.image.source="https://github.com/openkyb/openkyb"

ENV PATH="/opt/venv/bin:${PATH}" \
    PYTHONDONTWRITEBYTECODE=1 \
    PYTHONUNBUFFERED=1 \
    HOME=/tmp \
    TMPDIR=/tmp

RUN groupadd --system --gid 10001 openkyb \
    && useradd --system --uid 10001 --gid 10001 --no-create-home --home-dir /tmp --shell /usr/sbin/nologin openkyb

COPY --from=builder /opt/venv /opt/venv

WORKDIR /app
USER 10001:10001

EXPOSE 8000 8001

# Probes the api port by default; the screening container overrides it
# (compose healthcheck / Kubernetes probes) for port 8001.
HEALTHCHECK --interval=30s --timeout=5s --start-period=20s --retries=3 \
    CMD ["python", "-c", "import os,sys,urllib.request; port=os.environ.get('OPENKYB_HEALTH_PORT','8000'); sys.exit(0 if urllib.request.urlopen('http://127.0.0.1:'+port+'/healthz', timeout=3).status == 200 else 1)"]

CMD ["openkyb", "serve", "--host", "0.0.0.0", "--port", "8000"]
