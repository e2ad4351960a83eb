import type { PlatformHandle } from "../../platform/platformHandle";

/**
 * Metrics through the operator's own mechanism. k8ssandra-operator 1.32 exposes Cassandra metrics on
 * the Management API's Prometheus endpoint (`:9000/metrics`, port `metrics` of the
 * `<cluster>-<dc>-all-pods-service`); MCAC (the legacy collectd agent on `:9103`) is off unless asked
 * for. With `telemetry.prometheus.enabled` the operator creates and keeps up to date one ServiceMonitor
 * per datacenter (and one for Reaper) carrying `commonLabels`, which is how Prometheus selects them.
 * Letting the operator own them keeps the selectors and ports right across operator upgrades; it
 * refuses the setting when the ServiceMonitor CRD is missing, so it is only set when monitoring is on.
 */

/** The `telemetry` block of the K8ssandraCluster's `cassandra` and `reaper` sections. */
export interface TelemetrySpec {
    readonly mcac: { readonly enabled: false };
    readonly prometheus?: { readonly enabled: true; readonly commonLabels: Readonly<Record<string, string>> };
}

/**
 * Telemetry for Cassandra (and Reaper): ServiceMonitors labelled for the platform's Prometheus when
 * monitoring is on; MCAC always off (the Management API endpoint replaces it).
 * @param monitoring the platform's monitoring settings
 */
export function telemetryFor(monitoring: PlatformHandle["monitoring"]): TelemetrySpec {
    if (!monitoring.enabled) return { mcac: { enabled: false } };
    return { mcac: { enabled: false }, prometheus: { enabled: true, commonLabels: { ...monitoring.monitorLabels } } };
}

/**
 * Reaper's telemetry: only the Prometheus part (Reaper has no MCAC).
 * @param monitoring the platform's monitoring settings
 */
export function reaperTelemetryFor(monitoring: PlatformHandle["monitoring"]): Omit<TelemetrySpec, "mcac"> {
    const t = telemetryFor(monitoring);
    return t.prometheus ? { prometheus: t.prometheus } : {};
}
