/**
 * Every rule of the pack, in report order. Importing this list does not start the policy
 * server (index.ts does), so tools (`npm run policy-config`) and tests can read the rules.
 */
import { Policies } from "@pulumi/policy";
import { endpointsVpcEndpointGatewayUnique } from "./endpoints-vpc-endpoint-gateway-unique";
import { endpointsVpcEndpointNoPrivateDnsInSpoke } from "./endpoints-vpc-endpoint-no-private-dns-in-spoke";
import { endpointsVpcEndpointPolicyRequired } from "./endpoints-vpc-endpoint-policy-required";
import { endpointsVpcEndpointPolicySize } from "./endpoints-vpc-endpoint-policy-size";
import { endpointsVpcEndpointPolicyTrustedIdentities } from "./endpoints-vpc-endpoint-policy-trusted-identities";
import { endpointsVpcEndpointSecurityGroupRestricted } from "./endpoints-vpc-endpoint-security-group-restricted";
import { endpointsVpcEndpointServiceAllowed } from "./endpoints-vpc-endpoint-service-allowed";
import { networkAwsxVpcIsolatedNoInternet } from "./network-awsx-vpc-isolated-no-internet";
import { networkRamPrincipalAssociationOrganizationOnly } from "./network-ram-principal-association-organization-only";
import { networkRamResourceShareNoExternalPrincipals } from "./network-ram-resource-share-no-external-principals";
import { networkResolverEndpointInboundRestricted } from "./network-resolver-endpoint-inbound-restricted";
import { networkTransitGatewaySecureDefaults } from "./network-transit-gateway-secure-defaults";
import { networkTransitGatewayTwoWayReachability } from "./network-transit-gateway-two-way-reachability";
import { networkVpcFlowLogsRequired } from "./network-vpc-flow-logs-required";
import { networkVpcIsolatedNoInternet } from "./network-vpc-isolated-no-internet";
import { perimeterOrganizationsPolicyGrammar } from "./perimeter-organizations-policy-grammar";
import { perimeterOrganizationsPolicySize } from "./perimeter-organizations-policy-size";
import { perimeterPolicyDenyStatementApplicable } from "./perimeter-policy-deny-statement-applicable";
import { perimeterS3BucketPolicyProtectedNetwork } from "./perimeter-s3-bucket-policy-protected-network";
import { privatelinkVpcEndpointServiceAcceptanceRequired } from "./privatelink-vpc-endpoint-service-acceptance-required";
import { privatelinkVpcEndpointServiceAllowedPrincipals } from "./privatelink-vpc-endpoint-service-allowed-principals";
import { privatelinkVpcEndpointServiceNotificationRequired } from "./privatelink-vpc-endpoint-service-notification-required";

export const policies: Policies = [
    // endpoints
    endpointsVpcEndpointPolicyRequired,
    endpointsVpcEndpointPolicyTrustedIdentities,
    endpointsVpcEndpointPolicySize,
    endpointsVpcEndpointServiceAllowed,
    endpointsVpcEndpointSecurityGroupRestricted,
    endpointsVpcEndpointGatewayUnique,
    endpointsVpcEndpointNoPrivateDnsInSpoke,
    // PrivateLink endpoint services
    privatelinkVpcEndpointServiceAcceptanceRequired,
    privatelinkVpcEndpointServiceAllowedPrincipals,
    privatelinkVpcEndpointServiceNotificationRequired,
    // network
    networkTransitGatewaySecureDefaults,
    networkTransitGatewayTwoWayReachability,
    networkRamResourceShareNoExternalPrincipals,
    networkRamPrincipalAssociationOrganizationOnly,
    networkVpcFlowLogsRequired,
    networkVpcIsolatedNoInternet,
    networkAwsxVpcIsolatedNoInternet,
    networkResolverEndpointInboundRestricted,
    // perimeter
    perimeterOrganizationsPolicySize,
    perimeterOrganizationsPolicyGrammar,
    perimeterPolicyDenyStatementApplicable,
    perimeterS3BucketPolicyProtectedNetwork,
];
