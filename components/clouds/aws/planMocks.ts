import type { CloudPlanMocks } from "../planMocks";

/** Account id the offline plan pretends the deploying credentials belong to. */
export const MOCK_ACCOUNT_ID = "111122223333";
/** Region the mocked ARNs and endpoints use (the stacks' region). */
export const MOCK_REGION = "us-east-1";
/** PEM of the mocked cluster CA. */
export const MOCK_CA_PEM = "-----BEGIN CERTIFICATE-----\nMIIBtristackeksmock\n-----END CERTIFICATE-----\n";
/** OIDC issuer id of a mocked cluster. */
export const MOCK_OIDC_ID = "0123456789ABCDEF0123456789ABCDEF";

const b64 = (s: string) => Buffer.from(s, "utf8").toString("base64");

function str(v: unknown, fallback: string): string {
    return typeof v === "string" && v !== "" ? v : fallback;
}

/** API endpoint of a mocked cluster. */
export const MOCK_ENDPOINT = `https://${MOCK_OIDC_ID}.gr7.${MOCK_REGION}.eks.amazonaws.com`;

/**
 * The Auto Scaling group name EKS would give a mocked node group.
 * @param nodeGroup the node group's logical name
 */
export function mockAsgName(nodeGroup: string): string {
    return `eks-${nodeGroup}-mock`;
}

/**
 * The ARN of a mocked KMS key.
 * @param name the key's logical name
 */
export function mockKeyArn(name: string): string {
    return `arn:aws:kms:${MOCK_REGION}:${MOCK_ACCOUNT_ID}:key/mock-${name}`;
}

/**
 * What AWS would return for the resources the EKS adapter creates (no SDK import: the plan loads
 * this for every cloud).
 * @param type type token
 * @param name logical name
 * @param inputs the resource's inputs
 */
function outputs(type: string, name: string, inputs: Record<string, unknown>): Record<string, unknown> | undefined {
    switch (type) {
        case "aws:eks/cluster:Cluster": {
            const clusterName = str(inputs["name"], name);
            return {
                arn: `arn:aws:eks:${MOCK_REGION}:${MOCK_ACCOUNT_ID}:cluster/${clusterName}`,
                endpoint: MOCK_ENDPOINT,
                certificateAuthority: { data: b64(MOCK_CA_PEM) },
                identities: [{ oidcs: [{ issuer: `https://oidc.eks.${MOCK_REGION}.amazonaws.com/id/${MOCK_OIDC_ID}` }] }],
                platformVersion: "eks.1",
                status: "ACTIVE",
                vpcConfig: { ...(typeof inputs["vpcConfig"] === "object" && inputs["vpcConfig"] !== null ? inputs["vpcConfig"] : {}), clusterSecurityGroupId: `sg-mock${clusterName.length}`, vpcId: "vpc-mock" },
            };
        }
        case "aws:eks/nodeGroup:NodeGroup":
            return {
                arn: `arn:aws:eks:${MOCK_REGION}:${MOCK_ACCOUNT_ID}:nodegroup/mock/${name}/mock`,
                resources: [{ autoscalingGroups: [{ name: mockAsgName(name) }], remoteAccessSecurityGroupId: "" }],
                status: "ACTIVE",
            };
        case "aws:ec2/launchTemplate:LaunchTemplate":
            return { arn: `arn:aws:ec2:${MOCK_REGION}:${MOCK_ACCOUNT_ID}:launch-template/lt-mock-${name}`, latestVersion: 1, defaultVersion: 1 };
        case "aws:kms/key:Key":
            return { arn: mockKeyArn(name), keyId: `mock-${name}` };
        case "aws:iam/role:Role": {
            const roleName = str(inputs["name"], name);
            return { arn: `arn:aws:iam::${MOCK_ACCOUNT_ID}:role/${roleName}`, name: roleName, uniqueId: `AROAMOCK${roleName.length}` };
        }
        case "aws:s3/bucket:Bucket": {
            const bucket = str(inputs["bucket"], name);
            return { arn: `arn:aws:s3:::${bucket}`, bucket, bucketDomainName: `${bucket}.s3.amazonaws.com`, region: MOCK_REGION };
        }
        case "aws:cloudwatch/logGroup:LogGroup":
            return { arn: `arn:aws:logs:${MOCK_REGION}:${MOCK_ACCOUNT_ID}:log-group:${str(inputs["name"], name)}` };
        case "aws:eks/addon:Addon":
            return { arn: `arn:aws:eks:${MOCK_REGION}:${MOCK_ACCOUNT_ID}:addon/mock/${str(inputs["addonName"], name)}/mock` };
        case "aws:eks/podIdentityAssociation:PodIdentityAssociation":
            return { associationArn: `arn:aws:eks:${MOCK_REGION}:${MOCK_ACCOUNT_ID}:podidentityassociation/mock/a-${name}`, associationId: `a-${name}` };
        default:
            return undefined;
    }
}

/**
 * Invoke results the EKS adapter needs.
 * @param token function token
 */
function call(token: string): Record<string, unknown> | undefined {
    switch (token) {
        case "aws:index/getCallerIdentity:getCallerIdentity":
            return { accountId: MOCK_ACCOUNT_ID, arn: `arn:aws:sts::${MOCK_ACCOUNT_ID}:assumed-role/deployer/tristack`, userId: "AROAMOCK:tristack", id: MOCK_ACCOUNT_ID };
        case "aws:iam/getSessionContext:getSessionContext":
            return { arn: `arn:aws:sts::${MOCK_ACCOUNT_ID}:assumed-role/deployer/tristack`, issuerArn: `arn:aws:iam::${MOCK_ACCOUNT_ID}:role/deployer`, issuerId: "AROAMOCK", issuerName: "deployer", sessionName: "tristack", id: "mock" };
        case "aws:index/getPartition:getPartition":
            return { partition: "aws", dnsSuffix: "amazonaws.com", reverseDnsPrefix: "com.amazonaws", id: "aws" };
        case "aws:index/getRegion:getRegion":
            return { name: MOCK_REGION, region: MOCK_REGION, endpoint: `ec2.${MOCK_REGION}.amazonaws.com`, description: "US East (N. Virginia)", id: MOCK_REGION };
        case "aws:index/getAvailabilityZones:getAvailabilityZones":
            return { names: [`${MOCK_REGION}a`, `${MOCK_REGION}b`, `${MOCK_REGION}c`], zoneIds: ["use1-az1", "use1-az2", "use1-az4"], id: MOCK_REGION };
        default:
            return undefined;
    }
}

/** Canned aws provider outputs and invoke results for the offline plan and the tests. */
export const AWS_PLAN_MOCKS: CloudPlanMocks = { outputs, call };
