/**
 * What the data perimeter trusts, read from the definition: identities (the
 * organization, or the accounts of a single-account environment, plus trusted third
 * parties), resources (the same), and networks (the environment's own VPC endpoints and
 * the corporate egress ranges).
 *
 * Every value here is known at program time, so the documents built from it are plain
 * JSON strings the policy pack can read during preview. That is why the network
 * perimeter names endpoints by their owner (`aws:VpceOrgID` / `aws:VpceAccount`) rather
 * than by endpoint or VPC id: ids are computed outputs, unknown until deploy, and would
 * have to be rewritten into every policy each time an endpoint is added.
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
    breakGlassTag: string;
    networkAdminRole: string;
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
        networkAdminRole: p.networkAdminRole,
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
 * owned by an account of the organization) or, without one, `aws:VpceAccount`.
 */
export function ourEndpointsKey(trust: Trust): [string, string | string[]] {
    return trust.orgId ? ["aws:VpceOrgID", trust.orgId] : ["aws:VpceAccount", oneOrMany(trust.accountIds)];
}

/**
 * IAM service prefixes the environment's endpoints carry: the interface endpoints of
 * `network.endpoints.services` that take IAM-signed requests, plus S3/DynamoDB when a
 * spoke has their gateway endpoint. The network perimeter covers exactly these
 * services: a call to any of them is expected to arrive through one of our endpoints
 * (or from a corporate range); services without an endpoint are reached over the
 * internet and are left to the identity and resource perimeters.
 */
export function perimeterServices(definition: Definition): string[] {
    const prefixes: string[] = [];
    for (const service of definition.network.endpoints.services) {
        const entry = catalogEntry(service);
        if (!entry || entry.policy === "unsupported") continue;
        prefixes.push(...entry.iamPrefixes);
    }
    for (const spoke of definition.spokes) prefixes.push(...spoke.gatewayEndpoints);
    return unique(prefixes);
}
