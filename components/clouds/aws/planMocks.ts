import type { CloudPlanMocks } from "../planMocks";

/** Canned aws provider outputs and invoke results for the offline plan and the tests. */
export const AWS_PLAN_MOCKS: CloudPlanMocks = {
    outputs: () => undefined,
    call: () => undefined,
};
