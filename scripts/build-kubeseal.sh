#!/usr/bin/env bash
# Builds Bitnami's real kubeseal from its Go module, the oracle of the sealed-secret interop tests.
# Cached outside the repository and target/ so `mvn clean` keeps it; a warm run takes no time.
set -euo pipefail

KUBESEAL_VERSION=v0.36.6
dest="${BULWARK_KUBESEAL_DIR:-${XDG_CACHE_HOME:-$HOME/.cache}/bulwark/kubeseal-$KUBESEAL_VERSION}"

if [ -x "$dest/kubeseal" ]; then
  echo "kubeseal: $KUBESEAL_VERSION already built in $dest"
  exit 0
fi
if ! command -v go >/dev/null 2>&1; then
  echo "error: Go is needed to build kubeseal $KUBESEAL_VERSION for the interop tests (https://go.dev/dl/)." >&2
  exit 1
fi
mkdir -p "$dest"
echo "kubeseal: building $KUBESEAL_VERSION into $dest (about 1.5 minutes cold) ..."
started=$SECONDS
tmp=$(mktemp -d "$dest/.build.XXXXXX")
trap 'rm -rf "$tmp"' EXIT
GOBIN="$tmp" CGO_ENABLED=0 GOTOOLCHAIN=local \
  go install -trimpath -ldflags "-s -w" "github.com/bitnami-labs/sealed-secrets/cmd/kubeseal@$KUBESEAL_VERSION"
mv -f "$tmp/kubeseal" "$dest/kubeseal"
echo "kubeseal: built $dest/kubeseal in $((SECONDS - started)) s"
