#!/usr/bin/env bash
# Restore a Duo backup into a NEW database (docs/backup.md). PostgreSQL: create it first (createdb duo_restored).
#   scripts/restore.sh /var/backups/duo/duo-20260501-0300 postgres://duo@db/duo_restored [--media-root D --snapshot-dir D]
# Then start Duo on it with the SAME SECRET_KEY, DUO_FIELD_KEYS and PAIR_GUARD_KEY as when the backup was taken.
set -euo pipefail
cd "$(dirname "$0")/.."
folder="${1:?usage: scripts/restore.sh BACKUP_FOLDER DATABASE_URL [--media-root DIR] [--snapshot-dir DIR]}"
target="${2:?usage: scripts/restore.sh BACKUP_FOLDER DATABASE_URL [--media-root DIR] [--snapshot-dir DIR]}"
shift 2
exec "${PYTHON:-.venv/bin/python}" manage.py restore "$folder" --database-url "$target" "$@"
