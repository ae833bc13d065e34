# Start a throwaway PostgreSQL on 127.0.0.1:55432 for the store tests; exports COACH_TEST_POSTGRES_URL.
start_postgres() {
  local port=55432 data=/tmp/coach-pg-data user=postgres
  id "$user" >/dev/null 2>&1 || useradd --system --no-create-home "$user"
  if ! pg_ctl -D "$data" status >/dev/null 2>&1 && ! su "$user" -s /bin/sh -c "pg_ctl -D $data status" >/dev/null 2>&1; then
    rm -rf "$data" && mkdir -p "$data" && chown "$user" "$data"
    su "$user" -s /bin/sh -c "initdb -D $data -A trust -U postgres >/dev/null" || return 1
    su "$user" -s /bin/sh -c "pg_ctl -D $data -o '-p $port -k /tmp -c listen_addresses=127.0.0.1' -l $data/log -w start >/dev/null" || return 1
  fi
  psql -h 127.0.0.1 -p "$port" -U postgres -tc "SELECT 1 FROM pg_database WHERE datname='coach_test'" | grep -q 1 \
    || psql -h 127.0.0.1 -p "$port" -U postgres -c "CREATE DATABASE coach_test" >/dev/null
  export COACH_TEST_POSTGRES_URL="postgresql+psycopg://postgres@127.0.0.1:$port/coach_test"
}
