import { closest, distance } from "fastest-levenshtein";

/**
 * The allowed value a wrong one was probably meant to be: the same letters in another case, or within a
 * few edits (a quarter of its length, at least 1) by Levenshtein distance (fastest-levenshtein).
 * @param wrong what the spec says
 * @param allowed what is allowed there
 */
export function nearest(wrong: string, allowed: readonly string[]): string | undefined {
    if (allowed.length === 0) return undefined;
    const lower = allowed.map((k) => k.toLowerCase());
    const best = closest(wrong.toLowerCase(), lower);
    const match = allowed[lower.indexOf(best)];
    return match !== undefined && distance(wrong.toLowerCase(), best) <= Math.max(1, Math.floor(match.length / 4)) ? match : undefined;
}
