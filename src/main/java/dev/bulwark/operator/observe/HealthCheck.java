package dev.bulwark.operator.observe;

/**
 * One answer of /healthz or /readyz: whether it passes and a short reason (no internals).
 *
 * @param ok whether the check passes (HTTP 200) or not (HTTP 503)
 * @param reason one line for humans, e.g. "ok", "standby", "informers syncing"
 */
public record HealthCheck(boolean ok, String reason) {}
