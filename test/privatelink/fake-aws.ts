/**
 * A fake AWS for the governance Lambdas: AWS Organizations with paginated ListAccounts,
 * EC2's endpoint services as each account and Region sees them, connections, owned
 * services with notifications and permissions, AWS Config's history and evaluations, and
 * SNS. Every call is logged, and faults (throttling, denial, outage) can be injected at
 * any call: by operation and call number, or by page of a paginated read.
 *
 * It sits where the Lambda code meets the SDK (aws-sdk-client-mock replaces `send` on the
 * client classes), so it serves the bundled Lambdas as well as the TypeScript sources:
 * the bundle keeps `@aws-sdk/*` external and resolves it to these same classes.
 *
 * The world is plain JSON (fixtures/cases/world.json, overridden per case), documented in
 * fixtures/cases/README.md.
 *
 * Like AWS, it refuses requests AWS would refuse, so the suite catches a Lambda that sends
 * them: an SNS Publish whose Subject or Message breaks API_Publish's constraints
 * (`InvalidParameter`), a PutEvaluations with more than 100 evaluations or an evaluation
 * AWS Config would not take (`ValidationException`), and any call through an inspector
 * role (`inspector-<account>` profile) that the inspector's policy does not allow
 * (`UnauthorizedOperation`). The constraints come from aws/, not from the Lambdas.
 */
import {
    ConfigServiceClient,
    GetComplianceDetailsByConfigRuleCommand,
    GetResourceConfigHistoryCommand,
    PutEvaluationsCommand,
} from "@aws-sdk/client-config-service";
import {
    DescribeVpcEndpointConnectionNotificationsCommand,
    DescribeVpcEndpointConnectionsCommand,
    DescribeVpcEndpointServiceConfigurationsCommand,
    DescribeVpcEndpointServicePermissionsCommand,
    DescribeVpcEndpointServicesCommand,
    EC2Client,
} from "@aws-sdk/client-ec2";
import { ListAccountsCommand, OrganizationsClient } from "@aws-sdk/client-organizations";
import { PublishCommand, SNSClient } from "@aws-sdk/client-sns";
import { AwsStub, mockClient } from "aws-sdk-client-mock";
import { complianceTypes, maxAnnotationLength, maxEvaluationsPerCall } from "../../aws/config-rule-events";
import { snsPublishLimits } from "../../aws/event-delivery";
import { inspectorPolicy } from "../../components/governance-documents";

/** The operations the fake implements, by client. */
const operations: [any, any[]][] = [
    [
        EC2Client,
        [
            DescribeVpcEndpointServicesCommand,
            DescribeVpcEndpointConnectionsCommand,
            DescribeVpcEndpointServiceConfigurationsCommand,
            DescribeVpcEndpointConnectionNotificationsCommand,
            DescribeVpcEndpointServicePermissionsCommand,
        ],
    ],
    [OrganizationsClient, [ListAccountsCommand]],
    [SNSClient, [PublishCommand]],
    [ConfigServiceClient, [GetResourceConfigHistoryCommand, GetComplianceDetailsByConfigRuleCommand, PutEvaluationsCommand]],
];

export interface Fault {
    /** SDK operation, e.g. `ListAccounts`, `DescribeVpcEndpointServices`, `Publish`, `PutEvaluations`. */
    operation: string;
    /** 1-based call number among the calls to `operation` (retries count). */
    call?: number;
    /** 1-based page of a paginated read: fails the requests for that page. */
    page?: number;
    /** How many matching requests fail before one succeeds; "always" never recovers. @default 1 */
    times?: number | "always";
    /** Error name (code). @default "TooManyRequestsException" for Organizations, "RequestLimitExceeded" for EC2, "ThrottlingException" otherwise */
    error?: string;
    /** HTTP status the error carries. @default 400, or 503 for RequestLimitExceeded */
    status?: number;
    message?: string;
}

export interface OwnedService {
    account?: string;
    region?: string;
    serviceId: string;
    acceptanceRequired: boolean;
    /** Its connection notifications; `id` defaults to `vpce-nfn-<last 8 of the service id><index>`. */
    notifications?: { id?: string; state?: "Enabled" | "Disabled"; events: string[] }[];
    allowedPrincipals?: string[];
}

/** A connection notification on a consumer's endpoint (not on a service). */
export interface EndpointNotification {
    account?: string;
    region?: string;
    id: string;
    vpcEndpointId: string;
    events?: string[];
}

export interface World {
    /** The Region calls default to (the Lambda's own). */
    region?: string;
    organization?: { accounts: string[]; pageSize?: number } | null;
    /** Endpoint services as DescribeVpcEndpointServices reports them. `visibleFrom`: accounts that see it (default every account). */
    endpointServices?: { region?: string; serviceName: string; owner: string; visibleFrom?: string[] }[];
    /** Connections as DescribeVpcEndpointConnections reports them to the service owner. */
    connections?: { region?: string; serviceId: string; vpcEndpointId: string; owner: string; state?: string }[];
    /** Endpoint services the Config rule's account owns (with `account`: only that account's, for the evaluator's inspector). */
    ownedServices?: OwnedService[];
    /** Connection notifications on consumers' endpoints (DescribeVpcEndpointConnectionNotifications). */
    endpointNotifications?: EndpointNotification[];
    /** Configuration items GetResourceConfigHistory returns (newest first). */
    configItems?: { resourceType: string; resourceId: string; configurationItemStatus: string; configurationItemCaptureTime?: string; awsRegion?: string }[];
    /** Earlier evaluations of the Config rule (GetComplianceDetailsByConfigRule). */
    previousEvaluations?: { resourceType: string; resourceId: string; complianceType: string }[];
    /** Resource ids whose evaluations PutEvaluations rejects (FailedEvaluations). */
    rejectedEvaluations?: string[];
    /** Page size of every paginated EC2 and Config read. @default 1000 */
    pageSize?: number;
    faults?: Fault[];
    /** Lambda settings (environment) for the case. */
    settings?: Record<string, unknown>;
}

export interface LoggedCall {
    operation: string;
    /** 1-based among calls to the same operation. */
    call: number;
    page: number;
    region?: string;
    account?: string;
    input: Record<string, any>;
    /** The error the call failed with (injected, or a refusal). */
    failed?: string;
    /** Why AWS would refuse this request (invalid for the API, or not allowed to the inspector role). */
    refused?: string;
}

const defaultErrors: Record<string, string> = { organizations: "TooManyRequestsException", ec2: "RequestLimitExceeded" };

function serviceOf(operation: string): string {
    if (operation === "ListAccounts") return "organizations";
    if (operation.startsWith("Describe")) return "ec2";
    if (operation === "Publish") return "sns";
    return "config";
}

function error(fault: Fault, operation: string): Error {
    const name = fault.error ?? defaultErrors[serviceOf(operation)] ?? "ThrottlingException";
    const e = new Error(fault.message ?? `${name} (injected into ${operation})`);
    e.name = name;
    Object.assign(e, { $fault: "client", $metadata: { httpStatusCode: fault.status ?? (name === "RequestLimitExceeded" ? 503 : 400) } });
    return e;
}

function rejection(name: string, message: string, status = 400): Error {
    const e = new Error(message);
    e.name = name;
    Object.assign(e, { $fault: "client", $metadata: { httpStatusCode: status } });
    return e;
}

/** What SNS Publish refuses (API_Publish, aws/event-delivery.ts `snsPublishLimits`): the reason, or undefined. */
export function publishProblem(input: { TopicArn?: string; Subject?: string; Message?: string }): string | undefined {
    if (!input.TopicArn) return "Invalid parameter: TopicArn or TargetArn Reason: no value for required parameter";
    if (input.Subject !== undefined) {
        if (input.Subject.length > snsPublishLimits.maxSubjectLength) return `Invalid parameter: Subject (${input.Subject.length} characters; must be less than 100)`;
        if (!snsPublishLimits.subjectPattern.test(input.Subject)) return `Invalid parameter: Subject (${JSON.stringify(input.Subject)}: printable ASCII beginning with a letter, number or punctuation mark, no line breaks or control characters)`;
    }
    if (!input.Message) return "Invalid parameter: Empty message";
    const bytes = Buffer.byteLength(input.Message, "utf8");
    if (bytes > snsPublishLimits.maxMessageBytes) return `Invalid parameter: Message too long (${bytes} bytes; at most ${snsPublishLimits.maxMessageBytes})`;
    return undefined;
}

/** What AWS Config refuses in PutEvaluations (API_PutEvaluations, API_Evaluation): the reason, or undefined. */
export function putEvaluationsProblem(input: { ResultToken?: string; Evaluations?: any[] }): string | undefined {
    const evaluations = input.Evaluations ?? [];
    if (!input.ResultToken) return "1 validation error detected: Value null at 'resultToken' failed to satisfy constraint: Member must not be null";
    if (evaluations.length > maxEvaluationsPerCall) return `1 validation error detected: Value at 'evaluations' failed to satisfy constraint: Member must have length less than or equal to ${maxEvaluationsPerCall} (got ${evaluations.length})`;
    for (const e of evaluations) {
        if (!e?.ComplianceResourceType || !e.ComplianceResourceId) return "an evaluation lacks ComplianceResourceType or ComplianceResourceId";
        if (!(complianceTypes as readonly string[]).includes(e.ComplianceType)) return `ComplianceType ${e.ComplianceType} is not one of ${complianceTypes.join(", ")}`;
        if (!(e.OrderingTimestamp instanceof Date) || Number.isNaN(e.OrderingTimestamp.getTime())) return `evaluation of ${e.ComplianceResourceId} has no OrderingTimestamp`;
        if (e.Annotation !== undefined && (typeof e.Annotation !== "string" || e.Annotation.length > maxAnnotationLength)) return `evaluation of ${e.ComplianceResourceId}: Annotation longer than ${maxAnnotationLength} characters`;
    }
    return undefined;
}

/** The EC2 actions the inspector role's policy allows. */
const inspectorActions = new Set(inspectorPolicy().Statement.flatMap((st) => (st.Effect === "Allow" ? ([] as string[]).concat(st.Action ?? []) : [])));

function paged<T>(items: T[], token: string | undefined, size: number, prefix: string): { items: T[]; next?: string; page: number } {
    const start = token ? Number(token.slice(prefix.length)) : 0;
    const page = Math.floor(start / size) + 1;
    const end = start + size;
    return { items: items.slice(start, end), next: end < items.length ? `${prefix}${end}` : undefined, page };
}

/** Installs the fake on the SDK client classes for the enclosing mocha suite. */
export class FakeAws {
    world: World = {};
    readonly log: LoggedCall[] = [];
    private stubs: AwsStub<any, any, any>[] = [];
    private counts = new Map<string, number>();
    private faultHits = new Map<Fault, number>();

    /** Call inside a `describe`: installs in `before`, restores in `after`. */
    static forSuite(): FakeAws {
        const fake = new FakeAws();
        before(() => fake.install());
        after(() => fake.restore());
        return fake;
    }

    install(): void {
        this.stubs = operations.map(([Client, commands]) => {
            const stub = mockClient(Client);
            stub.callsFake(() => {
                throw new Error(`the fake AWS does not implement this ${Client.name} operation`);
            });
            for (const Command of commands) {
                const operation = Command.name.replace(/Command$/, "");
                stub.on(Command).callsFake((input: any, getClient: () => any) => this.dispatch(operation, input, getClient));
            }
            return stub;
        });
    }

    restore(): void {
        for (const s of this.stubs) s.restore();
        this.stubs = [];
    }

    /** A new world for the next case; the log starts empty. */
    reset(world: World): void {
        this.world = JSON.parse(JSON.stringify(world));
        this.log.length = 0;
        this.counts.clear();
        this.faultHits.clear();
    }

    calls(operation: string): LoggedCall[] {
        return this.log.filter((c) => c.operation === operation);
    }

    private async dispatch(operation: string, input: any, getClient: () => any): Promise<unknown> {
        const client = getClient();
        const region = typeof client?.config?.region === "function" ? await client.config.region() : undefined;
        const profile: string | undefined = client?.config?.profile;
        const account = profile?.startsWith("inspector-") ? profile.slice("inspector-".length) : undefined;
        const call = (this.counts.get(operation) ?? 0) + 1;
        this.counts.set(operation, call);
        const page = this.pageOf(operation, input);
        const entry: LoggedCall = { operation, call, page, region, account, input: JSON.parse(JSON.stringify(input ?? {})) };
        this.log.push(entry);
        for (const fault of this.world.faults ?? []) {
            if (fault.operation !== operation) continue;
            const matches = fault.page !== undefined ? fault.page === page : fault.call !== undefined ? call >= fault.call : true;
            if (!matches) continue;
            const hits = this.faultHits.get(fault) ?? 0;
            const limit = fault.times ?? 1;
            if (limit === "always" || hits < limit) {
                this.faultHits.set(fault, hits + 1);
                const e = error(fault, operation);
                entry.failed = e.name;
                throw e;
            }
        }
        // Requests AWS itself refuses: the call is logged as failed, as it never took effect.
        const refusal = this.refusal(operation, input, profile);
        if (refusal) {
            entry.failed = refusal.name;
            entry.refused = `${refusal.name}: ${refusal.message}`;
            throw refusal;
        }
        return this.answer(operation, input, region ?? this.world.region ?? "us-east-1", account);
    }

    private refusal(operation: string, input: any, profile: string | undefined): Error | undefined {
        if (profile?.startsWith("inspector-") && !inspectorActions.has(`ec2:${operation}`)) {
            return rejection("UnauthorizedOperation", `You are not authorized to perform this operation: the inspector role's policy does not allow ec2:${operation}`, 403);
        }
        if (operation === "Publish") {
            const problem = publishProblem(input ?? {});
            if (problem) return rejection("InvalidParameter", problem);
        }
        if (operation === "PutEvaluations") {
            const problem = putEvaluationsProblem(input ?? {});
            if (problem) return rejection("ValidationException", problem);
        }
        return undefined;
    }

    private pageOf(operation: string, input: any): number {
        const token: string | undefined = input?.NextToken ?? input?.nextToken;
        if (!token) return 1;
        const size = operation === "ListAccounts" ? (this.world.organization?.pageSize ?? 20) : (this.world.pageSize ?? 1000);
        const offset = Number(String(token).replace(/^\D+/, ""));
        return Math.floor(offset / size) + 1;
    }

    private answer(operation: string, input: any, region: string, account: string | undefined): unknown {
        const w = this.world;
        const size = w.pageSize ?? 1000;
        const inRegion = (r: string | undefined) => (r ?? w.region ?? "us-east-1") === region;
        switch (operation) {
            case "ListAccounts": {
                if (!w.organization) {
                    const e = new Error("Your account is not a member of an organization.");
                    e.name = "AWSOrganizationsNotInUseException";
                    throw e;
                }
                const accounts = w.organization.accounts.map((id) => ({ Id: id, Arn: `arn:aws:organizations::000000000000:account/o-fake/${id}`, Status: "ACTIVE", State: "ACTIVE" }));
                const { items, next } = paged(accounts, input.NextToken, w.organization.pageSize ?? 20, "accounts-");
                return { Accounts: items, NextToken: next };
            }
            case "DescribeVpcEndpointServices": {
                const names: string[] = input.ServiceNames ?? [];
                const visible = (w.endpointServices ?? []).filter(
                    (s) => inRegion(s.region) && names.includes(s.serviceName) && (!s.visibleFrom || account === undefined || s.visibleFrom.includes(account)),
                );
                if (names.length > 0 && visible.length === 0) {
                    // EC2 answers an unknown service name with an error, as AWS does.
                    const e = new Error(`The Vpc Endpoint Service '${names[0]}' does not exist`);
                    e.name = "InvalidServiceName";
                    throw e;
                }
                return {
                    ServiceNames: visible.map((s) => s.serviceName),
                    ServiceDetails: visible.map((s) => ({ ServiceName: s.serviceName, Owner: s.owner, AcceptanceRequired: true, ServiceType: [{ ServiceType: "Interface" }] })),
                };
            }
            case "DescribeVpcEndpointConnections": {
                const serviceIds: string[] = input.Filters?.find((f: any) => f.Name === "service-id")?.Values ?? [];
                const all = (w.connections ?? []).filter((c) => inRegion(c.region) && (serviceIds.length === 0 || serviceIds.includes(c.serviceId)));
                const { items, next } = paged(all, input.NextToken, size, "connections-");
                return {
                    VpcEndpointConnections: items.map((c) => ({ ServiceId: c.serviceId, VpcEndpointId: c.vpcEndpointId, VpcEndpointOwner: c.owner, VpcEndpointState: c.state ?? "available" })),
                    NextToken: next,
                };
            }
            case "DescribeVpcEndpointServiceConfigurations": {
                const owned = (w.ownedServices ?? []).filter((s) => inRegion(s.region));
                const ids: string[] | undefined = input.ServiceIds;
                if (ids && ids.length > 0) {
                    const missing = ids.filter((id) => !owned.some((s) => s.serviceId === id));
                    if (missing.length > 0) {
                        const e = new Error(`The Vpc Endpoint Service Id '${missing[0]}' does not exist`);
                        e.name = "InvalidVpcEndpointServiceId.NotFound";
                        throw e;
                    }
                }
                const selected = ids && ids.length > 0 ? owned.filter((s) => ids.includes(s.serviceId)) : owned;
                const { items, next } = paged(selected, input.NextToken, size, "services-");
                return { ServiceConfigurations: items.map((s) => ({ ServiceId: s.serviceId, AcceptanceRequired: s.acceptanceRequired })), NextToken: next };
            }
            case "DescribeVpcEndpointConnectionNotifications": {
                const filter = (name: string): string[] | undefined => input.Filters?.find((f: any) => f.Name === name)?.Values;
                const serviceIds = filter("service-id");
                const ids = filter("connection-notification-id") ?? (input.ConnectionNotificationId ? [input.ConnectionNotificationId] : undefined);
                const endpointIds = filter("vpc-endpoint-id");
                const ownedBy = (owner: string | undefined) => owner === undefined || account === undefined || owner === account;
                const onServices = (w.ownedServices ?? [])
                    .filter((s) => inRegion(s.region) && ownedBy(s.account))
                    .flatMap((s) =>
                        (s.notifications ?? []).map((n, i) => ({
                            ConnectionNotificationId: n.id ?? `vpce-nfn-${s.serviceId.slice(-8)}${i}`,
                            ServiceId: s.serviceId as string | undefined,
                            VpcEndpointId: undefined as string | undefined,
                            ConnectionNotificationState: n.state ?? "Enabled",
                            ConnectionEvents: n.events,
                            ConnectionNotificationType: "Topic",
                        })),
                    );
                const onEndpoints = (w.endpointNotifications ?? [])
                    .filter((n) => inRegion(n.region) && ownedBy(n.account))
                    .map((n) => ({
                        ConnectionNotificationId: n.id,
                        ServiceId: undefined as string | undefined,
                        VpcEndpointId: n.vpcEndpointId as string | undefined,
                        ConnectionNotificationState: "Enabled",
                        ConnectionEvents: n.events ?? ["Accept", "Reject"],
                        ConnectionNotificationType: "Topic",
                    }));
                const notifications = [...onServices, ...onEndpoints].filter(
                    (n) =>
                        (!serviceIds || (n.ServiceId !== undefined && serviceIds.includes(n.ServiceId))) &&
                        (!endpointIds || (n.VpcEndpointId !== undefined && endpointIds.includes(n.VpcEndpointId))) &&
                        (!ids || ids.includes(n.ConnectionNotificationId)),
                );
                const { items, next } = paged(notifications, input.NextToken, size, "notifications-");
                return { ConnectionNotificationSet: items, NextToken: next };
            }
            case "DescribeVpcEndpointServicePermissions": {
                const service = (w.ownedServices ?? []).find((s) => inRegion(s.region) && s.serviceId === input.ServiceId);
                const principals = (service?.allowedPrincipals ?? []).map((p) => ({ Principal: p, PrincipalType: p === "*" ? "All" : "Account" }));
                const { items, next } = paged(principals, input.NextToken, size, "principals-");
                return { AllowedPrincipals: items, NextToken: next };
            }
            case "GetResourceConfigHistory": {
                const items = (w.configItems ?? []).filter((i) => i.resourceType === input.resourceType && i.resourceId === input.resourceId);
                if (items.length === 0) {
                    const e = new Error(`Resource ${input.resourceId} of resourceType:${input.resourceType} is unknown or has not been discovered`);
                    e.name = "ResourceNotDiscoveredException";
                    throw e;
                }
                return { configurationItems: items.slice(0, input.limit ?? 10).map((i) => ({ ...i, configurationItemCaptureTime: i.configurationItemCaptureTime ? new Date(i.configurationItemCaptureTime) : undefined })) };
            }
            case "GetComplianceDetailsByConfigRule": {
                const results = (w.previousEvaluations ?? []).map((e) => ({
                    EvaluationResultIdentifier: { EvaluationResultQualifier: { ConfigRuleName: input.ConfigRuleName, ResourceType: e.resourceType, ResourceId: e.resourceId } },
                    ComplianceType: e.complianceType,
                }));
                const { items, next } = paged(results, input.NextToken, size, "evaluations-");
                return { EvaluationResults: items, NextToken: next };
            }
            case "PutEvaluations":
                return { FailedEvaluations: (input.Evaluations ?? []).filter((e: any) => (w.rejectedEvaluations ?? []).includes(e.ComplianceResourceId)) };
            case "Publish":
                return { MessageId: `message-${this.calls("Publish").length}` };
            default:
                throw new Error(`the fake AWS does not implement ${operation}`);
        }
    }
}
