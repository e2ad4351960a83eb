import type { CloudPlanMocks } from "../planMocks";

/** Canned azure provider outputs and invoke results for the offline plan and the tests. */
export const AZURE_PLAN_MOCKS: CloudPlanMocks = {
    outputs: () => undefined,
    call: () => undefined,
};
