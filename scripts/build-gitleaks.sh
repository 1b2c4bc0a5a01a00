#!/usr/bin/env bash
# Builds gitleaks from its Go module for the secrets step of scripts/security-pipeline.sh.
# Cached outside the repository and target/ so `mvn clean` keeps it; a warm run takes no time.
set -euo pipefail

GITLEAKS_VERSION=v8.30.1
dest="${BULWARK_GITLEAKS_DIR:-${XDG_CACHE_HOME:-$HOME/.cache}/bulwark/gitleaks-$GITLEAKS_VERSION}"

if [ -x "$dest/gitleaks" ]; then
  echo "gitleaks: $GITLEAKS_VERSION already built in $dest"
  exit 0
fi
if ! command -v go >/dev/null 2>&1; then
  echo "error: Go is needed to build gitleaks $GITLEAKS_VERSION for the security pipeline (https://go.dev/dl/)." >&2
  exit 1
fi
mkdir -p "$dest"
echo "gitleaks: building $GITLEAKS_VERSION into $dest (about a minute cold) ..."
started=$SECONDS
tmp=$(mktemp -d "$dest/.build.XXXXXX")
trap 'rm -rf "$tmp"' EXIT
# The version ldflag of gitleaks' own Makefile, so `gitleaks version` names the release.
GOBIN="$tmp" CGO_ENABLED=0 GOTOOLCHAIN=local \
  go install -trimpath -ldflags "-s -w -X github.com/zricethezav/gitleaks/v8/version.Version=$GITLEAKS_VERSION" \
  "github.com/zricethezav/gitleaks/v8@$GITLEAKS_VERSION"
mv -f "$tmp/gitleaks" "$dest/gitleaks"
echo "gitleaks: built $dest/gitleaks in $((SECONDS - started)) s"
