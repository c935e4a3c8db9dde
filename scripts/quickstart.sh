#!/usr/bin/env bash
# The main job on a fresh machine: install, run the whole pipeline, then serve the gallery.
# With internet it takes a slice of the Met (see --limit) and CLIP; offline, or with --offline, it uses
# the real Met sample bundled in sample/ and the weight-free embedder.
# Extra arguments go to the pipeline, for example: bash scripts/quickstart.sh --limit 5000
set -euo pipefail
cd "$(dirname "$0")/.."

# No usage reports to Vercel from this machine unless the user asks for them.
export NEXT_TELEMETRY_DISABLED="${NEXT_TELEMETRY_DISABLED:-1}"

bash scripts/setup.sh
npm run pipeline -- "$@"
npm run build
port="${PORT:-3000}"
# Share images link to SITE_URL; without it they would point at port 3000.
export SITE_URL="${SITE_URL:-http://localhost:$port}"
echo "quickstart: the gallery is at http://localhost:$port"
exec npm start -- -p "$port"
