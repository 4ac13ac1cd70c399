/**
 * Hybrid DNS in the hub: a Route 53 Resolver inbound endpoint that on-premises DNS
 * servers forward AWS names to (so on-premises clients resolve the central endpoints),
 * and an outbound endpoint with one forwarding rule per on-premises domain. The rules
 * reach the VPCs through the Route 53 Profile (profile mode) or through a RAM share and
 * one rule association per VPC (hosted-zones mode).
 */
import * as aws from "@pulumi/aws";
import * as pulumi from "@pulumi/pulumi";
import { route53Name, shareThroughRam } from "./dns-profile";

/**
 * IP address requests of a Resolver endpoint: one per subnet, and at least two (AWS
 * requires two ENIs; with a single subnet both land in it).
 */
export function resolverIpAddresses(subnetIds: pulumi.Input<string>[]): { subnetId: pulumi.Input<string> }[] {
    if (subnetIds.length === 0) throw new Error("a Resolver endpoint needs at least one subnet");
    const addresses = subnetIds.map((subnetId) => ({ subnetId }));
    if (addresses.length === 1) addresses.push({ subnetId: subnetIds[0] });
    return addresses;
}

/** Inbound endpoint rules: DNS (53) over TCP and UDP from on-premises CIDRs only. */
export function inboundResolverIngress(onPremisesCidrs: string[]): aws.types.input.ec2.SecurityGroupIngress[] {
    if (onPremisesCidrs.length === 0) {
        throw new Error("network.dns.onPremises.inboundResolver is true but network.dns.onPremises.cidrs is empty: list the on-premises ranges whose DNS servers query it");
    }
    const open = onPremisesCidrs.find((c) => c.endsWith("/0"));
    if (open) throw new Error(`network.dns.onPremises.cidrs: refusing to open the Resolver inbound endpoint to ${open}`);
    return (["tcp", "udp"] as const).map((protocol) => ({
        description: `DNS over ${protocol.toUpperCase()} from on-premises resolvers`,
        protocol,
        fromPort: 53,
        toPort: 53,
        cidrBlocks: [...onPremisesCidrs],
    }));
}

/** Outbound endpoint rules: DNS (53) over TCP and UDP to the forwarding targets only. */
export function outboundResolverEgress(targetIps: string[]): aws.types.input.ec2.SecurityGroupEgress[] {
    const cidrs = [...new Set(targetIps)].map((ip) => `${ip}/32`);
    return (["tcp", "udp"] as const).map((protocol) => ({
        description: `DNS over ${protocol.toUpperCase()} to on-premises DNS servers`,
        protocol,
        fromPort: 53,
        toPort: 53,
        cidrBlocks: cidrs,
    }));
}

export interface ForwardedDomain {
    /** Domain forwarded to on-premises, e.g. `corp.example.com`. */
    domain: string;
    /** On-premises DNS servers that answer for it. */
    targetIps: string[];
}

export interface HybridDnsArgs {
    /** The hub VPC. */
    vpcId: pulumi.Input<string>;
    /** One subnet per AZ for Resolver ENIs (the hub's resolver subnets). */
    subnetIds: pulumi.Input<string>[];
    /** Build an inbound endpoint for on-premises DNS servers. @default false */
    inbound?: boolean;
    /** On-premises ranges the inbound endpoint admits on port 53. @default [] */
    onPremisesCidrs?: string[];
    /** Domains forwarded to on-premises; any builds an outbound endpoint. @default [] */
    forwardedDomains?: ForwardedDomain[];
    /** RAM principals the forwarding rules are shared with (hosted-zones mode); empty = no share. @default {} */
    ruleSharePrincipals?: Record<string, string>;
    /** VPCs of this account that associate with every rule directly (hosted-zones mode: the hub), key → VPC id. @default {} */
    ruleVpcIds?: Record<string, pulumi.Input<string>>;
    /** Tags on every child that takes them. @default {} */
    tags?: Record<string, string>;
}

/** `landing-zone:dns:HybridDns` — Resolver endpoints and forwarding rules between the hub and on-premises. */
export class HybridDns extends pulumi.ComponentResource {
    public readonly inboundEndpoint?: aws.route53.ResolverEndpoint;
    public readonly outboundEndpoint?: aws.route53.ResolverEndpoint;
    /** Domain → forwarding rule id. */
    public readonly resolverRuleIds: Record<string, pulumi.Output<string>>;
    /** Domain → forwarding rule ARN. */
    public readonly resolverRuleArns: Record<string, pulumi.Output<string>>;

    constructor(name: string, args: HybridDnsArgs, opts?: pulumi.ComponentResourceOptions) {
        super("landing-zone:dns:HybridDns", name, {}, opts);
        const tags = args.tags ?? {};
        const forwarded = args.forwardedDomains ?? [];

        if (args.inbound) {
            const group = new aws.ec2.SecurityGroup(
                `${name}-inbound-sg`,
                {
                    vpcId: args.vpcId,
                    description: "Route 53 Resolver inbound endpoint: DNS from on-premises only",
                    ingress: inboundResolverIngress(args.onPremisesCidrs ?? []),
                    egress: [],
                    tags: { ...tags, Name: `${name}-inbound-sg` },
                },
                { parent: this },
            );
            this.inboundEndpoint = new aws.route53.ResolverEndpoint(
                `${name}-inbound`,
                {
                    name: route53Name(`${name}-inbound`),
                    direction: "INBOUND",
                    securityGroupIds: [group.id],
                    ipAddresses: resolverIpAddresses(args.subnetIds),
                    protocols: ["Do53"],
                    tags: { ...tags, Name: `${name}-inbound` },
                },
                { parent: this },
            );
        }

        this.resolverRuleIds = {};
        this.resolverRuleArns = {};
        if (forwarded.length > 0) {
            const group = new aws.ec2.SecurityGroup(
                `${name}-outbound-sg`,
                {
                    vpcId: args.vpcId,
                    description: "Route 53 Resolver outbound endpoint: DNS to on-premises servers only",
                    ingress: [],
                    egress: outboundResolverEgress(forwarded.flatMap((f) => f.targetIps)),
                    tags: { ...tags, Name: `${name}-outbound-sg` },
                },
                { parent: this },
            );
            const outbound = new aws.route53.ResolverEndpoint(
                `${name}-outbound`,
                {
                    name: route53Name(`${name}-outbound`),
                    direction: "OUTBOUND",
                    securityGroupIds: [group.id],
                    ipAddresses: resolverIpAddresses(args.subnetIds),
                    protocols: ["Do53"],
                    tags: { ...tags, Name: `${name}-outbound` },
                },
                { parent: this },
            );
            this.outboundEndpoint = outbound;
            for (const { domain, targetIps } of forwarded) {
                const rule = new aws.route53.ResolverRule(
                    `${name}-rule-${domain}`,
                    {
                        name: route53Name(`${name}-${domain}`),
                        domainName: domain,
                        ruleType: "FORWARD",
                        resolverEndpointId: outbound.id,
                        targetIps: targetIps.map((ip) => ({ ip, port: 53 })),
                        tags: { ...tags, Name: `${name}-${domain}` },
                    },
                    { parent: this },
                );
                this.resolverRuleIds[domain] = rule.id;
                this.resolverRuleArns[domain] = rule.arn;
                for (const [key, vpcId] of Object.entries(args.ruleVpcIds ?? {})) {
                    new aws.route53.ResolverRuleAssociation(
                        `${name}-rule-${domain}-${key}`,
                        { name: route53Name(`${key}-${domain}`), resolverRuleId: rule.id, vpcId },
                        { parent: this },
                    );
                }
            }
            shareThroughRam(`${name}-rules-share`, this.resolverRuleArns, args.ruleSharePrincipals ?? {}, this, tags);
        }

        this.registerOutputs({
            resolverRuleIds: this.resolverRuleIds,
            inboundAddresses: this.inboundEndpoint?.ipAddresses,
        });
    }
}
