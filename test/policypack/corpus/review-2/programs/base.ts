/**
 * Shared pieces of the held-out review programs: a workload VPC with its flow log, an endpoint
 * security group limited to port 443 from the VPC, and the organization's identity-perimeter
 * endpoint policy (AWS's data-perimeter example: aws:PrincipalOrgID plus AWS service principals,
 * https://github.com/aws-samples/data-perimeter-policy-examples/blob/main/vpc_endpoint_policies/default_endpoint_policy.json).
 * Every program is a plain Pulumi program a workload team could write against @pulumi/aws.
 */
import * as aws from "@pulumi/aws";
import * as pulumi from "@pulumi/pulumi";

export const ORG = "o-a1b2c3d4e5";
export const REGION = "us-east-1";
export const WORKLOAD_ACCOUNT = "200000000002";
export const OUTSIDE_ACCOUNT = "999988887777";

export interface ProgramSpec {
    /** One line: what the program does and why the verdict is what it is. */
    description: string;
    /** The AWS (or Pulumi provider) page the expectation comes from. */
    source: string;
    /** Stack the program runs in (default prod-corpus). */
    stack?: string;
    /**
     * What the engine sends: "preview" (computed outputs unknown) or "update" (`pulumi up` runs the
     * analyzer again on each resource with its inputs resolved, once what it depends on exists).
     * @default "preview"
     */
    mode?: "preview" | "update";
    expect: { mandatory: string[]; advisory?: string[] };
    program: () => void;
}

export function vpcWithFlowLog(name = "vpc", cidrBlock = "10.16.0.0/16"): aws.ec2.Vpc {
    const vpc = new aws.ec2.Vpc(name, { cidrBlock, enableDnsHostnames: true, enableDnsSupport: true });
    new aws.ec2.FlowLog(`${name}-flow-log`, {
        vpcId: vpc.id,
        trafficType: "ALL",
        logDestinationType: "cloud-watch-logs",
        logDestination: `arn:aws:logs:${REGION}:${WORKLOAD_ACCOUNT}:log-group:/vpc/${name}`,
        iamRoleArn: `arn:aws:iam::${WORKLOAD_ACCOUNT}:role/flow-logs`,
    });
    return vpc;
}

export function subnets(vpc: aws.ec2.Vpc, prefix = "10.16", name = "vpc"): aws.ec2.Subnet[] {
    return ["a", "b"].map((z, i) => new aws.ec2.Subnet(`${name}-subnet-${z}`, { vpcId: vpc.id, cidrBlock: `${prefix}.${i}.0/24`, availabilityZone: `${REGION}${z}` }));
}

export function endpointGroup(vpc: aws.ec2.Vpc, name = "ep-sg", cidr = "10.16.0.0/16"): aws.ec2.SecurityGroup {
    return new aws.ec2.SecurityGroup(name, {
        vpcId: vpc.id,
        description: "interface endpoints: HTTPS from the VPC",
        ingress: [{ protocol: "tcp", fromPort: 443, toPort: 443, cidrBlocks: [cidr] }],
        egress: [],
    });
}

export const orgStatements = [
    { Sid: "OrgIdentities", Effect: "Allow", Principal: "*", Action: "*", Resource: "*", Condition: { StringEquals: { "aws:PrincipalOrgID": ORG } } },
    { Sid: "AwsServices", Effect: "Allow", Principal: "*", Action: "*", Resource: "*", Condition: { Bool: { "aws:PrincipalIsAWSService": "true" } } },
];

export const orgPolicy = JSON.stringify({ Version: "2012-10-17", Statement: orgStatements });

export function policyOf(...statements: unknown[]): string {
    return JSON.stringify({ Version: "2012-10-17", Statement: statements });
}

/** An interface endpoint to `service` (short name) in `vpc`, with the given groups and policy. */
export function interfaceEndpoint(
    name: string,
    vpc: aws.ec2.Vpc,
    nets: aws.ec2.Subnet[],
    args: { service?: string; serviceName?: pulumi.Input<string>; groups?: pulumi.Input<string>[]; policy?: pulumi.Input<string>; privateDnsEnabled?: boolean },
): aws.ec2.VpcEndpoint {
    return new aws.ec2.VpcEndpoint(name, {
        vpcId: vpc.id,
        vpcEndpointType: "Interface",
        serviceName: args.serviceName ?? `com.amazonaws.${REGION}.${args.service}`,
        privateDnsEnabled: args.privateDnsEnabled ?? false,
        subnetIds: nets.map((s) => s.id),
        securityGroupIds: args.groups,
        policy: args.policy,
    });
}

/** An S3 gateway endpoint with `policy`, on one route table. */
export function s3Gateway(vpc: aws.ec2.Vpc, policy: pulumi.Input<string> | undefined, name = "s3-gateway"): aws.ec2.VpcEndpoint {
    const rt = new aws.ec2.RouteTable(`${name}-rt`, { vpcId: vpc.id });
    return new aws.ec2.VpcEndpoint(name, { vpcId: vpc.id, vpcEndpointType: "Gateway", serviceName: `com.amazonaws.${REGION}.s3`, routeTableIds: [rt.id], policy });
}

export const LEDGER = "prod-payments-ledger";
export const RAW = "prod-data-lake-raw";
export const CORPORATE = ["203.0.113.0/24", "198.51.100.0/24"];

/**
 * AWS's data-perimeter bucket policy (resource_based_policies/s3_bucket_policy.json of
 * aws-samples/data-perimeter-policy-examples): an identity Deny and a network Deny, each
 * overridable one field at a time.
 */
export function identityDeny(bucket: string, over: Record<string, unknown> = {}): Record<string, unknown> {
    return {
        Sid: "EnforceIdentityPerimeter",
        Effect: "Deny",
        Principal: "*",
        Action: "s3:*",
        Resource: [`arn:aws:s3:::${bucket}`, `arn:aws:s3:::${bucket}/*`],
        Condition: {
            StringNotEqualsIfExists: { "aws:PrincipalOrgID": ORG, "aws:PrincipalAccount": "464622532012" },
            BoolIfExists: { "aws:PrincipalIsAWSService": "false" },
        },
        ...over,
    };
}

export function networkDeny(bucket: string, over: Record<string, unknown> = {}): Record<string, unknown> {
    return {
        Sid: "EnforceNetworkPerimeter",
        Effect: "Deny",
        Principal: "*",
        Action: "s3:*",
        Resource: [`arn:aws:s3:::${bucket}`, `arn:aws:s3:::${bucket}/*`],
        Condition: {
            NotIpAddressIfExists: { "aws:SourceIp": CORPORATE },
            StringNotEqualsIfExists: { "aws:VpceOrgID": ORG, "aws:PrincipalTag/dp:exclude:network": "true" },
            BoolIfExists: { "aws:PrincipalIsAWSService": "false", "aws:ViaAWSService": "false" },
        },
        ...over,
    };
}
