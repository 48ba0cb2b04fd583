#!/bin/bash
# Drains this stream node: asks it to move its cameras to other nodes, then waits until it reports
# {"state":"drained","cameras":0}. Idempotent; exits 0 at once when the service is not running.
set -uo pipefail

MANAGEMENT_URL=${ZONECAM_MANAGEMENT_URL:-http://127.0.0.1:9000}
TIMEOUT=${ZONECAM_DRAIN_TIMEOUT_SECONDS:-1080}
POLL=${ZONECAM_DRAIN_POLL_SECONDS:-5}

if ! systemctl is-active --quiet zonecam-node; then
  echo "zonecam-node is not running: nothing to drain"
  exit 0
fi

drained() {
  python3 -c 'import json,sys
d = json.load(sys.stdin)
sys.exit(0 if d.get("state") == "drained" and d.get("cameras") == 0 else 1)' <<<"$1" 2>/dev/null
}

if ! curl -fsS --max-time 10 -X POST "$MANAGEMENT_URL/admin/drain" >/dev/null; then
  echo "drain request to $MANAGEMENT_URL/admin/drain failed" >&2
  exit 1
fi
echo "drain started; waiting up to ${TIMEOUT}s"

deadline=$((SECONDS + TIMEOUT))
body=""
while ((SECONDS < deadline)); do
  body=$(curl -fsS --max-time 5 "$MANAGEMENT_URL/admin/drain" 2>/dev/null || true)
  if [ -n "$body" ] && drained "$body"; then
    echo "drained after ${SECONDS}s: $body"
    exit 0
  fi
  echo "draining: ${body:-no answer}"
  sleep "$POLL"
done
echo "drain did not finish within ${TIMEOUT}s (last state: ${body:-no answer}); not stopping a node with cameras" >&2
exit 1
