/**
 * VPC endpoint policies: what may pass through the environment's endpoints.
 *
 * An endpoint policy is the perimeter's network-side check on identities and
 * resources: even with valid credentials, a request through our endpoint succeeds only
 * when it is made by our identities to our resources (or by AWS services, or to the
 * AWS-owned resources a service needs, or to/by the trusted third parties). It stops
 * stolen outside credentials from using our network, and our credentials from moving
 * data to someone else's bucket through it. The statements follow AWS's examples
 * (aws-samples/data-perimeter-policy-examples, vpc_endpoint_policies/).
 *
 * Endpoints to customer endpoint services (PrivateLink consumers of `endpointServices`) get
 * no policy at all: AWS accepts only the full-access policy there
 * (aws/endpoint-policy-support.ts). Their perimeter is the provider's allowed principals,
 * acceptance of each connection, and the service's own authorization.
 */
import { admitsAnyCaller, awsOwnedResources, neededFor } from "../aws/aws-owned-resources";
import { catalogEntry } from "../aws/service-catalog";
import { s3WildcardOnlyActions } from "../aws/resourceless-services";
import { hubRegion, spokesIn } from "../definition/regions";
import { Definition } from "../definition/schema";
import { ourPrincipals, ourPrincipalsKey, ourResourcesKey, oneOrMany, Trust, trustOf } from "./trust";
import { PolicyDocument, PolicyStatement } from "./types";

function actionsOf(prefixes: string[]): string | string[] {
    return oneOrMany(prefixes.map((p) => `${p}:*`));
}

/** An exception to the resource perimeter, from AWS's list or the definition's `perimeter.exceptions`. */
export interface ResourceException {
    sid: string;
    /** IAM prefix of the requests. */
    via: string;
    actions: string[];
    resources: string[];
    /** `ours`: our identities only; `any`: also requests that carry no identity of ours. */
    callers: "ours" | "any";
}

/**
 * Catalog services the environment's endpoints serve in `region` (that Region's interface
 * endpoints and its spokes' gateway endpoints; definition/regions.ts). The home Region by default.
 */
export function servedServices(definition: Definition, region: string = definition.region): string[] {
    const services = hubRegion(definition, region)?.services ?? definition.network.endpoints.services;
    return [...new Set([...services, ...spokesIn(definition, region).flatMap((s) => s.gatewayEndpoints)])];
}

/**
 * The exceptions an endpoint carrying `prefixes` gets: AWS-owned resources the
 * environment's services need (those AWS publishes for `region`), then the user's own.
 */
export function resourceExceptions(definition: Definition, prefixes: string[], region: string = definition.region): ResourceException[] {
    const trust = trustOf(definition);
    const services = servedServices(definition, region);
    const out: ResourceException[] = [];
    for (const entry of awsOwnedResources) {
        if (!prefixes.includes(entry.via) || !neededFor(entry, services)) continue;
        const resources = entry.resources(region, trust.partition);
        if (!resources) continue;
        out.push({ sid: entry.sid, via: entry.via, actions: entry.actions, resources, callers: admitsAnyCaller(entry) ? "any" : "ours" });
    }
    for (const e of definition.perimeter.exceptions) {
        if (prefixes.includes(e.service)) out.push({ sid: e.name, via: e.service, actions: e.actions, resources: e.resources, callers: e.callers });
    }
    return out;
}

/**
 * The perimeter statements for an endpoint that carries requests of the IAM services
 * `prefixes`, with `exceptions` to the resource perimeter.
 */
export function endpointPolicyFor(trust: Trust, prefixes: string[], exceptions: ResourceException[] = []): PolicyDocument {
    const [principalKey, principalValue] = ourPrincipalsKey(trust);
    const [resourceKey, resourceValue] = ourResourcesKey(trust);
    const statements: PolicyStatement[] = [
        {
            Sid: "OurIdentitiesToOurResources",
            Effect: "Allow",
            Principal: "*",
            Action: actionsOf(prefixes),
            Resource: "*",
            Condition: { StringEquals: { [principalKey]: principalValue, [resourceKey]: resourceValue } },
        },
        {
            // Requests that name no resource owner: account-level calls (ssmmessages channels,
            // sts:GetCallerIdentity, kms:ListKeys ...). Whether AWS fills aws:ResourceAccount
            // for them with the caller's account is not documented service by service; this
            // statement makes them work either way. For S3 — where the owner decides whose
            // data moves — only S3's own account-level actions are let through this way.
            Sid: "OurIdentitiesRequestsNamingNoOwner",
            Effect: "Allow",
            Principal: "*",
            Action: oneOrMany(prefixes.flatMap((p) => (p === "s3" ? [...s3WildcardOnlyActions] : [`${p}:*`]))),
            Resource: "*",
            Condition: { StringEquals: { [principalKey]: principalValue }, Null: { "aws:ResourceAccount": "true" } },
        },
    ];
    if (trust.trustedAccounts.length > 0) {
        statements.push(
            {
                Sid: "OurIdentitiesToTrustedResources",
                Effect: "Allow",
                Principal: "*",
                Action: actionsOf(prefixes),
                Resource: "*",
                Condition: { StringEquals: { [principalKey]: principalValue, "aws:ResourceAccount": oneOrMany(trust.trustedAccounts) } },
            },
            {
                Sid: "TrustedIdentitiesToOurResources",
                Effect: "Allow",
                Principal: "*",
                Action: actionsOf(prefixes),
                Resource: "*",
                Condition: { StringEquals: { "aws:PrincipalAccount": oneOrMany(trust.trustedAccounts), [resourceKey]: resourceValue } },
            },
        );
    }
    statements.push({
        Sid: "AwsServicePrincipals",
        Effect: "Allow",
        Principal: "*",
        Action: actionsOf(prefixes),
        Resource: "*",
        Condition: { Bool: { "aws:PrincipalIsAWSService": "true" } },
    });
    for (const e of exceptions) {
        statements.push({
            Sid: e.sid,
            Effect: "Allow",
            Principal: "*",
            Action: oneOrMany(e.actions),
            Resource: oneOrMany(e.resources),
            // `any`: unauthenticated or AWS-presigned requests (aws/aws-owned-resources.ts) carry no identity of ours.
            ...(e.callers === "ours" ? { Condition: ourPrincipals(trust) } : {}),
        });
    }
    return { Version: "2012-10-17", Statement: statements };
}

/**
 * Private REST APIs (`execute-api`): the request's resource is the API, so the endpoint
 * limits *which APIs* can be invoked through it — those owned by the environment's
 * accounts and the trusted third parties — and, like every other endpoint, *who* invokes
 * them: our identities. Unsigned invocations (APIs authorized by Cognito, a Lambda
 * authorizer or nothing) carry no principal and are refused, unless
 * `perimeter.admitUnsignedPrivateApiCalls` lets them invoke the environment's own APIs
 * (never a third party's) — AWS's private API examples use `Principal: "*"` for exactly
 * these (https://docs.aws.amazon.com/apigateway/latest/developerguide/apigateway-vpc-endpoint-policies.html).
 * That statement admits only requests with no principal (`Null aws:PrincipalArn`), so signed
 * outside credentials stay refused. Each API's resource policy still decides who may call it.
 */
function privateApiPolicy(definition: Definition, trust: Trust, region: string): PolicyDocument {
    const owners = [...trust.accountIds, ...trust.trustedAccounts];
    // An interface endpoint reaches the APIs of its own Region only.
    const apisOf = (accounts: string[]) => accounts.map((account) => `arn:${trust.partition}:execute-api:${region}:${account}:*`);
    const statements: PolicyStatement[] = [
        {
            Sid: "OurIdentitiesToOurApis",
            Effect: "Allow",
            Principal: "*",
            Action: ["execute-api:Invoke", "execute-api:ManageConnections"],
            Resource: apisOf(owners),
            Condition: ourPrincipals(trust),
        },
    ];
    if (definition.perimeter.admitUnsignedPrivateApiCalls) {
        statements.push({
            Sid: "UnsignedCallsToOurApis",
            Effect: "Allow",
            Principal: "*",
            Action: "execute-api:Invoke",
            Resource: oneOrMany(apisOf(trust.accountIds)),
            Condition: { Null: { "aws:PrincipalArn": "true" } },
        });
    }
    return { Version: "2012-10-17", Statement: statements };
}

/**
 * Policy for an interface endpoint of `service` in `region` (default: the home Region);
 * undefined when the service takes only the full-access policy (or none). The Region decides
 * the AWS-owned resources it admits (aws/aws-owned-resources.ts: per-Region buckets and
 * registries) and, for execute-api, whose APIs.
 */
export function interfaceEndpointPolicy(definition: Definition, service: string, region: string = definition.region): PolicyDocument | undefined {
    const entry = catalogEntry(service);
    if (!entry) {
        throw new Error(`interfaceEndpointPolicy: service "${service}" is not in the service catalog (aws/service-catalog.ts)`);
    }
    if (entry.policy !== "restricted") return undefined;
    const trust = trustOf(definition);
    if (entry.iamPrefixes.includes("execute-api")) return privateApiPolicy(definition, trust, region);
    return endpointPolicyFor(trust, entry.iamPrefixes, resourceExceptions(definition, entry.iamPrefixes, region));
}

/** Policy for the S3 or DynamoDB gateway endpoint of a VPC in `region` (default: the home Region). */
export function gatewayEndpointPolicy(definition: Definition, service: "s3" | "dynamodb", region: string = definition.region): PolicyDocument {
    return endpointPolicyFor(trustOf(definition), [service], resourceExceptions(definition, [service], region));
}
