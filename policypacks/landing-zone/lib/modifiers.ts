/**
 * The modifier map: for each property the pack guards, every @pulumi/aws resource type that can
 * set it. A program can change a guarded resource through another resource (a standalone
 * endpoint policy, a security group association, a rule resource, a share association...), so
 * rules look for every modifier listed here, never only at the guarded resource's own inputs.
 *
 * `test/policypack/modifiers.test.ts` derives the candidates from the @pulumi/aws type
 * definitions (resource types whose inputs set one of these properties) and fails when one is
 * neither a modifier nor listed in `reviewed` with the reason it does not change the property.
 * The pack's README prints this map.
 */
import { T } from "./types";

export interface Modifier {
    /** Pulumi type token. */
    type: string;
    /** The inputs through which it sets the property. */
    inputs: string[];
    /** How it relates to the guarded resource. */
    how: string;
}

export interface GuardedProperty {
    /** What is guarded, in AWS's words. */
    property: string;
    /** Rules that judge it. */
    rules: string[];
    modifiers: Modifier[];
    /** Types the derivation finds that do not set this property, and why. */
    reviewed: { type: string; why: string }[];
}

export const modifierMap: Record<string, GuardedProperty> = {
    endpointPolicy: {
        property: "VPC endpoint policy",
        rules: ["endpoints-vpc-endpoint-policy-required", "endpoints-vpc-endpoint-policy-trusted-identities", "endpoints-vpc-endpoint-policy-size", "perimeter-policy-deny-statement-applicable"],
        modifiers: [
            { type: T.vpcEndpoint, inputs: ["policy"], how: "the endpoint's own policy" },
            { type: T.vpcEndpointPolicy, inputs: ["vpcEndpointId", "policy"], how: "a standalone policy attached to the endpoint (replaces the endpoint's policy)" },
        ],
        reviewed: [],
    },
    endpointPrivateDns: {
        property: "private DNS of an interface endpoint",
        rules: ["endpoints-vpc-endpoint-no-private-dns-in-spoke"],
        modifiers: [
            { type: T.vpcEndpoint, inputs: ["privateDnsEnabled"], how: "the endpoint's own setting (unset: the provider creates it off)" },
            { type: T.vpcEndpointPrivateDns, inputs: ["vpcEndpointId", "privateDnsEnabled"], how: "turns private DNS on or off apart from the endpoint (ModifyVpcEndpoint)" },
        ],
        reviewed: [],
    },
    endpointSecurityGroups: {
        property: "security groups of an interface endpoint",
        rules: ["endpoints-vpc-endpoint-security-group-restricted"],
        modifiers: [
            { type: T.vpcEndpoint, inputs: ["securityGroupIds"], how: "the endpoint's own groups; none means the VPC's default group" },
            { type: T.securityGroupAssociation, inputs: ["vpcEndpointId", "securityGroupId", "replaceDefaultAssociation"], how: "adds a group to the endpoint, or replaces the default group" },
        ],
        reviewed: [],
    },
    securityGroupIngress: {
        property: "ingress rules of a security group",
        rules: ["endpoints-vpc-endpoint-security-group-restricted", "network-resolver-endpoint-inbound-restricted"],
        modifiers: [
            { type: T.securityGroup, inputs: ["ingress"], how: "inline rules" },
            { type: T.securityGroupRule, inputs: ["securityGroupId", "type", "cidrBlocks", "ipv6CidrBlocks", "prefixListIds", "sourceSecurityGroupId", "self"], how: "a standalone rule (type ingress)" },
            { type: T.securityGroupIngressRule, inputs: ["securityGroupId", "cidrIpv4", "cidrIpv6", "prefixListId", "referencedSecurityGroupId"], how: "a standalone ingress rule" },
            { type: T.defaultSecurityGroup, inputs: ["vpcId", "ingress"], how: "manages the VPC's default group, which endpoints without groups use" },
        ],
        reviewed: [{ type: "aws:vpc/securityGroupEgressRule:SecurityGroupEgressRule", why: "egress only: the guarded property is ingress" }],
    },
    ramPrincipals: {
        property: "principals of an AWS RAM resource share",
        rules: ["network-ram-principal-association-organization-only", "network-ram-resource-share-no-external-principals"],
        modifiers: [
            { type: T.principalAssociation, inputs: ["resourceShareArn", "principal"], how: "one principal" },
            { type: T.resourceShareAssociationsExclusive, inputs: ["resourceShareArn", "principals", "sources"], how: "the share's complete principal list" },
            { type: T.resourceShare, inputs: ["allowExternalPrincipals"], how: "whether principals outside the organization may be added" },
        ],
        reviewed: [],
    },
    bucketPolicy: {
        property: "S3 bucket policy",
        rules: ["perimeter-s3-bucket-policy-protected-network", "perimeter-policy-deny-statement-applicable"],
        modifiers: [
            { type: T.bucketPolicy, inputs: ["bucket", "policy"], how: "a standalone bucket policy" },
            { type: T.bucket, inputs: ["bucket", "policy"], how: "the bucket's own policy input" },
            { type: T.bucketV2, inputs: ["bucket", "policy"], how: "the bucket's own policy input (BucketV2)" },
        ],
        reviewed: [{ type: "aws:s3/accessPoint:AccessPoint", why: "an access point policy governs the access point, and grants nothing the bucket policy does not delegate" }],
    },
    bucketAcl: {
        property: "S3 bucket and object ACLs",
        rules: ["perimeter-s3-bucket-policy-protected-network"],
        modifiers: [
            { type: T.bucket, inputs: ["bucket", "acl", "grants"], how: "the bucket's own canned ACL or grants" },
            { type: T.bucketV2, inputs: ["bucket", "acl", "grants"], how: "the bucket's own canned ACL or grants (BucketV2)" },
            { type: T.bucketAcl, inputs: ["bucket", "acl", "accessControlPolicy"], how: "a standalone bucket ACL (replaces the bucket's)" },
            { type: T.bucketAclV2, inputs: ["bucket", "acl", "accessControlPolicy"], how: "a standalone bucket ACL (BucketAclV2)" },
            { type: T.bucketObject, inputs: ["bucket", "acl"], how: "an object's canned ACL" },
            { type: T.bucketObjectv2, inputs: ["bucket", "acl"], how: "an object's canned ACL (BucketObjectv2)" },
            { type: T.objectCopy, inputs: ["bucket", "acl", "grants"], how: "the copied object's canned ACL or grants" },
            { type: T.bucketLogging, inputs: ["targetBucket", "targetGrants"], how: "grants on the access-log objects written to the target bucket" },
            { type: T.bucketLoggingV2, inputs: ["targetBucket", "targetGrants"], how: "grants on the access-log objects written to the target bucket (BucketLoggingV2)" },
        ],
        reviewed: [],
    },
    endpointConnection: {
        property: "what a VPC endpoint connects the VPC to",
        rules: ["endpoints-vpc-endpoint-service-allowed"],
        modifiers: [
            { type: T.vpcEndpoint, inputs: ["serviceName", "vpcEndpointType", "resourceConfigurationArn", "serviceNetworkArn"], how: "Interface, Gateway, GatewayLoadBalancer (serviceName); Resource (resourceConfigurationArn); ServiceNetwork (serviceNetworkArn)" },
        ],
        reviewed: [],
    },
    endpointServicePrincipals: {
        property: "principals allowed to connect to an endpoint service",
        rules: ["privatelink-vpc-endpoint-service-allowed-principals"],
        modifiers: [
            { type: T.vpcEndpointService, inputs: ["allowedPrincipals"], how: "the service's own list" },
            { type: T.vpcEndpointServiceAllowedPrinciple, inputs: ["vpcEndpointServiceId", "principalArn"], how: "one more principal" },
        ],
        reviewed: [],
    },
    vpcRoutes: {
        property: "routes of a VPC's route tables",
        rules: ["network-vpc-isolated-no-internet"],
        modifiers: [
            { type: T.routeTable, inputs: ["vpcId", "routes"], how: "inline routes of a route table" },
            { type: T.defaultRouteTable, inputs: ["defaultRouteTableId", "routes"], how: "routes of the VPC's main route table, managed in place" },
            { type: T.route, inputs: ["routeTableId", "gatewayId", "natGatewayId", "egressOnlyGatewayId"], how: "a standalone route" },
        ],
        reviewed: [{ type: T.routeTableAssociation, why: "associates a table with a subnet or, as an edge association, a gateway: the gateway and the table's routes are judged themselves" }],
    },
    flowLogs: {
        property: "flow logs of a VPC",
        rules: ["network-vpc-flow-logs-required"],
        modifiers: [{ type: T.flowLog, inputs: ["vpcId"], how: "a flow log for the VPC (subnet- and ENI-level flow logs cover only part of it)" }],
        reviewed: [],
    },
};

/** Every modifier type of one guarded property. */
export function modifierTypes(property: keyof typeof modifierMap): string[] {
    return [...new Set(modifierMap[property].modifiers.map((m) => m.type))];
}
