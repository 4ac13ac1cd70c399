/**
 * The Route 53 Profile that carries the environment's DNS configuration to every VPC:
 * the central interface endpoints (associating an endpoint by ARN brings its private DNS
 * and the hidden zone behind it, which sharing the visible zone alone does not — see the
 * OpenSearch Serverless article, pattern 1), the hub's private hosted zones and the
 * Resolver forwarding rules. Shared through AWS RAM; each VPC associates once, whatever
 * the number of services.
 */
import * as aws from "@pulumi/aws";
import * as pulumi from "@pulumi/pulumi";
import { Definition } from "../definition/schema";
import { ramPrincipals } from "../network/domains";

/**
 * RAM principals for a share, labelled for resource names: `{ organization: <org ARN> }`,
 * or one entry per OU named in `shareWith`. Empty when there is no organization (a single
 * sandbox account shares nothing). The ARNs come from the same helper the transit
 * gateway share uses (network/domains.ts).
 */
export function sharePrincipals(definition: Definition, shareWith: string[] | undefined): Record<string, string> {
    const arns = ramPrincipals(definition, shareWith);
    const labels = shareWith ?? ["organization"];
    return Object.fromEntries(arns.map((arn, i) => [labels[i], arn]));
}

/**
 * Names Route 53 Profiles and Resolver accept: letters, digits, `-`, `_` and spaces (no
 * dots), 64 characters at most.
 */
export function route53Name(value: string): string {
    return value.replace(/[^A-Za-z0-9_-]/g, "-").slice(0, 64);
}

/**
 * A RAM share of `resources` (key → ARN) with `principals` (key → ARN), external
 * principals never allowed. Children of `parent`, named `<name>-...`.
 */
export function shareThroughRam(
    name: string,
    resources: Record<string, pulumi.Input<string>>,
    principals: Record<string, string>,
    parent: pulumi.Resource,
    tags: Record<string, string> = {},
): aws.ram.ResourceShare | undefined {
    if (Object.keys(principals).length === 0 || Object.keys(resources).length === 0) return undefined;
    const share = new aws.ram.ResourceShare(name, { name, allowExternalPrincipals: false, tags: { ...tags, Name: name } }, { parent });
    for (const [key, arn] of Object.entries(resources)) {
        new aws.ram.ResourceAssociation(`${name}-${key}`, { resourceArn: arn, resourceShareArn: share.arn }, { parent });
    }
    for (const [key, principal] of Object.entries(principals)) {
        new aws.ram.PrincipalAssociation(`${name}-to-${key}`, { principal, resourceShareArn: share.arn }, { parent });
    }
    return share;
}

export interface DnsProfileArgs {
    /** Interface endpoints to associate, service short name → endpoint ARN. @default {} */
    endpointArns?: Record<string, pulumi.Input<string>>;
    /** Private hosted zones to associate, zone name → zone ARN. @default {} */
    hostedZoneArns?: Record<string, pulumi.Input<string>>;
    /** Resolver forwarding rules to associate, domain → rule ARN. @default {} */
    resolverRuleArns?: Record<string, pulumi.Input<string>>;
    /** RAM principals (key → organization or OU ARN); empty means no share. @default {} */
    sharePrincipals?: Record<string, string>;
    /** VPCs of the Profile owner's account that associate with it (the hub), key → VPC id. @default {} */
    vpcIds?: Record<string, pulumi.Input<string>>;
    /** Tags on every child that takes them. @default {} */
    tags?: Record<string, string>;
}

/** `landing-zone:dns:DnsProfile` — a Route 53 Profile, its resources and its RAM share. */
export class DnsProfile extends pulumi.ComponentResource {
    public readonly profileId: pulumi.Output<string>;
    public readonly profileArn: pulumi.Output<string>;
    /** The RAM share, when there is an organization to share with. */
    public readonly share?: aws.ram.ResourceShare;

    constructor(name: string, args: DnsProfileArgs, opts?: pulumi.ComponentResourceOptions) {
        super("landing-zone:dns:DnsProfile", name, {}, opts);
        const tags = args.tags ?? {};
        const profile = new aws.route53.ProfilesProfile(`${name}-profile`, { name: route53Name(name), tags: { ...tags, Name: name } }, { parent: this });
        this.profileId = profile.id;
        this.profileArn = profile.arn;

        const associate = (kind: string, key: string, arn: pulumi.Input<string>) =>
            new aws.route53.ProfilesResourceAssociation(
                `${name}-${kind}-${key}`,
                { name: route53Name(`${kind}-${key}`), profileId: profile.id, resourceArn: arn },
                { parent: this },
            );
        for (const [service, arn] of Object.entries(args.endpointArns ?? {})) associate("endpoint", service, arn);
        for (const [zone, arn] of Object.entries(args.hostedZoneArns ?? {})) associate("zone", zone, arn);
        for (const [domain, arn] of Object.entries(args.resolverRuleArns ?? {})) associate("rule", domain, arn);

        for (const [key, vpcId] of Object.entries(args.vpcIds ?? {})) {
            new aws.route53.ProfilesAssociation(
                `${name}-${key}`,
                { name: route53Name(`${name}-${key}`), profileId: profile.id, resourceId: vpcId, tags: { ...tags, Name: `${name}-${key}` } },
                { parent: this },
            );
        }

        this.share = shareThroughRam(`${name}-share`, { profile: profile.arn }, args.sharePrincipals ?? {}, this, tags);

        this.registerOutputs({ profileId: this.profileId, profileArn: this.profileArn });
    }
}
