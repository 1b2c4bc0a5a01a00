package dev.bulwark.status;

import java.util.List;

/**
 * One governed namespace, for {@code bulwark status}: the columns of the demo's table.
 *
 * @param name the namespace
 * @param baseline the baseline that governs it
 * @param mode the baseline's mode
 * @param podSecurity the namespace's {@code pod-security.kubernetes.io/enforce} label and its
 *     version, as {@code level:version} ({@code -} for a missing one)
 * @param networkPolicies NetworkPolicies in the namespace
 * @param quota whether it has a ResourceQuota
 * @param violations violations found there, from its OpenReports Report or, when the baseline's
 *     status lists all of its violations, from that; null when unknown
 * @param firstChecks up to three check ids found failing there, most severe first
 */
public record NamespaceState(
    String name,
    String baseline,
    String mode,
    String podSecurity,
    int networkPolicies,
    boolean quota,
    Integer violations,
    List<String> firstChecks) {}
