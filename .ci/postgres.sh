#!/usr/bin/env bash
# Installs PostgreSQL from Debian if missing, starts it, and creates the user and database the
# tests use (nora / nora, database nora_test). Safe to run again. Needs root (CI runs as root).
set -euo pipefail

if ! ls /usr/lib/postgresql/*/bin/pg_ctl >/dev/null 2>&1; then
  echo "[ci] installing PostgreSQL from Debian"
  apt-get update -q
  DEBIAN_FRONTEND=noninteractive apt-get install -y -q postgresql
fi

version=$(ls /usr/lib/postgresql | sort -V | tail -1)
if ! pg_lsclusters -h 2>/dev/null | grep -q .; then
  pg_createcluster "$version" main
fi
cluster=$(pg_lsclusters -h | head -1 | awk '{print $1" "$2}')
if ! pg_lsclusters -h | head -1 | grep -q online; then
  pg_ctlcluster $cluster start
fi

for _ in $(seq 1 30); do
  su postgres -c "psql -qAtc 'select 1'" >/dev/null 2>&1 && break
  sleep 1
done

su postgres -c "psql -qAtc \"select 1 from pg_roles where rolname='nora'\"" | grep -q 1 \
  || su postgres -c "psql -qc \"create role nora login password 'nora'\""
su postgres -c "psql -qAtc \"select 1 from pg_database where datname='nora_test'\"" | grep -q 1 \
  || su postgres -c "psql -qc 'create database nora_test owner nora'"
echo "[ci] PostgreSQL $version is up: jdbc:postgresql://127.0.0.1:5432/nora_test (nora/nora)"
