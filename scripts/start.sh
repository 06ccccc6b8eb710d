#!/usr/bin/env bash
# npm start: checks Node, installs dependencies when needed, then hands over to scripts/start.ts.
set -euo pipefail
ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
cd "$ROOT"
# shellcheck source=scripts/lib/ensure-deps.sh
source "$ROOT/scripts/lib/ensure-deps.sh"
modelgate_require_node
modelgate_ensure_deps
exec "$ROOT/node_modules/.bin/tsx" "$ROOT/scripts/start.ts" "$@"
