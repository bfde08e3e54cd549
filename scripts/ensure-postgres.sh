#!/usr/bin/env bash
# Exit 0 when PostgreSQL answers at the URL given; try once to start a local cluster first.
set -u
url="$1"
check() {
  .venv/bin/python - "$url" <<'PY'
import sys
import psycopg
url = sys.argv[1].rsplit("/", 1)[0] + "/postgres"
try:
    psycopg.connect(url, connect_timeout=3).close()
except Exception as exc:  # any failure means "not reachable"
    print(f"PostgreSQL check: {exc}".strip(), file=sys.stderr)
    sys.exit(1)
PY
}
check 2>/dev/null && exit 0
if command -v pg_ctlcluster >/dev/null 2>&1 && [ -d /etc/postgresql ]; then
  for version in $(ls /etc/postgresql); do
    pg_ctlcluster --skip-systemctl-redirect "$version" main start >/dev/null 2>&1 || true
  done
  sleep 2
fi
check
