/**
 * A small environment for the rule tests: its pack config and compliant resource shapes
 * (aws v7 input names), which each test mutates once per failure mode.
 */
import { PackConfig } from "../../policypacks/landing-zone/lib/config";

export const ORG = "o-a1b2c3d4e5";
export const region = "us-east-1";

export const config: PackConfig = {
    organizationId: ORG,
    organizationalUnitIds: ["ou-ab12-cdef3456"],
    accountIds: ["111111111111", "222222222222"],
    trustedAccountIds: ["999999999999"],
    internalCidrs: ["10.0.0.0/16", "10.1.0.0/16", "192.168.0.0/16"],
    onPremisesCidrs: ["192.168.0.0/16"],
    corporateCidrs: ["203.0.113.0/24"],
    allowedServiceNames: [`com.amazonaws.${region}.ssm`, `com.amazonaws.${region}.s3`, `com.amazonaws.${region}.email-smtp`, `com.amazonaws.${region}.eks`],
    approvedEndpointServiceNames: [`com.amazonaws.vpce.${region}.vpce-svc-0a1b2c3d4e5f67890`],
    endpointServiceStacks: ["organization/landing-zone/prod-payments"],
    region,
    acceptWorkloadServiceEndpoints: false,
    centralizedServiceNames: [`com.amazonaws.${region}.ssm`],
    servicePorts: { [`com.amazonaws.${region}.email-smtp`]: [25, 465, 587] },
    fullAccessOnlyServiceNames: [`com.amazonaws.${region}.eks`],
    policyUnsupportedServiceNames: [],
    protectedBuckets: ["corp-data"],
};

/** An endpoint policy in the perimeter's spirit: org identities, AWS services. */
export function orgEndpointPolicy(orgId = ORG): Record<string, unknown> {
    return {
        Version: "2012-10-17",
        Statement: [
            { Sid: "OrgIdentities", Effect: "Allow", Principal: "*", Action: "*", Resource: "*", Condition: { StringEquals: { "aws:PrincipalOrgID": orgId } } },
            { Sid: "AwsServices", Effect: "Allow", Principal: "*", Action: "*", Resource: "*", Condition: { Bool: { "aws:PrincipalIsAWSService": "true" } } },
        ],
    };
}

export const fullAccessPolicy = { Version: "2012-10-17", Statement: [{ Effect: "Allow", Principal: "*", Action: "*", Resource: "*" }] };

export function interfaceEndpoint(overrides: Record<string, unknown> = {}): Record<string, unknown> {
    return {
        vpcEndpointType: "Interface",
        serviceName: `com.amazonaws.${region}.ssm`,
        vpcId: "vpc-0123456789abcdef0",
        privateDnsEnabled: true,
        subnetIds: ["subnet-01", "subnet-02"],
        securityGroupIds: ["sg-01"],
        policy: JSON.stringify(orgEndpointPolicy()),
        ...overrides,
    };
}

export function gatewayEndpoint(overrides: Record<string, unknown> = {}): Record<string, unknown> {
    return {
        vpcEndpointType: "Gateway",
        serviceName: `com.amazonaws.${region}.s3`,
        vpcId: "vpc-0123456789abcdef0",
        routeTableIds: ["rtb-01"],
        policy: JSON.stringify(orgEndpointPolicy()),
        ...overrides,
    };
}

/** A security group admitting HTTPS from internal ranges only. */
export function endpointSecurityGroup(ingress: Record<string, unknown>[] = [{ protocol: "tcp", fromPort: 443, toPort: 443, cidrBlocks: ["10.0.0.0/16", "10.1.0.0/16"] }]): Record<string, unknown> {
    return { vpcId: "vpc-0123456789abcdef0", description: "endpoint", ingress, egress: [] };
}
