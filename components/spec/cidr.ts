import * as ipaddr from "ipaddr.js";

/**
 * IPv4 CIDR handling for the spec, on ipaddr.js (a maintained parser) rather than a regex: a block is
 * accepted only in its canonical form (four-part decimal, no host bits set), and lists of blocks are
 * judged by the address space they cover together, not by comparing strings with `0.0.0.0/0`
 * (`0.0.0.0/1` + `128.0.0.0/1` is the whole internet too; issue 24).
 * The policy pack keeps its own copy of the coverage check (policies/lib/cidr.ts): the pack is
 * deployed on its own and imports nothing from components/.
 */

/** Addresses in the IPv4 space (2^32). */
export const IPV4_ADDRESSES = 2 ** 32;

/** One parsed, canonical IPv4 block. */
export interface Ipv4Block {
    /** Canonical text (`203.0.113.0/24`). */
    readonly cidr: string;
    /** First address as an unsigned 32-bit number. */
    readonly first: number;
    /** Number of addresses (2^(32 - prefix)). */
    readonly size: number;
}

/** The outcome of {@link parseIpv4Cidr}. */
export type CidrParse = { readonly ok: true; readonly block: Ipv4Block } | { readonly ok: false; readonly reason: string };

function toNumber(addr: ipaddr.IPv4): number {
    return addr.octets.reduce((acc, o) => acc * 256 + o, 0);
}

/**
 * Parse an IPv4 CIDR and insist on its canonical form.
 * @param text e.g. `10.0.0.0/16`
 */
export function parseIpv4Cidr(text: string): CidrParse {
    if (!ipaddr.IPv4.isValidCIDRFourPartDecimal(text)) return { ok: false, reason: "must be an IPv4 CIDR such as 10.0.0.0/16" };
    const [addr, prefix] = ipaddr.IPv4.parseCIDR(text);
    const network = ipaddr.IPv4.networkAddressFromCIDR(text);
    const cidr = `${network.toString()}/${prefix}`;
    if (network.toString() !== addr.toString()) {
        return { ok: false, reason: `has host bits set: ${text} is not a network address (the /${prefix} block containing it is ${cidr}; write that, or the /32 you meant)` };
    }
    return { ok: true, block: { cidr, first: toNumber(network), size: 2 ** (32 - prefix) } };
}

/**
 * Whether a string is a canonical IPv4 CIDR.
 * @param text the candidate
 */
export function isCanonicalIpv4Cidr(text: string): boolean {
    return parseIpv4Cidr(text).ok;
}

/**
 * How many distinct addresses a list of blocks covers together (overlaps counted once).
 * @param blocks parsed blocks
 */
export function coveredAddresses(blocks: readonly Ipv4Block[]): number {
    const sorted = [...blocks].sort((a, b) => a.first - b.first);
    let total = 0;
    let end = -1; // last address covered so far
    for (const b of sorted) {
        const last = b.first + b.size - 1;
        if (last <= end) continue;
        total += last - Math.max(b.first, end + 1) + 1;
        end = last;
    }
    return total;
}

/**
 * The canonical blocks of a list of CIDR strings, skipping any that do not parse (the schema
 * reports those on their own key).
 * @param cidrs CIDR strings
 */
export function canonicalBlocks(cidrs: readonly string[]): Ipv4Block[] {
    return cidrs.flatMap((c) => {
        const p = parseIpv4Cidr(c);
        return p.ok ? [p.block] : [];
    });
}

/**
 * Whether a list of CIDRs together admits the whole IPv4 internet.
 * @param cidrs CIDR strings
 */
export function coversWholeInternet(cidrs: readonly string[]): boolean {
    return coveredAddresses(canonicalBlocks(cidrs)) >= IPV4_ADDRESSES;
}
