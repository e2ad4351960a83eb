/** Specs more than one plan test runs (identical specs share one program run through the run cache). */
import { stackSpec } from "../support/mocks";

/** The local stack with two spec errors: an unknown environment and a pool of at most 0 nodes. */
export function malformedLocalSpec(): Record<string, unknown> {
    const spec = stackSpec("local");
    spec["environment"] = "production";
    (spec["nodePools"] as Record<string, Record<string, unknown>>)["general"]!["maxNodes"] = 0;
    return spec;
}
