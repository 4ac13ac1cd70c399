/**
 * What the data perimeter trusts, read from the definition: identities (the
 * organization, or the accounts of a single-account environment, plus trusted third
 * parties), resources (the same), and networks (the environment's own VPC endpoints, its
 * VPCs where AWS names only the VPC, and the corporate egress ranges).
 *
 * Every value here is known at program time, so the documents built from it are plain
 * JSON strings the policy pack can read during preview. Endpoints are recognized by their
 * owner (`aws:VpceOrgID` / `aws:VpceAccount`) wherever AWS sends those keys
 * (aws/request-context.ts); VPC ids, which the other services send instead, come from the
 * network stack's outputs and enter through `PerimeterNetworks` (perimeter/networks.ts).
 */
import { partitionOf } from "../aws/partitions";
import { catalogEntry } from "../aws/service-catalog";
import { Definition } from "../definition/schema";
import { PolicyStatement } from "./types";

export type Condition = NonNullable<PolicyStatement["Condition"]>;

export interface Trust {
    /** The organization id; undefined in a single-account environment. */
    orgId?: string;
    /** Account ids the definition names (the organization's accounts, or the sandbox account). */
    accountIds: string[];
    /** Third-party account ids trusted as identities and resource owners. */
    trustedAccounts: string[];
    region: string;
    /** `aws`, `aws-us-gov` or `aws-cn`, from the Region. */
    partition: string;
    corporateCidrs: string[];
    /** AWS's opt-out tag: `true` exempts a principal from the network perimeter. */
    breakGlassTag: string;
    /** AWS's opt-in tag: `true` puts a principal under the SCP/RCP network perimeter. */
    includeTag: string;
    networkAdminRole: string;
    /** The role stacks deploy as (`deployment.roleName`): it manages the bucket policies it writes. */
    deploymentRole: string;
    approvedEndpointServices: string[];
}

function unique(values: string[]): string[] {
    return [...new Set(values)].sort();
}

export function trustOf(definition: Definition): Trust {
    const p = definition.perimeter;
    return {
        orgId: definition.organization?.id,
        accountIds: unique(Object.values(definition.accounts)),
        trustedAccounts: unique(p.trustedAccounts),
        region: definition.region,
        partition: partitionOf(definition.region),
        corporateCidrs: unique(p.corporateCidrs),
        breakGlassTag: p.breakGlassTag,
        includeTag: p.includeTag,
        networkAdminRole: p.networkAdminRole,
        deploymentRole: definition.deployment.roleName,
        approvedEndpointServices: unique(p.approvedEndpointServices),
    };
}

/** A single value stays a string (shorter documents, which matters under the 5,120-character SCP limit). */
export function oneOrMany(values: string[]): string | string[] {
    return values.length === 1 ? values[0] : values;
}

/**
 * Condition that the caller is one of our identities: the organization
 * (`aws:PrincipalOrgID`) or, without one, the environment's accounts.
 */
export function ourPrincipals(trust: Trust): Condition {
    return trust.orgId
        ? { StringEquals: { "aws:PrincipalOrgID": trust.orgId } }
        : { StringEquals: { "aws:PrincipalAccount": oneOrMany(trust.accountIds) } };
}

/** The key/value naming our resources: `aws:ResourceOrgID` or, without an organization, `aws:ResourceAccount`. */
export function ourResourcesKey(trust: Trust): [string, string | string[]] {
    return trust.orgId ? ["aws:ResourceOrgID", trust.orgId] : ["aws:ResourceAccount", oneOrMany(trust.accountIds)];
}

/** The key/value naming our principals: `aws:PrincipalOrgID` or `aws:PrincipalAccount`. */
export function ourPrincipalsKey(trust: Trust): [string, string | string[]] {
    return trust.orgId ? ["aws:PrincipalOrgID", trust.orgId] : ["aws:PrincipalAccount", oneOrMany(trust.accountIds)];
}

/**
 * The key/value naming our VPC endpoints by their owner: `aws:VpceOrgID` (any endpoint
 * owned by an account of the organization) or, without one, `aws:VpceAccount`. Only some
 * services send these keys (aws/request-context.ts).
 */
export function ourEndpointsKey(trust: Trust): [string, string | string[]] {
    return trust.orgId ? ["aws:VpceOrgID", trust.orgId] : ["aws:VpceAccount", oneOrMany(trust.accountIds)];
}

/** IAM prefixes of the interface endpoints' services (those taking IAM-signed requests). */
export function interfaceEndpointPrefixes(definition: Definition): string[] {
    const prefixes: string[] = [];
    for (const service of definition.network.endpoints.services) {
        const entry = catalogEntry(service);
        if (!entry || entry.policy === "unsupported") continue;
        prefixes.push(...entry.iamPrefixes);
    }
    return unique(prefixes);
}

/** IAM prefixes of the spokes' gateway endpoints (`s3`, `dynamodb`). */
export function gatewayEndpointPrefixes(definition: Definition): string[] {
    return unique(definition.spokes.flatMap((s) => s.gatewayEndpoints));
}

/**
 * IAM service prefixes the environment's endpoints carry: the interface endpoints of
 * `network.endpoints.services` that take IAM-signed requests, plus S3/DynamoDB when a
 * spoke has their gateway endpoint. The network perimeter covers exactly these services
 * (perimeter/network-perimeter.ts says how, per service): a call to any of them is
 * expected to arrive through one of our endpoints (or from a corporate range); services
 * without an endpoint are reached over the internet and are left to the identity and
 * resource perimeters.
 */
export function perimeterServices(definition: Definition): string[] {
    return unique([...interfaceEndpointPrefixes(definition), ...gatewayEndpointPrefixes(definition)]);
}
