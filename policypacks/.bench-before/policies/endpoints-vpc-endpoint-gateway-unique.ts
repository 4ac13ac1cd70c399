/**
 * At most one gateway endpoint per service per VPC: AWS accepts a second one, but both then
 * fight over the same route-table prefix-list routes and only one policy is in effect.
 */
import { StackValidationPolicy } from "@pulumi/policy";
import { stackCheck } from "../lib/rule";
import { T, vpcTypes } from "../lib/types";
import { isUnknown, str } from "../lib/values";
import { canonicalVpc } from "../lib/vpc";

export const endpointsVpcEndpointGatewayUnique: StackValidationPolicy = {
    name: "endpoints-vpc-endpoint-gateway-unique",
    description: "A VPC has at most one gateway endpoint per service (S3, DynamoDB).",
    enforcementLevel: "mandatory",
    severity: "medium",
    remediationSteps: "Remove the extra gateway endpoint; associate every route table of the VPC with the one that remains (`routeTableIds`).",
    validateStack: stackCheck(T.vpcEndpoint, ({ index, findingsFor }) => {
        const seen = new Map<string, string>();
        for (const endpoint of index.ofType(T.vpcEndpoint)) {
            const type = str(endpoint.props["vpcEndpointType"]) ?? "Gateway";
            if (type !== "Gateway") continue;
            const findings = findingsFor(endpoint.urn);
            const serviceName = str(endpoint.props["serviceName"]);
            const vpcNode = index.related(endpoint, "vpcId", vpcTypes)[0];
            const vpcIdValue = str(endpoint.props["vpcId"]);
            const vpcKey = vpcNode ? canonicalVpc(index, vpcNode).urn : typeof vpcIdValue === "string" ? vpcIdValue : undefined;
            if (isUnknown(serviceName)) {
                findings.undecided(`serviceName of gateway endpoint ${endpoint.name} (${serviceName.path})`);
                continue;
            }
            if (vpcKey === undefined) {
                if (isUnknown(vpcIdValue)) findings.undecided(`VPC of gateway endpoint ${endpoint.name}: vpcId is unknown and depends on no VPC of this stack`);
                continue;
            }
            if (serviceName === undefined) continue;
            const key = `${vpcKey}\u0000${serviceName}`;
            const first = seen.get(key);
            if (first) {
                const vpcName = vpcNode ? canonicalVpc(index, vpcNode).name : vpcKey;
                findings.violation(`gateway endpoint ${endpoint.name} is a second ${serviceName} gateway endpoint in VPC ${vpcName} (the first is ${first}); remove it.`);
            } else {
                seen.set(key, endpoint.name);
            }
        }
    }),
};
