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
import { endpointTargets, latticeArnPattern } from "../../aws/vpc-endpoint-service-actions";

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

export interface AcceptConnectionsCall {
    serviceId?: string;
    vpcEndpointIds: string[];
}

export function readAcceptConnections(event: CloudTrailApiCallEvent): AcceptConnectionsCall {
    const req = requestOf(event.detail);
    return { serviceId: firstString(req.ServiceId), vpcEndpointIds: listValues(req.VpcEndpointId) };
}

export interface ModifyPermissionsCall {
    serviceId?: string;
    addedPrincipals: string[];
}

export function readModifyPermissions(event: CloudTrailApiCallEvent): ModifyPermissionsCall {
    const req = requestOf(event.detail);
    return { serviceId: firstString(req.ServiceId), addedPrincipals: listValues(req.AddAllowedPrincipals) };
}

/**
 * The service an administration call concerns (`ServiceId`, or for
 * CreateVpcEndpointServiceConfiguration the id in its response), and its
 * `AcceptanceRequired` when the call sets it.
 */
export function readServiceAdministration(event: CloudTrailApiCallEvent): { serviceId?: string; acceptanceRequired?: boolean } {
    const req = requestOf(event.detail);
    const response = responseOf(event.detail);
    const configuration = asRecord(response.serviceConfiguration);
    return {
        serviceId: firstString(req.ServiceId, configuration.serviceId),
        acceptanceRequired: booleanField(req.AcceptanceRequired),
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
