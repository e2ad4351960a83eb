import type { CloudPlanMocks } from "../planMocks";

/** Canned gcp provider outputs and invoke results for the offline plan and the tests. */
export const GCP_PLAN_MOCKS: CloudPlanMocks = {
    outputs: () => undefined,
    call: () => undefined,
};
