/**
 * The CloudTrail events the governance evaluator receives (EventBridge
 * "AWS API Call via CloudTrail" from `aws.ec2`), and readers for the parts it decides on.
 *
 * EC2 records its query-API request parameters in CloudTrail with XML-ish list shapes:
 * a one-item list is `{ "tag": 1, "content": "x" }`, longer ones are arrays of those, and
 * some responses wrap lists in `{ "item": [...] }`. `listValues` flattens all of them.
 */

/** The three API calls the landing zone governs. */
export const governedEventNames = ["CreateVpcEndpoint", "AcceptVpcEndpointConnections", "ModifyVpcEndpointServicePermissions"] as const;
export type GovernedEventName = (typeof governedEventNames)[number];

export interface CloudTrailDetail {
    eventVersion?: string;
    eventSource: string;
    eventName: string;
    awsRegion: string;
    eventTime?: string;
    eventID?: string;
    recipientAccountId?: string;
    userIdentity?: { type?: string; arn?: string; accountId?: string; principalId?: string };
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
    if (Array.isArray(value)) return value.flatMap(listValues);
    if (typeof value === "object") {
        const record = value as Record<string, unknown>;
        if ("content" in record) return listValues(record.content);
        if ("item" in record) return listValues(record.item);
    }
    return [];
}

/** The request body of `eventName`: EC2 nests it under `<EventName>Request`. */
function requestOf(detail: CloudTrailDetail): Record<string, unknown> {
    const params = detail.requestParameters ?? {};
    const nested = params[`${detail.eventName}Request`];
    return nested && typeof nested === "object" ? (nested as Record<string, unknown>) : params;
}

function firstString(...candidates: unknown[]): string | undefined {
    for (const c of candidates) {
        const values = listValues(c);
        if (values.length > 0) return values[0];
    }
    return undefined;
}

export interface CreateVpcEndpointCall {
    serviceName: string;
    /** The Region of the endpoint service (cross-Region PrivateLink); the event's Region otherwise. */
    serviceRegion: string;
    vpcEndpointId?: string;
    vpcEndpointType?: string;
}

export function readCreateVpcEndpoint(event: CloudTrailApiCallEvent): CreateVpcEndpointCall | undefined {
    const req = requestOf(event.detail);
    const response = (event.detail.responseElements ?? {}) as Record<string, unknown>;
    const endpoint = ((response.CreateVpcEndpointResponse as Record<string, unknown> | undefined)?.vpcEndpoint ?? {}) as Record<string, unknown>;
    const serviceName = firstString(req.ServiceName, endpoint.serviceName);
    if (!serviceName) return undefined;
    return {
        serviceName,
        serviceRegion: firstString(req.ServiceRegion, endpoint.serviceRegion) ?? event.detail.awsRegion ?? event.region,
        vpcEndpointId: firstString(endpoint.vpcEndpointId),
        vpcEndpointType: firstString(req.VpcEndpointType, endpoint.vpcEndpointType),
    };
}

export interface AcceptConnectionsCall {
    serviceId: string;
    vpcEndpointIds: string[];
}

export function readAcceptConnections(event: CloudTrailApiCallEvent): AcceptConnectionsCall | undefined {
    const req = requestOf(event.detail);
    const serviceId = firstString(req.ServiceId);
    if (!serviceId) return undefined;
    return { serviceId, vpcEndpointIds: listValues(req.VpcEndpointId) };
}

export interface ModifyPermissionsCall {
    serviceId: string;
    addedPrincipals: string[];
}

export function readModifyPermissions(event: CloudTrailApiCallEvent): ModifyPermissionsCall | undefined {
    const req = requestOf(event.detail);
    const serviceId = firstString(req.ServiceId);
    if (!serviceId) return undefined;
    return { serviceId, addedPrincipals: listValues(req.AddAllowedPrincipals) };
}

/** The account id of an IAM principal ARN (`arn:aws:iam::123456789012:root`), or undefined for `*` and non-ARNs. */
export function accountOfPrincipal(principal: string): string | undefined {
    return /^arn:aws[a-z-]*:iam::(\d{12}):/.exec(principal)?.[1];
}
