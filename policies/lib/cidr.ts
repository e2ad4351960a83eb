import * as ipaddr from "ipaddr.js";

/**
 * CIDR judgement for the pack, on ipaddr.js: a list of ranges is open when the ranges together cover
 * a whole address family, whatever their spelling (`0.0.0.0/1` + `128.0.0.0/1`, `203.0.113.0/0`),
 * not when one of them is the literal `0.0.0.0/0` (issue 24). The spec has its own IPv4 copy
 * (components/spec/cidr.ts); the pack is deployed on its own and imports nothing from components/.
 */

/** One range as the cloud reads it: the network of the given prefix. */
interface Range {
    readonly family: "ipv4" | "ipv6";
    readonly first: bigint;
    readonly last: bigint;
}

/** What a list of CIDR strings amounts to. */
export interface CidrJudgement {
    /** Entries that are not CIDRs at all. */
    readonly invalid: readonly string[];
    /** Entries with host bits set, with the network the cloud reads instead (`203.0.113.5/24` -> `203.0.113.0/24`). */
    readonly hostBits: readonly { readonly cidr: string; readonly network: string }[];
    /** Whether the ranges together cover the whole IPv4 space or the whole IPv6 space. */
    readonly open: boolean;
}

const BITS = { ipv4: 32, ipv6: 128 } as const;

function toBigInt(bytes: readonly number[]): bigint {
    return bytes.reduce((acc, b) => (acc << 8n) | BigInt(b), 0n);
}

function parse(cidr: string): { range: Range; network: string; exact: boolean } | undefined {
    // IPv4 only in dotted four-part decimal, as the cloud APIs take it (ipaddr.js alone also accepts `10/8`).
    if (!cidr.includes(":") ? !ipaddr.IPv4.isValidCIDRFourPartDecimal(cidr) : !ipaddr.IPv6.isValidCIDR(cidr)) return undefined;
    const [addr, prefix] = ipaddr.parseCIDR(cidr);
    const family = addr.kind();
    const bits = BITS[family];
    const hostBits = BigInt(bits - prefix);
    const value = toBigInt(addr.toByteArray());
    const first = (value >> hostBits) << hostBits;
    const last = first + (1n << hostBits) - 1n;
    const network = `${(family === "ipv4" ? ipaddr.IPv4.networkAddressFromCIDR(cidr) : ipaddr.IPv6.networkAddressFromCIDR(cidr)).toString()}/${prefix}`;
    return { range: { family, first, last }, network, exact: first === value };
}

function coversFamily(ranges: readonly Range[], family: Range["family"]): boolean {
    const sorted = ranges.filter((r) => r.family === family).sort((a, b) => (a.first < b.first ? -1 : a.first > b.first ? 1 : 0));
    let next = 0n; // first address not yet covered
    for (const r of sorted) {
        if (r.first > next) return false;
        if (r.last + 1n > next) next = r.last + 1n;
    }
    return next === 1n << BigInt(BITS[family]);
}

/**
 * Judge a list of CIDRs: malformed entries, host bits set, and whether together they admit everyone.
 * @param cidrs the list as the resource has it
 */
export function judgeCidrs(cidrs: readonly string[]): CidrJudgement {
    const invalid: string[] = [];
    const hostBits: { cidr: string; network: string }[] = [];
    const ranges: Range[] = [];
    for (const cidr of cidrs) {
        const p = parse(cidr);
        if (p === undefined) {
            invalid.push(cidr);
            continue;
        }
        if (!p.exact) hostBits.push({ cidr, network: p.network });
        ranges.push(p.range);
    }
    return { invalid, hostBits, open: coversFamily(ranges, "ipv4") || coversFamily(ranges, "ipv6") };
}
