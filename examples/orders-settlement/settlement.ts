/**
 * The orders team's nightly settlement job, in the orders-prod account of a landing-zone
 * environment: a private `awsx.ec2.Vpc` (isolated subnets only, no NAT, not attached to the
 * transit gateway) whose Lambda function calls the payments team's
 * API through PrivateLink. The landing zone is consumed through a StackReference to the
 * spoke stack that publishes the API (`<env>-payments-prod`, output `endpointServices`):
 * the endpoint service name exists only after that stack is deployed.
 *
 * It keeps the data perimeter the landing zone's policy pack checks:
 * - the VPC is private, not isolated: awsx attaches an internet gateway to every VPC it
 *   creates (pulumi-awsx `awsx/ec2/vpc.ts`: "We unconditionally create the IGW"). With only
 *   Isolated subnets no route leads to it, but the landing zone's isolation rule counts the
 *   gateway itself, so a workload that must be isolated (`isolated: true`, tag
 *   `landing-zone:isolation: isolated`) cannot use an awsx VPC: the pack says so, and such a
 *   workload runs in the spoke VPC the landing zone builds;
 * - VPC flow logs (to CloudWatch Logs);
 * - the endpoints carry policies that admit only the organization's identities (and, on
 *   the S3 gateway endpoint, only the organization's buckets);
 * - the PrivateLink endpoint takes its service name from the publishing stack, which is
 *   how the pack recognizes the organization's own services;
 * - its security group admits only this VPC, on the service's port;
 * - no interface endpoint with private DNS for an AWS service the hub centralizes (the
 *   job needs none: Lambda delivers its logs itself, outside the VPC).
 */
import * as aws from "@pulumi/aws";
import * as awsx from "@pulumi/awsx";
import * as pulumi from "@pulumi/pulumi";

export interface SettlementArgs {
    /** Prefix of the landing zone's stack names, `<organization>/landing-zone/`. */
    landingZoneStackPrefix: string;
    /** The landing-zone environment, e.g. `prod`. */
    environment: string;
    /** AWS Organizations id: the only identities the endpoint policies admit. */
    organizationId: string;
    /** The VPC's range. */
    cidrBlock: string;
    /** AWS Region (`aws:region`). */
    region: string;
    /** The spoke that publishes the service. @default "payments-prod" */
    providerSpoke?: string;
    /** The endpoint service (`endpointServices[].name` of the definition). @default "payments-api" */
    service?: string;
    /** Its port. @default 443 */
    port?: number;
    /** Availability Zones. @default 2 */
    availabilityZones?: number;
    /** awsx subnet specs. @default one Isolated /26 per AZ */
    subnetSpecs?: awsx.types.input.ec2.SubnetSpecArgs[];
    /** awsx NAT gateways. @default { strategy: "None" } */
    natGateways?: awsx.types.input.ec2.NatGatewayConfigurationArgs;
    /**
     * Tag the VPC `landing-zone:isolation: isolated`. The pack then holds it to no internet
     * path at all, which an awsx VPC cannot meet (awsx always attaches an internet gateway).
     * @default false
     */
    isolated?: boolean;
    /** Flow log retention in days. @default 365 */
    flowLogRetentionDays?: number;
    /** When the job runs (EventBridge schedule expression). @default "cron(30 1 * * ? *)" */
    schedule?: string;
}

/** Lambda source: one HTTPS call to the payments API through the endpoint. */
const handlerSource = `
const https = require("https");
exports.handler = async () => new Promise((resolve, reject) => {
    const req = https.request({ host: process.env.PAYMENTS_HOST, port: Number(process.env.PAYMENTS_PORT), path: "/settlements/close", method: "POST",
        servername: process.env.PAYMENTS_SERVERNAME }, (res) => { res.resume(); res.on("end", () => resolve({ status: res.statusCode })); });
    req.on("error", reject);
    req.end();
});
`;

export function settlementWorkload(name: string, args: SettlementArgs): Record<string, pulumi.Output<unknown>> {
    const providerSpoke = args.providerSpoke ?? "payments-prod";
    const service = args.service ?? "payments-api";
    const port = args.port ?? 443;
    const tags = { team: "orders", workload: name, "landing-zone:environment": args.environment };
    const orgOnly = { StringEquals: { "aws:PrincipalOrgID": args.organizationId } };

    // The network: isolated subnets only, no NAT (awsx still attaches an internet gateway).
    const vpc = new awsx.ec2.Vpc(`${name}-vpc`, {
        cidrBlock: args.cidrBlock,
        numberOfAvailabilityZones: args.availabilityZones ?? 2,
        subnetStrategy: awsx.ec2.SubnetAllocationStrategy.Auto,
        subnetSpecs: args.subnetSpecs ?? [{ type: awsx.ec2.SubnetType.Isolated, cidrMask: 26 }],
        natGateways: args.natGateways ?? { strategy: awsx.ec2.NatGatewayStrategy.None },
        enableDnsHostnames: true,
        enableDnsSupport: true,
        tags: { ...tags, ...(args.isolated ? { "landing-zone:isolation": "isolated" } : {}), "landing-zone:role": "workload" },
    });

    // Flow logs, as every VPC of the landing zone has them.
    const logGroupName = `/vpc/flow-logs/${name}`;
    const accountId = aws.getCallerIdentityOutput().accountId;
    const flowLogGroup = new aws.cloudwatch.LogGroup(`${name}-flow-logs`, { name: logGroupName, retentionInDays: args.flowLogRetentionDays ?? 365, tags });
    const flowLogRole = new aws.iam.Role(`${name}-flow-logs`, {
        assumeRolePolicy: pulumi.jsonStringify({
            Version: "2012-10-17",
            Statement: [
                {
                    Effect: "Allow",
                    Principal: { Service: "vpc-flow-logs.amazonaws.com" },
                    Action: "sts:AssumeRole",
                    Condition: { StringEquals: { "aws:SourceAccount": accountId } },
                },
            ],
        }),
        tags,
    });
    new aws.iam.RolePolicy(`${name}-flow-logs`, {
        role: flowLogRole.id,
        policy: pulumi.jsonStringify({
            Version: "2012-10-17",
            Statement: [
                { Effect: "Allow", Action: ["logs:CreateLogStream", "logs:PutLogEvents", "logs:DescribeLogStreams"], Resource: [flowLogGroup.arn, pulumi.interpolate`${flowLogGroup.arn}:*`] },
                { Effect: "Allow", Action: "logs:DescribeLogGroups", Resource: "*" },
            ],
        }),
    });
    new aws.ec2.FlowLog(`${name}-flow-logs`, { vpcId: vpc.vpcId, trafficType: "ALL", logDestinationType: "cloud-watch-logs", logDestination: flowLogGroup.arn, iamRoleArn: flowLogRole.arn, tags });

    // S3 through a gateway endpoint: the organization's identities, to the organization's buckets.
    new aws.ec2.VpcEndpoint(`${name}-s3`, {
        vpcId: vpc.vpcId,
        serviceName: `com.amazonaws.${args.region}.s3`,
        vpcEndpointType: "Gateway",
        routeTableIds: vpc.routeTables.apply((tables) => tables.map((t) => t.id)),
        policy: JSON.stringify({
            Version: "2012-10-17",
            Statement: [
                {
                    Sid: "OurIdentitiesToOurBuckets",
                    Effect: "Allow",
                    Principal: "*",
                    Action: "s3:*",
                    Resource: "*",
                    Condition: { StringEquals: { "aws:PrincipalOrgID": args.organizationId, "aws:ResourceOrgID": args.organizationId } },
                },
            ],
        }),
        tags,
    });

    // The payments API through PrivateLink. Its name comes from the publishing spoke's stack.
    const publisher = new pulumi.StackReference(`${args.landingZoneStackPrefix}${args.environment}-${providerSpoke}`);
    const serviceName = publisher.getOutput("endpointServices").apply((published: Record<string, { serviceName?: string }> | undefined) => {
        const entry = published?.[service];
        if (!entry?.serviceName) {
            throw new Error(`${args.environment}-${providerSpoke} publishes no endpoint service "${service}" yet: deploy it (and list this account among the service's consumers) first`);
        }
        return entry.serviceName;
    });
    const endpointGroup = new aws.ec2.SecurityGroup(`${name}-${service}`, {
        vpcId: vpc.vpcId,
        description: `${service} endpoint: ${port}/tcp from this VPC only`,
        ingress: [{ protocol: "tcp", fromPort: port, toPort: port, cidrBlocks: [args.cidrBlock], description: "the settlement job" }],
        egress: [],
        tags,
    });
    const endpoint = new aws.ec2.VpcEndpoint(`${name}-${service}`, {
        vpcId: vpc.vpcId,
        serviceName,
        vpcEndpointType: "Interface",
        privateDnsEnabled: false,
        subnetIds: vpc.isolatedSubnetIds,
        securityGroupIds: [endpointGroup.id],
        policy: JSON.stringify({ Version: "2012-10-17", Statement: [{ Sid: "OurIdentities", Effect: "Allow", Principal: "*", Action: "*", Resource: "*", Condition: orgOnly }] }),
        tags,
    });

    // The job: a Lambda function in the isolated subnets, run every night.
    const functionGroup = new aws.ec2.SecurityGroup(`${name}-job`, {
        vpcId: vpc.vpcId,
        description: `settlement job: out to ${service} only`,
        ingress: [],
        egress: [{ protocol: "tcp", fromPort: port, toPort: port, cidrBlocks: [args.cidrBlock], description: `${service} endpoint` }],
        tags,
    });
    const jobRole = new aws.iam.Role(`${name}-job`, {
        assumeRolePolicy: JSON.stringify({ Version: "2012-10-17", Statement: [{ Effect: "Allow", Principal: { Service: "lambda.amazonaws.com" }, Action: "sts:AssumeRole" }] }),
        tags,
    });
    // Creates and deletes the function's network interfaces in the isolated subnets.
    const vpcAccess = new aws.iam.RolePolicyAttachment(`${name}-job`, { role: jobRole.name, policyArn: "arn:aws:iam::aws:policy/service-role/AWSLambdaVPCAccessExecutionRole" });
    const jobLogs = new aws.cloudwatch.LogGroup(`${name}-job`, { name: `/aws/lambda/${name}-job`, retentionInDays: 90, tags });
    const job = new aws.lambda.Function(
        `${name}-job`,
        {
            name: `${name}-job`,
            runtime: aws.lambda.Runtime.NodeJS22dX,
            handler: "index.handler",
            role: jobRole.arn,
            timeout: 60,
            code: new pulumi.asset.AssetArchive({ "index.js": new pulumi.asset.StringAsset(handlerSource) }),
            vpcConfig: { subnetIds: vpc.isolatedSubnetIds, securityGroupIds: [functionGroup.id] },
            environment: {
                variables: {
                    PAYMENTS_HOST: endpoint.dnsEntries.apply((entries) => entries[0]?.dnsName ?? ""),
                    PAYMENTS_PORT: String(port),
                    PAYMENTS_SERVERNAME: service,
                },
            },
            loggingConfig: { logFormat: "JSON", logGroup: jobLogs.name },
            tags,
        },
        { dependsOn: [jobLogs, vpcAccess] },
    );
    const schedule = new aws.cloudwatch.EventRule(`${name}-nightly`, { scheduleExpression: args.schedule ?? "cron(30 1 * * ? *)", tags });
    new aws.cloudwatch.EventTarget(`${name}-nightly`, { rule: schedule.name, arn: job.arn });
    new aws.lambda.Permission(`${name}-nightly`, { action: "lambda:InvokeFunction", function: job.name, principal: "events.amazonaws.com", sourceArn: schedule.arn });

    return { vpcId: vpc.vpcId, endpointDnsName: endpoint.dnsEntries.apply((entries) => entries[0]?.dnsName), functionName: job.name };
}
