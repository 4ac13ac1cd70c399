/**
 * AWS Config custom rule: every VPC endpoint service the account owns must require
 * acceptance, have an enabled connection notification (Connect and Accept), and not admit
 * every account.
 *
 * Why a Config rule: there is no IAM condition key for AcceptanceRequired, and with
 * auto-accept CloudTrail records no AcceptVpcEndpointConnections at all, so the event
 * evaluator never sees those connections. A notification removed after deploy is
 * invisible to preventive controls too. Only an after-the-fact evaluation covers both.
 *
 * Triggers (aws/config-rule-events.ts):
 *  - a configuration change of one endpoint service, normal or oversized (the oversized
 *    item is read back with GetResourceConfigHistory): that service is evaluated from its
 *    live state; a deleted or unrecorded service, a resource of another type and a
 *    resource that left the rule's scope are NOT_APPLICABLE;
 *  - the daily schedule: every service the account owns (every page), and NOT_APPLICABLE
 *    for services the rule evaluated before that no longer exist.
 * Fails closed: what cannot be read after retries is reported NON_COMPLIANT with an
 * annotation starting "COULD NOT DECIDE", and the function then fails, so Lambda retries
 * it and finally sends it to its on-failure destination (the alarm path).
 */
import {
    ComplianceType,
    ConfigServiceClient,
    Evaluation,
    GetComplianceDetailsByConfigRuleCommand,
    GetResourceConfigHistoryCommand,
    PutEvaluationsCommand,
} from "@aws-sdk/client-config-service";
import {
    DescribeVpcEndpointConnectionNotificationsCommand,
    DescribeVpcEndpointServiceConfigurationsCommand,
    DescribeVpcEndpointServicePermissionsCommand,
    EC2Client,
} from "@aws-sdk/client-ec2";
import { endpointServiceNotFoundCodes } from "../../aws/api-errors";
import {
    accountResourceType,
    applicableStatuses,
    endpointServiceResourceType,
    maxAnnotationLength,
    maxEvaluationsPerCall,
    messageTypes,
} from "../../aws/config-rule-events";
import { RetryPolicy, describeError, readAllPages, withRetries } from "../shared/retry";

export const resourceType = endpointServiceResourceType;

/** The notification events that make a connection visible: a request arriving and its acceptance. */
export const requiredNotificationEvents = ["Connect", "Accept"];

/** Annotation prefix of an evaluation the rule could not make. */
export const couldNotDecide = "COULD NOT DECIDE";

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
    return { serviceId: facts.serviceId, compliant: problems.length === 0, annotation: annotation.slice(0, maxAnnotationLength) };
}

export interface RuleClients {
    ec2: EC2Client;
    config: ConfigServiceClient;
    retry: RetryPolicy;
}

function notificationEventsByService(notifications: { ServiceId?: string; ConnectionNotificationState?: string; ConnectionEvents?: string[] }[]): Map<string, Set<string>> {
    const events = new Map<string, Set<string>>();
    for (const n of notifications) {
        if (!n.ServiceId || n.ConnectionNotificationState !== "Enabled") continue;
        const set = events.get(n.ServiceId) ?? new Set<string>();
        for (const e of n.ConnectionEvents ?? []) set.add(e);
        events.set(n.ServiceId, set);
    }
    return events;
}

async function allowedPrincipals(clients: RuleClients, serviceId: string): Promise<string[]> {
    const principals = await readAllPages(
        (NextToken) => clients.ec2.send(new DescribeVpcEndpointServicePermissionsCommand({ ServiceId: serviceId, NextToken })),
        (page) => page.AllowedPrincipals,
        (page) => page.NextToken,
        clients.retry,
    );
    return principals.map((p) => p.Principal).filter((p): p is string => typeof p === "string");
}

/** Every endpoint service the account owns in the client's Region, each page read with retries. */
export async function listOwnedServices(clients: RuleClients, serviceIds?: string[]): Promise<{ serviceId: string; acceptanceRequired: boolean }[]> {
    const configurations = await readAllPages(
        (NextToken) => clients.ec2.send(new DescribeVpcEndpointServiceConfigurationsCommand({ ServiceIds: serviceIds, NextToken })),
        (page) => page.ServiceConfigurations,
        (page) => page.NextToken,
        clients.retry,
    );
    return configurations
        .filter((s): s is typeof s & { ServiceId: string } => typeof s.ServiceId === "string")
        .map((s) => ({ serviceId: s.ServiceId, acceptanceRequired: s.AcceptanceRequired === true }));
}

/** The facts of the given services; a service whose facts cannot be read is `undecided` with the reason. */
export async function collectServiceFacts(
    clients: RuleClients,
    services: { serviceId: string; acceptanceRequired: boolean }[],
    notificationFilter?: string[],
): Promise<{ facts: ServiceFacts[]; undecided: { serviceId: string; reason: string }[] }> {
    const undecided: { serviceId: string; reason: string }[] = [];
    let events: Map<string, Set<string>>;
    try {
        const notifications = await readAllPages(
            (NextToken) =>
                clients.ec2.send(
                    new DescribeVpcEndpointConnectionNotificationsCommand({
                        Filters: notificationFilter ? [{ Name: "service-id", Values: notificationFilter }] : undefined,
                        NextToken,
                    }),
                ),
            (page) => page.ConnectionNotificationSet,
            (page) => page.NextToken,
            clients.retry,
        );
        events = notificationEventsByService(notifications);
    } catch (error) {
        return { facts: [], undecided: services.map((s) => ({ serviceId: s.serviceId, reason: `connection notifications not read: ${describeError(error)}` })) };
    }
    const facts: ServiceFacts[] = [];
    for (const s of services) {
        try {
            facts.push({ ...s, notificationEvents: [...(events.get(s.serviceId) ?? [])].sort(), allowedPrincipals: await allowedPrincipals(clients, s.serviceId) });
        } catch (error) {
            undecided.push({ serviceId: s.serviceId, reason: `allowed principals not read: ${describeError(error)}` });
        }
    }
    return { facts, undecided };
}

/** The Config rule invocation event (the fields the rule reads). */
export interface ConfigRuleEvent {
    invokingEvent: string;
    resultToken: string;
    eventLeftScope?: boolean;
    accountId?: string;
    configRuleName?: string;
}

interface ConfigurationItemLike {
    resourceType?: string;
    resourceId?: string;
    configurationItemStatus?: string;
    configurationItemCaptureTime?: string | Date;
}

interface InvokingEvent {
    messageType?: string;
    notificationCreationTime?: string;
    configurationItem?: ConfigurationItemLike;
    configurationItemSummary?: ConfigurationItemLike;
}

/** One evaluation as reported to AWS Config. */
export interface ReportedEvaluation {
    resourceType: string;
    resourceId: string;
    complianceType: ComplianceType;
    annotation?: string;
}

export interface RuleOutcome {
    evaluations: ReportedEvaluation[];
    /** What could not be decided; non-empty makes the handler fail after reporting. */
    undecided: string[];
    /** Notes for the log (fallbacks taken). */
    notes: string[];
}

function isNotFound(error: unknown): boolean {
    const name = (error as { name?: string; Code?: string })?.name ?? (error as { Code?: string })?.Code;
    return name !== undefined && endpointServiceNotFoundCodes.includes(name);
}

/** The configuration item of an oversized notification, read back from AWS Config (the summary if that fails). */
async function oversizedItem(summary: ConfigurationItemLike, clients: RuleClients, notes: string[]): Promise<ConfigurationItemLike> {
    if (!summary.resourceType || !summary.resourceId) return summary;
    try {
        const out = await withRetries(
            () =>
                clients.config.send(
                    new GetResourceConfigHistoryCommand({
                        resourceType: summary.resourceType as never,
                        resourceId: summary.resourceId,
                        laterTime: summary.configurationItemCaptureTime ? new Date(summary.configurationItemCaptureTime) : undefined,
                        limit: 1,
                    }),
                ),
            clients.retry,
        );
        const item = out.configurationItems?.[0];
        if (item) {
            return {
                resourceType: item.resourceType ?? summary.resourceType,
                resourceId: item.resourceId ?? summary.resourceId,
                configurationItemStatus: item.configurationItemStatus ?? summary.configurationItemStatus,
                configurationItemCaptureTime: item.configurationItemCaptureTime ?? summary.configurationItemCaptureTime,
            };
        }
        notes.push(`GetResourceConfigHistory returned no item for ${summary.resourceId}; used the notification's summary`);
    } catch (error) {
        // The summary carries the type, id and status this rule needs; the service itself is read live below.
        notes.push(`GetResourceConfigHistory failed for ${summary.resourceId} (${describeError(error)}); used the notification's summary`);
    }
    return summary;
}

function evaluation(resourceId: string, complianceType: ComplianceType, annotation: string, type = resourceType): ReportedEvaluation {
    return { resourceType: type, resourceId, complianceType, annotation: annotation.slice(0, maxAnnotationLength) };
}

function verdictsToEvaluations(facts: ServiceFacts[], undecided: { serviceId: string; reason: string }[]): ReportedEvaluation[] {
    return [
        ...facts.map(judgeService).map((v) => evaluation(v.serviceId, v.compliant ? "COMPLIANT" : "NON_COMPLIANT", v.annotation)),
        ...undecided.map((u) => evaluation(u.serviceId, "NON_COMPLIANT", `${couldNotDecide}: ${u.reason}`)),
    ];
}

/** A change to one resource (normal or oversized notification). */
async function evaluateChange(event: ConfigRuleEvent, item: ConfigurationItemLike, clients: RuleClients, outcome: RuleOutcome): Promise<void> {
    const type = item.resourceType;
    const id = item.resourceId;
    if (!type || !id) {
        outcome.undecided.push("the configuration item names no resource type or id");
        return;
    }
    if (type !== resourceType) {
        outcome.evaluations.push(evaluation(id, "NOT_APPLICABLE", `out of scope: ${type} is not ${resourceType}`, type));
        return;
    }
    if (event.eventLeftScope === true) {
        outcome.evaluations.push(evaluation(id, "NOT_APPLICABLE", "the resource left the rule's scope"));
        return;
    }
    const status = item.configurationItemStatus ?? "(none)";
    if (!applicableStatuses.includes(status)) {
        outcome.evaluations.push(evaluation(id, "NOT_APPLICABLE", `configuration item status ${status}: the service is deleted or not recorded`));
        return;
    }
    let services: { serviceId: string; acceptanceRequired: boolean }[];
    try {
        services = await listOwnedServices(clients, [id]);
    } catch (error) {
        if (isNotFound(error)) {
            outcome.evaluations.push(evaluation(id, "NOT_APPLICABLE", "the service no longer exists"));
            return;
        }
        outcome.evaluations.push(evaluation(id, "NON_COMPLIANT", `${couldNotDecide}: the service's configuration was not read: ${describeError(error)}`));
        outcome.undecided.push(`${id}: ${describeError(error)}`);
        return;
    }
    const service = services.find((s) => s.serviceId === id);
    if (!service) {
        outcome.evaluations.push(evaluation(id, "NOT_APPLICABLE", "the service no longer exists"));
        return;
    }
    const { facts, undecided } = await collectServiceFacts(clients, [service], [id]);
    outcome.evaluations.push(...verdictsToEvaluations(facts, undecided));
    outcome.undecided.push(...undecided.map((u) => `${u.serviceId}: ${u.reason}`));
}

/** The daily run: every owned service, and NOT_APPLICABLE for earlier evaluations of services that are gone. */
async function evaluateAll(event: ConfigRuleEvent, clients: RuleClients, outcome: RuleOutcome): Promise<void> {
    let services: { serviceId: string; acceptanceRequired: boolean }[];
    try {
        services = await listOwnedServices(clients);
    } catch (error) {
        const account = event.accountId ?? "(account)";
        outcome.evaluations.push(
            evaluation(account, "NON_COMPLIANT", `${couldNotDecide}: the account's endpoint services were not listed: ${describeError(error)}`, accountResourceType),
        );
        outcome.undecided.push(`listing the account's endpoint services: ${describeError(error)}`);
        return;
    }
    const { facts, undecided } = await collectServiceFacts(clients, services);
    outcome.evaluations.push(...verdictsToEvaluations(facts, undecided));
    outcome.undecided.push(...undecided.map((u) => `${u.serviceId}: ${u.reason}`));
    if (!event.configRuleName) return;
    // Services evaluated before and deleted since (a delete notification can be missed).
    const current = new Set(services.map((s) => s.serviceId));
    try {
        const previous = await readAllPages(
            (NextToken) => clients.config.send(new GetComplianceDetailsByConfigRuleCommand({ ConfigRuleName: event.configRuleName, ComplianceTypes: ["COMPLIANT", "NON_COMPLIANT"], NextToken })),
            (page) => page.EvaluationResults,
            (page) => page.NextToken,
            clients.retry,
        );
        for (const result of previous) {
            const qualifier = result.EvaluationResultIdentifier?.EvaluationResultQualifier;
            if (qualifier?.ResourceType === resourceType && qualifier.ResourceId && !current.has(qualifier.ResourceId)) {
                outcome.evaluations.push(evaluation(qualifier.ResourceId, "NOT_APPLICABLE", "the service no longer exists"));
                current.add(qualifier.ResourceId);
            }
        }
    } catch (error) {
        // Not a missed finding: stale results of deleted services stay until the next run.
        outcome.notes.push(`earlier evaluations not read, stale results kept until the next run: ${describeError(error)}`);
    }
}

/** Sends the evaluations, at most 100 per call, each call retried; a rejected evaluation is an error. */
async function report(event: ConfigRuleEvent, evaluations: ReportedEvaluation[], ordering: Date, clients: RuleClients): Promise<void> {
    const all: Evaluation[] = evaluations.map((e) => ({
        ComplianceResourceType: e.resourceType,
        ComplianceResourceId: e.resourceId,
        ComplianceType: e.complianceType,
        Annotation: e.annotation,
        OrderingTimestamp: ordering,
    }));
    for (let i = 0; i < all.length; i += maxEvaluationsPerCall) {
        const out = await withRetries(
            () => clients.config.send(new PutEvaluationsCommand({ ResultToken: event.resultToken, Evaluations: all.slice(i, i + maxEvaluationsPerCall) })),
            clients.retry,
        );
        if (out.FailedEvaluations && out.FailedEvaluations.length > 0) {
            throw new Error(`AWS Config rejected ${out.FailedEvaluations.length} evaluation(s): ${JSON.stringify(out.FailedEvaluations).slice(0, 500)}`);
        }
    }
}

/** Evaluates what the event asks for and reports it to AWS Config; returns what was reported and what was not decided. */
export async function evaluateAndReport(event: ConfigRuleEvent, clients: RuleClients): Promise<RuleOutcome> {
    const outcome: RuleOutcome = { evaluations: [], undecided: [], notes: [] };
    let invoking: InvokingEvent;
    try {
        invoking = JSON.parse(event.invokingEvent) as InvokingEvent;
    } catch (error) {
        throw new Error(`invokingEvent is not JSON (${describeError(error)}): nothing was evaluated`);
    }
    let ordering = new Date(invoking.notificationCreationTime ?? Date.now());
    switch (invoking.messageType) {
        case messageTypes.scheduled:
            await evaluateAll(event, clients, outcome);
            break;
        case messageTypes.change:
        case messageTypes.oversizedChange: {
            const item =
                invoking.messageType === messageTypes.change
                    ? (invoking.configurationItem ?? {})
                    : await oversizedItem(invoking.configurationItemSummary ?? {}, clients, outcome.notes);
            if (item.configurationItemCaptureTime) ordering = new Date(item.configurationItemCaptureTime);
            await evaluateChange(event, item, clients, outcome);
            break;
        }
        default:
            throw new Error(`messageType ${String(invoking.messageType)} is not one this rule handles: nothing was evaluated`);
    }
    if (Number.isNaN(ordering.getTime())) ordering = new Date();
    await report(event, outcome.evaluations, ordering, clients);
    return outcome;
}
