import { describe, expect, it } from "vitest";
import { parsePlatformSpec, SpecError, type SpecProblem } from "../../components/spec";
import { coveredAddresses, canonicalBlocks, coversWholeInternet, parseIpv4Cidr } from "../../components/spec/cidr";

type Cloud = "aws" | "gcp" | "azure";

/** A small valid spec on a cloud; `apiAccess` and `extra` are what each case is about. */
function spec(cloud: Cloud, apiAccess: Record<string, unknown> | undefined, extra: Record<string, unknown> = {}): Record<string, unknown> {
    const where = {
        aws: { region: "us-east-1", zones: ["us-east-1a", "us-east-1b", "us-east-1c"] },
        gcp: { region: "us-central1", zones: ["us-central1-a", "us-central1-b", "us-central1-c"], gcp: { project: "acme-data-dev" } },
        azure: { region: "eastus2", zones: ["1", "2", "3"] },
    }[cloud];
    return {
        cloud,
        environment: "dev",
        kubernetesVersion: "1.35",
        ...where,
        ...(apiAccess !== undefined ? { apiAccess } : {}),
        nodePools: { system: { role: "system", shape: { vCpu: 4, memoryGiB: 16 }, maxNodes: 3 }, general: { role: "general", shape: { vCpu: 8, memoryGiB: 32 }, maxNodes: 4 } },
        ...extra,
    };
}

/** The problems under `apiAccess` (other keys are other tests' subject). */
function accessProblems(raw: unknown): SpecProblem[] {
    try {
        parsePlatformSpec(raw);
        return [];
    } catch (err) {
        expect(err).toBeInstanceOf(SpecError);
        return (err as SpecError).problems.filter((p) => p.path.startsWith("apiAccess"));
    }
}

const prod = { environment: "prod" };
const existingVpc = { aws: { existingVpc: { vpcId: "vpc-0abc", privateSubnetIds: ["subnet-0a", "subnet-0b", "subnet-0c"] } } };

describe("CIDRs are canonical and judged by the space they cover (ipaddr.js)", () => {
    it.each([
        ["10.0.0.0/16", "10.0.0.0/16"],
        ["203.0.113.7/32", "203.0.113.7/32"],
        ["0.0.0.0/0", "0.0.0.0/0"],
    ])("accepts %s", (text, cidr) => {
        expect(parseIpv4Cidr(text)).toMatchObject({ ok: true, block: { cidr } });
    });

    it.each([
        ["203.0.113.5/24", "has host bits set: 203.0.113.5/24 is not a network address (the /24 block containing it is 203.0.113.0/24; write that, or the /32 you meant)"],
        ["203.0.113.0/0", "has host bits set: 203.0.113.0/0 is not a network address (the /0 block containing it is 0.0.0.0/0; write that, or the /32 you meant)"],
        ["10.0.0.0/33", "must be an IPv4 CIDR such as 10.0.0.0/16"],
        ["10/8", "must be an IPv4 CIDR such as 10.0.0.0/16"],
        ["010.0.0.0/8", "must be an IPv4 CIDR such as 10.0.0.0/16"],
    ])("refuses %s", (text, reason) => {
        expect(parseIpv4Cidr(text)).toEqual({ ok: false, reason });
    });

    it("counts overlapping blocks once", () => {
        expect(coveredAddresses(canonicalBlocks(["10.0.0.0/8", "10.1.0.0/16", "192.168.0.0/24"]))).toBe(2 ** 24 + 256);
    });

    it.each([
        [["0.0.0.0/1", "128.0.0.0/1"], true],
        [["0.0.0.0/0"], true],
        [["0.0.0.0/2", "64.0.0.0/2", "128.0.0.0/1"], true],
        [["0.0.0.0/1", "128.0.0.0/2"], false],
        [["203.0.113.0/24"], false],
    ])("%j covers the whole internet: %s", (cidrs, open) => {
        expect(coversWholeInternet(cidrs)).toBe(open);
    });
});

describe("apiAccess: one access decision for every environment", () => {
    it("defaults to a public endpoint that needs the runners' CIDRs: a missing block opens nothing", () => {
        expect(accessProblems(spec("aws", undefined))).toEqual([
            {
                path: "apiAccess.authorizedCidrs",
                value: "[]",
                expected: "a public endpoint needs the runners' egress CIDRs (GitHub-hosted runners have none fixed: use self-hosted or static-IP runners); to open it to everyone set apiAccess.openToInternet: true (dev/staging only)",
            },
        ]);
    });

    it("names the DNS endpoint as the alternative where the cloud has it (GKE)", () => {
        expect(accessProblems(spec("gcp", {}))[0]?.expected).toContain(`or mode "dns" (reachable from anywhere, IAM-authorised)`);
    });

    it("accepts the explicit open opt-in in dev", () => {
        expect(accessProblems(spec("aws", { openToInternet: true }))).toEqual([]);
        expect(parsePlatformSpec(spec("azure", { openToInternet: true })).apiAccess).toEqual({ mode: "public", authorizedCidrs: [], openToInternet: true });
    });

    it("refuses the open opt-in in prod", () => {
        expect(accessProblems(spec("aws", { openToInternet: true }, prod))).toEqual([
            { path: "apiAccess.openToInternet", value: "true", expected: `an API server open to the internet is refused in prod; list the runners' egress CIDRs in apiAccess.authorizedCidrs, or use mode "private"` },
        ]);
    });

    it("refuses the opt-in together with CIDRs, or with a private endpoint", () => {
        expect(accessProblems(spec("aws", { openToInternet: true, authorizedCidrs: ["203.0.113.0/24"] })).map((p) => p.path)).toEqual(["apiAccess.authorizedCidrs"]);
        expect(accessProblems(spec("aws", { mode: "private", openToInternet: true }, existingVpc))[0]).toMatchObject({ path: "apiAccess.openToInternet", expected: `only a public endpoint can be opened to the internet (mode is "private"); remove openToInternet` });
    });

    it.each([
        ["two halves", ["0.0.0.0/1", "128.0.0.0/1"]],
        ["three pieces", ["0.0.0.0/2", "64.0.0.0/2", "128.0.0.0/1"]],
    ])("refuses an open endpoint hidden in wider CIDRs (%s) without the opt-in", (_t, cidrs) => {
        expect(accessProblems(spec("azure", { authorizedCidrs: cidrs }))).toEqual([
            { path: "apiAccess.authorizedCidrs", value: JSON.stringify(cidrs), expected: `${cidrs.join(" + ")} together cover the whole IPv4 internet; say so with apiAccess.openToInternet: true (dev/staging only) or list the runners' egress CIDRs` },
        ]);
        expect(accessProblems(spec("azure", { authorizedCidrs: cidrs }, prod))[0]?.expected).toBe(`${cidrs.join(" + ")} together cover the whole IPv4 internet; an open API server is refused in prod`);
    });

    it("refuses a /24 typo'd as /0 and host bits set, on the entry's own key", () => {
        expect(accessProblems(spec("aws", { authorizedCidrs: ["203.0.113.0/0"] }, prod))).toEqual([
            { path: "apiAccess.authorizedCidrs[0]", value: '"203.0.113.0/0"', expected: "has host bits set: 203.0.113.0/0 is not a network address (the /0 block containing it is 0.0.0.0/0; write that, or the /32 you meant)" },
        ]);
        expect(accessProblems(spec("aws", { authorizedCidrs: ["203.0.113.5/24"] }))[0]?.path).toBe("apiAccess.authorizedCidrs[0]");
    });

    it("refuses more than a /8 in total in prod", () => {
        expect(accessProblems(spec("gcp", { authorizedCidrs: ["64.0.0.0/7"] }, prod))).toEqual([
            { path: "apiAccess.authorizedCidrs", value: '["64.0.0.0/7"]', expected: "64.0.0.0/7 cover 33554432 addresses; prod admits at most a /8 (16777216) in total: list the runners' egress ranges" },
        ]);
        expect(accessProblems(spec("gcp", { authorizedCidrs: ["198.51.100.16/28", "203.0.113.0/24"] }, prod))).toEqual([]);
    });

    it.each<[Cloud, string, Record<string, unknown>]>([
        ["aws", "aws.existingVpc", {}],
        ["gcp", "gcp.existingNetwork", {}],
        ["azure", "azure.existingSubnetId", {}],
    ])("refuses a private-only endpoint in a network the stack creates (%s), naming %s", (cloud, key, extra) => {
        const problems = accessProblems(spec(cloud, { mode: "private", authorizedCidrs: ["10.20.0.0/16"] }, { ...prod, ...extra }));
        expect(problems).toEqual([
            {
                path: "apiAccess.mode",
                value: '"private"',
                expected: `"private": a private-only endpoint in the network this stack creates cannot be reached by the runner that creates it; set ${key} to a network the runner already reaches (peering/VPN/in-network runner), or use mode "public" with apiAccess.authorizedCidrs${cloud === "gcp" ? `, or mode "dns" (reachable from anywhere, IAM-authorised)` : ""}`,
            },
        ]);
    });

    it("accepts a private endpoint in an existing network with the runner's CIDRs", () => {
        expect(accessProblems(spec("aws", { mode: "private", authorizedCidrs: ["10.20.0.0/16"] }, { ...prod, ...existingVpc }))).toEqual([]);
        expect(accessProblems(spec("azure", { mode: "private", authorizedCidrs: ["10.20.0.0/16"] }, { ...prod, azure: { existingSubnetId: "/subscriptions/x/resourceGroups/net/providers/Microsoft.Network/virtualNetworks/hub/subnets/aks" } }))).toEqual([]);
    });

    it("asks a private endpoint for the runner's CIDRs", () => {
        expect(accessProblems(spec("aws", { mode: "private" }, existingVpc))).toEqual([
            { path: "apiAccess.authorizedCidrs", value: "[]", expected: `mode "private" needs the CIDRs the runner comes from in the connected network (they are admitted to the private endpoint on 443)` },
        ]);
    });

    it("offers the DNS endpoint on GKE only", () => {
        expect(accessProblems(spec("gcp", { mode: "dns" }, prod))).toEqual([]);
        expect(accessProblems(spec("aws", { mode: "dns" }))).toEqual([{ path: "apiAccess.mode", value: '"dns"', expected: `mode "dns" is not available on aws; available: public, private` }]);
    });

    it("leaves an existing cluster alone: its kubeconfig names the API server", () => {
        const raw = { cloud: "existing", environment: "prod", region: "local", kubernetesVersion: "1.35", existing: { kubeconfigPath: "~/.kube/config" }, nodePools: { system: { role: "system", shape: { vCpu: 4, memoryGiB: 16 }, maxNodes: 3 }, general: { role: "general", shape: { vCpu: 8, memoryGiB: 32 }, maxNodes: 4 } } };
        expect(accessProblems(raw)).toEqual([]);
    });
});
