/**
 * Spec variants of the local stack that more than one test file runs. A program run costs seconds
 * (issue 15), and identical specs share one run across files (components/plan/engine.ts caches by the
 * spec's JSON text), so files that can read the same variant build it here, once.
 */
import { stackSpec } from "../support/mocks";

type Obj = Record<string, unknown>;

/** A GPU pool for the local stack: 2 nodes of 8 cores, 32 GiB and one T4. */
export const GPU_POOL = { role: "gpu", shape: { vCpu: 8, memoryGiB: 32 }, gpu: { model: "T4", count: 1 }, minNodes: 0, maxNodes: 2 };

/**
 * The local stack as prod on three zones with Spark as its only service (no Kafka, Cassandra or
 * notebooks) and a GPU pool. Read by test/platform/variants.test.ts (prod protection, the GPU pool's
 * releases and quota), test/platform/certManager.test.ts (no cert-manager without Kafka, Cassandra
 * or notebooks) and test/policies/environment.test.ts (a prod stack named `local`).
 */
export function sparkOnlyProdWithGpu(): Obj {
    const spec = stackSpec("local");
    spec["environment"] = "prod";
    spec["zones"] = ["a", "b", "c"];
    spec["notebooks"] = { enabled: false };
    spec["kafka"] = { enabled: false };
    spec["cassandra"] = { enabled: false };
    (spec["nodePools"] as Obj)["gpu"] = GPU_POOL;
    return spec;
}
