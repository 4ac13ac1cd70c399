/**
 * AWS Config custom rule: every VPC endpoint service the account owns must require
 * acceptance, have an enabled connection notification, and not admit every account.
 *
 * Why a Config rule: there is no IAM condition key for AcceptanceRequired, and with
 * auto-accept CloudTrail records no AcceptVpcEndpointConnections at all, so the event
 * evaluator never sees those connections. A notification removed after deploy is
 * invisible to preventive controls too. Only an after-the-fact evaluation covers both.
 *
 * DescribeVpcEndpointServiceConfigurations lists exactly the services the caller owns,
 * every page of it; the rule evaluates all of them on every run, whatever triggered it.
 */
import { ConfigServiceClient, Evaluation, PutEvaluationsCommand } from "@aws-sdk/client-config-service";
import {
    EC2Client,
    paginateDescribeVpcEndpointConnectionNotifications,
    paginateDescribeVpcEndpointServiceConfigurations,
    paginateDescribeVpcEndpointServicePermissions,
} from "@aws-sdk/client-ec2";

export const resourceType = "AWS::EC2::VPCEndpointService";

/** The notification events that make a connection visible: a request arriving and its acceptance. */
export const requiredNotificationEvents = ["Connect", "Accept"];

export interface ServiceFacts {
    serviceId: string;
    acceptanceRequired: boolean;
    /** Connection events of the service's enabled notifications, merged. */
    notificationEvents: string[];
    allowedPrincipals: string[];
}

export interface ServiceVerdict {
    serviceId: string;
    compliant: boolean;
    /** Config annotations are limited to 256 characters. */
    annotation: string;
}

/** Pure decision for one service. */
export function judgeService(facts: ServiceFacts): ServiceVerdict {
    const problems: string[] = [];
    if (!facts.acceptanceRequired) problems.push("acceptance is not required (connections are auto-accepted)");
    const missing = requiredNotificationEvents.filter((e) => !facts.notificationEvents.includes(e));
    if (facts.notificationEvents.length === 0) problems.push("no enabled connection notification");
    else if (missing.length > 0) problems.push(`connection notification misses ${missing.join(", ")} events`);
    if (facts.allowedPrincipals.includes("*")) problems.push('allowed principals include "*"');
    const annotation = problems.length === 0 ? "acceptance required and connection notification enabled" : problems.join("; ");
    return { serviceId: facts.serviceId, compliant: problems.length === 0, annotation: annotation.slice(0, 256) };
}

/** Reads the facts of every endpoint service the account owns in the client's Region. */
export async function collectServiceFacts(ec2: EC2Client): Promise<ServiceFacts[]> {
    const services: { serviceId: string; acceptanceRequired: boolean }[] = [];
    for await (const page of paginateDescribeVpcEndpointServiceConfigurations({ client: ec2 }, {})) {
        for (const s of page.ServiceConfigurations ?? []) {
            if (s.ServiceId) services.push({ serviceId: s.ServiceId, acceptanceRequired: s.AcceptanceRequired === true });
        }
    }
    const events = new Map<string, Set<string>>();
    for await (const page of paginateDescribeVpcEndpointConnectionNotifications({ client: ec2 }, {})) {
        for (const n of page.ConnectionNotificationSet ?? []) {
            if (!n.ServiceId || n.ConnectionNotificationState !== "Enabled") continue;
            const set = events.get(n.ServiceId) ?? new Set<string>();
            for (const e of n.ConnectionEvents ?? []) set.add(e);
            events.set(n.ServiceId, set);
        }
    }
    const facts: ServiceFacts[] = [];
    for (const s of services) {
        const principals: string[] = [];
        for await (const page of paginateDescribeVpcEndpointServicePermissions({ client: ec2 }, { ServiceId: s.serviceId })) {
            for (const p of page.AllowedPrincipals ?? []) if (p.Principal) principals.push(p.Principal);
        }
        facts.push({ ...s, notificationEvents: [...(events.get(s.serviceId) ?? [])].sort(), allowedPrincipals: principals });
    }
    return facts;
}

/** The Config rule invocation event (only the fields the rule reads). */
export interface ConfigRuleEvent {
    invokingEvent: string;
    resultToken: string;
    accountId?: string;
}

/** Evaluates every owned service and reports to AWS Config (PutEvaluations takes at most 100 per call). */
export async function evaluateAndReport(event: ConfigRuleEvent, ec2: EC2Client, config: ConfigServiceClient): Promise<ServiceVerdict[]> {
    const invoking = JSON.parse(event.invokingEvent) as { notificationCreationTime?: string; configurationItem?: { configurationItemCaptureTime?: string } };
    const stamp = invoking.notificationCreationTime ?? invoking.configurationItem?.configurationItemCaptureTime;
    const ordering = stamp ? new Date(stamp) : new Date();
    const verdicts = (await collectServiceFacts(ec2)).map(judgeService);
    const evaluations: Evaluation[] = verdicts.map((v) => ({
        ComplianceResourceType: resourceType,
        ComplianceResourceId: v.serviceId,
        ComplianceType: v.compliant ? "COMPLIANT" : "NON_COMPLIANT",
        Annotation: v.annotation,
        OrderingTimestamp: ordering,
    }));
    for (let i = 0; i < evaluations.length; i += 100) {
        await config.send(new PutEvaluationsCommand({ ResultToken: event.resultToken, Evaluations: evaluations.slice(i, i + 100) }));
    }
    return verdicts;
}
