#!/usr/bin/env bash
# Back up Duo: database, uploaded files, impact snapshots (docs/backup.md). Run with Duo's own environment
# (DATABASE_URL, MEDIA_ROOT, IMPACT_SNAPSHOT_DIR, and the keys, which Django needs to start but which are NOT
# written into the backup).   scripts/backup.sh /var/backups/duo
set -euo pipefail
cd "$(dirname "$0")/.."
exec "${PYTHON:-.venv/bin/python}" manage.py backup "${1:?usage: scripts/backup.sh DESTINATION}"
