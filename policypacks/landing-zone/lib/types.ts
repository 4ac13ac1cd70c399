/**
 * Pulumi type tokens of the resources the pack judges. The pack does not depend on
 * @pulumi/aws (it is published alone and must stay small), so it names types by token.
 */
export const T = {
    vpc: "aws:ec2/vpc:Vpc",
    awsxVpc: "awsx:ec2:Vpc",
    subnet: "aws:ec2/subnet:Subnet",
    routeTable: "aws:ec2/routeTable:RouteTable",
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
    stackReference: "pulumi:pulumi:StackReference",
    loadBalancer: "aws:lb/loadBalancer:LoadBalancer",
    lbListener: "aws:lb/listener:Listener",
    latticeResourceConfiguration: "aws:vpclattice/resourceConfiguration:ResourceConfiguration",
    latticeServiceNetwork: "aws:vpclattice/serviceNetwork:ServiceNetwork",
} as const;

export const vpcTypes: ReadonlySet<string> = new Set([T.vpc, T.awsxVpc]);
export const securityGroupTypes: ReadonlySet<string> = new Set([T.securityGroup, T.defaultSecurityGroup]);
