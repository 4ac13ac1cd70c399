/**
 * What an interface endpoint's private DNS does to the VPCs that see it — facts that decide
 * which endpoints may be shared with every spoke (Route 53 Profile or per-service private
 * hosted zones).
 *
 * - execute-api: the private DNS name is `*.execute-api.<region>.amazonaws.com`, the same
 *   wildcard as every API's default invoke URL, public APIs included. "When a DNS query is
 *   resolved for a public API from inside a VPC, the resolved DNS points to the private IP of
 *   the associated VPC endpoint ... Because VPC endpoints can route traffic only to private
 *   APIs, the result is an HTTP 403 error."
 *   https://repost.aws/knowledge-center/api-gateway-vpc-connections and "If you turn on
 *   private DNS, you can't access the default endpoint for public APIs":
 *   https://docs.aws.amazon.com/apigateway/latest/developerguide/apigateway-private-apis.html
 *   The documented alternatives with private DNS off: associate the endpoint with the API and
 *   call `https://<api-id>-<vpce-id>.execute-api.<region>.amazonaws.com` (a public DNS name
 *   that resolves to the endpoint), or the endpoint-specific host name with a `Host` /
 *   `x-apigw-api-id` header:
 *   https://docs.aws.amazon.com/apigateway/latest/developerguide/apigateway-private-api-test-invoke-url.html
 * - privateDnsOnlyForInboundResolverEndpoint (S3, DynamoDB): "routes traffic that originates
 *   from the VPC to the gateway endpoint and traffic that originates from on-premises to the
 *   interface endpoint" (EC2 API, DnsOptionsSpecification:
 *   https://docs.aws.amazon.com/AWSEC2/latest/APIReference/API_DnsOptionsSpecification.html).
 *   AWS documents it for the endpoint's own VPC and its Resolver inbound endpoints; it says
 *   nothing of what a Route 53 Profile carrying such an endpoint does in other VPCs
 *   (https://docs.aws.amazon.com/Route53/latest/DeveloperGuide/profile-associate-vpc-endpoints.html).
 *   Pessimistic reading: left out of every Profile and zone shared with spokes.
 */

export interface PrivateDnsSideEffect {
    /** Catalog service name. */
    service: string;
    /** What sharing its private DNS with every VPC does. */
    effect: string;
    source: string;
}

/** Services whose private DNS, shared with every spoke, breaks traffic that is not theirs. */
export const privateDnsHijacks: readonly PrivateDnsSideEffect[] = [
    {
        service: "execute-api",
        effect:
            "its private DNS name *.execute-api.<region>.amazonaws.com covers every API Gateway API of the Region, so public and third-party APIs " +
            "resolve to the endpoint and fail with HTTP 403, and private APIs called without SigV4 carry no principal for the endpoint policy",
        source: "https://repost.aws/knowledge-center/api-gateway-vpc-connections",
    },
];

export function privateDnsHijack(service: string): PrivateDnsSideEffect | undefined {
    return privateDnsHijacks.find((h) => h.service === service);
}
