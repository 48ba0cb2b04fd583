# Shared helpers of the Zonecam scripts: JDK selection, machine set-up, local secrets. Sourced, never run.
# shellcheck shell=bash

ZONECAM_ROOT=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)
ZONECAM_STATE=${ZONECAM_STATE:-$ZONECAM_ROOT/.zonecam}

log() { printf '\033[1;34m[zonecam]\033[0m %s\n' "$*" >&2; }
die() { printf '\033[1;31m[zonecam] %s\033[0m\n' "$*" >&2; exit 1; }

# Zonecam targets Java 21; build and run with JDK 21+ (Temurin 25 on this machine kind).
select_jdk() {
  if [ -n "${JAVA_HOME:-}" ] && "$JAVA_HOME/bin/java" -version 2>&1 | grep -qE 'version "(2[1-9]|[3-9][0-9])'; then
    :
  else
    for candidate in /usr/lib/jvm/temurin-25-jdk-amd64 /usr/lib/jvm/temurin-21-jdk-amd64 /usr/lib/jvm/java-21-openjdk-amd64; do
      if [ -x "$candidate/bin/java" ]; then JAVA_HOME=$candidate; break; fi
    done
  fi
  [ -n "${JAVA_HOME:-}" ] && [ -x "$JAVA_HOME/bin/java" ] || die "no JDK 21 or newer found: install Temurin 21+ and set JAVA_HOME"
  export JAVA_HOME PATH="$JAVA_HOME/bin:$PATH"
  log "JDK: $JAVA_HOME"
}

# Debian packages the tests and the local platform use; installed only when missing.
ensure_packages() {
  local missing=()
  command -v ffmpeg >/dev/null || missing+=(ffmpeg)
  command -v psql >/dev/null || missing+=(postgresql-client)
  command -v mosquitto >/dev/null || missing+=(mosquitto)
  command -v openssl >/dev/null || missing+=(openssl)
  command -v curl >/dev/null || missing+=(curl)
  command -v node >/dev/null || missing+=(nodejs npm)
  for p in "$@"; do
    case "$p" in
      chromium) command -v chromium >/dev/null || missing+=(chromium) ;;
      *) dpkg -s "$p" >/dev/null 2>&1 || missing+=("$p") ;;
    esac
  done
  if [ ${#missing[@]} -gt 0 ]; then
    log "installing ${missing[*]}"
    local sudo=""; [ "$(id -u)" -eq 0 ] || sudo=sudo
    DEBIAN_FRONTEND=noninteractive $sudo apt-get install -y -q "${missing[@]}" >/dev/null 2>&1 \
      || { $sudo apt-get update -q >/dev/null 2>&1 && DEBIAN_FRONTEND=noninteractive $sudo apt-get install -y -q "${missing[@]}" >/dev/null; } \
      || die "could not install ${missing[*]} with apt-get"
  fi
}

port_open() { (exec 3<>"/dev/tcp/$1/$2") 2>/dev/null; }

# PostgreSQL on 127.0.0.1:5432 (trust auth for user postgres). No shared MQTT broker: the device bus takes only
# clients with a platform-CA certificate, so run-local and every test that needs a broker start their own TLS
# Mosquitto from scripts/mosquitto/render (see start_bus).
ensure_services() {
  if ! port_open 127.0.0.1 5432; then
    if ls /etc/postgresql >/dev/null 2>&1; then
      log "starting PostgreSQL"
      # The daemon must not inherit our open files: a caller's lock (e.g. flock around a build) would be held by
      # PostgreSQL for as long as it runs.
      pg_ctlcluster --skip-systemctl-redirect "$(ls /etc/postgresql | head -1)" main start 3>&- 4>&- 5>&- 6>&- 7>&- 8>&- 9>&- \
        || die "PostgreSQL did not start"
    else
      die "PostgreSQL is not installed and not listening on 127.0.0.1:5432"
    fi
  fi
  for _ in $(seq 1 30); do port_open 127.0.0.1 5432 && break; sleep 1; done
  port_open 127.0.0.1 5432 || die "PostgreSQL is not reachable on 127.0.0.1:5432"
}

# Creates a database on the local PostgreSQL if it does not exist.
ensure_database() {
  psql -h 127.0.0.1 -U postgres -tAc "select 1 from pg_database where datname = '$1'" | grep -q 1 \
    || psql -h 127.0.0.1 -U postgres -qc "create database $1" >/dev/null
}

# Local secrets, generated once and kept in .zonecam/ (git-ignored): token-signing key, pepper, dev issuer key,
# webhook secret key.
ensure_local_secrets() {
  mkdir -p "$ZONECAM_STATE"
  chmod 700 "$ZONECAM_STATE"
  local env="$ZONECAM_STATE/secrets.env"
  if [ ! -s "$env" ]; then
    log "generating local secrets in $env"
    local users_key
    users_key=$(openssl genpkey -algorithm EC -pkeyopt ec_paramgen_curve:P-256 2>/dev/null \
      | openssl pkcs8 -topk8 -nocrypt -outform DER | base64 -w0)
    umask 077
    {
      echo "ZONECAM_TOKENS_SIGNING_KEY=$(openssl genpkey -algorithm ed25519 -outform DER 2>/dev/null | base64 -w0)"
      echo "ZONECAM_SECRETS_PEPPER=$(openssl rand -base64 32)"
      echo "ZONECAM_DEV_ISSUER_PRIVATE_KEY=$users_key"
      echo "MP_JWT_VERIFY_PUBLICKEY=$(echo "$users_key" | base64 -d | openssl pkey -inform DER -pubout -outform DER 2>/dev/null | base64 -w0)"
    } > "$env"
  fi
  if ! grep -q '^ZONECAM_CA_PRIVATE_KEY=' "$env"; then
    # The platform CA (identity.CertificateService): an EC P-256 key and its self-signed certificate, made once here
    # and kept with the other local secrets (also added to a secrets file from before the CA existed).
    log "generating the local platform CA in $env"
    local ca_key ca_cert
    ca_key=$(openssl genpkey -algorithm EC -pkeyopt ec_paramgen_curve:P-256 2>/dev/null \
      | openssl pkcs8 -topk8 -nocrypt -outform DER | base64 -w0)
    ca_cert=$(echo "$ca_key" | base64 -d | openssl pkey -inform DER 2>/dev/null \
      | openssl req -x509 -new -key /dev/stdin -subj "/O=Zonecam/CN=Zonecam local platform CA" -days 3650 \
          -addext "basicConstraints=critical,CA:TRUE" -addext "keyUsage=critical,keyCertSign,cRLSign" \
          -outform DER 2>/dev/null | base64 -w0)
    umask 077
    {
      echo "ZONECAM_CA_PRIVATE_KEY=$ca_key"
      echo "ZONECAM_CA_CERTIFICATE=$ca_cert"
    } >> "$env"
  fi
  # Added later than the others: files generated before webhooks existed get it now.
  grep -q '^ZONECAM_WEBHOOKS_SECRET_KEY=' "$env" \
    || (umask 077; echo "ZONECAM_WEBHOOKS_SECRET_KEY=$(openssl rand -base64 32)" >> "$env")
  set -a; . "$env"; set +a
}

wait_http() { # url seconds
  local deadline=$((SECONDS + $2))
  until curl -fsS -o /dev/null "$1" 2>/dev/null; do
    [ $SECONDS -lt $deadline ] || return 1
    sleep 0.2
  done
}

# The files scripts/mosquitto/render needs, in DIR: the platform CA (from the local secrets; ensure_local_secrets
# first), a broker certificate issued by it for localhost/127.0.0.1 (a fresh key each start, 30 days), and the CA's
# CRL. The CA key is written only to a temporary file that is removed at once.
bus_tls_files() { # dir crl-url node-key
  local dir=$1 ca_key
  mkdir -p "$dir"
  chmod 700 "$dir"
  echo "$ZONECAM_CA_CERTIFICATE" | base64 -d | openssl x509 -inform DER -out "$dir/ca.pem"
  ca_key=$(umask 077; mktemp)
  echo "$ZONECAM_CA_PRIVATE_KEY" | base64 -d | openssl pkey -inform DER -out "$ca_key" 2>/dev/null
  (umask 077; openssl genpkey -algorithm EC -pkeyopt ec_paramgen_curve:P-256 -out "$dir/server.key" 2>/dev/null)
  if ! openssl req -new -key "$dir/server.key" -subj "/O=Zonecam/CN=localhost" 2>/dev/null \
    | openssl x509 -req -CA "$dir/ca.pem" -CAkey "$ca_key" -days 30 -set_serial "0x$(openssl rand -hex 16)" \
        -extfile <(printf '%s\n' 'basicConstraints=critical,CA:FALSE' 'keyUsage=critical,digitalSignature' \
          'extendedKeyUsage=serverAuth' 'subjectAltName=DNS:localhost,IP:127.0.0.1') \
        -out "$dir/server.pem" 2>/dev/null; then
    rm -f "$ca_key"
    die "could not issue the local broker certificate"
  fi
  rm -f "$ca_key"
  rm -f "$dir/crl.pem"
  fetch_crl "$dir" "$2" "$3" || die "could not fetch the CRL from $2"
}

# Fetches the platform CA's CRL into DIR/crl.pem; returns 2 when it did not change (a broker needs no reload).
fetch_crl() { # dir crl-url node-key
  local tmp="$1/crl.pem.new"
  curl -fsS -H "X-Node-Key: $3" "$2" -o "$tmp" && grep -q 'BEGIN X509 CRL' "$tmp" || { rm -f "$tmp"; return 1; }
  if cmp -s "$tmp" "$1/crl.pem"; then rm -f "$tmp"; return 2; fi
  mv "$tmp" "$1/crl.pem"
}

# Rewrites KEY=VALUE in bench/fleet/measurements.properties, or appends it: each measuring command owns its lines
# (FleetDeployModel reads them). The value is written as given (no backslashes: Properties would read escapes).
set_measurement() { # key value
  local file="$ZONECAM_ROOT/bench/fleet/measurements.properties"
  KEY=$1 VALUE=$2 awk 'BEGIN { k = ENVIRON["KEY"]; v = ENVIRON["VALUE"] }
    index($0, k "=") == 1 { print k "=" v; done = 1; next }
    { print }
    END { if (!done) print k "=" v }' "$file" >"$file.new"
  mv "$file.new" "$file"
}
