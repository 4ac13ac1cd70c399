/**
 * FlowLogs: a VPC's flow log, delivered to a CloudWatch Logs group in the VPC's account
 * (with a delivery role), or to an S3 bucket such as the log archive's (no role: the
 * bucket's policy admits the log delivery service, aws/flow-log-delivery.ts).
 *
 * The IAM policies are built from known values (account, Region, log group name) so
 * that they are plain JSON strings at preview time and the policy pack can read them.
 */
import * as aws from "@pulumi/aws";
import * as pulumi from "@pulumi/pulumi";
import { PolicyDocument } from "../perimeter/types";

/** An S3 destination (`logDestinationType: s3`). */
export interface FlowLogS3Destination {
    /** `arn:<partition>:s3:::<bucket>/<folder>/`: AWS writes `AWSLogs/...` below the folder. */
    destinationArn: string;
    /**
     * File format of the log objects (aws/flow-log-delivery.ts `flowLogFileFormats`).
     * @default "plain-text"
     */
    fileFormat?: "plain-text" | "parquet";
    /**
     * Hive-compatible `key=value` prefixes (`aws-account-id=`, `aws-region=`, `year=` ...).
     * @default true
     */
    hiveCompatiblePartitions?: boolean;
    /**
     * One partition per hour instead of per day.
     * @default false
     */
    perHourPartition?: boolean;
    /**
     * What must exist before the flow log is created: the bucket's policy, when it is built in
     * the same program (unit `all`) — without it "flow log creation fails".
     * @default []
     */
    dependsOn?: pulumi.Resource[];
}

export interface FlowLogsArgs {
    /** The VPC whose traffic is logged. */
    vpcId: pulumi.Input<string>;
    /** 12-digit id of the account that owns the VPC (scopes the role's trust policy). */
    accountId: string;
    /** Region of the VPC. */
    region: string;
    /** Log group name, e.g. `/landing-zone/prod/vpc-flow-logs/payments-prod` (CloudWatch destination). */
    logGroupName: string;
    /**
     * Deliver to this S3 destination instead of a CloudWatch Logs group: no log group and no
     * delivery role are made.
     * @default CloudWatch Logs
     */
    s3?: FlowLogS3Destination;
    /**
     * Days CloudWatch Logs keeps the records.
     * @default 90
     */
    retentionDays?: number;
    /**
     * Traffic to record.
     * @default "ALL"
     */
    trafficType?: "ALL" | "ACCEPT" | "REJECT";
    /**
     * Tags for every child.
     * @default {}
     */
    tags?: Record<string, string>;
}

/** Trust policy of the delivery role: only the flow logs service, only for this account's flow logs (confused deputy). */
export function flowLogsTrustPolicy(accountId: string, region: string): PolicyDocument {
    return {
        Version: "2012-10-17",
        Statement: [
            {
                Sid: "VpcFlowLogsDelivery",
                Effect: "Allow",
                Principal: { Service: "vpc-flow-logs.amazonaws.com" },
                Action: "sts:AssumeRole",
                Condition: {
                    StringEquals: { "aws:SourceAccount": accountId },
                    ArnLike: { "aws:SourceArn": `arn:aws:ec2:${region}:${accountId}:vpc-flow-log/*` },
                },
            },
        ],
    };
}

/** Permissions of the delivery role: write to this one log group only. */
export function flowLogsDeliveryPolicy(accountId: string, region: string, logGroupName: string): PolicyDocument {
    const group = `arn:aws:logs:${region}:${accountId}:log-group:${logGroupName}`;
    return {
        Version: "2012-10-17",
        Statement: [
            {
                Sid: "WriteFlowLogs",
                Effect: "Allow",
                Action: ["logs:CreateLogStream", "logs:PutLogEvents", "logs:DescribeLogStreams"],
                Resource: [group, `${group}:*`],
            },
            {
                // DescribeLogGroups does not support resource-level permissions.
                Sid: "FindLogGroup",
                Effect: "Allow",
                Action: "logs:DescribeLogGroups",
                Resource: "*",
            },
        ],
    };
}

export class FlowLogs extends pulumi.ComponentResource {
    /** The log group's ARN (CloudWatch destination), or the S3 destination's. */
    readonly destinationArn: pulumi.Output<string>;
    readonly flowLogId: pulumi.Output<string>;

    constructor(name: string, args: FlowLogsArgs, opts?: pulumi.ComponentResourceOptions) {
        super("landing-zone:network:FlowLogs", name, {}, opts);
        const tags = args.tags ?? {};

        if (args.s3) {
            const flowLog = new aws.ec2.FlowLog(
                `${name}-flow-log`,
                {
                    vpcId: args.vpcId,
                    trafficType: args.trafficType ?? "ALL",
                    logDestinationType: "s3",
                    logDestination: args.s3.destinationArn,
                    destinationOptions: {
                        fileFormat: args.s3.fileFormat ?? "plain-text",
                        hiveCompatiblePartitions: args.s3.hiveCompatiblePartitions ?? true,
                        perHourPartition: args.s3.perHourPartition ?? false,
                    },
                    maxAggregationInterval: 60,
                    tags,
                },
                { parent: this, dependsOn: args.s3.dependsOn ?? [] },
            );
            this.destinationArn = pulumi.output(args.s3.destinationArn);
            this.flowLogId = flowLog.id;
            this.registerOutputs({ destinationArn: this.destinationArn, flowLogId: this.flowLogId });
            return;
        }

        const logGroup = new aws.cloudwatch.LogGroup(
            `${name}-log-group`,
            { name: args.logGroupName, retentionInDays: args.retentionDays ?? 90, tags },
            { parent: this },
        );
        const role = new aws.iam.Role(
            `${name}-role`,
            {
                description: `Delivers VPC flow logs to ${args.logGroupName}`,
                assumeRolePolicy: JSON.stringify(flowLogsTrustPolicy(args.accountId, args.region)),
                tags,
            },
            { parent: this },
        );
        const policy = new aws.iam.RolePolicy(
            `${name}-policy`,
            { role: role.id, policy: JSON.stringify(flowLogsDeliveryPolicy(args.accountId, args.region, args.logGroupName)) },
            { parent: this },
        );
        const flowLog = new aws.ec2.FlowLog(
            `${name}-flow-log`,
            {
                vpcId: args.vpcId,
                trafficType: args.trafficType ?? "ALL",
                logDestinationType: "cloud-watch-logs",
                logDestination: logGroup.arn,
                iamRoleArn: role.arn,
                maxAggregationInterval: 60,
                tags,
            },
            // The role must be able to write before the first delivery.
            { parent: this, dependsOn: [policy] },
        );

        this.destinationArn = logGroup.arn;
        this.flowLogId = flowLog.id;
        this.registerOutputs({ destinationArn: this.destinationArn, flowLogId: this.flowLogId });
    }
}
