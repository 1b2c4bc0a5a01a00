package dev.bulwark.status;

import java.util.List;

/**
 * Violations summarised by CIS Kubernetes Benchmark section 5 control, for {@code bulwark status
 * --cis}.
 *
 * @param control the control id (e.g. {@code 5.2.7}), or {@code -} for checks no control covers
 * @param violations violations of its checks in the selected baselines
 * @param checks the check ids that map to it and had violations
 */
public record CisControlCount(String control, int violations, List<String> checks) {}
