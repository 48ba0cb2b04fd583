#!/bin/bash
# Drains this stream node: asks it to move its cameras to other nodes, then waits until it reports
# {"state":"drained","cameras":0}. Idempotent; exits 0 at once when the service is not running.
set -uo pipefail

MANAGEMENT_URL=${ZONECAM_MANAGEMENT_URL:-http://127.0.0.1:9000}
TIMEOUT=${ZONECAM_DRAIN_TIMEOUT_SECONDS:-1080}
POLL=${ZONECAM_DRAIN_POLL_SECONDS:-5}
ENV_FILE=${ZONECAM_NODE_ENV_FILE:-/etc/zonecam/node.env}

if ! systemctl is-active --quiet zonecam-node; then
  echo "zonecam-node is not running: nothing to drain"
  exit 0
fi

# The drain endpoint requires the zone's node key (X-Node-Key), the secret the node itself enrolls with: given
# directly, or read from the Secrets Manager secret named in the node's environment file (the instance role may).
node_key() {
  if [ -n "${ZONECAM_NODE_KEY:-}" ]; then
    printf '%s' "$ZONECAM_NODE_KEY"
    return
  fi
  local arn
  arn=$(sed -n 's/^ZONECAM_CONTROL_PLANE_ENROLLMENT_KEY_SECRET_ARN=//p' "$ENV_FILE" 2>/dev/null)
  [ -n "$arn" ] || return 1
  aws secretsmanager get-secret-value --region "$(cut -d: -f4 <<<"$arn")" --secret-id "$arn" \
    --query SecretString --output text
}
if ! key=$(node_key) || [ -z "$key" ]; then
  echo "no node key: set ZONECAM_NODE_KEY or ZONECAM_CONTROL_PLANE_ENROLLMENT_KEY_SECRET_ARN in $ENV_FILE" >&2
  exit 1
fi
# The key goes to curl in a file only root can read, never on a command line other users could see.
headers=$(mktemp)
trap 'rm -f "$headers"' EXIT
chmod 600 "$headers"
printf 'X-Node-Key: %s\n' "$key" >"$headers"

drained() {
  python3 -c 'import json,sys
d = json.load(sys.stdin)
sys.exit(0 if d.get("state") == "drained" and d.get("cameras") == 0 else 1)' <<<"$1" 2>/dev/null
}

if ! curl -fsS --max-time 10 -H @"$headers" -X POST "$MANAGEMENT_URL/admin/drain" >/dev/null; then
  echo "drain request to $MANAGEMENT_URL/admin/drain failed" >&2
  exit 1
fi
echo "drain started; waiting up to ${TIMEOUT}s"

deadline=$((SECONDS + TIMEOUT))
body=""
while ((SECONDS < deadline)); do
  body=$(curl -fsS --max-time 5 -H @"$headers" "$MANAGEMENT_URL/admin/drain" 2>/dev/null || true)
  if [ -n "$body" ] && drained "$body"; then
    echo "drained after ${SECONDS}s: $body"
    exit 0
  fi
  echo "draining: ${body:-no answer}"
  sleep "$POLL"
done
echo "drain did not finish within ${TIMEOUT}s (last state: ${body:-no answer}); not stopping a node with cameras" >&2
exit 1
