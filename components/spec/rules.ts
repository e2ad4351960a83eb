import type { z } from "zod";
import { gpuModelsOffered, resolveInstanceType, CATALOGS } from "../clouds/catalog";
import { catalogKeyProblems } from "./catalogChecks";
import { canonicalBlocks, coveredAddresses, IPV4_ADDRESSES } from "./cidr";
import { PLATFORM_NAMESPACES, type ApiAccessMode, type PoolRole } from "./nodeClass";
import type { CassandraSettings, KafkaSettings, NodePool, SparkSettings } from "./platformSpec";
import { dataPool, sparkPools } from "./selectors";
import { checkTenantMembers, type TenantDraft } from "./tenants";
import { checkNotebooks, type NotebooksSettings } from "./notebooks";

/** The parsed spec as the refinement sees it (defaults applied, cross-field rules not yet checked). */
interface Draft {
    cloud: "aws" | "gcp" | "azure" | "existing";
    environment: "dev" | "staging" | "prod";
    region: string;
    zones: string[];
    apiAccess: { mode: ApiAccessMode; authorizedCidrs: string[]; openToInternet: boolean };
    aws?: { adminRoleArns: readonly string[] };
    gcp?: { securityGroup?: string };
    azure?: unknown;
    existing?: unknown;
    nodePools: Record<string, NodePool>;
    tenants: TenantDraft["tenants"];
    spark: SparkSettings;
    kafka: KafkaSettings;
    cassandra: CassandraSettings;
    certManager: { install: "both" | "trust-manager" | "none"; namespace: string };
    notebooks: NotebooksSettings;
}

type Ctx = z.RefinementCtx;

function issue(ctx: Ctx, path: (string | number)[], message: string, input: unknown): void {
    ctx.addIssue({ code: "custom", path, message, input });
}

/**
 * The most addresses prod's public-endpoint allow-list may cover together: a /8. A runner's egress is
 * a handful of addresses; a list wider than a /8 is a typo or an open door, not a runner.
 */
export const MAX_PROD_AUTHORIZED_ADDRESSES = 2 ** 24;

/**
 * Cross-field rules of the PlatformSpec. Each problem is reported with its own key path, so one
 * error lists them all.
 * @param spec the parsed spec with defaults
 * @param ctx zod's refinement context
 */
export function checkCrossFieldRules(spec: Draft, ctx: Ctx): void {
    checkCloudBlocks(spec, ctx);
    checkZones(spec, ctx);
    for (const p of catalogKeyProblems(spec)) issue(ctx, p.path, p.message, p.input);
    checkApiAccess(spec, ctx);
    checkPools(spec, ctx);
    checkSpark(spec, ctx);
    checkDataServices(spec, ctx);
    checkCertManager(spec, ctx);
    checkTenantMembers(spec, (path, message, input) => issue(ctx, path, message, input));
    checkNotebooks(spec, (path, message, input) => issue(ctx, path, message, input));
}

function checkCloudBlocks(spec: Draft, ctx: Ctx): void {
    for (const block of ["aws", "gcp", "azure", "existing"] as const) {
        if (block !== spec.cloud && spec[block] !== undefined) {
            issue(ctx, [block], `the "${block}" block is only allowed when cloud is "${block}" (cloud is "${spec.cloud}")`, spec[block]);
        }
    }
    if (spec.cloud === "gcp" && spec.gcp === undefined) issue(ctx, ["gcp"], `cloud "gcp" needs a "gcp" block with at least "project"`, undefined);
    if (spec.cloud === "existing" && spec.existing === undefined) issue(ctx, ["existing"], `cloud "existing" needs an "existing" block with "kubeconfigPath"`, undefined);
}

function checkCertManager(spec: Draft, ctx: Ctx): void {
    const { install, namespace } = spec.certManager;
    if (install !== "both" && spec.cloud !== "existing") {
        issue(ctx, ["certManager", "install"], `"${install}" is only for cloud "existing": on ${spec.cloud} this program creates the cluster, so nothing else runs cert-manager on it; use "both"`, install);
    }
    if ((Object.values(PLATFORM_NAMESPACES) as string[]).includes(namespace) || namespace.startsWith("team-")) {
        issue(ctx, ["certManager", "namespace"], `"${namespace}" is a platform or tenant namespace; cert-manager needs its own (e.g. "cert-manager")`, namespace);
    }
}

function checkZones(spec: Draft, ctx: Ctx): void {
    const style = CATALOGS[spec.cloud].zoneStyle;
    if (spec.cloud !== "existing" && spec.zones.length === 0) issue(ctx, ["zones"], `at least one zone is required on ${spec.cloud}`, spec.zones);
    if (spec.environment === "prod" && spec.cloud !== "existing" && spec.zones.length < 3) {
        issue(ctx, ["zones"], `prod needs at least 3 zones (got ${spec.zones.length})`, spec.zones);
    }
    const seen = new Set<string>();
    spec.zones.forEach((zone, i) => {
        if (seen.has(zone)) issue(ctx, ["zones", i], `zone "${zone}" is listed twice`, zone);
        seen.add(zone);
        if (style === "region-prefixed" && !(zone.startsWith(spec.region) && /^[a-z]$|^-[a-z]$/.test(zone.slice(spec.region.length)))) {
            issue(ctx, ["zones", i], `zone "${zone}" is not a zone of region "${spec.region}" (expected ${spec.cloud === "aws" ? `${spec.region}a` : `${spec.region}-a`} style)`, zone);
        }
        if (style === "numbered" && !["1", "2", "3"].includes(zone)) {
            issue(ctx, ["zones", i], `zone "${zone}" is not an Azure availability zone; allowed: "1", "2", "3"`, zone);
        }
    });
}

function readKey(spec: Draft, dotted: string): unknown {
    return dotted.split(".").reduce<unknown>((node, key) => (node !== null && typeof node === "object" ? (node as Record<string, unknown>)[key] : undefined), spec);
}

/**
 * The access decision (issue 16), taken once for every environment: an endpoint open to the internet
 * is the explicit `openToInternet` opt-in (refused in prod); CIDRs are judged by the space they cover
 * together; a private-only endpoint needs a network the runner already reaches.
 */
function checkApiAccess(spec: Draft, ctx: Ctx): void {
    const access = CATALOGS[spec.cloud].apiAccess;
    if (access === undefined) return; // existing: the kubeconfig names the API server
    const { mode, authorizedCidrs, openToInternet } = spec.apiAccess;
    const at = (...rest: string[]) => ["apiAccess", ...rest];
    const prod = spec.environment === "prod";
    const dnsHint = access.modes.includes("dns") ? `, or mode "dns" (reachable from anywhere, IAM-authorised)` : "";
    if (!access.modes.includes(mode)) {
        issue(ctx, at("mode"), `mode "${mode}" is not available on ${spec.cloud}; available: ${access.modes.join(", ")}`, mode);
        return;
    }
    const covered = coveredAddresses(canonicalBlocks(authorizedCidrs));
    if (openToInternet) {
        if (prod) issue(ctx, at("openToInternet"), `an API server open to the internet is refused in prod; list the runners' egress CIDRs in apiAccess.authorizedCidrs, or use mode "private"${dnsHint}`, true);
        else if (mode !== "public") issue(ctx, at("openToInternet"), `only a public endpoint can be opened to the internet (mode is "${mode}"); remove openToInternet`, true);
        else if (authorizedCidrs.length > 0) issue(ctx, at("authorizedCidrs"), "must be empty with openToInternet: true (the endpoint admits everyone); keep one of the two", authorizedCidrs);
        return;
    }
    if (covered >= IPV4_ADDRESSES) {
        const what = `${authorizedCidrs.join(" + ")} together cover the whole IPv4 internet`;
        issue(ctx, at("authorizedCidrs"), prod ? `${what}; an open API server is refused in prod` : `${what}; say so with apiAccess.openToInternet: true (dev/staging only) or list the runners' egress CIDRs`, authorizedCidrs);
        return;
    }
    if (mode === "public") {
        if (authorizedCidrs.length === 0) {
            issue(
                ctx,
                at("authorizedCidrs"),
                `a public endpoint needs the runners' egress CIDRs (GitHub-hosted runners have none fixed: use self-hosted or static-IP runners)${dnsHint}; to open it to everyone set apiAccess.openToInternet: true (dev/staging only)`,
                authorizedCidrs,
            );
        } else if (prod && covered > MAX_PROD_AUTHORIZED_ADDRESSES) {
            issue(ctx, at("authorizedCidrs"), `${authorizedCidrs.join(" + ")} cover ${covered} addresses; prod admits at most a /8 (${MAX_PROD_AUTHORIZED_ADDRESSES}) in total: list the runners' egress ranges`, authorizedCidrs);
        }
    }
    if (mode === "private") {
        if (readKey(spec, access.existingNetworkKey) === undefined) {
            issue(
                ctx,
                at("mode"),
                `"private": a private-only endpoint in the network this stack creates cannot be reached by the runner that creates it; set ${access.existingNetworkKey} to a network the runner already reaches (peering/VPN/in-network runner), or use mode "public" with apiAccess.authorizedCidrs${dnsHint}`,
                mode,
            );
        }
        if (authorizedCidrs.length === 0) issue(ctx, at("authorizedCidrs"), `mode "private" needs the CIDRs the runner comes from in the connected network (they are admitted to the private endpoint on 443)`, authorizedCidrs);
    }
}

const ZERO_OK: ReadonlySet<PoolRole> = new Set(["gpu"]);

function checkPools(spec: Draft, ctx: Ctx): void {
    const pools = Object.entries(spec.nodePools);
    if (!pools.some(([, p]) => p.role === "system")) {
        issue(ctx, ["nodePools"], `a pool with role "system" is required (pools: ${pools.map(([n, p]) => `${n}=${p.role}`).join(", ") || "none"})`, Object.keys(spec.nodePools));
    }
    const offered = gpuModelsOffered(spec.cloud);
    for (const [name, pool] of pools) {
        const at = (...rest: string[]) => ["nodePools", name, ...rest];
        if (pool.minNodes > pool.maxNodes) issue(ctx, at("minNodes"), `minNodes (${pool.minNodes}) must be <= maxNodes (${pool.maxNodes})`, pool.minNodes);
        if (pool.minNodes === 0 && !ZERO_OK.has(pool.role)) issue(ctx, at("minNodes"), `only gpu pools may scale to 0; a ${pool.role} pool needs minNodes >= 1`, 0);
        if (pool.role === "gpu" && !pool.gpu) issue(ctx, at("gpu"), `a gpu pool needs "gpu: { model, count }"`, undefined);
        if (pool.role !== "gpu" && pool.gpu) issue(ctx, at("gpu"), `only pools with role "gpu" may have GPUs (role is "${pool.role}")`, pool.gpu);
        if (pool.gpu && spec.cloud !== "existing" && !offered.includes(pool.gpu.model)) {
            issue(ctx, at("gpu", "model"), `GPU model "${pool.gpu.model}" is not offered on ${spec.cloud}; offered: ${offered.join(", ")}`, pool.gpu.model);
            continue;
        }
        if (!pool.shape && !pool.gpu && pool.instanceType?.[spec.cloud] === undefined) {
            issue(ctx, at("shape"), `pool needs "shape: { vCpu, memoryGiB }" or "instanceType.${spec.cloud}"`, undefined);
            continue;
        }
        const resolved = resolveInstanceType(spec.cloud, pool);
        if (!resolved.ok) {
            const key = pool.instanceType?.[spec.cloud] !== undefined ? at("instanceType", spec.cloud) : pool.gpu && !pool.shape ? at("gpu", "count") : at("shape");
            issue(ctx, key, resolved.reason, pool.instanceType?.[spec.cloud] ?? (pool.gpu && !pool.shape ? pool.gpu.count : pool.shape));
        }
    }
}

function checkPoolRef(spec: Draft, ctx: Ctx, path: string[], pool: string | undefined, roles: PoolRole[], what: string): boolean {
    if (pool === undefined) {
        issue(ctx, path, `${what} needs a pool with role ${roles.join(" or ")}; none is defined`, undefined);
        return false;
    }
    const found = spec.nodePools[pool];
    if (!found) {
        issue(ctx, path, `pool "${pool}" does not exist; pools: ${Object.keys(spec.nodePools).join(", ")}`, pool);
        return false;
    }
    if (!roles.includes(found.role)) {
        issue(ctx, path, `pool "${pool}" has role "${found.role}"; ${what} needs ${roles.join(" or ")}`, pool);
        return false;
    }
    return true;
}

function checkSpark(spec: Draft, ctx: Ctx): void {
    if (!spec.spark.enabled) return;
    const pools = sparkPools(spec);
    checkPoolRef(spec, ctx, ["spark", "driverPool"], pools.driver, ["general"], "the Spark driver");
    checkPoolRef(spec, ctx, ["spark", "executorPool"], pools.executor, ["large-core", "general"], "Spark executors");
    if (spec.spark.gpuPool !== undefined) checkPoolRef(spec, ctx, ["spark", "gpuPool"], pools.gpu, ["gpu"], "Spark GPU executors");
}

function checkDataServices(spec: Draft, ctx: Ctx): void {
    const prod = spec.environment === "prod";
    const zones = Math.max(spec.zones.length, 1);
    const demand = new Map<string, number>();
    const kafka = spec.kafka;
    if (kafka.enabled) {
        const pool = dataPool(spec, kafka);
        if (checkPoolRef(spec, ctx, ["kafka", "pool"], pool, ["data"], "Kafka brokers") && pool) demand.set(pool, (demand.get(pool) ?? 0) + kafka.brokers);
        if (prod && kafka.brokers < 3) issue(ctx, ["kafka", "brokers"], `prod needs at least 3 brokers (got ${kafka.brokers})`, kafka.brokers);
        if (kafka.controllers % 2 === 0) issue(ctx, ["kafka", "controllers"], `KRaft controllers must be odd (got ${kafka.controllers})`, kafka.controllers);
        if (kafka.replicationFactor > kafka.brokers) issue(ctx, ["kafka", "replicationFactor"], `replicationFactor ${kafka.replicationFactor} exceeds brokers (${kafka.brokers})`, kafka.replicationFactor);
        if (kafka.minInsyncReplicas >= kafka.replicationFactor && kafka.replicationFactor > 1) {
            issue(ctx, ["kafka", "minInsyncReplicas"], `minInsyncReplicas (${kafka.minInsyncReplicas}) must be below replicationFactor (${kafka.replicationFactor})`, kafka.minInsyncReplicas);
        }
        const reduced = kafka.replicationFactor < 3 || kafka.minInsyncReplicas < 2;
        if (reduced && (prod || !kafka.allowReducedDurability)) {
            issue(ctx, ["kafka", "replicationFactor"], prod ? "prod requires replicationFactor >= 3 and minInsyncReplicas >= 2" : "replicationFactor < 3 or minInsyncReplicas < 2 needs allowReducedDurability: true (dev/staging only)", kafka.replicationFactor);
        }
        if (prod && kafka.allowReducedDurability) issue(ctx, ["kafka", "allowReducedDurability"], "not allowed in prod", true);
        if (kafka.externalListener && CATALOGS[spec.cloud].internalLoadBalancer === undefined) {
            const known = Object.entries(CATALOGS).flatMap(([cloud, c]) => (c.internalLoadBalancer ? [cloud] : []));
            issue(ctx, ["kafka", "externalListener"], `false: the listener needs an internal load balancer, which tristack makes only on ${known.join(", ")} (cloud is "${spec.cloud}")`, true);
        }
        for (const [topic, t] of Object.entries(kafka.topics)) {
            if (!/^[a-z0-9][a-z0-9._-]{0,200}$/.test(topic)) issue(ctx, ["kafka", "topics", topic], "topic names must be lowercase letters, digits, '.', '_' or '-'", topic);
            if (t.replicas > kafka.brokers) issue(ctx, ["kafka", "topics", topic, "replicas"], `replicas ${t.replicas} exceeds brokers (${kafka.brokers})`, t.replicas);
            if (prod && t.replicas < 3) issue(ctx, ["kafka", "topics", topic, "replicas"], `prod needs replicas >= 3 (got ${t.replicas})`, t.replicas);
            if (t.tenant !== undefined && !(t.tenant in spec.tenants)) issue(ctx, ["kafka", "topics", topic, "tenant"], `tenant "${t.tenant}" is not defined; tenants: ${Object.keys(spec.tenants).join(", ") || "none"}`, t.tenant);
        }
    }
    const cass = spec.cassandra;
    if (cass.enabled) {
        const pool = dataPool(spec, cass);
        if (checkPoolRef(spec, ctx, ["cassandra", "pool"], pool, ["data"], "Cassandra") && pool) demand.set(pool, (demand.get(pool) ?? 0) + cass.nodes);
        if (prod && cass.nodes < 3) issue(ctx, ["cassandra", "nodes"], `prod needs at least 3 Cassandra nodes (got ${cass.nodes})`, cass.nodes);
        if (cass.nodes % zones !== 0) issue(ctx, ["cassandra", "nodes"], `nodes (${cass.nodes}) must be a multiple of the zones (${zones}): one rack per zone`, cass.nodes);
        if (cass.backups.enabled && !CATALOGS[spec.cloud].medusaBackups) {
            issue(ctx, ["cassandra", "backups", "enabled"], `false: tristack cannot give Medusa credentials on cloud "${spec.cloud}" (its object store keys are a Secret it does not read)`, true);
        }
        for (const [ks, k] of Object.entries(cass.keyspaces)) {
            if (!/^[a-z][a-z0-9_]{0,47}$/.test(ks)) issue(ctx, ["cassandra", "keyspaces", ks], "keyspace names must be lowercase letters, digits or '_' (max 48), starting with a letter", ks);
            if (k.replicationFactor > cass.nodes) issue(ctx, ["cassandra", "keyspaces", ks, "replicationFactor"], `replicationFactor ${k.replicationFactor} exceeds nodes (${cass.nodes})`, k.replicationFactor);
            if (prod && k.replicationFactor < 3) issue(ctx, ["cassandra", "keyspaces", ks, "replicationFactor"], `prod needs replicationFactor 3 (got ${k.replicationFactor})`, k.replicationFactor);
            if (k.tenant !== undefined && !(k.tenant in spec.tenants)) issue(ctx, ["cassandra", "keyspaces", ks, "tenant"], `tenant "${k.tenant}" is not defined; tenants: ${Object.keys(spec.tenants).join(", ") || "none"}`, k.tenant);
        }
    }
    for (const [pool, needed] of demand) {
        const p = spec.nodePools[pool];
        if (p && p.maxNodes < needed) {
            issue(ctx, ["nodePools", pool, "maxNodes"], `data pool "${pool}" hosts ${needed} one-per-node data pods (Kafka brokers + Cassandra nodes) but maxNodes is ${p.maxNodes}`, p.maxNodes);
        }
    }
}
