#!/usr/bin/env bash
# Nightly logical backup of one platform database, kept for BACKUP_KEEP_DAYS (default 30).
# Usage: DATABASE_URL=postgres://… BACKUP_DIR=/var/backups/abroad infra/postgres/backup.sh
# Restore: pg_restore --clean --if-exists -d "$DATABASE_URL" <file>.dump
set -euo pipefail
: "${DATABASE_URL:?set DATABASE_URL to the owner login of the database to back up}"
backup_dir=${BACKUP_DIR:-/var/backups/abroad}
keep_days=${BACKUP_KEEP_DAYS:-30}
mkdir -p "$backup_dir"
file="$backup_dir/abroad-$(date -u +%Y%m%dT%H%M%SZ).dump"
pg_dump --format=custom --no-owner --file="$file.partial" "$DATABASE_URL"
mv "$file.partial" "$file" # a file without .partial is always a complete dump
find "$backup_dir" -name 'abroad-*.dump' -mtime +"$keep_days" -delete
echo "$file"
