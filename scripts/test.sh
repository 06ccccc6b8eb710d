#!/usr/bin/env bash
# npm test [-- vitest args]: dependencies, Chromium, services (database modelgate_test), Prisma
# client, migrations and web build via scripts/test-prepare.ts, then every vitest project.
set -euo pipefail
ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
cd "$ROOT"
# shellcheck source=scripts/lib/ensure-deps.sh
source "$ROOT/scripts/lib/ensure-deps.sh"
modelgate_require_node
modelgate_ensure_deps

# The e2e project drives Debian's Chromium (Playwright cannot download browsers here).
if [[ ! -x /usr/bin/chromium ]]; then
  if [[ "$(id -u)" -eq 0 ]]; then
    echo "test: /usr/bin/chromium missing; installing Debian's chromium"
    apt-get update -qq
    DEBIAN_FRONTEND=noninteractive apt-get install -y -qq chromium >/dev/null
  else
    echo "test: /usr/bin/chromium is missing and this user cannot install it. Run:" >&2
    echo "  sudo apt-get update && sudo apt-get install -y chromium" >&2
    exit 1
  fi
fi

TSX="$ROOT/node_modules/.bin/tsx"
# Stops whatever test-prepare started (embedded PostgreSQL, redis-server), however vitest ended.
cleanup() { "$TSX" "$ROOT/scripts/test-prepare.ts" --stop || true; }
trap cleanup EXIT

"$TSX" "$ROOT/scripts/test-prepare.ts"
DATABASE_URL="$(node -p 'require("./.test-data/services.json").databaseUrl')"
REDIS_URL="$(node -p 'require("./.test-data/services.json").redisUrl')"
export DATABASE_URL REDIS_URL

# Lint is part of the contract: dependency direction (lib never imports app/workers/serve) and
# env access outside lib/env.ts are rules, not advice. The build above already type-checked.
if [[ $# -eq 0 ]]; then
  echo "lint: eslint ."
  "$ROOT/node_modules/.bin/eslint" . --max-warnings=0
fi

set +e
"$ROOT/node_modules/.bin/vitest" run "$@"
code=$?
set -e
exit "$code"
