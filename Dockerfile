# The Mini App's JavaScript (zxing-wasm, webapp/package-lock.json), installed from the npm registry at build time.
FROM node:20-bookworm-slim AS webapp
WORKDIR /webapp
COPY webapp/package.json webapp/package-lock.json ./
RUN npm ci --no-audit --no-fund

# The bot in production: slim Python, the decoders' system libraries, a non-root user.
# Pinned to Debian 12: from Debian 13 on, the libraries below are named libdmtx0t64 / libzbar0t64.
FROM python:3.11-slim-bookworm

RUN apt-get update \
 && apt-get install -y --no-install-recommends libdmtx0b libzbar0 \
 && rm -rf /var/lib/apt/lists/*

ENV PYTHONDONTWRITEBYTECODE=1 PYTHONUNBUFFERED=1 PIP_NO_CACHE_DIR=1
WORKDIR /app
COPY pyproject.toml README.md ./
COPY bot ./bot
COPY core ./core
COPY handlers ./handlers
COPY verification ./verification
COPY complaints ./complaints
COPY recalls ./recalls
COPY institutions ./institutions
COPY alerts ./alerts
COPY pharmacies ./pharmacies
COPY register ./register
COPY stats ./stats
# The Mini App's page and what it loads, served under /app/ (bot/webapp.py finds them in ./webapp).
COPY webapp/index.html ./webapp/
COPY webapp/static ./webapp/static
COPY --from=webapp /webapp/node_modules ./webapp/node_modules
RUN pip install . && useradd --create-home --uid 10001 medcheck && mkdir -p /app/var && chown medcheck /app/var
USER medcheck

EXPOSE 8080 8081
HEALTHCHECK --interval=30s --timeout=5s --start-period=30s --retries=3 \
  CMD python -c "import urllib.request; urllib.request.urlopen('http://127.0.0.1:8081/healthz', timeout=4)" || exit 1
CMD ["medcheck", "run"]
