/**
 * How many Availability Zones an account can use in a Region, by Region code, with their
 * AZ IDs (the same physical zone in every account; the letters of AZ names are mapped per
 * account). Validation rejects a definition that asks for more zones than its Region has,
 * and the offline plan answers `aws.getAvailabilityZones` with these zones, so a plan never
 * places subnets in a zone that does not exist.
 *
 * Pessimistic where AWS limits new accounts: us-west-1 has a third zone (usw1-az2) and
 * ap-northeast-1 a fourth (apne1-az3) that only older accounts can use, so they are left out.
 * A Region missing here is not checked offline (the live `pulumi preview` lists its zones).
 *
 * Sources (read November 2026):
 * - https://docs.aws.amazon.com/global-infrastructure/latest/regions/aws-availability-zones.html
 *   (AZ IDs per Region)
 * - https://docs.aws.amazon.com/ram/latest/userguide/working-with-az-ids.html (AZ IDs are the
 *   same in every account; names are not)
 * - https://aws.amazon.com/about-aws/global-infrastructure/regions_az/ (zones per Region)
 * - https://docs.aws.amazon.com/AWSEC2/latest/UserGuide/using-regions-availability-zones.html
 *   (new accounts see fewer zones in us-west-1 and ap-northeast-1)
 */
export const availabilityZoneIds: Record<string, readonly string[]> = {
    "us-east-1": ["use1-az1", "use1-az2", "use1-az3", "use1-az4", "use1-az5", "use1-az6"],
    "us-east-2": ["use2-az1", "use2-az2", "use2-az3"],
    "us-west-1": ["usw1-az1", "usw1-az3"],
    "us-west-2": ["usw2-az1", "usw2-az2", "usw2-az3", "usw2-az4"],
    "ca-central-1": ["cac1-az1", "cac1-az2", "cac1-az4"],
    "eu-west-1": ["euw1-az1", "euw1-az2", "euw1-az3"],
    "eu-west-2": ["euw2-az1", "euw2-az2", "euw2-az3"],
    "eu-west-3": ["euw3-az1", "euw3-az2", "euw3-az3"],
    "eu-central-1": ["euc1-az1", "euc1-az2", "euc1-az3"],
    "eu-north-1": ["eun1-az1", "eun1-az2", "eun1-az3"],
    "ap-southeast-1": ["apse1-az1", "apse1-az2", "apse1-az3"],
    "ap-southeast-2": ["apse2-az1", "apse2-az2", "apse2-az3"],
    "ap-northeast-1": ["apne1-az1", "apne1-az2", "apne1-az4"],
    "ap-northeast-2": ["apne2-az1", "apne2-az2", "apne2-az3", "apne2-az4"],
    "ap-south-1": ["aps1-az1", "aps1-az2", "aps1-az3"],
    "sa-east-1": ["sae1-az1", "sae1-az2", "sae1-az3"],
};

/** The zones a Region has, or undefined when this table does not know the Region. */
export function zoneCountOf(region: string): number | undefined {
    return availabilityZoneIds[region]?.length;
}
