/**
 * Offline stand-ins for what a cloud provider would return (ids, endpoints, invoke results), used by
 * the offline plan and the tests. Each cloud folder owns its table (`<cloud>/planMocks.ts`, no SDK
 * imports); this file lists them.
 */
import { AWS_PLAN_MOCKS } from "./aws/planMocks";
import { AZURE_PLAN_MOCKS } from "./azure/planMocks";
import { GCP_PLAN_MOCKS } from "./gcp/planMocks";

/** Canned provider behaviour for one cloud. */
export interface CloudPlanMocks {
    /**
     * Extra output properties a created resource of this type would have (endpoint, arn, ...),
     * or undefined when this cloud does not know the type.
     * @param type the Pulumi type token
     * @param name the logical name
     * @param inputs the resource's inputs
     */
    outputs(type: string, name: string, inputs: Record<string, unknown>): Record<string, unknown> | undefined;
    /**
     * The result of a provider function (invoke), or undefined when this cloud does not know the token.
     * @param token the function token
     * @param inputs its arguments
     */
    call(token: string, inputs: Record<string, unknown>): Record<string, unknown> | undefined;
}

/** Every cloud's canned behaviour. */
export const PLAN_MOCKS: readonly CloudPlanMocks[] = [AWS_PLAN_MOCKS, GCP_PLAN_MOCKS, AZURE_PLAN_MOCKS];
