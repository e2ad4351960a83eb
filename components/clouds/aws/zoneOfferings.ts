import type { ZoneOfferings } from "../zoneOfferings";

/**
 * Regions that offer the GPU instance types of the catalog. Recorded per region only: AWS maps zone
 * names (`us-east-1a`) to physical zones per account (the AZ id `use1-az1` is the stable name,
 * https://docs.aws.amazon.com/ram/latest/userguide/working-with-az-ids.html), so which of the spec's
 * zones offers a type cannot be known offline. The live answer for an account is
 * `aws ec2 describe-instance-type-offerings --location-type availability-zone --filters Name=instance-type,Values=p4de.24xlarge --region us-east-1`;
 * an EKS managed node group launches only in the subnets whose zone offers the type, and fails if none does.
 *
 * Source: "Amazon EC2 instance types by Region"
 * (https://docs.aws.amazon.com/ec2/latest/instancetypes/ec2-instance-regions.html), read 2026-12-02,
 * for the regions tristack's stacks use. A region missing here is refused for these types until added.
 */
export const AWS_ZONE_OFFERINGS: ZoneOfferings = {
    "g4dn.xlarge": { "us-east-1": "region" },
    "g5.xlarge": { "us-east-1": "region" },
    "g6.xlarge": { "us-east-1": "region" },
    "g6.12xlarge": { "us-east-1": "region" },
    "p4d.24xlarge": { "us-east-1": "region" },
    "p4de.24xlarge": { "us-east-1": "region" },
    "p5.48xlarge": { "us-east-1": "region" },
};
