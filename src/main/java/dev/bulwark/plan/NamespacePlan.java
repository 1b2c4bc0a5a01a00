package dev.bulwark.plan;

import io.fabric8.kubernetes.api.model.LimitRange;
import io.fabric8.kubernetes.api.model.ResourceQuota;
import io.fabric8.kubernetes.api.model.networking.v1.NetworkPolicy;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * Everything a governing baseline wants in one namespace in Enforce mode: the Pod Security labels,
 * the owned objects (complete, ready to server-side apply) and the ServiceAccount token setting.
 */
public record NamespacePlan(
    String namespace,
    String baseline,
    Map<String, String> podSecurityLabels,
    List<NetworkPolicy> networkPolicies,
    Optional<ResourceQuota> quota,
    Optional<LimitRange> limitRange,
    boolean automountToken,
    boolean allServiceAccounts) {}
