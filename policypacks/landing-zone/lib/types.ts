/**
 * Pulumi type tokens of the resources the pack judges. The pack does not depend on
 * @pulumi/aws (it is published alone and must stay small), so it names types by token.
 */
export const T = {
    vpc: "aws:ec2/vpc:Vpc",
    defaultVpc: "aws:ec2/defaultVpc:DefaultVpc",
    awsxVpc: "awsx:ec2:Vpc",
    subnet: "aws:ec2/subnet:Subnet",
    routeTable: "aws:ec2/routeTable:RouteTable",
    defaultRouteTable: "aws:ec2/defaultRouteTable:DefaultRouteTable",
    routeTableAssociation: "aws:ec2/routeTableAssociation:RouteTableAssociation",
    route: "aws:ec2/route:Route",
    internetGateway: "aws:ec2/internetGateway:InternetGateway",
    internetGatewayAttachment: "aws:ec2/internetGatewayAttachment:InternetGatewayAttachment",
    egressOnlyInternetGateway: "aws:ec2/egressOnlyInternetGateway:EgressOnlyInternetGateway",
    natGateway: "aws:ec2/natGateway:NatGateway",
    flowLog: "aws:ec2/flowLog:FlowLog",
    securityGroup: "aws:ec2/securityGroup:SecurityGroup",
    securityGroupRule: "aws:ec2/securityGroupRule:SecurityGroupRule",
    securityGroupIngressRule: "aws:vpc/securityGroupIngressRule:SecurityGroupIngressRule",
    securityGroupAssociation: "aws:ec2/securityGroupAssociation:SecurityGroupAssociation",
    defaultSecurityGroup: "aws:ec2/defaultSecurityGroup:DefaultSecurityGroup",
    vpcEndpoint: "aws:ec2/vpcEndpoint:VpcEndpoint",
    vpcEndpointPolicy: "aws:ec2/vpcEndpointPolicy:VpcEndpointPolicy",
    vpcEndpointPrivateDns: "aws:vpc/endpointPrivateDns:EndpointPrivateDns",
    vpcEndpointService: "aws:ec2/vpcEndpointService:VpcEndpointService",
    vpcEndpointServiceAllowedPrinciple: "aws:ec2/vpcEndpointServiceAllowedPrinciple:VpcEndpointServiceAllowedPrinciple",
    vpcEndpointConnectionNotification: "aws:ec2/vpcEndpointConnectionNotification:VpcEndpointConnectionNotification",
    transitGateway: "aws:ec2transitgateway/transitGateway:TransitGateway",
    resourceShare: "aws:ram/resourceShare:ResourceShare",
    principalAssociation: "aws:ram/principalAssociation:PrincipalAssociation",
    resourceShareAssociationsExclusive: "aws:ram/resourceShareAssociationsExclusive:ResourceShareAssociationsExclusive",
    resolverEndpoint: "aws:route53/resolverEndpoint:ResolverEndpoint",
    organizationsPolicy: "aws:organizations/policy:Policy",
    bucketPolicy: "aws:s3/bucketPolicy:BucketPolicy",
    bucket: "aws:s3/bucket:Bucket",
    bucketV2: "aws:s3/bucketV2:BucketV2",
    bucketAcl: "aws:s3/bucketAcl:BucketAcl",
    bucketAclV2: "aws:s3/bucketAclV2:BucketAclV2",
    bucketObject: "aws:s3/bucketObject:BucketObject",
    bucketObjectv2: "aws:s3/bucketObjectv2:BucketObjectv2",
    objectCopy: "aws:s3/objectCopy:ObjectCopy",
    bucketLogging: "aws:s3/bucketLogging:BucketLogging",
    bucketLoggingV2: "aws:s3/bucketLoggingV2:BucketLoggingV2",
    stackReference: "pulumi:pulumi:StackReference",
    latticeResourceConfiguration: "aws:vpclattice/resourceConfiguration:ResourceConfiguration",
    latticeServiceNetwork: "aws:vpclattice/serviceNetwork:ServiceNetwork",
} as const;

/** A VPC: one the program creates, an awsx component, or the Region's default VPC it adopts. */
export const vpcTypes: ReadonlySet<string> = new Set([T.vpc, T.awsxVpc, T.defaultVpc]);
export const securityGroupTypes: ReadonlySet<string> = new Set([T.securityGroup, T.defaultSecurityGroup]);
