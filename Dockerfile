# Image for running the pipeline under docker compose (production-like: PostgreSQL metadata and register).
# The local default needs none of this: see the README's two commands.
FROM apache/airflow:3.3.2-python3.11
COPY --chown=airflow:0 requirements.txt pyproject.toml /opt/dcn/
COPY --chown=airflow:0 transforms /opt/dcn/transforms
COPY --chown=airflow:0 config /opt/dcn/config
RUN pip install --no-cache-dir -r /opt/dcn/requirements.txt \
 && pip install --no-cache-dir --no-deps -e /opt/dcn \
 && DCN_CACHE_DIR=/opt/dcn/cache python -m transforms warm-up
ENV DCN_CONFIG_DIR=/opt/dcn/config DCN_CACHE_DIR=/opt/dcn/cache DCN_DATA_ROOT=/opt/dcn/data
