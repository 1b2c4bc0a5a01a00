#!/usr/bin/env bash
# Builds kube-apiserver, etcd, kubectl and kube-controller-manager from Go modules (tools/kube)
# into the layout fabric8 kube-api-test reads: ${KUBE_API_TEST_DIR:-~/.kubeapitest}/k8s/<version>-<os>-<arch>/.
# Binaries already built for this version are kept, so a warm run takes a second.
set -euo pipefail

KUBE_VERSION=1.37.2
root=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)
module="$root/tools/kube"

if ! command -v go >/dev/null 2>&1; then
  echo "error: Go >= 1.26 is needed to build the local control plane (https://go.dev/dl/)." >&2
  echo "       With internet access, kube-api-test can instead download official binaries: see docs/testing.md." >&2
  exit 1
fi
go_minor=$(go env GOVERSION | sed -E 's/^go1\.([0-9]+).*/\1/')
if [ "${go_minor:-0}" -lt 26 ]; then
  echo "error: Go $(go env GOVERSION) found; Go >= 1.26 is needed to build Kubernetes v$KUBE_VERSION." >&2
  exit 1
fi

os=$(go env GOOS)
arch=$(go env GOARCH)
dest="${KUBE_API_TEST_DIR:-$HOME/.kubeapitest}/k8s/$KUBE_VERSION-$os-$arch"
mkdir -p "$dest"

k8s_ldflags="-s -w"
for pkg in k8s.io/component-base/version k8s.io/client-go/pkg/version; do
  k8s_ldflags+=" -X $pkg.gitVersion=v$KUBE_VERSION -X $pkg.gitMajor=1"
  k8s_ldflags+=" -X $pkg.gitMinor=$(echo "$KUBE_VERSION" | cut -d. -f2) -X $pkg.gitTreeState=clean"
done

# name  package  ldflags
targets=(
  "kube-apiserver|k8s.io/kubernetes/cmd/kube-apiserver|$k8s_ldflags"
  "kube-controller-manager|k8s.io/kubernetes/cmd/kube-controller-manager|$k8s_ldflags"
  "kubectl|k8s.io/kubernetes/cmd/kubectl|$k8s_ldflags"
  "etcd|go.etcd.io/etcd/server/v3|-s -w"
)

stamp="v$KUBE_VERSION $(sha256sum "$module/go.sum" | cut -c1-16)"
echo "control plane: Kubernetes v$KUBE_VERSION into $dest (a cold build takes about 8 minutes on 2 cores; later runs reuse it)"
started=$SECONDS
for target in "${targets[@]}"; do
  IFS='|' read -r name pkg ldflags <<<"$target"
  if [ -x "$dest/$name" ] && [ "$(cat "$dest/.$name.stamp" 2>/dev/null)" = "$stamp" ]; then
    echo "control plane: $name already built"
    continue
  fi
  echo "control plane: building $name ..."
  t0=$SECONDS
  (cd "$module" && CGO_ENABLED=0 GOTOOLCHAIN=local GOFLAGS=-mod=readonly \
    go build -trimpath -ldflags "$ldflags" -o "$dest/.$name.tmp" "$pkg")
  mv -f "$dest/.$name.tmp" "$dest/$name"
  echo "$stamp" >"$dest/.$name.stamp"
  echo "control plane: built $name in $((SECONDS - t0)) s"
done
echo "control plane: ready in $dest ($((SECONDS - started)) s)"
