#!/usr/bin/env bash
# Builds Helm v3 from its Go module so the deploy ITs can render the chart with the real `helm template`.
# Cached outside the repository and target/ so `mvn clean` keeps it; a warm run takes no time.
set -euo pipefail

HELM_VERSION=v3.22.0
# The Kubernetes minor Helm v3.22.0's client libraries (k8s.io/* v0.37) target: the default
# .Capabilities.KubeVersion of `helm template` and `helm lint` (1.20 without it).
HELM_K8S_MINOR=37
dest="${BULWARK_HELM_DIR:-${XDG_CACHE_HOME:-$HOME/.cache}/bulwark/helm-$HELM_VERSION}"

stamp="$HELM_VERSION k8s 1.$HELM_K8S_MINOR"
if [ -x "$dest/helm" ] && [ "$(cat "$dest/.helm.stamp" 2>/dev/null)" = "$stamp" ]; then
  echo "helm: $HELM_VERSION already built in $dest"
  exit 0
fi
if ! command -v go >/dev/null 2>&1; then
  echo "error: Go is needed to build helm $HELM_VERSION for the deploy tests (https://go.dev/dl/)." >&2
  exit 1
fi
mkdir -p "$dest"
echo "helm: building $HELM_VERSION into $dest (a few minutes cold on 2 cores) ..."
started=$SECONDS
tmp=$(mktemp -d "$dest/.build.XXXXXX")
trap 'rm -rf "$tmp"' EXIT
# The same version ldflags as Helm's Makefile, so `helm version` reports the release and
# templates see a current Kubernetes version by default.
ldflags="-s -w -X helm.sh/helm/v3/internal/version.version=$HELM_VERSION"
for pkg in helm.sh/helm/v3/pkg/chartutil helm.sh/helm/v3/pkg/lint/rules; do
  ldflags+=" -X $pkg.k8sVersionMajor=1 -X $pkg.k8sVersionMinor=$HELM_K8S_MINOR"
done
GOBIN="$tmp" CGO_ENABLED=0 GOTOOLCHAIN=local \
  go install -trimpath -ldflags "$ldflags" "helm.sh/helm/v3/cmd/helm@$HELM_VERSION"
mv -f "$tmp/helm" "$dest/helm"
echo "$stamp" >"$dest/.helm.stamp"
echo "helm: built $dest/helm in $((SECONDS - started)) s"
