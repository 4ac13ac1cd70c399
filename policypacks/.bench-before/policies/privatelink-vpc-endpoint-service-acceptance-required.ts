/**
 * Endpoint services require acceptance: an allowed principal alone must not be enough to
 * connect. There is no IAM condition key for it, so only preview (this rule) and a Config rule
 * after deploy can enforce it.
 */
import { ResourceValidationPolicy } from "@pulumi/policy";
import { resourceCheck } from "../lib/rule";
import { T } from "../lib/types";
import { bool, isUnknown } from "../lib/values";

export const privatelinkVpcEndpointServiceAcceptanceRequired: ResourceValidationPolicy = {
    name: "privatelink-vpc-endpoint-service-acceptance-required",
    description: "VPC endpoint services require the provider to accept each connection.",
    enforcementLevel: "mandatory",
    severity: "high",
    remediationSteps: "Set `acceptanceRequired: true` on the endpoint service; accept connections with the network admin role.",
    validateResource: resourceCheck(T.vpcEndpointService, ({ props, name, findings }) => {
        const value = bool(props["acceptanceRequired"]);
        if (isUnknown(value)) findings.undecided(`acceptanceRequired of ${name} (${value.path})`);
        else if (value !== true) findings.violation(`endpoint service ${name} accepts connections automatically (acceptanceRequired is ${value ?? "not set"}); set acceptanceRequired: true.`);
    }),
};
