/**
 * Which VPC endpoints accept a custom endpoint policy, by the kind of service behind them.
 *
 * Sources:
 * - "Control access to VPC endpoints using endpoint policies", Considerations:
 *   https://docs.aws.amazon.com/vpc/latest/privatelink/vpc-endpoints-access.html
 *   "When you create an interface or gateway endpoint for an AWS service, you can attach a
 *   single endpoint policy ... Not all AWS services support endpoint policies ... When you
 *   create a VPC endpoint for an endpoint service other than an AWS service, we allow full
 *   access to the endpoint." EC2 rejects anything else on such an endpoint
 *   (CreateVpcEndpoint / ModifyVpcEndpoint: "only supports the full-access endpoint policy").
 * - Per AWS service: the catalog's `policy` (aws/service-catalog.ts; `aws ec2
 *   describe-vpc-endpoint-services` reports VpcEndpointPolicySupported).
 * - Gateway Load Balancer endpoints carry traffic to appliances, not API requests:
 *   https://docs.aws.amazon.com/vpc/latest/privatelink/gateway-load-balancer-endpoints.html
 */
import { catalogEntry } from "./service-catalog";

/** What an endpoint accepts as its `policy`. */
export type EndpointPolicySupport =
    /** Any endpoint policy: the perimeter writes one. */
    | "custom"
    /** Only the full-access policy (AWS attaches it when none is given): send none. */
    | "full-access-only"
    /** No endpoint policy at all. */
    | "none";

/** The kind of service an endpoint connects to. */
export type EndpointTarget =
    | { kind: "aws-service"; service: string }
    | { kind: "gateway"; service: "s3" | "dynamodb" }
    /** A PrivateLink endpoint service of a customer (an NLB behind `com.amazonaws.vpce.<region>.vpce-svc-...`). */
    | { kind: "customer-endpoint-service" }
    | { kind: "gateway-load-balancer" };

export function endpointPolicySupport(target: EndpointTarget): EndpointPolicySupport {
    switch (target.kind) {
        case "gateway":
            return "custom";
        case "customer-endpoint-service":
            return "full-access-only";
        case "gateway-load-balancer":
            return "none";
        case "aws-service": {
            const entry = catalogEntry(target.service);
            if (!entry) throw new Error(`endpointPolicySupport: "${target.service}" is not in the service catalog (aws/service-catalog.ts)`);
            return entry.policy === "restricted" ? "custom" : entry.policy === "full-access-only" ? "full-access-only" : "none";
        }
    }
}

/** Endpoint service names of customer services (`com.amazonaws.vpce.<region>.vpce-svc-...`). */
export function isCustomerEndpointServiceName(serviceName: string): boolean {
    return /^com\.amazonaws\.vpce\.[a-z0-9-]+\.vpce-svc-[0-9a-f]+$/.test(serviceName);
}
