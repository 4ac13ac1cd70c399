/**
 * Perimeter scenarios of the log archive's bucket (perimeter/scenarios.ts shape): the log
 * delivery service writes each flow-log account's objects — the bucket's own perimeter
 * statements and the organization's RCPs do not cut it off — while log delivery for an
 * account outside the environment, outside identities, and our own identities from outside
 * the expected networks are refused. Each scenario carries the bucket's whole policy
 * (perimeter/log-archive-policy.ts) as its resource policy. Data only; `npm run perimeter`
 * and test/perimeter/log-archive.test.ts evaluate them with an independent evaluator.
 */
import { accountKeyPrefix, logDeliveryAcl, logDeliveryPrincipal } from "../aws/flow-log-delivery";
import { partitionOf } from "../aws/partitions";
import { HIVE_COMPATIBLE_PARTITIONS, bucketArn, flowLogFolder, flowLogSourceAccounts, flowLogVpcs, logArchiveBucketName } from "../definition/log-archive";
import { Definition } from "../definition/schema";
import { logArchiveBucketPolicy } from "./log-archive-policy";
import { OUTSIDE_ACCOUNT, OUTSIDE_ORG, Scenario, workloadRoles } from "./scenario-types";

/** The log archive scenarios of a definition (none without a log archive receiving flow logs). */
export function logArchiveScenarios(definition: Definition): Scenario[] {
    const bucket = logArchiveBucketName(definition);
    const policy = logArchiveBucketPolicy(definition);
    const sources = flowLogSourceAccounts(definition);
    if (bucket === undefined || !policy || sources.length === 0) return [];
    const p = partitionOf(definition.region);
    const region = definition.region;
    const archiveAccount = definition.accounts[definition.logArchive!.account];
    const arn = bucketArn(definition, bucket);
    const orgId = definition.organization?.id;
    const objectOf = (vpc: string, account: string) =>
        `${arn}/${flowLogFolder(vpc)}/${accountKeyPrefix(account, HIVE_COMPATIBLE_PARTITIONS)}/aws-service=vpcflowlogs/aws-region=${region}/year=2026/month=11/day=30/${account}_vpcflowlogs_${region}_fl-0a1b2c3d4e5f67890_20261130T1200Z_1a2b3c4d.log.parquet`;
    const delivery = (account: string): Record<string, string> => ({
        "aws:SourceAccount": account,
        "aws:SourceArn": `arn:${p}:logs:${region}:${account}:vpc-flow-log/fl-0a1b2c3d4e5f67890`,
        ...(orgId && definition.accounts && Object.values(definition.accounts).includes(account) ? { "aws:SourceOrgID": orgId } : {}),
        "s3:x-amz-acl": logDeliveryAcl,
    });
    const scenarios: Scenario[] = [];
    for (const account of sources) {
        const vpc = flowLogVpcs(definition).find((v) => definition.accounts[v.account] === account)!.vpc;
        scenarios.push({
            id: `log-archive-delivery-for-${account}-allowed`,
            description: `The log delivery service writes the flow logs of VPC ${vpc} (account ${account}) into the log archive`,
            expect: "allowed",
            principal: logDeliveryPrincipal,
            action: "s3:PutObject",
            resource: objectOf(vpc, account),
            resourceAccount: archiveAccount,
            from: { awsNetwork: true },
            context: delivery(account),
            resourcePolicy: policy,
        });
    }
    scenarios.push(
        {
            id: "log-archive-delivery-for-outside-account-denied",
            description: "The log delivery service acting for an account outside the environment cannot write into the log archive",
            expect: "denied",
            principal: logDeliveryPrincipal,
            action: "s3:PutObject",
            resource: objectOf("intruder", OUTSIDE_ACCOUNT),
            resourceAccount: archiveAccount,
            from: { awsNetwork: true },
            context: { ...delivery(OUTSIDE_ACCOUNT), "aws:SourceOrgID": OUTSIDE_ORG },
            resourcePolicy: policy,
        },
        {
            id: "log-archive-delivery-without-owner-acl-denied",
            description: "A delivery that would not give the bucket owner full control is not granted",
            expect: "denied",
            principal: logDeliveryPrincipal,
            action: "s3:PutObject",
            resource: objectOf(flowLogVpcs(definition)[0].vpc, sources[0]),
            resourceAccount: archiveAccount,
            from: { awsNetwork: true },
            context: { ...delivery(sources[0]), "s3:x-amz-acl": "private" },
            resourcePolicy: policy,
        },
        {
            id: "log-archive-outside-identity-write-denied",
            description: "An identity outside the organization (with full rights in its own account) writes into the log archive",
            expect: "denied",
            principal: `arn:${p}:iam::${OUTSIDE_ACCOUNT}:role/exfiltration`,
            principalOrgId: OUTSIDE_ORG,
            action: "s3:PutObject",
            resource: `${arn}/${flowLogFolder("hub")}/forged.log`,
            resourceAccount: archiveAccount,
            from: { ip: "192.0.2.77" },
            resourcePolicy: policy,
        },
        {
            id: "log-archive-read-from-internet-denied",
            description: "The log archive account's own analyst role reads flow logs from the internet",
            expect: "denied",
            principal: `arn:${p}:iam::${archiveAccount}:role/${workloadRoles.logAnalyst}`,
            action: "s3:GetObject",
            resource: objectOf(flowLogVpcs(definition)[0].vpc, sources[0]),
            resourceAccount: archiveAccount,
            from: { ip: "192.0.2.77" },
            resourcePolicy: policy,
        },
    );
    return scenarios;
}
