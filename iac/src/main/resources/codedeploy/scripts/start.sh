#!/bin/bash
# Starts the stream node installed by this revision.
set -euo pipefail
systemctl daemon-reload
systemctl restart zonecam-node
echo "zonecam-node started"
