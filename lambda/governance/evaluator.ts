/**
 * The governance evaluator: decides whether a PrivateLink API call seen in a member
 * account breaks the organization's rules, and says why.
 *
 * It fixes the three decisions the public governance sample gets wrong:
 *  - a new endpoint is judged by the OWNER OF THE SERVICE it connects to (looked up with
 *    DescribeVpcEndpointServices in the caller's account, which can see the service), not
 *    by the account that made the call — every caller here is in the organization;
 *  - approved third-party services match the allow list EXACTLY (a substring test lets
 *    `vpce-svc-0a1b` approve `vpce-svc-0a1b2c3d...` and any name containing an approved one);
 *  - organization membership is read from EVERY page of ListAccounts.
 * When the owner cannot be determined it reports that too (fail closed): silence would
 * read as "allowed".
 */
import { DescribeVpcEndpointServicesCommand, EC2Client, paginateDescribeVpcEndpointConnections } from "@aws-sdk/client-ec2";
import { OrganizationsClient } from "@aws-sdk/client-organizations";
import {
    CloudTrailApiCallEvent,
    accountOfPrincipal,
    readAcceptConnections,
    readCreateVpcEndpoint,
    readModifyPermissions,
} from "./cloudtrail";
import { organizationAccountIds } from "./organization";

export interface EvaluatorSettings {
    /** Third-party endpoint service names consumers may connect to; compared exactly. */
    approvedServiceNames: string[];
    /** Third-party accounts trusted as consumers of (and principals on) our services. */
    trustedAccounts: string[];
}

export interface EvaluatorClients {
    organizations: OrganizationsClient;
    /** An EC2 client that reads in `account` and `region` (the account's inspector role). */
    ec2(account: string, region: string): EC2Client;
}

export type Verdict = "allowed" | "violation" | "undetermined" | "ignored";

export interface Finding {
    verdict: Verdict;
    eventName: string;
    /** Account the call was made in. */
    account: string;
    region: string;
    /** What was judged: a service name, an endpoint id or a principal. */
    subject: string;
    reason: string;
}

/** A lazily loaded, per-invocation view of the organization's accounts. */
class Membership {
    private ids?: Promise<Set<string>>;
    constructor(private readonly client: OrganizationsClient) {}
    async has(account: string): Promise<boolean> {
        this.ids ??= organizationAccountIds(this.client);
        return (await this.ids).has(account);
    }
}

/** Exact, case-sensitive membership: endpoint service names are lower-case by construction. */
export function isApprovedServiceName(serviceName: string, approved: readonly string[]): boolean {
    return approved.some((name) => name === serviceName);
}

/** Owner of an endpoint service as its consumer sees it: `amazon` for AWS services, else an account id. */
async function serviceOwner(ec2: EC2Client, serviceName: string): Promise<string | undefined> {
    const out = await ec2.send(new DescribeVpcEndpointServicesCommand({ ServiceNames: [serviceName] }));
    return out.ServiceDetails?.find((d) => d.ServiceName === serviceName)?.Owner;
}

async function judgeCreateVpcEndpoint(event: CloudTrailApiCallEvent, settings: EvaluatorSettings, clients: EvaluatorClients, org: Membership): Promise<Finding[]> {
    const base = { eventName: event.detail.eventName, account: event.account, region: event.region };
    const call = readCreateVpcEndpoint(event);
    if (!call) return [{ ...base, verdict: "undetermined", subject: "(no service name)", reason: "the event carries no ServiceName" }];
    const subject = call.serviceName;
    if (isApprovedServiceName(call.serviceName, settings.approvedServiceNames)) {
        return [{ ...base, verdict: "allowed", subject, reason: "approved endpoint service (exact match)" }];
    }
    let owner: string | undefined;
    try {
        owner = await serviceOwner(clients.ec2(event.account, call.serviceRegion), call.serviceName);
    } catch (error) {
        return [{ ...base, verdict: "undetermined", subject, reason: `could not look up the service's owner: ${(error as Error).message}` }];
    }
    if (owner === undefined) {
        return [{ ...base, verdict: "undetermined", subject, reason: `the service is not visible from account ${event.account} in ${call.serviceRegion}` }];
    }
    if (owner === "amazon") return [{ ...base, verdict: "allowed", subject, reason: "AWS service" }];
    if (await org.has(owner)) return [{ ...base, verdict: "allowed", subject, reason: `owned by organization account ${owner}` }];
    return [
        {
            ...base,
            verdict: "violation",
            subject,
            reason: `endpoint to a service owned by ${owner}, outside the organization and not an approved endpoint service`,
        },
    ];
}

async function judgeAcceptConnections(event: CloudTrailApiCallEvent, settings: EvaluatorSettings, clients: EvaluatorClients, org: Membership): Promise<Finding[]> {
    const base = { eventName: event.detail.eventName, account: event.account, region: event.region };
    const call = readAcceptConnections(event);
    if (!call) return [{ ...base, verdict: "undetermined", subject: "(no service id)", reason: "the event carries no ServiceId" }];
    // The caller owns the service; the consumers are the endpoints' owners.
    const owners = new Map<string, string | undefined>();
    try {
        const ec2 = clients.ec2(event.account, event.region);
        const pages = paginateDescribeVpcEndpointConnections({ client: ec2 }, { Filters: [{ Name: "service-id", Values: [call.serviceId] }] });
        for await (const page of pages) {
            for (const c of page.VpcEndpointConnections ?? []) if (c.VpcEndpointId) owners.set(c.VpcEndpointId, c.VpcEndpointOwner);
        }
    } catch (error) {
        return call.vpcEndpointIds.map((id) => ({ ...base, verdict: "undetermined" as const, subject: id, reason: `could not read the connections of ${call.serviceId}: ${(error as Error).message}` }));
    }
    const findings: Finding[] = [];
    for (const endpointId of call.vpcEndpointIds) {
        const consumer = owners.get(endpointId);
        if (consumer === undefined) {
            findings.push({ ...base, verdict: "undetermined", subject: endpointId, reason: `no connection to ${call.serviceId} found for this endpoint` });
        } else if (await org.has(consumer)) {
            findings.push({ ...base, verdict: "allowed", subject: endpointId, reason: `consumer ${consumer} is an organization account` });
        } else if (settings.trustedAccounts.includes(consumer)) {
            findings.push({ ...base, verdict: "allowed", subject: endpointId, reason: `consumer ${consumer} is a trusted account` });
        } else {
            findings.push({ ...base, verdict: "violation", subject: endpointId, reason: `accepted a connection to ${call.serviceId} from ${consumer}, outside the organization` });
        }
    }
    return findings;
}

async function judgeModifyPermissions(event: CloudTrailApiCallEvent, settings: EvaluatorSettings, org: Membership): Promise<Finding[]> {
    const base = { eventName: event.detail.eventName, account: event.account, region: event.region };
    const call = readModifyPermissions(event);
    if (!call) return [{ ...base, verdict: "undetermined", subject: "(no service id)", reason: "the event carries no ServiceId" }];
    const findings: Finding[] = [];
    for (const principal of call.addedPrincipals) {
        const account = accountOfPrincipal(principal);
        if (principal === "*") {
            findings.push({ ...base, verdict: "violation", subject: principal, reason: `${call.serviceId} now admits every AWS account ("*")` });
        } else if (account === undefined) {
            findings.push({ ...base, verdict: "undetermined", subject: principal, reason: `${call.serviceId}: principal is not an IAM ARN` });
        } else if (await org.has(account)) {
            findings.push({ ...base, verdict: "allowed", subject: principal, reason: `organization account ${account}` });
        } else if (settings.trustedAccounts.includes(account)) {
            findings.push({ ...base, verdict: "allowed", subject: principal, reason: `trusted account ${account}` });
        } else {
            findings.push({ ...base, verdict: "violation", subject: principal, reason: `${call.serviceId} now admits ${account}, outside the organization` });
        }
    }
    return findings;
}

/** Judges one event. Failed calls (errorCode set) changed nothing and are ignored. */
export async function evaluateEvent(event: CloudTrailApiCallEvent, settings: EvaluatorSettings, clients: EvaluatorClients): Promise<Finding[]> {
    const detail = event.detail;
    const base = { eventName: detail.eventName, account: event.account, region: event.region };
    if (detail.errorCode) {
        return [{ ...base, verdict: "ignored", subject: detail.eventName, reason: `the call failed (${detail.errorCode}): nothing changed` }];
    }
    const org = new Membership(clients.organizations);
    switch (detail.eventName) {
        case "CreateVpcEndpoint":
            return judgeCreateVpcEndpoint(event, settings, clients, org);
        case "AcceptVpcEndpointConnections":
            return judgeAcceptConnections(event, settings, clients, org);
        case "ModifyVpcEndpointServicePermissions":
            return judgeModifyPermissions(event, settings, org);
        default:
            return [{ ...base, verdict: "ignored", subject: detail.eventName, reason: "not a governed PrivateLink call" }];
    }
}

/** The findings worth a notification: violations, and calls the evaluator could not judge. */
export function notifiable(findings: Finding[]): Finding[] {
    return findings.filter((f) => f.verdict === "violation" || f.verdict === "undetermined");
}

/** SNS subject (at most 100 characters) and message for the notifiable findings of one event. */
export function notificationFor(event: CloudTrailApiCallEvent, findings: Finding[]): { subject: string; message: string } {
    const violations = findings.filter((f) => f.verdict === "violation").length;
    const kind = violations > 0 ? "violation" : "needs review";
    const subject = `PrivateLink ${kind}: ${event.detail.eventName} in ${event.account}`.slice(0, 100);
    const lines = [
        `${event.detail.eventName} by ${event.detail.userIdentity?.arn ?? "unknown principal"}`,
        `account ${event.account}, Region ${event.region}, at ${event.detail.eventTime ?? event.time ?? "unknown time"} (CloudTrail event ${event.detail.eventID ?? "?"})`,
        "",
        ...findings.map((f) => `- ${f.verdict.toUpperCase()} ${f.subject}: ${f.reason}`),
    ];
    return { subject, message: lines.join("\n") };
}
