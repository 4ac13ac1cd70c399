/**
 * The governance evaluator: decides whether a PrivateLink API call seen in an account of
 * the environment breaks the organization's rules, and says why.
 *
 * It fixes the decisions the public governance sample gets wrong:
 *  - a new endpoint is judged by the OWNER OF WHAT IT CONNECTS TO: an endpoint service's
 *    owner as the caller's account sees it (DescribeVpcEndpointServices), or the account in
 *    a Resource/ServiceNetwork endpoint's ARN, not the account that made the call;
 *  - approved third-party services match the allow list EXACTLY;
 *  - organization membership is read from EVERY page of ListAccounts (organization.ts);
 *  - it fails closed: any error while judging becomes an `undecided` finding that names
 *    what was not checked, and the findings already made for the same event are kept.
 *  - a new service's AcceptanceRequired is read from the RESPONSE (what was created; the
 *    request's parameter is optional), and an accept is judged by what was ACCEPTED (the
 *    response's `unsuccessful` endpoints were not).
 * It also judges WHO administered an endpoint service (only perimeter.networkAdminRole
 * may), which the SCP cannot enforce in the management account, connection notifications
 * included: a changed notification is looked up to tell a service's from an endpoint's,
 * and a deleted one, which cannot be, is "could not decide" when someone else deleted it.
 */
import {
    DescribeVpcEndpointConnectionNotificationsCommand,
    DescribeVpcEndpointConnectionsCommand,
    DescribeVpcEndpointServicesCommand,
    EC2Client,
} from "@aws-sdk/client-ec2";
import { serviceNameNotFoundCodes } from "../../aws/api-errors";
import {
    awsServiceOwner,
    connectionNotificationIdFilter,
    connectionNotificationTargets,
    endpointServiceAdministrationActions,
} from "../../aws/vpc-endpoint-service-actions";
import { RetryPolicy, describeError, readAllPages, withRetries } from "../shared/retry";
import { Caller, classifyCaller, isAwsMadeCall } from "./caller";
import {
    CloudTrailApiCallEvent,
    accountOfPrincipal,
    governedEventNames,
    isCloudTrailApiCallEvent,
    readAcceptConnections,
    readConnectionNotification,
    readCreateVpcEndpoint,
    readModifyPermissions,
    readServiceAdministration,
} from "./cloudtrail";
import { Finding, FindingRule, Verdict, findingRules } from "./findings";

export { Finding, Verdict, notifiable } from "./findings";

export interface EvaluatorSettings {
    /** Third-party endpoint service names consumers may connect to; compared exactly. */
    approvedServiceNames: string[];
    /** Third-party accounts trusted as consumers, principals and resource owners. */
    trustedAccounts: string[];
    /** The only role that may administer endpoint services (perimeter.networkAdminRole). */
    networkAdminRole: string;
}

/** Organization membership. Throws when it cannot be determined. */
export interface Membership {
    has(account: string): Promise<boolean>;
}

export interface EvaluatorClients {
    membership: Membership;
    /** An EC2 client that reads in `account` and `region` (the account's inspector role). */
    ec2(account: string, region: string): EC2Client;
    retry: RetryPolicy;
}

/** Exact, case-sensitive membership: endpoint service names are lower-case by construction. */
export function isApprovedServiceName(serviceName: string, approved: readonly string[]): boolean {
    return approved.some((name) => name === serviceName);
}

/** Collects the findings of one event; whatever was added stays, whatever fails later. */
class Judgement {
    readonly findings: Finding[] = [];
    constructor(private readonly event: CloudTrailApiCallEvent) {}

    add(rule: FindingRule, subject: string, reason: string): void {
        const verdict: Verdict = findingRules[rule].verdict;
        this.findings.push({
            verdict,
            rule,
            eventName: this.event.detail.eventName,
            account: this.event.account,
            region: this.event.detail.awsRegion ?? this.event.region,
            subject,
            reason,
        });
    }
}

/**
 * Judges one account as an owner, consumer or principal: trusted third party, organization
 * member, or outside. Adds `outsideRule` when outside, `organization-unavailable` when the
 * organization cannot be read.
 */
async function judgeAccount(j: Judgement, clients: EvaluatorClients, settings: EvaluatorSettings, account: string, subject: string, role: string, outsideRule: FindingRule, outside: string): Promise<void> {
    if (settings.trustedAccounts.includes(account)) {
        j.add("trusted-account", subject, `${role} ${account} is a trusted account`);
        return;
    }
    let member: boolean;
    try {
        member = await clients.membership.has(account);
    } catch (error) {
        j.add("organization-unavailable", subject, `not checked whether ${role} ${account} is in the organization: ${describeError(error)}`);
        return;
    }
    if (member) j.add("organization-owned", subject, `${role} ${account} is an organization account`);
    else j.add(outsideRule, subject, outside);
}

/** Owner of an endpoint service as its consumer sees it: `amazon` for AWS services, else an account id. */
async function serviceOwner(ec2: EC2Client, serviceName: string, retry: RetryPolicy): Promise<string | undefined> {
    try {
        const out = await withRetries(() => ec2.send(new DescribeVpcEndpointServicesCommand({ ServiceNames: [serviceName] })), retry);
        return out.ServiceDetails?.find((d) => d.ServiceName === serviceName)?.Owner;
    } catch (error) {
        // EC2 answers a name the account cannot see with an error rather than an empty list.
        if (serviceNameNotFoundCodes.includes((error as { name?: string })?.name ?? "")) return undefined;
        throw error;
    }
}

async function judgeCreateVpcEndpoint(j: Judgement, event: CloudTrailApiCallEvent, settings: EvaluatorSettings, clients: EvaluatorClients): Promise<void> {
    const call = readCreateVpcEndpoint(event);
    const awsMade = isAwsMadeCall(event.detail.userIdentity);
    if (call.requesterManaged || awsMade) {
        const by = event.detail.userIdentity?.invokedBy ?? (awsMade ? "an AWS service" : "its service");
        j.add("aws-managed-endpoint", call.vpcEndpointId ?? call.serviceName ?? call.targetArn ?? "(endpoint)", `managed by ${by} for the account${call.requesterManaged ? " (requesterManaged)" : ""}`);
        return;
    }
    if (call.serviceName === undefined && call.targetArn === undefined) {
        j.add("event-incomplete", call.vpcEndpointId ?? "(endpoint)", `the ${call.endpointType} endpoint's service name or ARN is not in the event: what it connects to was not checked`);
        return;
    }
    if (call.targetArn !== undefined) {
        // Resource and ServiceNetwork endpoints: the owner is the account in the ARN.
        if (call.targetOwner === undefined) {
            j.add("event-incomplete", call.targetArn, `${call.targetArn} is not a VPC Lattice resource configuration or service network ARN: its owner was not checked`);
            return;
        }
        await judgeAccount(j, clients, settings, call.targetOwner, call.targetArn, "owner", "untrusted-resource", `${call.endpointType} endpoint to ${call.targetArn}, owned by ${call.targetOwner}, outside the organization and not trusted`);
        return;
    }
    const subject = call.serviceName!;
    if (isApprovedServiceName(subject, settings.approvedServiceNames)) {
        j.add("approved-service", subject, "approved endpoint service (exact match)");
        return;
    }
    let owner: string | undefined;
    try {
        owner = await serviceOwner(clients.ec2(event.account, call.serviceRegion), subject, clients.retry);
    } catch (error) {
        j.add("lookup-failed", subject, `not checked who owns the service (DescribeVpcEndpointServices in ${event.account}, ${call.serviceRegion}): ${describeError(error)}`);
        return;
    }
    if (owner === undefined) {
        j.add("service-not-visible", subject, `the service is not visible from account ${event.account} in ${call.serviceRegion}`);
        return;
    }
    if (owner === awsServiceOwner) {
        j.add("aws-service", subject, "AWS service");
        return;
    }
    let member: boolean;
    try {
        member = await clients.membership.has(owner);
    } catch (error) {
        j.add("organization-unavailable", subject, `not checked whether owner ${owner} is in the organization: ${describeError(error)}`);
        return;
    }
    if (member) j.add("organization-owned", subject, `owned by organization account ${owner}`);
    else j.add("untrusted-service", subject, `endpoint to a service owned by ${owner}, outside the organization and not an approved endpoint service`);
}

async function judgeAcceptConnections(j: Judgement, event: CloudTrailApiCallEvent, settings: EvaluatorSettings, clients: EvaluatorClients): Promise<void> {
    const call = readAcceptConnections(event);
    if (!call.serviceId) {
        j.add("event-incomplete", "(no service id)", "the event carries no ServiceId: the accepted connections were not checked");
        return;
    }
    if (call.vpcEndpointIds.length === 0) {
        j.add("event-incomplete", call.serviceId, "the event names no VpcEndpointId: the accepted connections were not checked");
        return;
    }
    // Only what was accepted: an endpoint in the response's `unsuccessful` list was not.
    for (const item of call.unsuccessful) {
        j.add("failed-call", item.resourceId, `not accepted${item.error ? ` (${item.error})` : ""}: no connection to ${call.serviceId} was made`);
    }
    if (call.accepted.length === 0) return;
    // The caller owns the service; the consumers are the endpoints' owners.
    const owners = new Map<string, string | undefined>();
    try {
        const ec2 = clients.ec2(event.account, event.detail.awsRegion ?? event.region);
        const connections = await readAllPages(
            (NextToken) => ec2.send(new DescribeVpcEndpointConnectionsCommand({ Filters: [{ Name: "service-id", Values: [call.serviceId!] }], NextToken })),
            (page) => page.VpcEndpointConnections,
            (page) => page.NextToken,
            clients.retry,
        );
        for (const c of connections) if (c.VpcEndpointId) owners.set(c.VpcEndpointId, c.VpcEndpointOwner);
    } catch (error) {
        for (const id of call.accepted) {
            j.add("lookup-failed", id, `not checked who owns the endpoint (DescribeVpcEndpointConnections of ${call.serviceId}): ${describeError(error)}`);
        }
        return;
    }
    for (const endpointId of call.accepted) {
        const consumer = owners.get(endpointId);
        if (consumer === undefined) {
            j.add("connection-not-found", endpointId, `no connection to ${call.serviceId} found for this endpoint`);
            continue;
        }
        await judgeAccount(j, clients, settings, consumer, endpointId, "consumer", "connection-outside-organization", `accepted a connection to ${call.serviceId} from ${consumer}, outside the organization`);
    }
}

async function judgeModifyPermissions(j: Judgement, event: CloudTrailApiCallEvent, settings: EvaluatorSettings, clients: EvaluatorClients): Promise<void> {
    const call = readModifyPermissions(event);
    if (!call.serviceId) {
        j.add("event-incomplete", "(no service id)", "the event carries no ServiceId: the added principals were not checked");
        return;
    }
    // "*" first: it needs no lookup, so a failing lookup can never hide it.
    const principals = [...call.addedPrincipals].sort((a, b) => Number(b === "*") - Number(a === "*"));
    for (const principal of principals) {
        if (principal === "*") {
            j.add("permissions-everyone", principal, `${call.serviceId} now admits every AWS account ("*")`);
            continue;
        }
        const account = accountOfPrincipal(principal);
        if (account === undefined) {
            j.add("principal-not-account", principal, `${call.serviceId}: principal is not an IAM ARN`);
            continue;
        }
        await judgeAccount(j, clients, settings, account, principal, "principal's account", "permissions-outside-organization", `${call.serviceId} now admits ${account}, outside the organization`);
    }
}

function judgeServiceConfiguration(j: Judgement, event: CloudTrailApiCallEvent): void {
    const { serviceId, acceptanceRequired, acceptanceFrom } = readServiceAdministration(event);
    const subject = serviceId ?? "(new service)";
    const from = acceptanceFrom === "response" ? "the service was created with" : "the call sets";
    if (acceptanceRequired === false) j.add("acceptance-not-required", subject, `AcceptanceRequired is false (${from} it): every allowed principal's connection is accepted without review`);
    else if (acceptanceRequired === true) j.add("acceptance-required", subject, `AcceptanceRequired is true (${from} it)`);
    else if (event.detail.eventName === "CreateVpcEndpointServiceConfiguration") {
        // The parameter is optional and AWS documents no default: never read silence as "required".
        j.add("event-incomplete", subject, "neither the request nor the response records AcceptanceRequired (AWS documents no default): whether the new service accepts connections without review was not checked");
    }
    // ModifyVpcEndpointServiceConfiguration without the parameter leaves the setting as it was.
}

/** "<call> on <service ids>" for alert lines. */
function describeCall(event: CloudTrailApiCallEvent, serviceIds: string[]): string {
    return `${event.detail.eventName}${serviceIds.length > 0 ? ` on ${serviceIds.join(", ")}` : ""}`;
}

/** Adds the finding about who administered an endpoint service (`what` names the call and its subject). */
function judgeCallerAs(j: Judgement, caller: Caller, what: string, settings: EvaluatorSettings): void {
    switch (caller.kind) {
        case "network-admin":
            j.add("network-admin", caller.label, `${what} by the network admin role`);
            break;
        case "aws-service":
            j.add("administered-by-aws", caller.label, `${what} by ${caller.label}, not by ${settings.networkAdminRole}`);
            break;
        case "unknown":
            j.add("event-incomplete", caller.label, `${what}: the caller was not recorded, so it was not checked against ${settings.networkAdminRole}`);
            break;
        default: {
            const path = caller.kind === "other-role" && caller.roleName === settings.networkAdminRole && caller.rolePath
                ? ` (a role named ${settings.networkAdminRole} under the path /${caller.rolePath} is not it: perimeter.networkAdminRole must have no path, as the SCP and the program's provider name it arn:...:role/${settings.networkAdminRole})`
                : "";
            j.add("administered-by-other", caller.label, `${what} by ${caller.label}; only the role ${settings.networkAdminRole} may administer endpoint services${path}`);
        }
    }
}

function judgeCaller(j: Judgement, event: CloudTrailApiCallEvent, settings: EvaluatorSettings): void {
    judgeCallerAs(j, classifyCaller(event.detail.userIdentity, settings.networkAdminRole), describeCall(event, readServiceAdministration(event).serviceIds), settings);
}

type NotificationOwner = { kind: "service"; serviceId: string } | { kind: "endpoint"; vpcEndpointId: string } | { kind: "unknown"; why: string } | { kind: "lookup-failed"; why: string };

/** What a notification still in place belongs to, read in the caller's account and Region. */
async function lookUpNotification(event: CloudTrailApiCallEvent, id: string, clients: EvaluatorClients): Promise<NotificationOwner> {
    const region = event.detail.awsRegion ?? event.region;
    try {
        const ec2 = clients.ec2(event.account, region);
        const found = await readAllPages(
            (NextToken) => ec2.send(new DescribeVpcEndpointConnectionNotificationsCommand({ Filters: [{ Name: connectionNotificationIdFilter, Values: [id] }], NextToken })),
            (page) => page.ConnectionNotificationSet,
            (page) => page.NextToken,
            clients.retry,
        );
        const notification = found.find((n) => n.ConnectionNotificationId === id);
        if (notification?.ServiceId) return { kind: "service", serviceId: notification.ServiceId };
        if (notification?.VpcEndpointId) return { kind: "endpoint", vpcEndpointId: notification.VpcEndpointId };
        return { kind: "unknown", why: `${id} is no longer in account ${event.account} in ${region} (deleted since), so whose it was is unknown` };
    } catch (error) {
        return { kind: "lookup-failed", why: `not checked whose notification ${id} is (DescribeVpcEndpointConnectionNotifications in ${event.account}, ${region}): ${describeError(error)}` };
    }
}

/**
 * Connection-notification calls are endpoint-service administration when the notification
 * is a service's, and a consumer's own business when it is an endpoint's. The network admin
 * role may do either. For anyone else, what the notification belongs to is read from the
 * request (Create), looked up (Modify), or cannot be known (Delete: CloudTrail records only
 * the id and the notification is gone): then the alert says so rather than stay silent.
 * The findings name the caller as their subject (the question is whether it may do this),
 * whatever the lookup found or failed to find.
 */
async function judgeConnectionNotification(j: Judgement, event: CloudTrailApiCallEvent, settings: EvaluatorSettings, clients: EvaluatorClients): Promise<void> {
    const name = event.detail.eventName as keyof typeof connectionNotificationTargets;
    const call = readConnectionNotification(event);
    const caller = classifyCaller(event.detail.userIdentity, settings.networkAdminRole);
    for (const item of call.unsuccessful) j.add("failed-call", item.resourceId, `not deleted${item.error ? ` (${item.error})` : ""}: nothing changed`);
    const ids = call.notificationIds;
    const named = ids.length > 0 ? ` (${ids.join(", ")})` : "";
    if (caller.kind === "network-admin") {
        judgeCallerAs(j, caller, `${name}${named}${call.serviceId ? ` on ${call.serviceId}` : ""}`, settings);
        return;
    }
    const target = connectionNotificationTargets[name];
    const owners: { id: string; owner: NotificationOwner }[] = [];
    if (target === "request") {
        const id = ids[0] ?? "(new notification)";
        if (call.serviceId) owners.push({ id, owner: { kind: "service", serviceId: call.serviceId } });
        else if (call.vpcEndpointId) owners.push({ id, owner: { kind: "endpoint", vpcEndpointId: call.vpcEndpointId } });
        else owners.push({ id, owner: { kind: "unknown", why: "the event names neither the ServiceId nor the VpcEndpointId it is for" } });
    } else if (ids.length === 0) {
        // Everything requested failed (nothing changed), or the event names no notification.
        if (call.unsuccessful.length === 0) judgeUnknownNotification(j, caller, name, "the event names no ConnectionNotificationId", settings);
        return;
    } else if (target === "lookup") {
        for (const id of ids) owners.push({ id, owner: await lookUpNotification(event, id, clients) });
    } else {
        judgeUnknownNotification(j, caller, `${name}${named}`, "CloudTrail records only the notification id, and a deleted notification cannot be looked up", settings);
        return;
    }
    for (const { id, owner } of owners) {
        switch (owner.kind) {
            case "service":
                judgeCallerAs(j, caller, `${name} (${id}) on ${owner.serviceId}`, settings);
                break;
            case "endpoint":
                j.add("not-governed", caller.label, `${name} (${id}) by ${caller.label}: a notification on the endpoint ${owner.vpcEndpointId}, not on an endpoint service`);
                break;
            case "lookup-failed":
                if (caller.kind === "unknown") judgeCallerAs(j, caller, `${name} (${id})`, settings);
                else j.add("lookup-failed", caller.label, `${name} by ${caller.label}, not ${settings.networkAdminRole}: ${owner.why}; if it is an endpoint service's, only ${settings.networkAdminRole} may change it`);
                break;
            default:
                judgeUnknownNotification(j, caller, `${name} (${id})`, owner.why, settings);
        }
    }
}

/** A notification call whose notification may have been a service's: the caller, and why it is undecided. */
function judgeUnknownNotification(j: Judgement, caller: Caller, what: string, why: string, settings: EvaluatorSettings): void {
    if (caller.kind === "unknown") {
        judgeCallerAs(j, caller, what, settings);
        return;
    }
    j.add("notification-target-unknown", caller.label, `${what} by ${caller.label}, not ${settings.networkAdminRole}: ${why}; if it was an endpoint service's, that service no longer notifies its owner as it did`);
}

/**
 * Judges one event. Never throws: whatever fails while judging is an `undecided` finding
 * naming what was not checked, added after the findings already made.
 */
export async function evaluateEvent(input: unknown, settings: EvaluatorSettings, clients: EvaluatorClients): Promise<Finding[]> {
    if (!isCloudTrailApiCallEvent(input)) {
        return [
            {
                verdict: "undecided",
                rule: "event-incomplete",
                eventName: "(unknown)",
                account: "(unknown)",
                region: "(unknown)",
                subject: "(event)",
                reason: "the event is not an EventBridge \"AWS API Call via CloudTrail\" record (no detail.eventName, account or region): nothing was checked",
            },
        ];
    }
    const event = input;
    const j = new Judgement(event);
    const name = event.detail.eventName;
    try {
        if (event.detail.errorCode) {
            j.add("failed-call", name, `the call failed (${event.detail.errorCode}): nothing changed`);
            return j.findings;
        }
        if (!governedEventNames.includes(name)) {
            j.add("not-governed", name, "not a governed PrivateLink call");
            return j.findings;
        }
        if ((endpointServiceAdministrationActions as readonly string[]).includes(name)) judgeCaller(j, event, settings);
        switch (name) {
            case "CreateVpcEndpoint":
                await judgeCreateVpcEndpoint(j, event, settings, clients);
                break;
            case "AcceptVpcEndpointConnections":
                await judgeAcceptConnections(j, event, settings, clients);
                break;
            case "ModifyVpcEndpointServicePermissions":
                await judgeModifyPermissions(j, event, settings, clients);
                break;
            case "CreateVpcEndpointServiceConfiguration":
            case "ModifyVpcEndpointServiceConfiguration":
                judgeServiceConfiguration(j, event);
                break;
            default:
                if (Object.prototype.hasOwnProperty.call(connectionNotificationTargets, name)) await judgeConnectionNotification(j, event, settings, clients);
            // Other administration calls are judged by their caller alone.
        }
    } catch (error) {
        j.add("evaluator-error", name, `judging stopped after ${j.findings.length} finding(s); the rest of ${name} was not checked: ${describeError(error)}`);
    }
    return j.findings;
}
