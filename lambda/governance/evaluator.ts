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
 * It also judges WHO administered an endpoint service (only perimeter.networkAdminRole
 * may), which the SCP cannot enforce in the management account.
 */
import { DescribeVpcEndpointConnectionsCommand, DescribeVpcEndpointServicesCommand, EC2Client } from "@aws-sdk/client-ec2";
import { serviceNameNotFoundCodes } from "../../aws/api-errors";
import { awsServiceOwner, endpointServiceAdministrationActions, serviceScopedNotificationActions } from "../../aws/vpc-endpoint-service-actions";
import { RetryPolicy, describeError, readAllPages, withRetries } from "../shared/retry";
import { classifyCaller, isAwsMadeCall } from "./caller";
import {
    CloudTrailApiCallEvent,
    accountOfPrincipal,
    governedEventNames,
    isCloudTrailApiCallEvent,
    readAcceptConnections,
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
        for (const id of call.vpcEndpointIds) {
            j.add("lookup-failed", id, `not checked who owns the endpoint (DescribeVpcEndpointConnections of ${call.serviceId}): ${describeError(error)}`);
        }
        return;
    }
    for (const endpointId of call.vpcEndpointIds) {
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
    const { serviceId, acceptanceRequired } = readServiceAdministration(event);
    const subject = serviceId ?? "(new service)";
    if (acceptanceRequired === false) j.add("acceptance-not-required", subject, "AcceptanceRequired is false: every allowed principal's connection is accepted without review");
    else if (acceptanceRequired === true) j.add("acceptance-required", subject, "AcceptanceRequired is true");
}

/** True for calls that administer an endpoint service (see aws/vpc-endpoint-service-actions.ts). */
export function isServiceAdministration(event: CloudTrailApiCallEvent): boolean {
    const name = event.detail.eventName;
    if ((endpointServiceAdministrationActions as readonly string[]).includes(name)) return true;
    return (serviceScopedNotificationActions as readonly string[]).includes(name) && readServiceAdministration(event).serviceId !== undefined;
}

function judgeCaller(j: Judgement, event: CloudTrailApiCallEvent, settings: EvaluatorSettings): void {
    const caller = classifyCaller(event.detail.userIdentity, settings.networkAdminRole);
    const what = `${event.detail.eventName}${serviceIdOf(event) ? ` on ${serviceIdOf(event)}` : ""}`;
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
        default:
            j.add("administered-by-other", caller.label, `${what} by ${caller.label}; only the role ${settings.networkAdminRole} may administer endpoint services`);
    }
}

function serviceIdOf(event: CloudTrailApiCallEvent): string | undefined {
    return readServiceAdministration(event).serviceId;
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
        if (isServiceAdministration(event)) judgeCaller(j, event, settings);
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
                // Other administration calls are judged by their caller alone; a connection
                // notification on a consumer's endpoint (no ServiceId) is not administration.
                if (!isServiceAdministration(event)) j.add("not-governed", name, "concerns an endpoint, not an endpoint service");
        }
    } catch (error) {
        j.add("evaluator-error", name, `judging stopped after ${j.findings.length} finding(s); the rest of ${name} was not checked: ${describeError(error)}`);
    }
    return j.findings;
}

/** SNS subject (at most 100 characters) and message for the notifiable findings of one event. */
export function notificationFor(event: unknown, findings: Finding[]): { subject: string; message: string } {
    const ct = isCloudTrailApiCallEvent(event) ? event : undefined;
    const kind =
        findings.some((f) => f.verdict === "violation") ? "VIOLATION" : findings.some((f) => f.verdict === "undecided") ? "COULD NOT DECIDE" : "NEEDS REVIEW";
    const eventName = ct?.detail.eventName ?? findings[0]?.eventName ?? "event";
    const where = ct ? ` in ${ct.account} ${ct.detail.awsRegion ?? ct.region}` : "";
    const subject = `PrivateLink ${kind}: ${eventName}${where}`.slice(0, 100);
    const caller = ct?.detail.userIdentity;
    const lines = [
        ct
            ? `${eventName} by ${caller?.sessionContext?.sessionIssuer?.arn ?? caller?.arn ?? caller?.type ?? "an unrecorded caller"}${caller?.invokedBy ? ` (invoked by ${caller.invokedBy})` : ""}`
            : "An event the evaluator could not read.",
        ct ? `account ${ct.account}, Region ${ct.detail.awsRegion ?? ct.region}, at ${ct.detail.eventTime ?? ct.time ?? "unknown time"} (CloudTrail event ${ct.detail.eventID ?? "?"})` : "",
        "",
        ...findings.map((f) => `- ${f.verdict === "undecided" ? "COULD NOT DECIDE" : f.verdict.toUpperCase()} [${f.rule}] ${f.subject}: ${f.reason}`),
    ];
    if (findings.some((f) => f.verdict === "undecided")) {
        lines.push(
            "",
            "COULD NOT DECIDE means the subjects above were NOT checked. Check them by hand, or replay the event once the cause is fixed",
            "(aws lambda invoke --invocation-type Event --function-name <evaluator> --payload file://event.json; see README, \"Replaying\").",
            "",
            "The event:",
            // SNS messages are limited to 256 KB; CloudTrail records are far smaller.
            JSON.stringify(event).slice(0, 200000),
        );
    }
    return { subject, message: lines.join("\n") };
}
