import type { CloudPlanMocks } from "../planMocks";

/** Project number the offline plan pretends every project has. */
export const MOCK_PROJECT_NUMBER = "123456789012";
/** Public API endpoint of a mocked cluster. */
export const MOCK_PUBLIC_ENDPOINT = "203.0.113.10";
/** Private API endpoint of a mocked cluster with `enablePrivateEndpoint`. */
export const MOCK_PRIVATE_ENDPOINT = "10.0.0.2";
/** PEM of the mocked cluster CA. */
export const MOCK_CA_PEM = "-----BEGIN CERTIFICATE-----\nMIIBtristackmock\n-----END CERTIFICATE-----\n";

const b64 = (s: string) => Buffer.from(s, "utf8").toString("base64");

function str(v: unknown, fallback: string): string {
    return typeof v === "string" && v !== "" ? v : fallback;
}

function record(v: unknown): Record<string, unknown> {
    return v !== null && typeof v === "object" && !Array.isArray(v) ? (v as Record<string, unknown>) : {};
}

function accountEmail(inputs: Record<string, unknown>): string {
    return `${str(inputs["accountId"], "account")}@${str(inputs["project"], "mock-project")}.iam.gserviceaccount.com`;
}

/** `projects/<p>/serviceAccounts/<email>` -> `<email>`. */
function emailOfAccountName(name: unknown): string {
    const s = str(name, "account@mock-project.iam.gserviceaccount.com");
    return s.slice(s.lastIndexOf("/") + 1);
}

/**
 * What GCP would return for the resources the GKE adapter creates (no SDK import: the plan loads
 * this for every cloud).
 * @param type type token
 * @param name logical name
 * @param inputs the resource's inputs
 */
function outputs(type: string, name: string, inputs: Record<string, unknown>): Record<string, unknown> | undefined {
    switch (type) {
        case "gcp:container/cluster:Cluster": {
            const isPrivate = record(inputs["privateClusterConfig"])["enablePrivateEndpoint"] === true;
            return {
                endpoint: isPrivate ? MOCK_PRIVATE_ENDPOINT : MOCK_PUBLIC_ENDPOINT,
                masterAuth: { ...record(inputs["masterAuth"]), clusterCaCertificate: b64(MOCK_CA_PEM) },
                // GKE names the DNS endpoint gke-<hash>.<region>.gke.goog (no scheme).
                controlPlaneEndpointsConfig: { ...record(inputs["controlPlaneEndpointsConfig"]), dnsEndpointConfig: { ...record(record(inputs["controlPlaneEndpointsConfig"])["dnsEndpointConfig"]), endpoint: `gke-mock-${str(inputs["name"], name)}.mock.gke.goog` } },
                selfLink: `https://container.googleapis.com/v1/projects/mock-project/locations/${str(inputs["location"], "mock")}/clusters/${str(inputs["name"], name)}`,
            };
        }
        case "gcp:serviceaccount/account:Account": {
            const email = accountEmail(inputs);
            return { email, name: `projects/${str(inputs["project"], "mock-project")}/serviceAccounts/${email}`, member: `serviceAccount:${email}`, uniqueId: "100000000000000000001" };
        }
        case "gcp:serviceaccount/key:Key": {
            const email = emailOfAccountName(inputs["serviceAccountId"]);
            const keyFile = { type: "service_account", project_id: email.split("@")[1]?.split(".")[0] ?? "mock-project", private_key_id: "mock-key-id", private_key: "-----BEGIN PRIVATE KEY-----\nMOCK\n-----END PRIVATE KEY-----\n", client_email: email };
            return { privateKey: b64(JSON.stringify(keyFile)), publicKey: b64("mock-public-key") };
        }
        case "gcp:storage/bucket:Bucket": {
            const bucket = str(inputs["name"], name);
            return { url: `gs://${bucket}`, selfLink: `https://www.googleapis.com/storage/v1/b/${bucket}` };
        }
        default:
            return undefined;
    }
}

/**
 * Invoke results the GKE adapter needs.
 * @param token function token
 * @param inputs its arguments
 */
function call(token: string, inputs: Record<string, unknown>): Record<string, unknown> | undefined {
    switch (token) {
        case "gcp:organizations/getProject:getProject": {
            const projectId = str(inputs["projectId"], "mock-project");
            return { projectId, number: MOCK_PROJECT_NUMBER, name: projectId, id: `projects/${projectId}` };
        }
        case "gcp:storage/getProjectServiceAccount:getProjectServiceAccount": {
            const emailAddress = `service-${MOCK_PROJECT_NUMBER}@gs-project-accounts.iam.gserviceaccount.com`;
            return { emailAddress, member: `serviceAccount:${emailAddress}`, project: str(inputs["project"], "mock-project"), id: emailAddress };
        }
        default:
            return undefined;
    }
}

/** Canned gcp provider outputs and invoke results for the offline plan and the tests. */
export const GCP_PLAN_MOCKS: CloudPlanMocks = { outputs, call };
