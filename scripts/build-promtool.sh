#!/usr/bin/env bash
# Builds Prometheus's promtool from its Go module: the oracle that checks and unit-tests the alert
# rules the chart ships (AlertRulesTest). Go module v0.316.0 is Prometheus v3.16.0. Cached outside
# the repository and target/ so `mvn clean` keeps it; a warm run takes no time.
set -euo pipefail

PROMTOOL_VERSION=v0.316.0
dest="${BULWARK_PROMTOOL_DIR:-${XDG_CACHE_HOME:-$HOME/.cache}/bulwark/promtool-$PROMTOOL_VERSION}"

if [ -x "$dest/promtool" ]; then
  echo "promtool: $PROMTOOL_VERSION already built in $dest"
  exit 0
fi
if ! command -v go >/dev/null 2>&1; then
  echo "error: Go is needed to build promtool $PROMTOOL_VERSION for the alert rule tests (https://go.dev/dl/)." >&2
  exit 1
fi
mkdir -p "$dest"
echo "promtool: building $PROMTOOL_VERSION into $dest (a few minutes cold) ..."
started=$SECONDS
tmp=$(mktemp -d "$dest/.build.XXXXXX")
trap 'rm -rf "$tmp"' EXIT
GOBIN="$tmp" CGO_ENABLED=0 GOTOOLCHAIN=local \
  go install -trimpath -ldflags "-s -w" "github.com/prometheus/prometheus/cmd/promtool@$PROMTOOL_VERSION"
mv -f "$tmp/promtool" "$dest/promtool"
echo "promtool: built $dest/promtool in $((SECONDS - started)) s"
