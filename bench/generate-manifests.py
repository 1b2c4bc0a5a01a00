#!/usr/bin/env python3
"""Writes N Kubernetes workload manifests of mixed kinds for P2 (bench/p2.sh).

Deterministic (seeded): Deployments, StatefulSets, DaemonSets, ReplicaSets, Jobs, CronJobs and
Pods, some hardened, some not, spread over files of 100 documents each (or as many as the third argument says: 1 gives a
repository of small files).
"""
import os
import random
import sys

KINDS = ["Deployment", "StatefulSet", "DaemonSet", "ReplicaSet", "Job", "CronJob", "Pod"]
API = {"Deployment": "apps/v1", "StatefulSet": "apps/v1", "DaemonSet": "apps/v1",
       "ReplicaSet": "apps/v1", "Job": "batch/v1", "CronJob": "batch/v1", "Pod": "v1"}


def container(rnd, name, indent):
    pad = " " * indent
    lines = [f"{pad}- name: {name}",
             f"{pad}  image: {rnd.choice(['nginx:1.27', 'ghcr.io/acme/app:2.1', 'registry.example/api@sha256:' + '0' * 64])}",
             f"{pad}  ports:",
             f"{pad}  - containerPort: 8080"]
    if rnd.random() < 0.3:
        lines.append(f"{pad}    hostPort: 8080")
    if rnd.random() < 0.6:
        lines += [f"{pad}  securityContext:",
                  f"{pad}    allowPrivilegeEscalation: {str(rnd.random() < 0.2).lower()}",
                  f"{pad}    readOnlyRootFilesystem: {str(rnd.random() < 0.5).lower()}",
                  f"{pad}    privileged: {str(rnd.random() < 0.1).lower()}",
                  f"{pad}    capabilities:",
                  f"{pad}      drop: [ALL]"]
    if rnd.random() < 0.5:
        lines += [f"{pad}  resources:",
                  f"{pad}    requests: {{cpu: 100m, memory: 128Mi}}",
                  f"{pad}    limits: {{cpu: 500m, memory: 256Mi}}"]
    if rnd.random() < 0.5:
        lines += [f"{pad}  livenessProbe:", f"{pad}    httpGet: {{path: /healthz, port: 8080}}",
                  f"{pad}  readinessProbe:", f"{pad}    httpGet: {{path: /ready, port: 8080}}"]
    return lines


def pod_spec(rnd, indent, restart=None):
    pad = " " * indent
    lines = []
    if restart:
        lines.append(f"{pad}restartPolicy: {restart}")
    if rnd.random() < 0.5:
        lines += [f"{pad}securityContext:",
                  f"{pad}  runAsNonRoot: true",
                  f"{pad}  seccompProfile: {{type: RuntimeDefault}}"]
    if rnd.random() < 0.1:
        lines.append(f"{pad}hostNetwork: true")
    if rnd.random() < 0.5:
        lines.append(f"{pad}serviceAccountName: app")
        lines.append(f"{pad}automountServiceAccountToken: false")
    lines.append(f"{pad}containers:")
    for i in range(rnd.randint(1, 3)):
        lines += container(rnd, f"c{i}", indent)
    if rnd.random() < 0.2:
        lines += [f"{pad}volumes:", f"{pad}- name: data",
                  f"{pad}  hostPath: {{path: /var/data}}" if rnd.random() < 0.5 else f"{pad}  emptyDir: {{}}"]
    return lines


def manifest(rnd, n):
    kind = KINDS[n % len(KINDS)]
    head = [f"apiVersion: {API[kind]}", f"kind: {kind}", "metadata:",
            f"  name: app-{n}", f"  namespace: team-{n % 17}", "  labels: {app: app-" + str(n) + "}"]
    if kind == "Pod":
        return head + ["spec:"] + pod_spec(rnd, 2)
    if kind == "Job":
        return head + ["spec:", "  template:", "    spec:"] + pod_spec(rnd, 6, "Never")
    if kind == "CronJob":
        return head + ["spec:", "  schedule: '*/5 * * * *'", "  jobTemplate:", "    spec:",
                       "      template:", "        spec:"] + pod_spec(rnd, 10, "OnFailure")
    selector = ["  selector:", "    matchLabels: {app: app-" + str(n) + "}"]
    return head + ["spec:"] + selector + ["  template:", "    metadata:",
                                          "      labels: {app: app-" + str(n) + "}",
                                          "    spec:"] + pod_spec(rnd, 6)


def main():
    out, count = sys.argv[1], int(sys.argv[2])
    per_file = int(sys.argv[3]) if len(sys.argv) > 3 else 100
    rnd = random.Random(20260214)
    os.makedirs(out, exist_ok=True)
    for f in range(0, count, per_file):
        with open(os.path.join(out, f"manifests-{f // per_file:05d}.yaml"), "w") as fh:
            docs = ["\n".join(manifest(rnd, n)) for n in range(f, min(f + per_file, count))]
            fh.write("\n---\n".join(docs) + "\n")


if __name__ == "__main__":
    main()
