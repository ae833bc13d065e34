# Start a throwaway PostgreSQL on 127.0.0.1:55432 for the store tests; exports COACH_TEST_POSTGRES_URL.
# Installs Debian's postgresql first when it is missing and we are root.
ensure_postgres_binaries() {
  local bin
  bin=$(ls -d /usr/lib/postgresql/*/bin 2>/dev/null | sort -V | tail -n 1)
  if [ -z "$bin" ] && [ "$(id -u)" = "0" ] && command -v apt-get >/dev/null 2>&1; then
    echo "Installing Debian's postgresql for the PostgreSQL tests…"
    apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq postgresql >/dev/null || return 1
    bin=$(ls -d /usr/lib/postgresql/*/bin 2>/dev/null | sort -V | tail -n 1)
  fi
  [ -n "$bin" ] && export PATH="$bin:$PATH"
  command -v pg_ctl >/dev/null 2>&1 && command -v initdb >/dev/null 2>&1
}

start_postgres() {
  local port=55432 data=/tmp/coach-pg-data user=postgres
  ensure_postgres_binaries || { echo "PostgreSQL server binaries are missing (apt-get install postgresql)" >&2; return 1; }
  id "$user" >/dev/null 2>&1 || useradd --system --no-create-home "$user"
  if ! pg_ctl -D "$data" status >/dev/null 2>&1 && ! su "$user" -s /bin/sh -c "PATH=$PATH pg_ctl -D $data status" >/dev/null 2>&1; then
    rm -rf "$data" && mkdir -p "$data" && chown "$user" "$data"
    su "$user" -s /bin/sh -c "PATH=$PATH initdb -D $data -A trust -U postgres >/dev/null" || return 1
    su "$user" -s /bin/sh -c "PATH=$PATH pg_ctl -D $data -o '-p $port -k /tmp -c listen_addresses=127.0.0.1' -l $data/log -w start >/dev/null" || return 1
  fi
  psql -h 127.0.0.1 -p "$port" -U postgres -tc "SELECT 1 FROM pg_database WHERE datname='coach_test'" | grep -q 1 \
    || psql -h 127.0.0.1 -p "$port" -U postgres -c "CREATE DATABASE coach_test" >/dev/null
  export COACH_TEST_POSTGRES_URL="postgresql+psycopg://postgres@127.0.0.1:$port/coach_test"
}
