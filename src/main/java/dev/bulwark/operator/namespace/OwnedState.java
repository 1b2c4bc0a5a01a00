package dev.bulwark.operator.namespace;

import io.fabric8.kubernetes.api.model.LimitRange;
import io.fabric8.kubernetes.api.model.ResourceQuota;
import io.fabric8.kubernetes.api.model.ServiceAccount;
import io.fabric8.kubernetes.api.model.networking.v1.NetworkPolicy;
import java.util.List;

/** What exists in one namespace of the kinds Bulwark owns or patches, read from the caches. */
record OwnedState(
    List<NetworkPolicy> networkPolicies,
    List<ResourceQuota> quotas,
    List<LimitRange> limitRanges,
    List<ServiceAccount> serviceAccounts) {}
