#!/bin/bash
# Stops the stream node after a drain (a no-op drain when BeforeBlockTraffic already emptied it).
set -euo pipefail
"$(dirname "$0")/drain.sh"
systemctl stop zonecam-node
echo "zonecam-node stopped"
