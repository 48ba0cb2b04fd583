#!/bin/bash
# Waits until the stream node reports ready on /q/health/ready; fails the deploy (and rolls it back) otherwise.
set -uo pipefail

MANAGEMENT_URL=${ZONECAM_MANAGEMENT_URL:-http://127.0.0.1:9000}
TIMEOUT=${ZONECAM_VALIDATE_TIMEOUT_SECONDS:-240}
POLL=${ZONECAM_VALIDATE_POLL_SECONDS:-3}

deadline=$((SECONDS + TIMEOUT))
while ((SECONDS < deadline)); do
  if curl -fsS --max-time 5 "$MANAGEMENT_URL/q/health/ready" >/dev/null 2>&1; then
    echo "zonecam-node is ready after ${SECONDS}s"
    exit 0
  fi
  sleep "$POLL"
done
echo "zonecam-node not ready within ${TIMEOUT}s" >&2
exit 1
