/**
 * Interface VPC endpoints for AWS services, one per service, in one VPC: the hub
 * (centralized mode) or a spoke (distributed mode). The service catalog drives each
 * service's quirks (ports, endpoint-policy support, S3/DynamoDB inbound-only DNS); the
 * perimeter library writes the endpoint policies.
 *
 * Private DNS that would break other traffic is kept out of what spokes see
 * (aws/private-dns.ts): execute-api's wildcard name would capture every public API Gateway
 * API of the Region, so its endpoint has private DNS off and stays out of the Route 53
 * Profile unless `network.endpoints.executeApiPrivateDns` says otherwise; the S3/DynamoDB
 * endpoints that answer only on-premises (inbound Resolver) never join the Profile.
 */
import * as aws from "@pulumi/aws";
import * as pulumi from "@pulumi/pulumi";
import { catalogEntry } from "../aws/service-catalog";
import { cidrsWithinRuleQuota, endpointPorts, environmentCidrs, portSetKey, portSets } from "../definition/endpoint-security-groups";
import { quotasIn } from "../definition/quotas";
import { hubRegion } from "../definition/regions";
import { Definition } from "../definition/schema";
import { privateDnsHijack } from "../aws/private-dns";
import { gatewayEndpointPolicy, interfaceEndpointPolicy } from "../perimeter/endpoint-policies";

// The security groups' pure parts live in definition/endpoint-security-groups.ts, where validation
// counts their rules with the same functions; re-exported for the component's users.
export { cidrsWithinRuleQuota, environmentCidrs, portSetKey, portSets };

/** What one interface endpoint will be, decided from known values (definition + catalog). */
export interface InterfaceEndpointSpec {
    service: string;
    /** `com.amazonaws.<region>.<service>`. */
    serviceName: string;
    /** TCP ports its security group admits. */
    ports: number[];
    /** Endpoint policy JSON; undefined when the service takes only the full-access policy or none. */
    policy?: string;
    privateDnsEnabled: boolean;
    /** S3/DynamoDB: private DNS answers only queries from Resolver inbound endpoints. */
    privateDnsOnlyForInboundResolverEndpoint: boolean;
    /**
     * Whether the endpoint's private DNS may be shared with every spoke (Route 53 Profile,
     * private hosted zones): not for inbound-only endpoints, nor for a service whose private
     * DNS captures other traffic (execute-api) unless the definition opts in.
     */
    sharedWithSpokes: boolean;
}

/**
 * Whether `service`'s private DNS may reach every VPC: false for services whose private
 * DNS name captures traffic that is not theirs (aws/private-dns.ts), unless the definition
 * opts in (`network.endpoints.executeApiPrivateDns`), and for the inbound-only ones.
 */
export function privateDnsSharedWithSpokes(definition: Definition, service: string): boolean {
    if (catalogEntry(service)?.privateDnsOnlyForInboundResolverEndpoint) return false;
    if (privateDnsHijack(service)) return service === "execute-api" && definition.network.endpoints.executeApiPrivateDns;
    return true;
}

/**
 * The configured services whose private DNS names every VPC resolves to the endpoints (Profile,
 * hosted zones): of `services`, by default the home Region's (a hub Region's own list for its hub).
 */
export function dnsSharedServices(definition: Definition, services: string[] = definition.network.endpoints.services): string[] {
    return services.filter((s) => privateDnsSharedWithSpokes(definition, s));
}

/** How the endpoints of one VPC are set up. */
export interface EndpointSpecOptions {
    /** Private DNS on the endpoints (off when private hosted zones replace it). */
    privateDns: boolean;
    /**
     * Gateway endpoints (`s3`, `dynamodb`) that exist in the same VPC. The catalog's
     * inbound-only quirk (S3, DynamoDB) applies only next to a gateway endpoint for the
     * same service — AWS accepts `privateDnsOnlyForInboundResolverEndpoint` only then;
     * without one the interface endpoint is an ordinary one.
     */
    gatewayEndpointServices: string[];
    /**
     * How the inbound-only quirk is applied next to a gateway endpoint. `true` (the hub,
     * where the Resolver inbound endpoint lives): private DNS on, answering only queries
     * that arrive through Resolver inbound endpoints (on-premises), whatever `privateDns`
     * says — no private hosted zone replaces it. `false` (a spoke): no private DNS, the VPC's
     * own traffic keeps the free gateway endpoint.
     */
    inboundOnlyDns: boolean;
    /** The Region of the VPC: endpoint service names and endpoint policies are per Region. @default definition.region */
    region?: string;
}

/**
 * The endpoint specs for `services`, in the given order. Throws on a service that is not
 * in the catalog (validation rejects those with file and line before the program runs).
 */
export function interfaceEndpointSpecs(definition: Definition, services: string[], options: EndpointSpecOptions): InterfaceEndpointSpec[] {
    const region = options.region ?? definition.region;
    return services.map((service) => {
        const entry = catalogEntry(service);
        if (!entry) {
            throw new Error(
                `network.endpoints.services: "${service}" is not in the service catalog (aws/service-catalog.ts); use a short name such as "ssm" or "ecr.dkr"`,
            );
        }
        const besideGateway = entry.privateDnsOnlyForInboundResolverEndpoint === true && options.gatewayEndpointServices.includes(service);
        const inboundOnly = besideGateway && options.inboundOnlyDns;
        const hijacks = privateDnsHijack(service) !== undefined && !privateDnsSharedWithSpokes(definition, service);
        // A hijacking private DNS name stays off: the VPC keeps resolving other APIs publicly.
        const privateDnsEnabled = hijacks ? false : besideGateway ? options.inboundOnlyDns : options.privateDns;
        // Services that accept only the full-access policy (or none) get no custom policy:
        // AWS rejects anything else, and leaving it out is the full-access default.
        const document = entry.policy === "restricted" ? interfaceEndpointPolicy(definition, service, region) : undefined;
        return {
            service,
            serviceName: entry.serviceName(region),
            ports: endpointPorts(service)!,
            policy: document ? JSON.stringify(document) : undefined,
            privateDnsEnabled,
            privateDnsOnlyForInboundResolverEndpoint: inboundOnly,
            sharedWithSpokes: privateDnsSharedWithSpokes(definition, service),
        };
    });
}

/**
 * Gateway endpoints an inbound-only interface endpoint needs in its VPC: the services in
 * `services` whose catalog entry sets `privateDnsOnlyForInboundResolverEndpoint` and that
 * have no gateway endpoint yet.
 */
export function gatewayEndpointsNeeded(services: string[], existing: string[]): ("s3" | "dynamodb")[] {
    return services.filter(
        (s): s is "s3" | "dynamodb" => (s === "s3" || s === "dynamodb") && catalogEntry(s)?.privateDnsOnlyForInboundResolverEndpoint === true && !existing.includes(s),
    );
}

/**
 * Inline ingress rules: each port, TCP, only from `cidrs`. Never 0.0.0.0/0 — an
 * environment whose CIDRs would include it is refused.
 */
export function endpointIngressRules(ports: number[], cidrs: string[]): aws.types.input.ec2.SecurityGroupIngress[] {
    if (cidrs.length === 0) throw new Error("interface endpoint security group: no CIDRs to admit (the environment has no hub, spoke or on-premises ranges)");
    const open = cidrs.find((c) => c.endsWith("/0"));
    if (open) throw new Error(`interface endpoint security group: refusing to admit ${open}; endpoints answer only the environment's own CIDRs`);
    return ports.map((port) => ({
        description: `port ${port} from the environment's own networks`,
        protocol: "tcp",
        fromPort: port,
        toPort: port,
        cidrBlocks: [...cidrs],
    }));
}

export interface CentralEndpointsArgs {
    /** The environment's definition: region, organization and perimeter settings for the endpoint policies. */
    definition: Definition;
    /** Services (catalog short names) that get an endpoint. @default the Region's (`hubRegion(definition, region).services`) */
    services?: string[];
    /**
     * The Region of the VPC (endpoint service names `com.amazonaws.<region>.<service>`, the
     * per-Region endpoint policies). The provider in `opts` must deploy to the same Region.
     * @default definition.region
     */
    region?: string;
    /** The VPC the endpoints live in. */
    vpcId: pulumi.Input<string>;
    /** One subnet per AZ for the endpoint ENIs. */
    subnetIds: pulumi.Input<string>[];
    /** Turn private DNS on. Off when private hosted zones replace it. @default true */
    privateDns?: boolean;
    /**
     * Apply the S3/DynamoDB inbound-only private DNS next to their gateway endpoints (the
     * hub); `false` turns their private DNS off instead (a spoke). See `EndpointSpecOptions`.
     * @default true
     */
    inboundOnlyDns?: boolean;
    /** CIDRs the security groups admit. @default environmentCidrs(definition, region) */
    allowedCidrs?: string[];
    /** Gateway endpoints (`s3`, `dynamodb`) already in this VPC; see `EndpointSpecOptions`. @default [] */
    gatewayEndpointServices?: string[];
    /**
     * Route tables of this VPC. When given, the component creates the S3/DynamoDB gateway
     * endpoints its inbound-only interface endpoints need (unless `gatewayEndpointServices`
     * says they exist), and makes those interface endpoints wait for them: AWS accepts
     * `privateDnsOnlyForInboundResolverEndpoint` only once the gateway endpoint exists.
     * @default undefined (create none)
     */
    gatewayRouteTableIds?: pulumi.Input<string>[];
    /** Tags on every child. @default {} */
    tags?: Record<string, string>;
}

/**
 * `landing-zone:endpoints:CentralEndpoints` — interface endpoints for the listed AWS
 * services in one VPC, with one security group per distinct port set.
 */
export class CentralEndpoints extends pulumi.ComponentResource {
    /** Gateway endpoints this component created (S3/DynamoDB for inbound-only interface endpoints). */
    public readonly gatewayEndpoints: Record<string, aws.ec2.VpcEndpoint>;
    /** The endpoints by service short name. */
    public readonly endpoints: Record<string, aws.ec2.VpcEndpoint>;
    /** Endpoint ARNs by service short name. */
    public readonly endpointArns: Record<string, pulumi.Output<string>>;
    /** The ARNs of the endpoints whose private DNS every VPC may see: what a Route 53 Profile associates. */
    public readonly profileEndpointArns: Record<string, pulumi.Output<string>>;
    /** The regional DNS entry (`dnsEntries[0]`) of each endpoint: alias target for private hosted zones. */
    public readonly dnsEntries: Record<string, pulumi.Output<{ dnsName: string; hostedZoneId: string }>>;
    /** Security group ids by port-set key (`443`, ...). */
    public readonly securityGroupIds: Record<string, pulumi.Output<string>>;
    /** What each endpoint is, decided at program time. */
    public readonly specs: InterfaceEndpointSpec[];

    constructor(name: string, args: CentralEndpointsArgs, opts?: pulumi.ComponentResourceOptions) {
        super("landing-zone:endpoints:CentralEndpoints", name, {}, opts);
        const definition = args.definition;
        const region = args.region ?? definition.region;
        const services = args.services ?? hubRegion(definition, region)?.services ?? definition.network.endpoints.services;
        const tags = args.tags ?? {};
        const existingGateways = args.gatewayEndpointServices ?? [];
        const gatewaysToCreate = args.gatewayRouteTableIds ? gatewayEndpointsNeeded(services, existingGateways) : [];
        this.specs = interfaceEndpointSpecs(definition, services, {
            privateDns: args.privateDns ?? true,
            gatewayEndpointServices: [...existingGateways, ...gatewaysToCreate],
            inboundOnlyDns: args.inboundOnlyDns ?? true,
            region,
        });
        const cidrs = args.allowedCidrs ?? environmentCidrs(definition, region);
        // The Region's inbound-rule quota, raised or AWS's; validation refuses a list that does not fit even merged.
        const ruleQuota = quotasIn(definition, region).securityGroupInboundRules.value;

        const groups = new Map<string, aws.ec2.SecurityGroup>();
        for (const ports of portSets(this.specs)) {
            const key = portSetKey(ports);
            groups.set(
                key,
                new aws.ec2.SecurityGroup(
                    `${name}-sg-${key}`,
                    {
                        vpcId: args.vpcId,
                        description: `Interface endpoints on TCP ${ports.join(", ")} from the environment's networks only`,
                        ingress: endpointIngressRules(ports, cidrsWithinRuleQuota(cidrs, ports.length, ruleQuota)),
                        // Endpoints only answer; security groups are stateful, so no egress rule.
                        egress: [],
                        tags: { ...tags, Name: `${name}-sg-${key}` },
                    },
                    { parent: this },
                ),
            );
        }

        this.gatewayEndpoints = {};
        for (const service of gatewaysToCreate) {
            this.gatewayEndpoints[service] = new aws.ec2.VpcEndpoint(
                `${name}-${service}-gateway`,
                {
                    vpcId: args.vpcId,
                    serviceName: `com.amazonaws.${region}.${service}`,
                    vpcEndpointType: "Gateway",
                    routeTableIds: args.gatewayRouteTableIds,
                    policy: JSON.stringify(gatewayEndpointPolicy(definition, service, region)),
                    tags: { ...tags, Name: `${name}-${service}-gateway`, "landing-zone:service": service },
                },
                { parent: this },
            );
        }

        this.endpoints = {};
        this.endpointArns = {};
        this.profileEndpointArns = {};
        this.dnsEntries = {};
        for (const spec of this.specs) {
            const group = groups.get(portSetKey(spec.ports))!;
            const endpoint = new aws.ec2.VpcEndpoint(
                `${name}-${spec.service}`,
                {
                    vpcId: args.vpcId,
                    serviceName: spec.serviceName,
                    vpcEndpointType: "Interface",
                    subnetIds: args.subnetIds,
                    securityGroupIds: [group.id],
                    privateDnsEnabled: spec.privateDnsEnabled,
                    ...(spec.privateDnsOnlyForInboundResolverEndpoint ? { dnsOptions: { privateDnsOnlyForInboundResolverEndpoint: true } } : {}),
                    ...(spec.policy !== undefined ? { policy: spec.policy } : {}),
                    tags: { ...tags, Name: `${name}-${spec.service}`, "landing-zone:service": spec.service },
                },
                { parent: this, dependsOn: this.gatewayEndpoints[spec.service] ? [this.gatewayEndpoints[spec.service]] : [] },
            );
            this.endpoints[spec.service] = endpoint;
            this.endpointArns[spec.service] = endpoint.arn;
            if (spec.sharedWithSpokes) this.profileEndpointArns[spec.service] = endpoint.arn;
            this.dnsEntries[spec.service] = endpoint.dnsEntries.apply((entries) => {
                const first = entries?.[0];
                return { dnsName: first?.dnsName ?? "", hostedZoneId: first?.hostedZoneId ?? "" };
            });
        }
        this.securityGroupIds = Object.fromEntries([...groups].map(([key, group]) => [key, group.id]));

        this.registerOutputs({ endpointArns: this.endpointArns, securityGroupIds: this.securityGroupIds });
    }
}
