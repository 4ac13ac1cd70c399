/**
 * VPC endpoint policies: what may pass through the environment's endpoints.
 *
 * An endpoint policy is the perimeter's network-side check on identities and
 * resources: even with valid credentials, a request through our endpoint succeeds only
 * when it is made by our identities to our resources (or by AWS services, or to the
 * AWS-owned resources a service needs, or to/by the trusted third parties). It stops
 * stolen outside credentials from using our network, and our credentials from moving
 * data to someone else's bucket through it.
 */
import { catalogEntry } from "../aws/service-catalog";
import { Definition } from "../definition/schema";
import { awsOwnedResources } from "../aws/aws-owned-resources";
import { resourcelessPrefixes } from "../aws/resourceless-services";
import { oneOrMany, ourPrincipals, ourPrincipalsKey, ourResourcesKey, Trust, trustOf } from "./trust";
import { PolicyDocument, PolicyStatement } from "./types";

function actionsOf(prefixes: string[]): string | string[] {
    return oneOrMany(prefixes.map((p) => `${p}:*`));
}

/**
 * The perimeter statements for an endpoint that carries requests of the IAM services
 * `prefixes`.
 */
export function endpointPolicyFor(trust: Trust, prefixes: string[]): PolicyDocument {
    const [principalKey, principalValue] = ourPrincipalsKey(trust);
    const [resourceKey, resourceValue] = ourResourcesKey(trust);
    const resourceful = prefixes.filter((p) => !resourcelessPrefixes.includes(p));
    const resourceless = prefixes.filter((p) => resourcelessPrefixes.includes(p));
    const statements: PolicyStatement[] = [];

    if (resourceful.length > 0) {
        statements.push({
            Sid: "OurIdentitiesToOurResources",
            Effect: "Allow",
            Principal: "*",
            Action: actionsOf(resourceful),
            Resource: "*",
            Condition: { StringEquals: { [principalKey]: principalValue, [resourceKey]: resourceValue } },
        });
        if (trust.trustedAccounts.length > 0) {
            statements.push({
                Sid: "OurIdentitiesToTrustedResources",
                Effect: "Allow",
                Principal: "*",
                Action: actionsOf(resourceful),
                Resource: "*",
                Condition: { StringEquals: { [principalKey]: principalValue, "aws:ResourceAccount": oneOrMany(trust.trustedAccounts) } },
            });
            statements.push({
                Sid: "TrustedIdentitiesToOurResources",
                Effect: "Allow",
                Principal: "*",
                Action: actionsOf(resourceful),
                Resource: "*",
                Condition: { StringEquals: { "aws:PrincipalAccount": oneOrMany(trust.trustedAccounts), [resourceKey]: resourceValue } },
            });
        }
    }
    if (resourceless.length > 0) {
        // No resource in these requests, hence no resource owner to require.
        statements.push({
            Sid: "OurIdentitiesResourcelessActions",
            Effect: "Allow",
            Principal: "*",
            Action: actionsOf(resourceless),
            Resource: "*",
            Condition: ourPrincipals(trust),
        });
    }
    statements.push({
        Sid: "AwsServicePrincipals",
        Effect: "Allow",
        Principal: "*",
        Action: actionsOf(prefixes),
        Resource: "*",
        Condition: { Bool: { "aws:PrincipalIsAWSService": "true" } },
    });
    for (const prefix of prefixes) {
        for (const exception of awsOwnedResources[prefix] ?? []) {
            statements.push({
                Sid: exception.sid,
                Effect: "Allow",
                Principal: "*",
                Action: oneOrMany(exception.actions),
                Resource: oneOrMany(exception.resources(trust.region, trust.partition)),
                Condition: ourPrincipals(trust),
            });
        }
    }
    return { Version: "2012-10-17", Statement: statements };
}

/**
 * Private REST APIs (`execute-api`): the request's resource is the API, so the endpoint
 * limits *which APIs* can be invoked through it — those owned by the environment's
 * accounts and the trusted third parties — and, like every other endpoint, *who* invokes
 * them: our identities. Unsigned invocations (APIs authorized by Cognito, a Lambda
 * authorizer or nothing) carry no principal and are therefore refused through this
 * endpoint: sign them with SigV4, or serve such APIs from a distributed endpoint with
 * its own policy. Each API's resource policy still decides who may call it.
 */
function privateApiPolicy(definition: Definition, trust: Trust): PolicyDocument {
    const owners = [...trust.accountIds, ...trust.trustedAccounts];
    return {
        Version: "2012-10-17",
        Statement: [
            {
                Sid: "OurIdentitiesToOurApis",
                Effect: "Allow",
                Principal: "*",
                Action: ["execute-api:Invoke", "execute-api:ManageConnections"],
                Resource: owners.map((account) => `arn:${trust.partition}:execute-api:${definition.region}:${account}:*`),
                Condition: ourPrincipals(trust),
            },
        ],
    };
}

/** Policy for an interface endpoint of `service`; undefined when the service takes only the full-access policy (or none). */
export function interfaceEndpointPolicy(definition: Definition, service: string): PolicyDocument | undefined {
    const entry = catalogEntry(service);
    if (!entry) {
        throw new Error(`interfaceEndpointPolicy: service "${service}" is not in the service catalog (aws/service-catalog.ts)`);
    }
    if (entry.policy !== "restricted") return undefined;
    const trust = trustOf(definition);
    if (entry.iamPrefixes.includes("execute-api")) return privateApiPolicy(definition, trust);
    return endpointPolicyFor(trust, entry.iamPrefixes);
}

/** Policy for the S3 or DynamoDB gateway endpoint of a VPC. */
export function gatewayEndpointPolicy(definition: Definition, service: "s3" | "dynamodb"): PolicyDocument {
    return endpointPolicyFor(trustOf(definition), [service]);
}
