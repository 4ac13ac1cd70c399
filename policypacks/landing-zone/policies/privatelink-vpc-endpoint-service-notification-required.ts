/**
 * Every endpoint service has a connection notification for `Connect` events, so the provider
 * learns of every connection request (the detective controls subscribe to it). Notifications are
 * matched to services through `vpcEndpointServiceId`, never counted; one whose service is unknown
 * during preview leaves an advisory note, not a pass.
 */
import { StackValidationPolicy } from "@pulumi/policy";
import { stackCheck } from "../lib/rule";
import { T } from "../lib/types";
import { isUnknown, list, str } from "../lib/values";

export const privatelinkVpcEndpointServiceNotificationRequired: StackValidationPolicy = {
    name: "privatelink-vpc-endpoint-service-notification-required",
    description: "Every VPC endpoint service has a connection notification that covers Connect events.",
    enforcementLevel: "mandatory",
    severity: "medium",
    remediationSteps:
        "Add an `aws.ec2.VpcEndpointConnectionNotification` with `vpcEndpointServiceId: service.id`, " +
        "`connectionEvents: [\"Connect\", \"Accept\", \"Reject\"]` and an SNS topic ARN.",
    validateStack: stackCheck(T.vpcEndpointService, ({ index, findingsFor }) => {
        const notifications = index.ofType(T.vpcEndpointConnectionNotification);
        const serviceTypes = new Set([T.vpcEndpointService]);
        // Notifications whose service cannot be told during preview: each may cover one service.
        const unresolved = notifications.filter((n) => index.related(n, "vpcEndpointServiceId", serviceTypes).length === 0 && isUnknown(str(n.props["vpcEndpointServiceId"])));
        for (const service of index.ofType(T.vpcEndpointService)) {
            const findings = findingsFor(service.urn);
            let covered = false;
            let undecided = false;
            let withoutConnect: string | undefined;
            for (const n of notifications) {
                const forService = n.propertyDependencies("vpcEndpointServiceId").includes(service.urn) || index.related(n, "vpcEndpointServiceId", new Set([T.vpcEndpointService])).some((s) => s.urn === service.urn);
                if (!forService) continue;
                const events = list(n.props["connectionEvents"]);
                if (isUnknown(events) || events.some(isUnknown)) {
                    undecided = true;
                    continue;
                }
                if (events.map(String).includes("Connect")) covered = true;
                else withoutConnect = n.name;
            }
            if (covered) continue;
            if (undecided) findings.undecided(`connectionEvents of the notification for endpoint service ${service.name}`);
            else if (unresolved.length > 0 && !withoutConnect) findings.undecided(`whether notification ${unresolved.map((n) => n.name).join(" or ")} (service unknown during preview) is for endpoint service ${service.name}`);
            else if (withoutConnect) findings.violation(`endpoint service ${service.name}: notification ${withoutConnect} does not include "Connect" events; add "Connect" to connectionEvents.`);
            else findings.violation(`endpoint service ${service.name} has no connection notification; add a VpcEndpointConnectionNotification (vpcEndpointServiceId: the service's id) for Connect/Accept/Reject events.`);
        }
    }),
};
