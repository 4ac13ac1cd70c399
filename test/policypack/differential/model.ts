/**
 * The request and document universe of the differential tests: condition keys of every value
 * family IAM compares (string, ARN, IP address, Boolean, number, date; single- and
 * multivalued), their policy and request values, operators with set prefixes and IfExists, and
 * the element forms (string or array, Not* elements, object or JSON text). Generators
 * (fast-check) draw from it; `simulate` asks the independent evaluator
 * (@cloud-copilot/iam-simulate, a devDependency) for its verdict on the same input.
 */
import { runSimulation } from "@cloud-copilot/iam-simulate";
import * as fc from "fast-check";

export interface KeySpec {
    key: string;
    family: "string" | "arn" | "ip" | "bool" | "numeric" | "date";
    multi?: boolean;
    policyValues: string[];
    requestValues: string[];
}

export const ORG = "o-a1b2c3d4e5";
export const INSIDE = "111111111111";
export const OUTSIDE = "999988887777";

export const keys: KeySpec[] = [
    { key: "aws:PrincipalOrgID", family: "string", policyValues: [ORG, "o-zzzzzzzzzz", "o-*", "o-a1b2*", "O-A1B2C3D4E5"], requestValues: [ORG, "o-zzzzzzzzzz", "o-a1b2ffffff"] },
    { key: "aws:PrincipalAccount", family: "string", policyValues: [INSIDE, OUTSIDE, "1111*", "*"], requestValues: [INSIDE, OUTSIDE] },
    { key: "aws:PrincipalOrgPaths", family: "string", multi: true, policyValues: [`${ORG}/r-ab12/ou-ab12-11111111/`, `${ORG}/*`, "o-zzzzzzzzzz/r-x/"], requestValues: [`${ORG}/r-ab12/ou-ab12-11111111/`, "o-zzzzzzzzzz/r-x/"] },
    { key: "aws:SourceVpce", family: "string", policyValues: ["vpce-0123456789abcdef0", "vpce-*", "vpce-0fffffffffffffff0"], requestValues: ["vpce-0123456789abcdef0", "vpce-0aaaaaaaaaaaaaaa0"] },
    { key: "aws:SourceIp", family: "ip", policyValues: ["203.0.113.0/24", "10.0.0.0/8", "198.51.100.7/32", "128.0.0.0/1", "198.51.100.7"], requestValues: ["203.0.113.5", "10.1.2.3", "198.51.100.7", "192.0.2.1"] },
    { key: "aws:SecureTransport", family: "bool", policyValues: ["true", "false", "True"], requestValues: ["true", "false"] },
    { key: "aws:PrincipalArn", family: "arn", policyValues: [`arn:aws:iam::${INSIDE}:role/*`, "arn:aws:iam::*:role/admin", `arn:aws:iam::${OUTSIDE}:role/x`, "arn:aws:iam::*:*"], requestValues: [`arn:aws:iam::${INSIDE}:role/app`, `arn:aws:iam::${OUTSIDE}:role/x`] },
    { key: "aws:TagKeys", family: "string", multi: true, policyValues: ["a", "b", "c*"], requestValues: ["a", "b", "cd", "z"] },
    { key: "aws:MultiFactorAuthAge", family: "numeric", policyValues: ["3600", "0", "100"], requestValues: ["50", "3600", "7200"] },
    { key: "aws:CurrentTime", family: "date", policyValues: ["2026-01-01T00:00:00Z", "2030-01-01T00:00:00Z"], requestValues: ["2026-11-30T12:00:00Z"] },
];

const operatorsByFamily: Record<KeySpec["family"], string[]> = {
    string: ["StringEquals", "StringNotEquals", "StringEqualsIgnoreCase", "StringNotEqualsIgnoreCase", "StringLike", "StringNotLike"],
    arn: ["ArnEquals", "ArnLike", "ArnNotEquals", "ArnNotLike", "StringLike"],
    ip: ["IpAddress", "NotIpAddress"],
    bool: ["Bool"],
    numeric: ["NumericEquals", "NumericNotEquals", "NumericLessThan", "NumericGreaterThanEquals"],
    date: ["DateLessThan", "DateGreaterThan", "DateEquals"],
};

/** A key name as a policy may spell it (IAM compares key names without case). */
const spelledKey = (key: string) => fc.constantFrom(key, key.toLowerCase(), key.toUpperCase());

export const conditionEntry = fc
    .constantFrom(...keys)
    .chain((spec) =>
        fc.record({
            spec: fc.constant(spec),
            key: spelledKey(spec.key),
            operator: fc.oneof(
                { weight: 5, arbitrary: fc.tuple(fc.constantFrom("", "", "ForAnyValue:", "ForAllValues:"), fc.constantFrom(...operatorsByFamily[spec.family]), fc.constantFrom("", "", "IfExists")).map(([set, base, ifExists]) => `${set}${base}${ifExists}`) },
                { weight: 1, arbitrary: fc.constant("Null") },
            ),
            values: fc.oneof(fc.constantFrom(...spec.policyValues), fc.uniqueArray(fc.constantFrom(...spec.policyValues), { minLength: 1, maxLength: 3 })),
        }),
    )
    .map((e) => ({ ...e, values: e.operator === "Null" ? (Array.isArray(e.values) ? "true" : "false") : e.values }));

export const principalElement = fc.constantFrom<unknown>("*", { AWS: "*" }, { AWS: INSIDE }, { AWS: `arn:aws:iam::${OUTSIDE}:root` }, { AWS: [`arn:aws:iam::${INSIDE}:role/app`, OUTSIDE] });

const actionElement = fc.oneof(
    fc.record({ Action: fc.constantFrom<unknown>("s3:*", ["s3:GetObject", "s3:PutObject"], "s3:Get*", "S3:getobject", "*") }),
    fc.record({ NotAction: fc.constantFrom<unknown>("s3:Put*", ["s3:ListBucket"]) }),
);
const resourceElement = fc.oneof(
    fc.record({ Resource: fc.constantFrom<unknown>("*", "arn:aws:s3:::corp-data/*", ["arn:aws:s3:::corp-data", "arn:aws:s3:::corp-data/*"], "arn:aws:s3:::corp-*", "arn:aws:s3:::CORP-DATA/*") }),
    fc.record({ NotResource: fc.constantFrom<unknown>("arn:aws:s3:::other/*", ["arn:aws:s3:::other", "arn:aws:s3:::other/*"]) }),
);

export const statement = fc
    .record({
        effect: fc.constantFrom("Allow", "Allow", "Deny"),
        principal: principalElement,
        action: actionElement,
        resource: resourceElement,
        conditions: fc.array(conditionEntry, { maxLength: 3 }),
    })
    .map(({ effect, principal, action, resource, conditions }) => {
        const s: Record<string, unknown> = { Effect: effect, Principal: principal, ...action, ...resource };
        if (conditions.length > 0) {
            const condition: Record<string, Record<string, unknown>> = {};
            for (const c of conditions) (condition[c.operator] ??= {})[c.key] = c.values;
            s.Condition = condition;
        }
        return s;
    });

export const document = fc.array(statement, { minLength: 1, maxLength: 3 }).map((Statement) => ({ Version: "2012-10-17", Statement }));

export interface GeneratedRequest {
    principal: string;
    account: string;
    action: string;
    resource: string;
    context: Record<string, string | string[]>;
}

export const request = fc
    .record({
        account: fc.constantFrom(INSIDE, OUTSIDE),
        action: fc.constantFrom("s3:GetObject", "s3:PutObject", "s3:ListBucket"),
        bucket: fc.constantFrom("corp-data", "other"),
        present: fc.subarray(keys.filter((k) => !["aws:PrincipalAccount", "aws:PrincipalArn"].includes(k.key))),
        values: fc.array(fc.nat(), { minLength: keys.length * 2, maxLength: keys.length * 2 }),
    })
    .map(({ account, action, bucket, present, values }): GeneratedRequest => {
        const principal = account === INSIDE ? `arn:aws:iam::${INSIDE}:role/app` : `arn:aws:iam::${OUTSIDE}:role/x`;
        const context: Record<string, string | string[]> = { "aws:PrincipalAccount": account, "aws:PrincipalArn": principal };
        present.forEach((spec, i) => {
            const pick = (j: number) => spec.requestValues[values[j] % spec.requestValues.length];
            context[spec.key] = spec.multi ? [...new Set([pick(2 * i), pick(2 * i + 1)].slice(0, values[2 * i] % 3))] : pick(2 * i);
        });
        return { principal, account, action, resource: action === "s3:ListBucket" ? `arn:aws:s3:::${bucket}` : `arn:aws:s3:::${bucket}/x`, context };
    });

const FULL = { Version: "2012-10-17", Statement: [{ Effect: "Allow", Action: "*", Resource: "*" }] };
/** The account that owns the resource in "resource" mode: neither caller's, so every call is cross-account. */
export const RESOURCE_OWNER = "222222222222";

/** Whether every statement's principal is the form an endpoint policy takes ("*" or {"AWS": "*"}). */
export function endpointShaped(document: { Statement: Record<string, unknown>[] }): boolean {
    return document.Statement.every((s) => s.Principal === "*");
}

/**
 * The independent evaluator's verdict on `document`, everything else allowing (an identity
 * policy that allows everything, no SCP or RCP), so "allowed" exactly when the document allows:
 * - "endpoint": the document is the VPC endpoint policy of a same-account request;
 * - "resource": the document is the bucket's resource policy and the bucket belongs to another
 *   account, so the request needs the document's Allow and no Deny of it.
 * Undefined when the evaluator rejects the input.
 */
export async function simulate(document: unknown, r: GeneratedRequest, mode: "endpoint" | "resource"): Promise<"allowed" | "denied" | undefined> {
    const result = await runSimulation(
        {
            request: { principal: r.principal, action: r.action, resource: { resource: r.resource, accountId: mode === "endpoint" ? r.account : RESOURCE_OWNER }, contextVariables: r.context },
            identityPolicies: [{ name: "all", policy: FULL }],
            serviceControlPolicies: [],
            resourceControlPolicies: [],
            ...(mode === "endpoint" ? { vpcEndpointPolicies: [{ name: "endpoint", policy: document }] } : { resourcePolicy: document }),
        } as never,
        {},
    );
    if (result.resultType === "error") {
        if (process.env.SIM_DEBUG) console.log(JSON.stringify(result.errors).slice(0, 400));
        return undefined;
    }
    return result.overallResult === "Allowed" ? "allowed" : "denied";
}
