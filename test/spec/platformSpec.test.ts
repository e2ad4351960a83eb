import { describe, expect, it } from "vitest";
import { parsePlatformSpec, SpecError, type PlatformSpecInput } from "../../components/spec";

/** A small valid spec; each case below breaks exactly one thing. */
function base(): Record<string, unknown> {
    return {
        cloud: "aws",
        environment: "dev",
        region: "us-east-1",
        zones: ["us-east-1a", "us-east-1b"],
        kubernetesVersion: "1.33",
        apiAccess: { authorizedCidrs: ["203.0.113.0/24"] },
        nodePools: {
            system: { role: "system", shape: { vCpu: 4, memoryGiB: 16 }, maxNodes: 3 },
            general: { role: "general", shape: { vCpu: 8, memoryGiB: 32 }, maxNodes: 4 },
            kafka: { role: "data", shape: { vCpu: 16, memoryGiB: 64 }, maxNodes: 3 },
        },
    } satisfies PlatformSpecInput;
}

type Mutation = (s: Record<string, unknown>) => void;
const pools = (s: Record<string, unknown>) => s["nodePools"] as Record<string, Record<string, unknown>>;

function problemsOf(spec: unknown): { path: string; value: string; expected: string }[] {
    try {
        parsePlatformSpec(spec);
    } catch (err) {
        expect(err).toBeInstanceOf(SpecError);
        return [...(err as SpecError).problems];
    }
    throw new Error("spec was accepted");
}

const cases: [string, string, Mutation, RegExp][] = [
    ["unknown top-level key", "clowd", (s) => (s["clowd"] = "aws"), /no unknown keys/],
    ["unknown cloud", "cloud", (s) => (s["cloud"] = "oracle"), /one of "aws", "gcp", "azure", "existing"/],
    ["unknown environment", "environment", (s) => (s["environment"] = "production"), /one of "dev", "staging", "prod"/],
    ["missing region", "region", (s) => delete s["region"], /type string/],
    ["bad kubernetes version", "kubernetesVersion", (s) => (s["kubernetesVersion"] = "1.33.2"), /minor version/],
    ["name not a DNS label", "name", (s) => (s["name"] = "Tri_Stack"), /DNS label/],
    ["name too long", "name", (s) => (s["name"] = "a".repeat(21)), /at most 20/],
    ["zone of another region", "zones[0]", (s) => (s["zones"] = ["us-west-2a", "us-east-1b"]), /not a zone of region "us-east-1"/],
    ["duplicate zone", "zones[1]", (s) => (s["zones"] = ["us-east-1a", "us-east-1a"]), /listed twice/],
    ["no zones on a cloud", "zones", (s) => (s["zones"] = []), /at least one zone/],
    ["prod with 2 zones", "zones", (s) => (s["environment"] = "prod"), /prod needs at least 3 zones/],
    ["prod open API", "apiAccess.authorizedCidrs", (s) => ((s["environment"] = "prod"), (s["zones"] = ["us-east-1a", "us-east-1b", "us-east-1c"]), (s["apiAccess"] = { authorizedCidrs: ["0.0.0.0/0"] })), /cover the whole IPv4 internet; an open API server is refused in prod/],
    ["public API without CIDRs", "apiAccess.authorizedCidrs", (s) => (s["apiAccess"] = {}), /a public endpoint needs the runners' egress CIDRs/],
    ["malformed CIDR", "apiAccess.authorizedCidrs[0]", (s) => (s["apiAccess"] = { authorizedCidrs: ["10.0.0.0/33"] }), /IPv4 CIDR/],
    ["malformed VPC CIDR", "network.vpcCidr", (s) => (s["network"] = { vpcCidr: "10.0.0/16" }), /IPv4 CIDR/],
    ["no system pool", "nodePools", (s) => delete pools(s)["system"], /role "system" is required/],
    ["pool name with a dash", "nodePools.big-cpu", (s) => (pools(s)["big-cpu"] = { role: "large-core", shape: { vCpu: 64, memoryGiB: 256 }, maxNodes: 2 }), /1-12 lowercase letters\/digits/],
    ["pool name too long", "nodePools.verylongpoolname", (s) => (pools(s)["verylongpoolname"] = { role: "general", shape: { vCpu: 8, memoryGiB: 32 }, maxNodes: 2 }), /1-12 lowercase/],
    ["unknown pool role", "nodePools.general.role", (s) => (pools(s)["general"]!["role"] = "compute"), /one of "system", "general", "large-core", "gpu", "data"/],
    ["min above max", "nodePools.general.minNodes", (s) => (pools(s)["general"]!["minNodes"] = 5), /minNodes \(5\) must be <= maxNodes \(4\)/],
    ["non-GPU pool at zero", "nodePools.general.minNodes", (s) => (pools(s)["general"]!["minNodes"] = 0), /only gpu pools may scale to 0/],
    ["maxNodes zero", "nodePools.general.maxNodes", (s) => (pools(s)["general"]!["maxNodes"] = 0), />= 1/],
    ["unknown pool key", "nodePools.general.instanceSize", (s) => (pools(s)["general"]!["instanceSize"] = "large"), /no unknown keys/],
    ["GPU pool without gpu", "nodePools.gpu.gpu", (s) => (pools(s)["gpu"] = { role: "gpu", shape: { vCpu: 4, memoryGiB: 16 }, minNodes: 0, maxNodes: 2 }), /needs "gpu: \{ model, count \}"/],
    ["GPU on a general pool", "nodePools.general.gpu", (s) => (pools(s)["general"]!["gpu"] = { model: "T4" }), /only pools with role "gpu"/],
    ["unknown GPU model", "nodePools.gpu.gpu.model", (s) => (pools(s)["gpu"] = { role: "gpu", gpu: { model: "V100" }, minNodes: 0, maxNodes: 1 }), /one of "T4", "L4", "A10G", "A100-40GB", "A100-80GB", "H100-80GB"/],
    ["GPU model not on the cloud", "nodePools.gpu.gpu.model", (s) => ((s["cloud"] = "azure"), (s["zones"] = ["1", "2"]), (s["region"] = "eastus2"), (pools(s)["gpu"] = { role: "gpu", gpu: { model: "L4" }, minNodes: 0, maxNodes: 1 })), /"L4" is not offered on azure/],
    ["GPU count too high", "nodePools.gpu.gpu.count", (s) => (pools(s)["gpu"] = { role: "gpu", gpu: { model: "T4", count: 9 }, minNodes: 0, maxNodes: 1 }), /<= 8/],
    ["pool without shape", "nodePools.general.shape", (s) => delete pools(s)["general"]!["shape"], /needs "shape: \{ vCpu, memoryGiB \}" or "instanceType.aws"/],
    ["shape nobody offers", "nodePools.general.shape", (s) => (pools(s)["general"]!["shape"] = { vCpu: 200, memoryGiB: 32 }), /no aws instance type offers role general, >= 200 vCPU/],
    ["unknown instance type override", "nodePools.general.instanceType.aws", (s) => (pools(s)["general"]!["instanceType"] = { aws: "m99.huge" }), /"m99.huge" is not in the aws catalog/],
    ["disk too small", "nodePools.general.diskGiB", (s) => (pools(s)["general"]!["diskGiB"] = 10), />= 30/],
    ["max pods too high", "nodePools.general.maxPods", (s) => (pools(s)["general"]!["maxPods"] = 500), /<= 250/],
    ["bad capacity type", "nodePools.general.capacity", (s) => (pools(s)["general"]!["capacity"] = "preemptible"), /one of "on-demand", "spot"/],
    ["block for another cloud", "gcp", (s) => (s["gcp"] = { project: "acme-data-dev" }), /only allowed when cloud is "gcp"/],
    ["gcp without project block", "gcp", (s) => ((s["cloud"] = "gcp"), (s["region"] = "us-central1"), (s["zones"] = ["us-central1-a"])), /needs a "gcp" block/],
    ["azure zone name", "zones[0]", (s) => ((s["cloud"] = "azure"), (s["region"] = "eastus2"), (s["zones"] = ["eastus2-1"])), /not an Azure availability zone/],
    ["bad admin role ARN", "aws.adminRoleArns[0]", (s) => (s["aws"] = { adminRoleArns: ["admin"] }), /IAM role ARN/],
    ["tenant name invalid", "tenants.Team_A", (s) => (s["tenants"] = { Team_A: { members: { aws: { roleArns: ["arn:aws:iam::111122223333:role/a"] } }, quota: { cpu: 1, memoryGiB: 1 } } }), /DNS label/],
    ["tenant quota missing", "tenants.a.quota", (s) => (s["tenants"] = { a: { members: { aws: { roleArns: ["arn:aws:iam::111122223333:role/a"] } } } }), /type object/],
    ["negative tenant GPU quota", "tenants.a.quota.gpu", (s) => (s["tenants"] = { a: { members: { aws: { roleArns: ["arn:aws:iam::111122223333:role/a"] } }, quota: { cpu: 1, memoryGiB: 1, gpu: -1 } } }), />= 0/],
    ["Spark executor pool missing", "spark.executorPool", (s) => (s["spark"] = { executorPool: "nope" }), /pool "nope" does not exist/],
    ["Spark driver on a data pool", "spark.driverPool", (s) => (s["spark"] = { driverPool: "kafka" }), /has role "data"; the Spark driver needs general/],
    ["Kafka without a data pool", "kafka.pool", (s) => ((s["kafka"] = { enabled: true, pool: "general", brokers: 1, replicationFactor: 1, minInsyncReplicas: 1, allowReducedDurability: true })), /has role "general"; Kafka brokers needs data/],
    ["Kafka even controllers", "kafka.controllers", (s) => (s["kafka"] = { enabled: true, controllers: 2 }), /must be odd/],
    ["Kafka RF above brokers", "kafka.replicationFactor", (s) => (s["kafka"] = { enabled: true, brokers: 2, replicationFactor: 3 }), /exceeds brokers \(2\)/],
    ["Kafka reduced durability without opt-in", "kafka.replicationFactor", (s) => (s["kafka"] = { enabled: true, brokers: 1, replicationFactor: 1, minInsyncReplicas: 1 }), /needs allowReducedDurability: true/],
    ["Kafka data pool too small", "nodePools.kafka.maxNodes", (s) => (s["kafka"] = { enabled: true, brokers: 4 }), /hosts 4 one-per-node data pods .* maxNodes is 3/],
    ["Kafka topic with bad name", "kafka.topics.Bad Topic", (s) => (s["kafka"] = { enabled: true, topics: { "Bad Topic": {} } }), /topic names must be lowercase/],
    ["Kafka topic for an unknown tenant", "kafka.topics.events.tenant", (s) => (s["kafka"] = { enabled: true, topics: { events: { tenant: "ghost" } } }), /tenant "ghost" is not defined/],
    ["Cassandra nodes not a multiple of zones", "cassandra.nodes", (s) => ((s["cassandra"] = { enabled: true, nodes: 3 }), (pools(s)["kafka"]!["maxNodes"] = 3)), /must be a multiple of the zones \(2\)/],
    ["Cassandra keyspace RF above nodes", "cassandra.keyspaces.features.replicationFactor", (s) => (s["cassandra"] = { enabled: true, nodes: 2, keyspaces: { features: { replicationFactor: 3 } } }), /exceeds nodes \(2\)/],
    ["Cassandra backup cron malformed", "cassandra.backups.schedule", (s) => (s["cassandra"] = { enabled: true, nodes: 2, backups: { schedule: "daily" } }), /5-field cron/],
    ["tag key with capitals", "tags.CostCenter", (s) => (s["tags"] = { CostCenter: "x" }), /GCP label rule/],
    ["monitoring retention zero", "monitoring.retentionDays", (s) => (s["monitoring"] = { retentionDays: 0 }), />= 1/],
];

describe("PlatformSpec rejects malformed specs with the key path, the value and what is allowed", () => {
    it("accepts the base spec and applies documented defaults", () => {
        const spec = parsePlatformSpec(base());
        expect(spec.name).toBe("tristack");
        expect(spec.nodePools["general"]).toMatchObject({ minNodes: 1, capacity: "on-demand", diskGiB: 100, localNvme: false, maxPods: 110 });
        expect(spec.apiAccess).toEqual({ mode: "public", authorizedCidrs: ["203.0.113.0/24"], openToInternet: false });
        expect(spec.spark).toMatchObject({ enabled: true, maxExecutors: 50, historyServer: true });
        expect(spec.kafka.enabled).toBe(false);
        expect(spec.monitoring).toEqual({ enabled: true, retentionDays: 15, storageGiB: 100 });
    });

    it(`has at least 30 distinct malformed cases (${cases.length})`, () => {
        expect(new Set(cases.map((c) => c[0])).size).toBe(cases.length);
        expect(cases.length).toBeGreaterThanOrEqual(30);
    });

    it.each(cases)("%s -> spec.%s", (_title, path, mutate, expected) => {
        const spec = base();
        mutate(spec);
        const problems = problemsOf(spec);
        const hit = problems.find((p) => p.path === path);
        expect(hit, `problems: ${JSON.stringify(problems)}`).toBeDefined();
        expect(hit!.expected).toMatch(expected);
    });

    it("reports every problem at once, one line each, with the bad value", () => {
        const spec = base();
        spec["cloud"] = "oracle";
        spec["environment"] = "qa";
        pools(spec)["general"]!["maxNodes"] = -1;
        let message = "";
        try {
            parsePlatformSpec(spec);
        } catch (err) {
            message = (err as Error).message;
        }
        expect(message.split("\n")).toEqual([
            "tristack:spec is invalid (3 problems):",
            '  - spec.cloud: got "oracle"; expected one of "aws", "gcp", "azure", "existing"',
            '  - spec.environment: got "qa"; expected one of "dev", "staging", "prod"',
            "  - spec.nodePools.general.maxNodes: got -1; expected >= 1",
        ]);
    });

    it("shows the missing value as (missing)", () => {
        const spec = base();
        delete spec["kubernetesVersion"];
        expect(problemsOf(spec)).toEqual([{ path: "kubernetesVersion", value: "(missing)", expected: "a value of type string" }]);
    });
});
