/**
 * The CloudTrail events the governance evaluator receives (EventBridge
 * "AWS API Call via CloudTrail" from `aws.ec2`), and readers for the parts it decides on.
 *
 * EC2 records its query-API request parameters in CloudTrail with XML-ish list shapes:
 * a one-item list is `{ "tag": 1, "content": "x" }`, longer ones are arrays of those, and
 * some responses wrap lists in `{ "item": [...] }`. `listValues` flattens all of them.
 * Readers never throw: a field that is missing or malformed reads as absent, and the
 * evaluator reports what it therefore could not check.
 */
import { endpointTargets, latticeArnPattern, unsuccessfulItemsField } from "../../aws/vpc-endpoint-service-actions";

export { governedEventNames } from "../../aws/vpc-endpoint-service-actions";

export interface UserIdentity {
    type?: string;
    arn?: string;
    accountId?: string;
    principalId?: string;
    userName?: string;
    invokedBy?: string;
    sessionContext?: { sessionIssuer?: { type?: string; arn?: string; accountId?: string; userName?: string } };
}

export interface CloudTrailDetail {
    eventVersion?: string;
    eventSource: string;
    eventName: string;
    awsRegion: string;
    eventTime?: string;
    eventID?: string;
    recipientAccountId?: string;
    userIdentity?: UserIdentity;
    errorCode?: string;
    errorMessage?: string;
    requestParameters?: Record<string, unknown> | null;
    responseElements?: Record<string, unknown> | null;
}

/** The EventBridge envelope around a CloudTrail record. */
export interface CloudTrailApiCallEvent {
    version?: string;
    id?: string;
    "detail-type": string;
    source: string;
    /** The account the call was made in (for Accept/Modify: the service owner's). */
    account: string;
    region: string;
    time?: string;
    detail: CloudTrailDetail;
}

/** Flattens EC2's CloudTrail list shapes (`{tag, content}`, arrays of them, `{item: [...]}`, plain strings). */
export function listValues(value: unknown): string[] {
    if (value === undefined || value === null) return [];
    if (typeof value === "string") return [value];
    if (typeof value === "number" || typeof value === "boolean") return [String(value)];
    if (Array.isArray(value)) return value.flatMap(listValues);
    if (typeof value === "object") {
        const record = value as Record<string, unknown>;
        if ("content" in record) return listValues(record.content);
        if ("item" in record) return listValues(record.item);
    }
    return [];
}

function asRecord(value: unknown): Record<string, unknown> {
    return value && typeof value === "object" && !Array.isArray(value) ? (value as Record<string, unknown>) : {};
}

/**
 * The same record with every key also reachable in PascalCase (`serviceId` → `ServiceId`):
 * EC2 records its newer APIs' parameters in the API's own PascalCase, older ones in
 * camelCase; a reader asks for the API's name and finds either.
 */
function pascalKeys(record: Record<string, unknown>): Record<string, unknown> {
    const out: Record<string, unknown> = { ...record };
    for (const [k, v] of Object.entries(record)) {
        const pascal = k.charAt(0).toUpperCase() + k.slice(1);
        if (!(pascal in out)) out[pascal] = v;
    }
    return out;
}

/** The request body of the event's call: EC2 nests it under `<EventName>Request`. */
export function requestOf(detail: CloudTrailDetail): Record<string, unknown> {
    const params = asRecord(detail.requestParameters);
    const nested = params[`${detail.eventName}Request`];
    return pascalKeys(nested && typeof nested === "object" ? asRecord(nested) : params);
}

/** The response body: `<EventName>Response`, or the elements themselves. */
export function responseOf(detail: CloudTrailDetail): Record<string, unknown> {
    const elements = asRecord(detail.responseElements);
    const nested = elements[`${detail.eventName}Response`];
    return nested && typeof nested === "object" ? asRecord(nested) : elements;
}

function firstString(...candidates: unknown[]): string | undefined {
    for (const c of candidates) {
        const values = listValues(c);
        if (values.length > 0) return values[0];
    }
    return undefined;
}

/** A boolean request/response field as EC2 records it (`true`, `"true"`, `{content: "true"}`). */
export function booleanField(value: unknown): boolean | undefined {
    const text = firstString(value);
    if (text === undefined) return undefined;
    if (text.toLowerCase() === "true") return true;
    if (text.toLowerCase() === "false") return false;
    return undefined;
}

export interface CreateVpcEndpointCall {
    /** `Interface`, `Gateway`, `GatewayLoadBalancer`, `Resource`, `ServiceNetwork`; Gateway when absent (the API's default). */
    endpointType: string;
    /** The endpoint service, for service endpoints. */
    serviceName?: string;
    /** The resource configuration or service network ARN, for Resource and ServiceNetwork endpoints. */
    targetArn?: string;
    /** The account in `targetArn`. */
    targetOwner?: string;
    /** The Region of the endpoint service (cross-Region PrivateLink); the event's Region otherwise. */
    serviceRegion: string;
    vpcEndpointId?: string;
    /** True when the response says an AWS service manages the endpoint. */
    requesterManaged: boolean;
}

export function readCreateVpcEndpoint(event: CloudTrailApiCallEvent): CreateVpcEndpointCall {
    const req = requestOf(event.detail);
    const endpoint = asRecord(responseOf(event.detail).vpcEndpoint);
    const endpointType = firstString(req.VpcEndpointType, endpoint.vpcEndpointType) ?? "Gateway";
    const target = endpointTargets[endpointType as keyof typeof endpointTargets];
    const call: CreateVpcEndpointCall = {
        endpointType,
        serviceRegion: firstString(req.ServiceRegion, endpoint.serviceRegion) ?? event.detail.awsRegion ?? event.region,
        vpcEndpointId: firstString(endpoint.vpcEndpointId),
        requesterManaged: booleanField(endpoint.requesterManaged) === true,
    };
    if (target?.kind === "arn") {
        call.targetArn = firstString(req[target.requestField], endpoint[target.responseField]);
        call.targetOwner = call.targetArn ? latticeArnPattern.exec(call.targetArn)?.[1] : undefined;
    } else {
        call.serviceName = firstString(req.ServiceName, endpoint.serviceName);
    }
    return call;
}

/** An item a multi-item call did not process (`UnsuccessfulItem`): its id and why. */
export interface UnsuccessfulItem {
    resourceId: string;
    error?: string;
}

/** The objects of an EC2 response list (`{item: obj}`, `{item: [obj]}`, `[obj]`, or `""` when empty). */
function listObjects(value: unknown): Record<string, unknown>[] {
    if (Array.isArray(value)) return value.flatMap(listObjects);
    if (value && typeof value === "object") {
        const record = value as Record<string, unknown>;
        return "item" in record ? listObjects(record.item) : [record];
    }
    return [];
}

/**
 * What a multi-item call did not do: the response's `unsuccessful` list, or `undefined`
 * when the event records no response (then nothing says which items succeeded).
 */
export function readUnsuccessful(detail: CloudTrailDetail): UnsuccessfulItem[] | undefined {
    if (detail.responseElements === null || detail.responseElements === undefined) return undefined;
    const response = responseOf(detail);
    const items: UnsuccessfulItem[] = [];
    for (const item of listObjects(response[unsuccessfulItemsField])) {
        const fields = pascalKeys(item);
        const resourceId = firstString(fields.ResourceId);
        if (resourceId === undefined) continue;
        const error = pascalKeys(asRecord(fields.Error));
        const code = firstString(error.Code);
        const message = firstString(error.Message);
        items.push({ resourceId, error: code || message ? [code, message].filter(Boolean).join(": ") : undefined });
    }
    return items;
}

export interface AcceptConnectionsCall {
    serviceId?: string;
    /** Every endpoint the request names. */
    vpcEndpointIds: string[];
    /**
     * The endpoints whose connections were accepted: the requested ones minus the
     * response's `unsuccessful`; all requested ones when the event records no response.
     */
    accepted: string[];
    /** The requested endpoints that were not accepted, and why. */
    unsuccessful: UnsuccessfulItem[];
}

export function readAcceptConnections(event: CloudTrailApiCallEvent): AcceptConnectionsCall {
    const req = requestOf(event.detail);
    const vpcEndpointIds = listValues(req.VpcEndpointId);
    const unsuccessful = readUnsuccessful(event.detail) ?? [];
    const failed = new Set(unsuccessful.map((u) => u.resourceId));
    return { serviceId: firstString(req.ServiceId), vpcEndpointIds, accepted: vpcEndpointIds.filter((id) => !failed.has(id)), unsuccessful };
}

export interface ModifyPermissionsCall {
    serviceId?: string;
    addedPrincipals: string[];
}

export function readModifyPermissions(event: CloudTrailApiCallEvent): ModifyPermissionsCall {
    const req = requestOf(event.detail);
    return { serviceId: firstString(req.ServiceId), addedPrincipals: listValues(req.AddAllowedPrincipals) };
}

export interface ServiceAdministrationCall {
    /** The services the call concerns (`ServiceId`, a list for DeleteVpcEndpointServiceConfigurations; for a new service, the id in the response). */
    serviceIds: string[];
    /** The first of `serviceIds`. */
    serviceId?: string;
    /**
     * `AcceptanceRequired` as the call left it: for CreateVpcEndpointServiceConfiguration
     * the response's `serviceConfiguration.acceptanceRequired` (the result; the request's
     * parameter is optional and AWS documents no default), else the request's. Undefined
     * when the event records neither.
     */
    acceptanceRequired?: boolean;
    /** Where `acceptanceRequired` was read. */
    acceptanceFrom?: "response" | "request";
}

/** The service(s) an administration call concerns and the `AcceptanceRequired` it leaves (aws/vpc-endpoint-service-actions.ts). */
export function readServiceAdministration(event: CloudTrailApiCallEvent): ServiceAdministrationCall {
    const req = requestOf(event.detail);
    const configuration = pascalKeys(asRecord(pascalKeys(responseOf(event.detail)).ServiceConfiguration));
    const serviceIds = listValues(req.ServiceId);
    const created = firstString(configuration.ServiceId);
    if (serviceIds.length === 0 && created !== undefined) serviceIds.push(created);
    const call: ServiceAdministrationCall = { serviceIds, serviceId: serviceIds[0] };
    const fromResponse = booleanField(configuration.AcceptanceRequired);
    const fromRequest = booleanField(req.AcceptanceRequired);
    if (fromResponse !== undefined) Object.assign(call, { acceptanceRequired: fromResponse, acceptanceFrom: "response" });
    else if (fromRequest !== undefined) Object.assign(call, { acceptanceRequired: fromRequest, acceptanceFrom: "request" });
    return call;
}

export interface ConnectionNotificationCall {
    /** The notifications the call created, changed or deleted (for a delete: minus the response's `unsuccessful`). */
    notificationIds: string[];
    /** The service the notification belongs to, when the event names it (CreateVpcEndpointConnectionNotification). */
    serviceId?: string;
    /** The consumer endpoint the notification belongs to, when the event names it. */
    vpcEndpointId?: string;
    /** Notifications the call did not delete, and why. */
    unsuccessful: UnsuccessfulItem[];
}

/**
 * A connection-notification call: CreateVpcEndpointConnectionNotification names its
 * service or endpoint; Modify and Delete name only the notification
 * (aws/vpc-endpoint-service-actions.ts `connectionNotificationTargets`).
 */
export function readConnectionNotification(event: CloudTrailApiCallEvent): ConnectionNotificationCall {
    const req = requestOf(event.detail);
    const created = pascalKeys(asRecord(pascalKeys(responseOf(event.detail)).ConnectionNotification));
    const requested = listValues(req.ConnectionNotificationId);
    if (requested.length === 0) requested.push(...listValues(created.ConnectionNotificationId));
    const unsuccessful = readUnsuccessful(event.detail) ?? [];
    const failed = new Set(unsuccessful.map((u) => u.resourceId));
    return {
        notificationIds: requested.filter((id) => !failed.has(id)),
        serviceId: firstString(req.ServiceId, created.ServiceId),
        vpcEndpointId: firstString(req.VpcEndpointId, created.VpcEndpointId),
        unsuccessful,
    };
}

/** The account id of an IAM principal ARN (`arn:aws:iam::123456789012:root`), or undefined for `*` and non-ARNs. */
export function accountOfPrincipal(principal: string): string | undefined {
    return /^arn:aws[a-z-]*:iam::(\d{12}):/.exec(principal)?.[1];
}

/** True when `value` looks like an EventBridge envelope of a CloudTrail API call. */
export function isCloudTrailApiCallEvent(value: unknown): value is CloudTrailApiCallEvent {
    const event = asRecord(value);
    const detail = asRecord(event.detail);
    return typeof detail.eventName === "string" && typeof event.account === "string" && typeof event.region === "string";
}
