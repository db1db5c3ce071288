# Sourced by .ci/run (and usable alone: `source .ci/use-node.sh`): puts the Node major that
# .nvmrc names first on PATH, whatever the machine's own node. When the machine's node is older
# (Debian's is 20), the official build is fetched once from the npm registry (the node-<os>-<arch>
# packages carry the nodejs.org binaries; npm checks the registry's integrity hash) into a cache
# directory and reused on later runs. npm and npx start through `env node`, so they follow.
# shellcheck shell=bash
use_node_major() {
  local want have os arch cache tmp
  want=$(tr -dc '0-9' <"$(dirname "${BASH_SOURCE[0]}")/../.nvmrc")
  have=$(node -p 'process.versions.node.split(".")[0]' 2>/dev/null || echo 0)
  if [ "$have" -ge "$want" ]; then return 0; fi
  os=$(uname -s | tr '[:upper:]' '[:lower:]')
  case "$(uname -m)" in
    x86_64 | amd64) arch=x64 ;;
    aarch64 | arm64) arch=arm64 ;;
    *) echo "Node $want: no npm package for this machine ($(uname -m)); install Node $want yourself / 请手动安装 Node $want" >&2; return 1 ;;
  esac
  cache="${NODE_CACHE_DIR:-${XDG_CACHE_HOME:-$HOME/.cache}/budget-pipeline}/node-$os-$arch-$want"
  if [ ! -x "$cache/bin/node" ]; then
    echo "Node $have is older than $want (.nvmrc): fetching node-$os-$arch@$want from the npm registry" >&2
    tmp=$(mktemp -d)
    (cd "$tmp" && npm pack --silent "node-$os-$arch@$want" >/dev/null) || { rm -rf "$tmp"; return 1; }
    tar xzf "$tmp"/node-"$os-$arch"-*.tgz -C "$tmp"
    mkdir -p "$(dirname "$cache")"
    rm -rf "$cache" && mv "$tmp/package" "$cache"
    rm -rf "$tmp"
  fi
  export PATH="$cache/bin:$PATH"
  have=$(node -p 'process.versions.node.split(".")[0]')
  [ "$have" -ge "$want" ] || { echo "Node $want expected on PATH, found $(node -v)" >&2; return 1; }
}
use_node_major
