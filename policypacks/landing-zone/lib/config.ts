/**
 * The pack's configuration: what a rule must know about the environment that the resources
 * alone do not say (the organization, its accounts, its address space, its allow lists).
 *
 * Pulumi passes configuration per policy (`--policy-pack-config` is `{ "<policy>": {...} }`),
 * so every rule declares the keys it reads (`configSchema(...)`) and `npm run policy-config`
 * fills exactly those keys from the landing-zone definition.
 *
 * Keys are optional: without them a rule still checks everything that needs no environment
 * knowledge (e.g. `0.0.0.0/0`, `*` principals) and says what it could not check.
 */
import type { PolicyConfigSchema } from "@pulumi/policy";

export interface PackConfig {
    /** AWS Organizations id (o-...). Absent for a single-account sandbox environment. */
    organizationId?: string;
    /** OU ids (ou-...) of the organization that resources may be shared with. */
    organizationalUnitIds?: string[];
    /** The environment's own 12-digit account ids (the organization's accounts it uses). */
    accountIds?: string[];
    /** Third-party account ids the perimeter trusts (identities and resource owners). */
    trustedAccountIds?: string[];
    /** Address ranges of the environment: hub, spokes and on-premises. */
    internalCidrs?: string[];
    /** On-premises address ranges (Resolver inbound endpoint clients). */
    onPremisesCidrs?: string[];
    /** Public egress ranges of the corporate network (bucket policies may admit them). */
    corporateCidrs?: string[];
    /**
     * Full AWS service names endpoints may reach, e.g. `com.amazonaws.us-east-1.ssm`, for every
     * hub Region; each is judged per Region: an endpoint reaches it only from that Region, or
     * through `serviceRegion` for a service AWS offers cross-Region (lib/endpoint-regions.ts).
     */
    allowedServiceNames?: string[];
    /** Third-party PrivateLink service names (`com.amazonaws.vpce.<region>.vpce-svc-...`) that are approved. */
    approvedEndpointServiceNames?: string[];
    /**
     * Full names (`<organization>/<project>/<env>-<unit>`, exactly as a StackReference names
     * them) of the stacks that publish the organization's own endpoint services. A consumer
     * endpoint whose service name comes from a StackReference to one of these stacks is
     * approved: its name is only known after deploy.
     */
    endpointServiceStacks?: string[];
    /**
     * The environment's home Region. Alone (configs written before `regions`), it is the only
     * Region whose AWS services a workload's own endpoint may reach (`acceptWorkloadServiceEndpoints`).
     */
    region?: string;
    /**
     * Every Region with a hub (the home Region first): a workload's own endpoint to an AWS
     * service of any of them may be accepted. `npm run policy-config` writes it; when given it
     * must include `region` (see `hubRegionsOf`).
     */
    regions?: string[];
    /**
     * Per hub Region, the route domain whose transit gateway route table that Region's
     * peering attachments are associated with, when it is a domain's rather than a peering
     * table of its own (the program's network/domains.ts `peeringLookupDomain`; `npm run
     * policy-config` writes it). Such a table routes its own VPCs to the other Regions, so its
     * routes to other peerings are not transitive-route violations; any other table associated
     * with a peering still may not route to another peering.
     */
    peeringLookupDomains?: Record<string, string>;
    /**
     * Accept a workload's own interface or gateway endpoint to an AWS service of its own Region
     * (its `region` input, else its provider's), when that is a hub Region, that is not centralized, when it meets the perimeter: an endpoint
     * policy that admits no outsider, and (interface) security groups that admit only internal
     * sources. Third-party and customer endpoint services still need approval. Default false.
     */
    acceptWorkloadServiceEndpoints?: boolean;
    /**
     * Ports the organization's own endpoint services listen on, by the full name of the stack
     * that publishes them (as in `endpointServiceStacks`): a consumer endpoint whose
     * `serviceName` is read from that stack may admit these ports. Their service names are
     * assigned by AWS at creation, so they cannot key `servicePorts`.
     */
    endpointServicePorts?: Record<string, number[]>;
    /** Full service names the hub centralizes: spokes must not create private-DNS endpoints for them. */
    centralizedServiceNames?: string[];
    /** Ports interface endpoint security groups may admit, by full service name. Default [443]. */
    servicePorts?: Record<string, number[]>;
    /** Services whose endpoints accept only the full-access policy (eks, neptune-graph...). */
    fullAccessOnlyServiceNames?: string[];
    /** Services whose endpoints take no endpoint policy at all. */
    policyUnsupportedServiceNames?: string[];
    /** Buckets whose policy must deny access from outside the environment's networks. */
    protectedBuckets?: string[];
    /**
     * AWS-owned resources AWS documents as read through VPC endpoints by requests that carry no
     * identity of ours: unauthenticated (Amazon Linux repositories, agent downloads) or presigned
     * by an AWS account (ECR image layers). An endpoint-policy Allow without an identity
     * condition is accepted only when every action it allows is listed in one entry and every
     * resource it can reach fits that entry's ARN patterns (field by field; wildcards of the
     * statement must fall inside the entry's). `npm run policy-config` fills it from the
     * project's sourced list of AWS-owned resources for the environment's Region; without it
     * such statements are judged like any other Allow (and the rule says why).
     */
    anyCallerResources?: AnyCallerResource[];
}

/** One documented AWS-owned exception that admits any caller (see `anyCallerResources`). */
export interface AnyCallerResource {
    /** Statement id of the exception, for messages. */
    sid?: string;
    /** Actions, `service:Action`, as AWS lists them (no wildcards). */
    actions: string[];
    /** ARN patterns of the AWS-owned resources, exactly as AWS documents them. */
    resources: string[];
}

export type ConfigKey = keyof PackConfig;

const stringList = (description: string, pattern?: string) => ({
    type: "array" as const,
    items: pattern ? { type: "string" as const, pattern } : { type: "string" as const },
    description,
});

const accountPattern = "^\\d{12}$";
const REGION_PATTERN = "^[a-z]{2}(-gov)?-[a-z]+-\\d$";
const cidrPattern = "^\\d{1,3}(\\.\\d{1,3}){3}/\\d{1,2}$";

/** JSON schema of each key, as the Pulumi CLI validates `--policy-pack-config` against it. */
export const configProperties: Record<ConfigKey, NonNullable<PolicyConfigSchema["properties"]>[string]> = {
    organizationId: { type: "string", pattern: "^o-[a-z0-9]{10,32}$", description: "AWS Organizations id (o-...)." },
    organizationalUnitIds: stringList("OU ids of the organization.", "^ou-[0-9a-z]{4,32}-[a-z0-9]{8,32}$"),
    accountIds: stringList("The environment's 12-digit account ids.", accountPattern),
    trustedAccountIds: stringList("Third-party account ids the perimeter trusts.", accountPattern),
    internalCidrs: stringList("Hub, spoke and on-premises CIDRs.", cidrPattern),
    onPremisesCidrs: stringList("On-premises CIDRs.", cidrPattern),
    corporateCidrs: stringList("Corporate public egress CIDRs.", cidrPattern),
    allowedServiceNames: stringList("AWS service names endpoints may reach (com.amazonaws.<region>.<service>)."),
    approvedEndpointServiceNames: stringList("Approved third-party endpoint service names, or ARNs of VPC Lattice resource configurations and service networks.", "^(com\\.amazonaws\\.vpce\\.|arn:)"),
    endpointServiceStacks: stringList("Full stack names (<organization>/<project>/<env>-<unit>) that publish the organization's endpoint services.", "^[^/]+/[^/]+/[^/]+$"),
    region: { type: "string", pattern: REGION_PATTERN, description: "The environment's home Region." },
    regions: {
        type: "array",
        items: { type: "string", pattern: REGION_PATTERN },
        minItems: 1,
        uniqueItems: true,
        description: "Every Region with a hub, the home Region (`region`) among them.",
    },
    peeringLookupDomains: {
        type: "object",
        additionalProperties: { type: "string" },
        description: "Per hub Region, the route domain whose table takes that Region's transit gateway peerings (none: a peering table of its own).",
    },
    acceptWorkloadServiceEndpoints: { type: "boolean", description: "Accept a workload's own endpoint to an AWS service of the Region when it meets the perimeter." },
    centralizedServiceNames: stringList("Service names the hub centralizes."),
    endpointServicePorts: {
        type: "object",
        additionalProperties: { type: "array", items: { type: "integer", minimum: 1, maximum: 65535 } },
        description: "Ports the organization's own endpoint services listen on, by the full name of the stack that publishes them.",
    },
    servicePorts: {
        type: "object",
        additionalProperties: { type: "array", items: { type: "integer", minimum: 0, maximum: 65535 } },
        description: "Ports interface endpoint security groups may admit, by service name (default [443]).",
    },
    fullAccessOnlyServiceNames: stringList("Service names whose endpoints accept only the full-access policy."),
    policyUnsupportedServiceNames: stringList("Service names whose endpoints take no endpoint policy."),
    protectedBuckets: stringList("Names of buckets whose policy must restrict access to expected networks."),
    anyCallerResources: {
        type: "array",
        items: {
            type: "object",
            properties: {
                sid: { type: "string", pattern: "^[A-Za-z0-9]+$" },
                actions: { type: "array", minItems: 1, items: { type: "string", pattern: "^[a-z0-9-]+:[A-Za-z0-9]+$" } },
                resources: { type: "array", minItems: 1, items: { type: "string", pattern: "^arn:[^:]+:[^:]+:[^:]*:[^:]*:.+$" } },
            },
            required: ["actions", "resources"],
            additionalProperties: false,
        },
        description: "AWS-owned resources that requests carrying no identity of ours may read through endpoints (actions and exact ARN patterns AWS documents).",
    },
};

/** The `configSchema` of a rule that reads `keys`. No key is required (see module comment). */
export function configSchema(...keys: ConfigKey[]): PolicyConfigSchema {
    const properties: PolicyConfigSchema["properties"] = {};
    for (const key of keys) properties[key] = configProperties[key];
    return { properties };
}

/** Hint appended to "could not decide" notes caused by missing configuration. */
export const configHint = "generate the pack config with `npm run policy-config -- --definition stacks/<env>.yaml`";

/**
 * The Regions with a hub, as the config says: `regions` (written by `npm run policy-config`), or
 * `region` alone for configs written before it. The two must agree: `regions` names the home
 * Region too. A config where they disagree was not written by the generator (or was edited by
 * hand); no Region is then trusted, which only makes rules stricter, and `problem` says why.
 */
export function hubRegionsOf(config: Pick<PackConfig, "region" | "regions">): { regions: string[]; problem?: string } {
    const { region, regions } = config;
    if (regions === undefined) return { regions: region !== undefined ? [region] : [] };
    if (region !== undefined && !regions.includes(region)) {
        return { regions: [], problem: `the pack config's regions (${regions.join(", ")}) do not include its region ${region}; regenerate it (${configHint})` };
    }
    return { regions: [...regions] };
}
