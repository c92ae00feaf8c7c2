#!/usr/bin/env bash
# First start (and every upgrade) of a deployment: compose's airflow-init runs it, and so does the Celery test
# (tests/ops/test_celery_stack.py), so both start from the same steps. Safe to run again.
set -euo pipefail
here=$(cd "$(dirname "$0")" && pwd)
airflow db migrate
python -m dcn_airflow.bootstrap "$here/fab-roles.json"
airflow pools import "$here/pools.json"
