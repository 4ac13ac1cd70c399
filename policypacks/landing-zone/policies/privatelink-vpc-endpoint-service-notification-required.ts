/**
 * Every endpoint service has a connection notification for `Connect` events, so the provider
 * learns of every connection request (the detective controls subscribe to it). Notifications are
 * matched to services through `vpcEndpointServiceId`, never counted; one whose service is unknown
 * during preview leaves an advisory note, not a pass.
 */
import { StackValidationPolicy } from "@pulumi/policy";
import { maximumMatching } from "../lib/matching";
import { stackCheck } from "../lib/rule";
import { StackNode } from "../lib/stack-index";
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
    validateStack: stackCheck(T.vpcEndpointService, ({ index, findingsFor, report }) => {
        const services = index.ofType(T.vpcEndpointService);
        if (services.length === 0) return;
        const serviceTypes = new Set([T.vpcEndpointService]);
        const all = new Set(services.map((s) => s.urn));
        // Each notification has one vpcEndpointServiceId: the service a resolved id names, else the
        // services it was computed from (one of them at most), else (unknown, from none) any one.
        const targetsOf = (n: StackNode): { urns: Set<string>; definite: boolean } => {
            const id = str(n.props["vpcEndpointServiceId"]);
            if (typeof id === "string") {
                const byId = index.byId(id);
                if (byId && byId.type === T.vpcEndpointService) return { urns: new Set([byId.urn]), definite: true };
            }
            const related = index.related(n, "vpcEndpointServiceId", serviceTypes).map((s) => s.urn);
            if (related.length > 0) return { urns: new Set(related), definite: related.length === 1 };
            return { urns: isUnknown(id) ? all : new Set(), definite: false };
        };
        const covered = new Set<string>();
        const ambiguous: { name: string; urns: Set<string> }[] = [];
        const undecidedEvents = new Map<string, string>();
        const withoutConnect = new Map<string, string>();
        for (const n of index.ofType(T.vpcEndpointConnectionNotification)) {
            const { urns, definite } = targetsOf(n);
            const events = list(n.props["connectionEvents"]);
            if (isUnknown(events) || events.some(isUnknown)) {
                for (const u of urns) undecidedEvents.set(u, n.name);
                continue;
            }
            if (!events.map(String).includes("Connect")) {
                if (definite) for (const u of urns) withoutConnect.set(u, n.name);
                continue;
            }
            if (definite) for (const u of urns) covered.add(u);
            else ambiguous.push({ name: n.name, urns });
        }
        const open: StackNode[] = [];
        for (const service of services) {
            if (covered.has(service.urn)) continue;
            const findings = findingsFor(service.urn);
            const may = ambiguous.filter((a) => a.urns.has(service.urn));
            if (undecidedEvents.has(service.urn)) findings.undecided(`connectionEvents of notification ${undecidedEvents.get(service.urn)} for endpoint service ${service.name}`);
            else if (may.length > 0) {
                open.push(service);
                findings.undecided(`whether notification ${may.map((a) => a.name).join(" or ")} (service unknown during preview, or computed from several services) is for endpoint service ${service.name}`);
            } else if (withoutConnect.has(service.urn)) findings.violation(`endpoint service ${service.name}: notification ${withoutConnect.get(service.urn)} does not include "Connect" events; add "Connect" to connectionEvents.`);
            else findings.violation(`endpoint service ${service.name} has no connection notification; add a VpcEndpointConnectionNotification (vpcEndpointServiceId: the service's id) for Connect/Accept/Reject events.`);
        }
        if (open.length > 0) {
            const matched = maximumMatching(open.map((s) => ambiguous.filter((a) => a.urns.has(s.urn)).map((a) => a.name)));
            if (matched < open.length) {
                report(
                    `${open.length - matched} of the endpoint services ${open.map((s) => s.name).join(", ")} have no connection notification: each notification has one vpcEndpointServiceId, ` +
                        `and those whose service is unknown or computed from several can cover at most ${matched} of them; add a VpcEndpointConnectionNotification for each service.`,
                );
            }
        }
    }),
};
