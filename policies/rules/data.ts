/**
 * A.6 Data services: Kafka (Strimzi), Cassandra (K8ssandra), Spark (spark-operator) (rules 58-67).
 */
import { arr, bool, entries, get, num, obj, str, strs } from "../lib/access";
import { resourceRule, stackRule } from "../lib/define";
import { isKafka, kube, kubeLabel, metaName, metaNamespace } from "../lib/match";
import type { PolicyResource, RuleFinding, StackViolation } from "../lib/types";
import { selectsRole, toleratesGpu } from "./kubernetes";

const isKafkaTopic = kube("kafka.strimzi.io", "KafkaTopic");
const isKafkaNodePool = kube("kafka.strimzi.io", "KafkaNodePool");
const isKafkaUser = kube("kafka.strimzi.io", "KafkaUser");
const isK8ssandra = kube("k8ssandra.io", "K8ssandraCluster");
const isCassDc = kube("cassandra.datastax.com", "CassandraDatacenter");
const isSparkApp = kube("sparkoperator.k8s.io", "SparkApplication", "ScheduledSparkApplication");

function kafkaConfig(r: PolicyResource, path: string): Record<string, unknown> {
    return Object.fromEntries(entries(r.inputs, path));
}

function numeric(v: unknown): number | undefined {
    if (typeof v === "number") return v;
    if (typeof v === "string" && v.trim() !== "" && !Number.isNaN(Number(v))) return Number(v);
    return undefined;
}

/** 58 */
export const kafkaReplicationDurability = resourceRule(
    {
        id: "kafka-replication-durability",
        number: 58,
        description: "Kafka keeps three copies and acknowledges two: replication factors ≥ 3, min ISR ≥ 2 and below RF, no unclean leader election (mandatory everywhere).",
        severity: "critical",
        anchors: ["Apache Kafka min.insync.replicas (TopicConfig.java)", "strimzi packaging/examples/kafka/kafka-persistent.yaml"],
        scopes: ["kubernetes"],
        dev: "A",
        prod: "M",
    },
    {
        appliesTo: (t) => isKafka(t) || isKafkaTopic(t),
        check(r) {
            const out: RuleFinding[] = [];
            const label = kubeLabel(r);
            if (isKafkaTopic(r.type)) {
                const replicas = num(r.inputs, "spec.replicas");
                if (replicas !== undefined && replicas < 3) out.push(`${label} spec.replicas is ${replicas}; needs 3`);
                const cfg = kafkaConfig(r, "spec.config");
                const isr = numeric(cfg["min.insync.replicas"]);
                if (isr !== undefined && isr < 2) out.push(`${label} min.insync.replicas is ${isr}; needs 2`);
                if (String(cfg["unclean.leader.election.enable"]) === "true") out.push({ message: `${label} enables unclean.leader.election.enable`, escalate: true });
                return out;
            }
            const cfg = kafkaConfig(r, "spec.kafka.config");
            const rf = numeric(cfg["default.replication.factor"]) ?? 1;
            const offsets = numeric(cfg["offsets.topic.replication.factor"]) ?? 3;
            const txn = numeric(cfg["transaction.state.log.replication.factor"]) ?? 3;
            const isr = numeric(cfg["min.insync.replicas"]) ?? 1;
            const txnIsr = numeric(cfg["transaction.state.log.min.isr"]) ?? 2;
            if (rf < 3) out.push(`${label} default.replication.factor is ${rf}${cfg["default.replication.factor"] === undefined ? " (Kafka default)" : ""}; needs 3`);
            if (offsets < 3) out.push(`${label} offsets.topic.replication.factor is ${offsets}; needs 3`);
            if (txn < 3) out.push(`${label} transaction.state.log.replication.factor is ${txn}; needs 3`);
            // Two separate sentences: "at least 2 and below the replication factor 1" cannot be met, and the
            // replication-factor finding above already asks for 3.
            const isrDefault = cfg["min.insync.replicas"] === undefined ? " (Kafka default)" : "";
            if (isr < 2) out.push(`${label} min.insync.replicas is ${isr}${isrDefault}; it must be at least 2, so an acknowledged write is on two brokers`);
            else if (isr >= rf) out.push(`${label} min.insync.replicas is ${isr}, not below the replication factor ${rf}; it must be lower, or one broker down stops every producer`);
            if (txnIsr < 2) out.push(`${label} transaction.state.log.min.isr is ${txnIsr}; it must be at least 2`);
            else if (txnIsr >= txn) out.push(`${label} transaction.state.log.min.isr is ${txnIsr}, not below transaction.state.log.replication.factor ${txn}; it must be lower, or one broker down stops every transaction`);
            if (String(cfg["unclean.leader.election.enable"]) === "true") out.push({ message: `${label} enables unclean.leader.election.enable`, escalate: true });
            return out;
        },
    },
);

function isPersistent(storage: unknown): boolean {
    const type = str(storage, "type");
    if (type === "persistent-claim") return true;
    if (type === "jbod") return arr(storage, "volumes").length > 0 && arr(storage, "volumes").every((v) => str(v, "type") === "persistent-claim");
    return false;
}

function deletesClaims(storage: unknown): boolean {
    if (bool(storage, "deleteClaim") === true) return true;
    return arr(storage, "volumes").some((v) => bool(v, "deleteClaim") === true);
}

/** 59 */
export const kafkaQuorumAndStorage = stackRule(
    {
        id: "kafka-quorum-and-storage",
        number: 59,
        description: "Each Kafka cluster has ≥ 3 brokers, an odd KRaft controller quorum of ≥ 3, persistent storage and (in prod) claims that survive deletion.",
        severity: "critical",
        anchors: ["strimzi packaging/examples/kafka/kafka-persistent.yaml"],
        scopes: ["kubernetes"],
        dev: "A",
        prod: "M",
    },
    ({ stack, environment }) => {
        const out: StackViolation[] = [];
        const pools = stack.ofType(isKafkaNodePool);
        for (const k of stack.ofType(isKafka)) {
            const name = metaName(k);
            const mine = pools.filter((p) => Object.fromEntries(entries(p.inputs, "metadata.labels"))["strimzi.io/cluster"] === name && (metaNamespace(p) ?? "") === (metaNamespace(k) ?? ""));
            const label = kubeLabel(k);
            if (mine.length === 0) {
                const replicas = num(k.inputs, "spec.kafka.replicas") ?? 0;
                if (replicas < 3) out.push({ resource: k, message: `${label} has ${replicas} broker(s) and no KafkaNodePools; needs 3 brokers` });
                const storage = get(k.inputs, "spec.kafka.storage");
                if (!isPersistent(storage)) out.push({ resource: k, message: `${label} storage is not persistent-claim/jbod` });
                continue;
            }
            const count = (role: string): number => mine.filter((p) => strs(p.inputs, "spec.roles").includes(role)).reduce((n, p) => n + (num(p.inputs, "spec.replicas") ?? 0), 0);
            const brokers = count("broker");
            const controllers = count("controller");
            if (brokers < 3) out.push({ resource: k, message: `${label} has ${brokers} broker(s); needs at least 3` });
            if (controllers < 3 || controllers % 2 === 0) out.push({ resource: k, message: `${label} has ${controllers} KRaft controller(s); needs an odd number of at least 3` });
            for (const p of mine) {
                const storage = get(p.inputs, "spec.storage");
                if (!isPersistent(storage)) out.push({ resource: p, message: `${kubeLabel(p)} storage is ${str(storage, "type") ?? "unset"}, not persistent-claim/jbod` });
                if (environment === "prod" && deletesClaims(storage)) out.push({ resource: p, message: `${kubeLabel(p)} sets deleteClaim true in prod` });
            }
        }
        return out;
    },
);

/** 60 */
export const kafkaRackAwareness = resourceRule(
    {
        id: "kafka-rack-awareness",
        number: 60,
        description: "Kafka brokers are rack-aware on the zone label, so replicas spread across zones.",
        severity: "high",
        anchors: ["Strimzi Rack schema reference"],
        scopes: ["kubernetes"],
        dev: "A",
        prod: "M",
    },
    {
        appliesTo: isKafka,
        check(r) {
            const key = str(r.inputs, "spec.kafka.rack.topologyKey");
            return key === "topology.kubernetes.io/zone" ? [] : [`${kubeLabel(r)} spec.kafka.rack.topologyKey is ${key ?? "unset"}, not topology.kubernetes.io/zone`];
        },
    },
);

/** 61 */
export const kafkaListenerSecurity = resourceRule(
    {
        id: "kafka-listener-security",
        number: 61,
        description: "Kafka listeners use TLS and authentication (plain internal listeners only in dev), authorization is on, and KafkaUser ACLs are not wildcards.",
        severity: "high",
        anchors: ["Strimzi GenericKafkaListener schema", "Strimzi KafkaAuthorization schema", "own"],
        scopes: ["kubernetes"],
        dev: "A",
        prod: "M",
    },
    {
        appliesTo: (t) => isKafka(t) || isKafkaUser(t),
        check(r, ctx) {
            const label = kubeLabel(r);
            if (isKafkaUser(r.type)) {
                return arr(r.inputs, "spec.authorization.acls").flatMap((a, i) => (str(a, "resource.name") === "*" && (str(a, "resource.patternType") ?? "literal") === "literal" ? [`${label} acls[${i}] applies to every ${str(a, "resource.type") ?? "resource"} (*)`] : []));
            }
            const out: string[] = [];
            arr(r.inputs, "spec.kafka.listeners").forEach((l, i) => {
                const name = str(l, "name") ?? `#${i}`;
                const internal = str(l, "type") === "internal" || str(l, "type") === "cluster-ip";
                const devPlainInternal = ctx.environment === "dev" && internal;
                if (bool(l, "tls") !== true && !devPlainInternal) out.push(`${label} listener ${name} has tls false`);
                if (!str(l, "authentication.type") && !devPlainInternal) out.push(`${label} listener ${name} has no authentication.type`);
            });
            if (!str(r.inputs, "spec.kafka.authorization.type")) out.push(`${label} spec.kafka.authorization is not set`);
            return out;
        },
    },
);

interface DcView {
    readonly where: string;
    readonly size: number;
    readonly racks: unknown[];
    readonly raw: unknown;
}

function datacenters(r: PolicyResource): DcView[] {
    if (isCassDc(r.type)) return [{ where: "spec", size: num(r.inputs, "spec.size") ?? 0, racks: arr(r.inputs, "spec.racks"), raw: get(r.inputs, "spec") }];
    return arr(r.inputs, "spec.cassandra.datacenters").map((dc, i) => ({ where: `datacenter ${str(dc, "metadata.name") ?? `#${i}`}`, size: num(dc, "size") ?? 0, racks: arr(dc, "racks").length ? arr(dc, "racks") : arr(r.inputs, "spec.cassandra.racks"), raw: dc }));
}

/** 62 */
export const cassandraTopologyRf3 = resourceRule(
    {
        id: "cassandra-topology-rf3",
        number: 62,
        description: "Each Cassandra datacenter has ≥ 3 nodes over ≥ 3 racks pinned to distinct zones, with one Cassandra pod per worker in prod.",
        severity: "critical",
        anchors: ["K8ssandra docs: Spread nodes across racks using affinities", "k8ssandra/cass-operator calculatePodAntiAffinity"],
        scopes: ["kubernetes"],
        dev: "A",
        prod: "M",
    },
    {
        appliesTo: (t) => isK8ssandra(t) || isCassDc(t),
        check(r, ctx) {
            const label = kubeLabel(r);
            const out: string[] = [];
            const dcs = datacenters(r);
            if (dcs.length === 0) out.push(`${label} declares no datacenters`);
            for (const dc of dcs) {
                if (dc.size < 3) out.push(`${label} ${dc.where} size is ${dc.size}; needs 3`);
                const racks = dc.racks.length;
                if (racks < 3) out.push(`${label} ${dc.where} has ${racks} rack(s); needs 3`);
                else if (dc.size % racks !== 0) out.push(`${label} ${dc.where} size ${dc.size} is not a multiple of its ${racks} racks`);
                const zones = dc.racks.map((rk) => Object.fromEntries(entries(rk, "nodeAffinityLabels"))["topology.kubernetes.io/zone"]);
                if (racks > 0 && (zones.some((z) => typeof z !== "string") || new Set(zones).size !== zones.length)) out.push(`${label} ${dc.where} racks are not each pinned to a distinct topology.kubernetes.io/zone`);
                if (ctx.environment === "prod") {
                    const soft = bool(dc.raw, "softPodAntiAffinity") === true || bool(r.inputs, "spec.cassandra.softPodAntiAffinity") === true;
                    const multi = bool(dc.raw, "allowMultipleNodesPerWorker") === true || bool(r.inputs, "spec.cassandra.allowMultipleNodesPerWorker") === true;
                    if (soft || multi) out.push(`${label} ${dc.where} allows several Cassandra pods per worker (${soft ? "softPodAntiAffinity" : "allowMultipleNodesPerWorker"})`);
                }
            }
            return out;
        },
    },
);

/** 63 */
export const cassandraAuthAndEncryption = resourceRule(
    {
        id: "cassandra-auth-and-encryption",
        number: 63,
        description: "Cassandra authentication stays on (mandatory everywhere) and client/server encryption stores are configured in prod.",
        severity: "critical",
        anchors: ["K8ssandra-operator CRD reference K8ssandraClusterSpec.auth", "K8ssandra docs: Enabling encryption"],
        scopes: ["kubernetes"],
        dev: "A",
        prod: "M",
    },
    {
        appliesTo: isK8ssandra,
        check(r, ctx) {
            const label = kubeLabel(r);
            const out: RuleFinding[] = [];
            if (bool(r.inputs, "spec.auth") === false) out.push({ message: `${label} spec.auth is false`, escalate: true });
            if (ctx.environment === "prod") {
                for (const store of ["serverEncryptionStores", "clientEncryptionStores"]) {
                    const top = obj(r.inputs, `spec.cassandra.${store}`);
                    const allDcs = datacenters(r).every((dc) => obj(dc.raw, store) !== undefined);
                    if (!top && !(datacenters(r).length > 0 && allDcs)) out.push(`${label} spec.cassandra.${store} is not set`);
                }
            }
            return out;
        },
    },
);

const MEDUSA_PROVIDERS = ["s3", "google_storage", "azure_blobs", "s3_compatible", "s3_rgw"];

/** 64 */
export const cassandraBackupsAndRepairs = stackRule(
    {
        id: "cassandra-backups-and-repairs",
        number: 64,
        description: "Every K8ssandraCluster backs up to the cloud object store with Medusa on a schedule for each datacenter and repairs with Reaper auto-scheduling.",
        severity: "high",
        anchors: ["K8ssandra docs: Medusa backup/restore", "K8ssandra docs: Reaper repairs", "own"],
        scopes: ["kubernetes"],
        dev: "A",
        prod: "M",
    },
    ({ stack }) => {
        const out: StackViolation[] = [];
        const schedules = stack.ofType(kube("medusa.k8ssandra.io", "MedusaBackupSchedule"));
        for (const k of stack.ofType(isK8ssandra)) {
            const label = kubeLabel(k);
            const provider = str(k.inputs, "spec.medusa.storageProperties.storageProvider");
            if (!provider || !MEDUSA_PROVIDERS.includes(provider)) out.push({ resource: k, message: `${label} spec.medusa.storageProperties.storageProvider is ${provider ?? "unset"}, not a cloud object store` });
            for (const dc of arr(k.inputs, "spec.cassandra.datacenters")) {
                const dcName = str(dc, "metadata.name") ?? "";
                const has = schedules.some((s) => (str(s.inputs, "spec.backupSpec.cassandraDatacenter") ?? str(s.inputs, "spec.cassandraDatacenter")) === dcName && (str(s.inputs, "spec.operationType") ?? "backup") === "backup" && bool(s.inputs, "spec.disabled") !== true && (metaNamespace(s) ?? "") === (metaNamespace(k) ?? ""));
                if (!has) out.push({ resource: k, message: `${label} datacenter ${dcName || "?"} has no MedusaBackupSchedule` });
            }
            if (!obj(k.inputs, "spec.reaper")) out.push({ resource: k, message: `${label} spec.reaper is not set` });
            else if (bool(k.inputs, "spec.reaper.autoScheduling.enabled") !== true) out.push({ resource: k, message: `${label} spec.reaper.autoScheduling.enabled is not true` });
        }
        return out;
    },
);

function sparkSpec(r: PolicyResource): Record<string, unknown> | undefined {
    return r.type.endsWith(":ScheduledSparkApplication") ? obj(r.inputs, "spec.template") : obj(r.inputs, "spec");
}

const isConfigMap = kube("core", "ConfigMap");
/** Key of the settings in a platform Spark defaults ConfigMap (components/data/spark/runtime.ts). */
const DEFAULTS_CONF_KEY = "spark-defaults.conf";
/** Names of the platform's Spark defaults ConfigMaps (`spark-defaults`, `spark-defaults-gpu`). */
const DEFAULTS_CONFIGMAP_PREFIX = "spark-defaults";
/** Key of the generated SparkApplication in the same ConfigMap. */
const DEFAULTS_APP_KEY = "sparkapplication.json";

/**
 * What the Spark rules judge: SparkApplications (and ScheduledSparkApplications) someone applies, and
 * the platform's own Spark defaults, which the program deploys as `spark-defaults*` ConfigMaps
 * carrying `spark-defaults.conf` and the SparkApplication jobs start from (`sparkapplication.json`).
 */
const appliesToSpark = (t: string) => isSparkApp(t) || isConfigMap(t);

/** One thing to judge: a SparkApplication spec, the settings of a defaults file, or a problem reading them. */
type SparkSubject = { readonly kind: "app"; readonly label: string; readonly spec: Record<string, unknown> | undefined; readonly conf: Record<string, unknown> } | { readonly kind: "conf"; readonly label: string; readonly conf: Record<string, string> } | { readonly kind: "broken"; readonly label: string; readonly message: string };

/**
 * The settings of a `spark-defaults.conf` as components/data/spark/defaults.ts `renderSparkDefaults`
 * writes it: one `key value` per line (Spark's properties-file format with whitespace as separator).
 * @param text the file
 */
function defaultsConf(text: string): Record<string, string> {
    const out: Record<string, string> = {};
    for (const line of text.split("\n")) {
        const t = line.trim();
        if (t === "" || t.startsWith("#")) continue;
        const m = /^(\S+)\s+(.*)$/.exec(t);
        if (m) out[m[1]!] = m[2]!;
    }
    return out;
}

/**
 * What the Spark rules judge in one resource (nothing for a ConfigMap that is not Spark defaults).
 * @param r the resource
 */
function sparkSubjects(r: PolicyResource): SparkSubject[] {
    const label = kubeLabel(r);
    if (isSparkApp(r.type)) {
        const spec = sparkSpec(r);
        return [{ kind: "app", label, spec, conf: Object.fromEntries(entries(spec, "sparkConf")) }];
    }
    // Job defaults are the `spark-defaults*` ConfigMaps (or any carrying the application); another
    // spark-defaults.conf, such as the history server's own configuration, is not a job's.
    const data = Object.fromEntries(entries(r.inputs, "data"));
    const text = data[DEFAULTS_CONF_KEY];
    if (typeof text !== "string" || !(metaName(r)?.startsWith(DEFAULTS_CONFIGMAP_PREFIX) || DEFAULTS_APP_KEY in data)) return [];
    const out: SparkSubject[] = [{ kind: "conf", label: `${label} ${DEFAULTS_CONF_KEY}`, conf: defaultsConf(text) }];
    const json = data[DEFAULTS_APP_KEY];
    if (typeof json !== "string") return [...out, { kind: "broken", label, message: `${label} carries no ${DEFAULTS_APP_KEY} (the SparkApplication jobs start from)` }];
    let app: unknown;
    try {
        app = JSON.parse(json);
    } catch (e) {
        return [...out, { kind: "broken", label, message: `${label} ${DEFAULTS_APP_KEY} is not JSON: ${(e as Error).message}` }];
    }
    const spec = obj(app, "spec");
    const appLabel = `${label} ${DEFAULTS_APP_KEY}: ${str(app, "kind") ?? "?"} ${str(app, "metadata.namespace") ?? "?"}/${str(app, "metadata.name") ?? "?"}`;
    return [...out, { kind: "app", label: appLabel, spec, conf: Object.fromEntries(entries(spec, "sparkConf")) }];
}

/** CPU-limit settings Spark reads (spark.kubernetes.{driver,executor}.limit.cores). */
const LIMIT_CORES = ["spark.kubernetes.driver.limit.cores", "spark.kubernetes.executor.limit.cores"];

/** 65 */
export const sparkAppResourcesBounded = resourceRule(
    {
        id: "spark-app-resources-bounded",
        number: 65,
        description:
            "Spark drivers and executors declare cores and memory and no CPU limit (coreLimit / limit.cores would CFS-throttle them; the platform sets no CPU limits); dynamic allocation has a maximum under the cap and shuffle tracking; executor counts stay under the cap. Judged on SparkApplications and on the platform's spark-defaults ConfigMaps (spark-defaults.conf and the SparkApplication they carry).",
        severity: "high",
        anchors: ["kubeflow/spark-operator api/v1beta2 DynamicAllocation", "Apache Spark job-scheduling.md Dynamic Resource Allocation", "Apache Spark running-on-kubernetes.md spark.kubernetes.executor.limit.cores", "docs/reference/platform-contract.md (no CPU limits)"],
        scopes: ["kubernetes"],
        dev: "M",
        prod: "M",
    },
    {
        appliesTo: appliesToSpark,
        check(r, ctx) {
            const cap = typeof ctx.params["maxExecutors"] === "number" ? ctx.params["maxExecutors"] : 100;
            const out: string[] = [];
            for (const s of sparkSubjects(r)) {
                if (s.kind === "broken") {
                    out.push(s.message);
                    continue;
                }
                const label = s.label;
                for (const k of LIMIT_CORES) if (s.conf[k] !== undefined) out.push(`${label} sets ${k} ${String(s.conf[k])}: a CPU limit throttles Spark at it (the platform sets no CPU limits)`);
                if (s.kind === "conf") {
                    const c = s.conf;
                    const missing = ["spark.driver.cores", "spark.driver.memory", "spark.executor.cores", "spark.executor.memory"].filter((k) => c[k] === undefined);
                    if (missing.length) out.push(`${label} is missing ${missing.join(", ")}`);
                    const instances = numeric(c["spark.executor.instances"]);
                    if (instances !== undefined && instances > cap) out.push(`${label} spark.executor.instances ${instances} exceeds the cap ${cap}`);
                    if (c["spark.dynamicAllocation.enabled"] === "true") {
                        const max = numeric(c["spark.dynamicAllocation.maxExecutors"]);
                        if (max === undefined) out.push(`${label} spark.dynamicAllocation.maxExecutors is not set`);
                        else if (max > cap) out.push(`${label} spark.dynamicAllocation.maxExecutors ${max} exceeds the cap ${cap}`);
                        if (c["spark.dynamicAllocation.shuffleTracking.enabled"] !== "true") out.push(`${label} spark.dynamicAllocation.shuffleTracking.enabled is not true (no external shuffle service on Kubernetes)`);
                    }
                    continue;
                }
                const spec = s.spec;
                for (const role of ["driver", "executor"]) {
                    const missing = ["cores", "memory"].filter((f) => get(spec, `${role}.${f}`) === undefined);
                    if (missing.length) out.push(`${label} ${role} is missing ${missing.join(", ")}`);
                    const limit = get(spec, `${role}.coreLimit`);
                    if (limit !== undefined) out.push(`${label} ${role}.coreLimit is ${String(limit)}: a CPU limit throttles Spark at it (the platform sets no CPU limits)`);
                }
                const instances = num(spec, "executor.instances");
                if (instances !== undefined && instances > cap) out.push(`${label} executor.instances ${instances} exceeds the cap ${cap}`);
                if (bool(spec, "dynamicAllocation.enabled") === true) {
                    const max = num(spec, "dynamicAllocation.maxExecutors");
                    if (max === undefined) out.push(`${label} dynamicAllocation.maxExecutors is not set`);
                    else if (max > cap) out.push(`${label} dynamicAllocation.maxExecutors ${max} exceeds the cap ${cap}`);
                    if (bool(spec, "dynamicAllocation.shuffleTrackingEnabled") === false) out.push(`${label} dynamicAllocation.shuffleTrackingEnabled is false (no external shuffle service on Kubernetes)`);
                }
                const confMax = numeric(s.conf["spark.dynamicAllocation.maxExecutors"]);
                if (confMax !== undefined && confMax > cap) out.push(`${label} sparkConf spark.dynamicAllocation.maxExecutors ${confMax} exceeds the cap ${cap}`);
            }
            return out;
        },
    },
);

/** 66 */
export const sparkEventLogToObjectStore = resourceRule(
    {
        id: "spark-event-log-to-object-store",
        number: 66,
        description: "Spark applications and the platform's spark-defaults write event logs to the platform object store the history server reads.",
        severity: "medium",
        anchors: ["Apache Spark Monitoring and Instrumentation", "design contract"],
        scopes: ["kubernetes"],
        dev: "A",
        prod: "M",
    },
    {
        appliesTo: appliesToSpark,
        check(r, ctx) {
            const out: string[] = [];
            const prefix = typeof ctx.params["eventLogDir"] === "string" ? ctx.params["eventLogDir"] : undefined;
            for (const s of sparkSubjects(r)) {
                if (s.kind === "broken") continue;
                const where = s.kind === "app" ? `${s.label} sparkConf` : s.label;
                const conf = s.conf;
                if (String(conf["spark.eventLog.enabled"]) !== "true") out.push(`${where} spark.eventLog.enabled is not true`);
                const dir = typeof conf["spark.eventLog.dir"] === "string" ? conf["spark.eventLog.dir"] : undefined;
                if (!dir || !/^(s3a|gs|abfss):\/\//.test(dir)) out.push(`${where} spark.eventLog.dir is ${dir ?? "unset"}, not an object-store URI`);
                else if (prefix && !dir.startsWith(prefix)) out.push(`${where} spark.eventLog.dir ${dir} is not under ${prefix}`);
            }
            return out;
        },
    },
);

/** 67 */
export const sparkDriverPlacement = resourceRule(
    {
        id: "spark-driver-placement",
        number: 67,
        description:
            "Spark drivers stay off GPU nodes unless they request a GPU; GPU executors target the gpu pool; CPU executors target large-core or general. Judged on SparkApplications and on the SparkApplication the platform's spark-defaults ConfigMaps carry.",
        severity: "high",
        anchors: ["design contract", "own", "Kyverno check-nvidia-gpus (partial)"],
        scopes: ["kubernetes"],
        dev: "M",
        prod: "M",
    },
    {
        appliesTo: appliesToSpark,
        check(r) {
            const out: string[] = [];
            for (const s of sparkSubjects(r)) {
                if (s.kind !== "app") continue;
                const { spec, label } = s;
                const driver = get(spec, "driver");
                const driverGpu = (num(driver, "gpu.quantity") ?? 0) > 0;
                if (!driverGpu && (toleratesGpu(arr(driver, "tolerations")) || selectsRole(driver, "gpu"))) out.push(`${label} driver targets GPU nodes without requesting a GPU`);
                const executor = get(spec, "executor");
                const execGpu = (num(executor, "gpu.quantity") ?? 0) > 0;
                if (execGpu) {
                    // One finding per missing half ("do not tolerate ... and select ..." read as if selecting were wrong).
                    if (!toleratesGpu(arr(executor, "tolerations"))) out.push(`${label} GPU executors request nvidia.com/gpu but do not tolerate the GPU taint`);
                    if (!selectsRole(executor, "gpu")) out.push(`${label} GPU executors request nvidia.com/gpu but do not select tristack.io/role=gpu`);
                } else if (!selectsRole(executor, "large-core") && !selectsRole(executor, "general")) out.push(`${label} CPU executors select neither tristack.io/role=large-core nor general`);
            }
            return out;
        },
    },
);

/** The rules of this file. */
export const DATA_RULES = [kafkaReplicationDurability, kafkaQuorumAndStorage, kafkaRackAwareness, kafkaListenerSecurity, cassandraTopologyRf3, cassandraAuthAndEncryption, cassandraBackupsAndRepairs, sparkAppResourcesBounded, sparkEventLogToObjectStore, sparkDriverPlacement];
