# shellcheck shell=bash
# Shared by scripts/start.sh and scripts/test.sh (sourced, with ROOT set to the repository root).

modelgate_require_node() {
  if ! command -v node >/dev/null 2>&1; then
    echo "deps: Node.js is not installed; Modelgate needs Node >= 20.19 (https://nodejs.org or your package manager)." >&2
    exit 1
  fi
  local version major minor
  version="$(node -p 'process.versions.node')"
  major="${version%%.*}"
  minor="${version#*.}"; minor="${minor%%.*}"
  if (( major < 20 || (major == 20 && minor < 19) )); then
    echo "deps: Node ${version} is too old; Modelgate needs Node >= 20.19." >&2
    exit 1
  fi
}

# Installs dependencies when node_modules is missing or package.json (or the Node version) changed
# since the last install done here. `npm ci` is not used: it rejects lockfiles made on machines whose
# registry lacks the non-Linux optional packages. ONNXRUNTIME_NODE_INSTALL=skip: onnxruntime-node's
# postinstall would download CUDA libraries; the CPU ones are in the package.
modelgate_ensure_deps() {
  local stamp="$ROOT/node_modules/.modelgate-install-hash"
  local want
  want="$(cd "$ROOT" && node -e '
    const h = require("crypto").createHash("sha256");
    h.update(require("fs").readFileSync("package.json"));
    h.update(process.versions.node);
    console.log(h.digest("hex"));
  ')"
  if [[ -d "$ROOT/node_modules" && -f "$stamp" && "$(cat "$stamp")" == "$want" ]]; then
    return 0
  fi
  if [[ -d "$ROOT/node_modules" ]]; then
    echo "deps: package.json changed since the last install; running npm install"
  else
    echo "deps: node_modules missing; running npm install (about a minute)"
  fi
  local started=$SECONDS
  (cd "$ROOT" && ONNXRUNTIME_NODE_INSTALL=skip npm install --no-audit --no-fund)
  echo "$want" > "$stamp"
  echo "deps: installed in $((SECONDS - started)) s"
}
