/**
 * A spoke VPC's side of DNS sharing: one Route 53 Profile association (profile mode), or
 * one association per shared private hosted zone and per shared Resolver rule
 * (hosted-zones mode). In profile mode the spoke's resource count does not depend on
 * the number of services: the Profile carries them all.
 */
import * as aws from "@pulumi/aws";
import * as pulumi from "@pulumi/pulumi";
import { route53Name } from "./dns-profile";

export interface SpokeDnsArgs {
    /** The spoke VPC. */
    vpcId: pulumi.Input<string>;
    /** The shared Route 53 Profile to associate the VPC with. @default undefined (no Profile association) */
    profileId?: pulumi.Input<string>;
    /**
     * Private hosted zones to associate (zone name → zone id). The zone owner must have
     * authorized this VPC first (`aws.route53.VpcAssociationAuthorization`). @default {}
     */
    hostedZoneIds?: Record<string, pulumi.Input<string>>;
    /** Resolver rules (shared through RAM) to associate, domain → rule id. @default {} */
    resolverRuleIds?: Record<string, pulumi.Input<string>>;
    /** Region of the VPC, for zone associations. @default the provider's Region */
    vpcRegion?: pulumi.Input<string>;
    /**
     * Resources the zone associations wait for: the zone owner's authorizations, when
     * both live in the same deployment (unit `all`). @default []
     */
    zoneAssociationsDependOn?: pulumi.Resource[];
    /** Tags on every child that takes them. @default {} */
    tags?: Record<string, string>;
}

/** `landing-zone:dns:SpokeDns` — a VPC's associations with the environment's shared DNS. */
export class SpokeDns extends pulumi.ComponentResource {
    /** The Profile association, when there is a Profile. */
    public readonly profileAssociation?: aws.route53.ProfilesAssociation;
    public readonly zoneAssociations: Record<string, aws.route53.ZoneAssociation>;
    public readonly ruleAssociations: Record<string, aws.route53.ResolverRuleAssociation>;

    constructor(name: string, args: SpokeDnsArgs, opts?: pulumi.ComponentResourceOptions) {
        super("landing-zone:dns:SpokeDns", name, {}, opts);
        const tags = args.tags ?? {};
        if (args.profileId !== undefined) {
            this.profileAssociation = new aws.route53.ProfilesAssociation(
                `${name}-profile`,
                { name: route53Name(`${name}-profile`), profileId: args.profileId, resourceId: args.vpcId, tags: { ...tags, Name: `${name}-profile` } },
                { parent: this },
            );
        }
        this.zoneAssociations = {};
        for (const [zone, zoneId] of Object.entries(args.hostedZoneIds ?? {})) {
            this.zoneAssociations[zone] = new aws.route53.ZoneAssociation(
                `${name}-zone-${zone}`,
                { zoneId, vpcId: args.vpcId, ...(args.vpcRegion !== undefined ? { vpcRegion: args.vpcRegion } : {}) },
                { parent: this, dependsOn: args.zoneAssociationsDependOn ?? [] },
            );
        }
        this.ruleAssociations = {};
        for (const [domain, ruleId] of Object.entries(args.resolverRuleIds ?? {})) {
            this.ruleAssociations[domain] = new aws.route53.ResolverRuleAssociation(
                `${name}-rule-${domain}`,
                { name: route53Name(`${name}-${domain}`), resolverRuleId: ruleId, vpcId: args.vpcId },
                { parent: this },
            );
        }
        this.registerOutputs({ profileAssociationId: this.profileAssociation?.id });
    }
}
