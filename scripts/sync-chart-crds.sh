#!/usr/bin/env bash
# Copies the CRDs from crds/ (the generated source of truth) into the Helm chart's crds/ and the
# kustomize base's crds/, which cannot reach files outside their own directories.
# Run after scripts/update-crds.sh; DeployCrdsUpToDateTest fails until the copies match.
set -euo pipefail
root=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)
for dest in "$root/deploy/helm/bulwark/crds" "$root/operator/crds"; do
  mkdir -p "$dest"
  # Copies of CRDs that no longer exist in crds/ would keep installing a removed kind.
  find "$dest" -maxdepth 1 -name '*-v1.yml' -delete
  cp "$root"/crds/*-v1.yml "$dest/"
  echo "sync-chart-crds: $(ls "$dest" | wc -l) CRD(s) -> ${dest#"$root"/}"
done
