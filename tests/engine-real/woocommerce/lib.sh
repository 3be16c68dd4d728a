# shellcheck shell=bash
# Helpers of tests/engine-real/woocommerce.sh: the store's MariaDB and WordPress pods played by Debian's
# mariadbd and PHP with the environment the chart renders for them, and the Job's helpers run in the Job's
# container. Sourced after tests/engine-real/lib/release.sh. Secrets are read by this shell (builtins only)
# and passed through files or the environment, never on a command line.

wc_dir=$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)
WWW_UID=33  # www-data: the WordPress pod and the setup Job run as 33 (charts/store/templates/woocommerce)

# with_command DIR NEW CMD...: NEW is DIR's container (environment, working directory) running CMD instead:
# the Job image's other programs (php with the chart's helpers), as `kubectl exec` into that pod would.
with_command() {
  local dir=$1 new=$2
  shift 2
  mkdir -p "$new"
  cp -p "$dir/env" "$dir/workdir" "$new/"
  printf '%s\0' "$@" >"$new/argv"
}

# as_www CMD...: runs CMD as the WordPress user when the test is root (files the pods would write).
as_www() { if [[ $(id -u) == 0 ]]; then setpriv --reuid=$WWW_UID --regid=$WWW_UID --clear-groups "$@"; else "$@"; fi; }
www_owns() { if [[ $(id -u) == 0 ]]; then chown -R "$WWW_UID:$WWW_UID" "$@"; fi; }

# sql_string VALUE: VALUE as a MariaDB string literal.
sql_string() { local s=${1//\\/\\\\}; s=${s//\'/\\\'}; printf "'%s'" "$s"; }

# start_mariadb ENV_DIR DIR PORT: what the official mariadb image does on its first start with the rendered
# StatefulSet container's MARIADB_DATABASE, MARIADB_USER, MARIADB_PASSWORD and MARIADB_ROOT_PASSWORD (an
# empty datadir, then the database, its user and root's password), with Debian's mariadbd on 127.0.0.1:PORT.
# Adds mariadbd to BG_PIDS; DIR/root.cnf (0600) lets this test administer it over the socket.
start_mariadb() {
  local envdir=$1 dir=$2 port=$3 db user pass rootpw
  db=$(env_value "$envdir" MARIADB_DATABASE) && user=$(env_value "$envdir" MARIADB_USER) \
    && pass=$(env_value "$envdir" MARIADB_PASSWORD) && rootpw=$(env_value "$envdir" MARIADB_ROOT_PASSWORD) \
    || fail "the mariadb container lacks MARIADB_DATABASE/USER/PASSWORD/ROOT_PASSWORD"
  local -a as_mysql=()
  mkdir -p "$dir/data" "$dir/run"
  if [[ $(id -u) == 0 ]]; then as_mysql=(--user=mysql); chown -R mysql:mysql "$dir"; fi  # mariadbd drops to it
  mariadb-install-db --no-defaults "${as_mysql[@]}" --datadir="$dir/data" --auth-root-authentication-method=normal \
    --skip-test-db >"$dir/install.log" 2>&1 || { cat "$dir/install.log"; fail "mariadb-install-db failed"; }
  (
    umask 077
    local tick='`'
    {
      # The image's docker_setup_db: root only from the socket host and '%', both with the root password.
      printf "DROP USER IF EXISTS root@'127.0.0.1', root@'::1';\n"
      printf "EXECUTE IMMEDIATE CONCAT('DROP USER IF EXISTS root@\\\\'', @@hostname, '\\\\'');\n"
      printf "ALTER USER root@localhost IDENTIFIED BY %s;\n" "$(sql_string "$rootpw")"
      printf "CREATE USER root@'%%' IDENTIFIED BY %s;\nGRANT ALL ON *.* TO root@'%%' WITH GRANT OPTION;\n" "$(sql_string "$rootpw")"
      printf 'CREATE DATABASE IF NOT EXISTS `%s`;\n' "${db//$tick/$tick$tick}"
      printf "CREATE USER %s@'%%' IDENTIFIED BY %s;\n" "$(sql_string "$user")" "$(sql_string "$pass")"
      printf 'GRANT ALL ON `%s`.* TO %s@'"'%%'"';\n' "${db//$tick/$tick$tick}" "$(sql_string "$user")"
    } >"$dir/run/init.sql"
    printf '[client]\nuser=root\npassword=%s\nsocket=%s\n' "$rootpw" "$dir/run/mysqld.sock" >"$dir/root.cnf"
  )
  [[ $(id -u) == 0 ]] && chown mysql:mysql "$dir/run/init.sql"
  mariadbd --no-defaults "${as_mysql[@]}" --datadir="$dir/data" --socket="$dir/run/mysqld.sock" \
    --pid-file="$dir/run/mysqld.pid" --bind-address=127.0.0.1 --port="$port" --skip-name-resolve \
    --init-file="$dir/run/init.sql" --innodb-buffer-pool-size=64M --log-error="$dir/run/error.log" >"$dir/mariadbd.out" 2>&1 &
  local pid=$! i
  BG_PIDS+=("$pid")
  for i in $(seq 150); do
    mariadb --defaults-extra-file="$dir/root.cnf" -e 'SELECT 1' >/dev/null 2>&1 && break
    kill -0 "$pid" 2>/dev/null || { cat "$dir/run/error.log"; fail "mariadbd exited"; }
    ((i < 150)) || { cat "$dir/run/error.log"; fail "MariaDB did not start"; }
    sleep 0.2
  done
  rm -f "$dir/run/init.sql"
}

# db_sql DIR SQL: runs SQL as MariaDB's root (DIR from start_mariadb).
db_sql() { mariadb --defaults-extra-file="$1/root.cnf" -e "$2"; }

# install_wordpress_files DIR: the WordPress volume as the wordpress image leaves it: Debian's WordPress core
# (symlinks resolved; Debian's own config and .htaccess left out) with the image's kind of wp-config.php and
# random salts, owned by www-data.
install_wordpress_files() {
  local html=$1
  cp -rL /usr/share/wordpress "$html"
  rm -f "$html/.htaccess"
  cp "$wc_dir/wp-config.php" "$html/wp-config.php"
  php -r '$f = $argv[1]; file_put_contents($f, preg_replace_callback("/put your unique phrase here/",
    fn () => bin2hex(random_bytes(32)), file_get_contents($f)));' "$html/wp-config.php"
  www_owns "$html"
}

# start_wordpress_web ENV_DIR HTML PORT LOG: the WordPress pod with its rendered environment, PHP's built-in web
# server in the image's WORKDIR standing in for its Apache. Adds the server (and its shell) to BG_PIDS.
start_wordpress_web() {
  local dir=$1 html=$2 port=$3 log=$4 pidfile i
  pidfile=$(dirname "$log")/web.pid
  : >"$pidfile"
  www_owns "$pidfile"
  # The image's CMD; `sh` writes its own pid, which `exec` hands on to php, so cleanup can stop the server.
  # shellcheck disable=SC2016,SC2034  # expanded by that sh; IMAGE_CMD is read by run_container
  IMAGE_CMD=(sh -c 'echo $$ >"$0" && exec php -S "127.0.0.1:$1" -t .' "$pidfile" "$port")
  IMAGE_WORKDIR=$html RUN_AS=$WWW_UID run_container "$dir" >"$log" 2>&1 &
  BG_PIDS+=("$!")
  for i in $(seq 100); do
    [[ -s $pidfile ]] && curl -s -o /dev/null "http://127.0.0.1:$port/wp-includes/version.php" && break
    ((i < 100)) || { cat "$log"; fail "the WordPress web server did not start"; }
    sleep 0.1
  done
  BG_PIDS+=("$(cat "$pidfile")")
}

# http_login URL USER PASSWORD_FILE: logs in through URL/wp-login.php as a browser does (test cookie first,
# then the form; the password is sent from a file). Succeeds when WordPress answers with its logged-in
# cookie and a redirect into wp-admin. The store's public host is routed to the local server on WEB_PORT.
http_login() {
  local url=$1 user=$2 pwfile=$3 jar headers host
  host=$(php -r '$u = parse_url($argv[1]); echo $u["host"], ":", $u["port"] ?? 80;' "$url")
  jar=$(mktemp "$WORK/jar.XXXXXX") && headers=$(mktemp "$WORK/headers.XXXXXX")
  local -a curl_opts=(-s -o /dev/null -c "$jar" -b "$jar" --connect-to "$host:127.0.0.1:$WEB_PORT")
  curl "${curl_opts[@]}" "$url/wp-login.php" || fail "GET $url/wp-login.php failed"
  curl "${curl_opts[@]}" -D "$headers" --data-urlencode "log=$user" --data-urlencode "pwd@$pwfile" \
    --data-urlencode testcookie=1 --data-urlencode "redirect_to=$url/wp-admin/" "$url/wp-login.php" \
    || fail "POST $url/wp-login.php failed"
  local status=1
  if grep -qi '^set-cookie: wordpress_logged_in_' "$headers" && grep -qiE "^location: $url/wp-admin/" "$headers"; then
    status=0
  fi
  rm -f "$jar" "$headers"
  return $status
}

# secret_file SECRET KEY FILE: the Secret's value for KEY into a new 0600 FILE, for curl --data-urlencode @.
secret_file() { (umask 077 && secret_value "$1" "$2" >"$3"); }
