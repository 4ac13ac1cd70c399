/**
 * Interface endpoint security groups admit only the service's port (443; SMTP ports for
 * email-smtp) and only from the environment's internal CIDRs or the endpoint's own VPC (the
 * rule awsx and most examples create) — never from anywhere. Every group in effect is judged:
 * the endpoint's own, groups attached with `aws.ec2.SecurityGroupAssociation`, and the VPC's
 * default group when nothing replaces it (a managed `aws.ec2.DefaultSecurityGroup` is judged on
 * its rules). Groups and standalone rules are found through dependencies, so this is decided
 * during preview while every id is still unknown.
 */
import { StackValidationPolicy } from "@pulumi/policy";
import { configSchema } from "../lib/config";
import { judgeEndpointGroups } from "../lib/endpoint-security-groups";
import { endpointLabel, endpointType } from "../lib/endpoints";
import { stackCheck } from "../lib/rule";
import { T } from "../lib/types";
import { str } from "../lib/values";

export const endpointsVpcEndpointSecurityGroupRestricted: StackValidationPolicy = {
    name: "endpoints-vpc-endpoint-security-group-restricted",
    description: "Interface endpoint security groups admit only the service's port, only from the environment's internal CIDRs or the endpoint's own VPC (never 0.0.0.0/0).",
    enforcementLevel: "mandatory",
    severity: "high",
    remediationSteps:
        "Give the endpoint its own security group (on the endpoint, or with an aws.ec2.SecurityGroupAssociation that sets " +
        "replaceDefaultAssociation: true) whose ingress admits TCP on the service port (443, or the SMTP ports for email-smtp) " +
        "from the endpoint's VPC, the hub, spoke and on-premises CIDRs only; remove rules for other ports, protocols, 0.0.0.0/0, IPv6 or prefix lists.",
    configSchema: configSchema("internalCidrs", "servicePorts"),
    validateStack: stackCheck(T.vpcEndpoint, ({ index, config, findingsFor }) => {
        for (const endpoint of index.ofType(T.vpcEndpoint)) {
            const type = endpointType(endpoint.props);
            if (type !== "Interface") continue;
            const label = endpointLabel(type, endpoint.name, str(endpoint.props["serviceName"]));
            judgeEndpointGroups(index, endpoint, label, config, findingsFor(endpoint.urn));
        }
    }),
};
