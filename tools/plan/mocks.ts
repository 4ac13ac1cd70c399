/**
 * Mocks that make Pulumi's mock runtime behave like AWS where the program reads values:
 * data sources (availability zones, caller identity, region, partition), the awsx VPC
 * component, and StackReferences to the environment's other units.
 *
 * In preview mode (what the offline plan uses, like `pulumi preview`) a resource's
 * outputs are only what is known before it exists — its inputs; ids, ARNs and every
 * other computed output stay unknown. Data sources answer with realistic values, as
 * they do during a real preview. Outside preview (component tests that want to see ids
 * flow) resources get plausible, deterministic AWS ids and ARNs.
 */
import { availabilityZoneIds } from "../../aws/availability-zones";
import * as pulumi from "@pulumi/pulumi";
import { createHash } from "crypto";
import { catalogEntry } from "../../aws/service-catalog";
import { Definition } from "../../definition/schema";
import { dnsSharedServices } from "../../components/central-endpoints";
import { selectAvailabilityZones } from "../../program/availability-zones";
import { hubRegion, isMultiRegion, peeringsOf, regionOfNetworkUnit, spokesIn } from "../../definition/regions";
import { synthesizeConsumerConnections, synthesizePublishedServices } from "../../program/privatelink-shared";

export interface MockOptions {
    definition: Definition;
    /** True for preview semantics (computed outputs unknown). */
    preview: boolean;
    /**
     * Outputs of the environment's other stacks by unit name. A unit mapped to
     * `undefined` has not been deployed (its StackReference has no outputs); a unit
     * that is not listed gets plausible synthesized outputs.
     */
    stackOutputs?: Record<string, Record<string, unknown> | undefined>;
}

/** A short deterministic hex string (ids must not change from one plan to the next). */
export function fakeHex(seed: string, length = 17): string {
    let out = "";
    for (let i = 0; out.length < length; i++) out += createHash("sha1").update(`${i}:${seed}`).digest("hex");
    return out.slice(0, length);
}

/** The account the mock runtime pretends to be: the management account when there is one, else the network account. */
export function callerAccountId(definition: Definition): string {
    return definition.accounts["management"] ?? definition.accounts[definition.network.account] ?? "123456789012";
}

/**
 * The Region's AZ names and ids (what `aws.getAvailabilityZones` answers): the zones
 * aws/availability-zones.ts lists for it, named `<region>a`, `b`, ...; six for a Region it
 * does not know.
 */
export function regionZones(region: string): { names: string[]; zoneIds: string[] } {
    const known = availabilityZoneIds[region];
    if (known) return { names: known.map((_id, i) => `${region}${"abcdef"[i]}`), zoneIds: [...known] };
    const short = region.replace(/^(\w\w)(-gov)?-([a-z])[a-z]*-(\d)$/, (_m, cc: string, gov: string | undefined, dir: string, n: string) => `${cc}${gov ? "g" : ""}${dir}${n}`);
    const letters = ["a", "b", "c", "d", "e", "f"];
    return { names: letters.map((l) => `${region}${l}`), zoneIds: letters.map((_l, i) => `${short}-az${i + 1}`) };
}

/**
 * Splits a referenced stack name (`<org>/<project>/<env>-<unit>` or `<env>-<unit>`)
 * into its unit, for the given environment; undefined when it is not one of ours.
 */
export function unitOfStackName(stackName: string, environment: string): string | undefined {
    const last = stackName.split("/").pop() ?? stackName;
    return last.startsWith(`${environment}-`) ? last.slice(environment.length + 1) : undefined;
}

const synthesized = new WeakMap<Definition, Map<string, Record<string, unknown>>>();

function deepFreeze<T>(value: T): T {
    if (value !== null && typeof value === "object" && !Object.isFrozen(value)) {
        Object.freeze(value);
        for (const child of Object.values(value)) deepFreeze(child);
    }
    return value;
}

/**
 * `synthesizeStackOutputs`, computed once per unit of a definition that cannot change (the
 * deeply frozen definition a parallel plan's workers share, definition-cache.ts) and shared,
 * frozen, by every plan that reads it: the network stack's outputs list every spoke, and
 * every spoke's plan reads them. A definition that can change is synthesized afresh.
 */
function sharedStackOutputs(definition: Definition, unit: string): Record<string, unknown> {
    if (!Object.isFrozen(definition) || !Object.isFrozen(definition.spokes) || !Object.isFrozen(definition.network)) return synthesizeStackOutputs(definition, unit);
    let byUnit = synthesized.get(definition);
    if (!byUnit) synthesized.set(definition, (byUnit = new Map()));
    let outputs = byUnit.get(unit);
    if (!outputs) byUnit.set(unit, (outputs = deepFreeze(synthesizeStackOutputs(definition, unit))));
    return outputs;
}

/** Plausible outputs of a deployed unit's stack, derived from the definition. */
export function synthesizeStackOutputs(definition: Definition, unit: string): Record<string, unknown> {
    const region = unit === "network" ? definition.region : regionOfNetworkUnit(definition, unit);
    if (region !== undefined) return synthesizeNetworkOutputs(definition, region);
    const spoke = definition.spokes.find((s) => s.name === unit);
    if (spoke) {
        const out: Record<string, unknown> = {
            vpcId: `vpc-${fakeHex(`${definition.environment}/${unit}/vpc`)}`,
            transitGatewayAttachmentId: `tgw-attach-${fakeHex(`${definition.environment}/${unit}/attachment`)}`,
            cidr: spoke.cidr,
        };
        // Distributed mode: the spoke's endpoints' regional DNS entries, for network pass 2.
        if (definition.network.endpoints.mode === "distributed") {
            out.endpointDnsEntries = Object.fromEntries(
                definition.network.endpoints.services.map((s) => [
                    s,
                    { dnsName: `vpce-${fakeHex(`${definition.environment}/${unit}/${s}`)}-${fakeHex(`${unit}/${s}`, 8)}.${s}.${definition.region}.vpce.amazonaws.com`, hostedZoneId: "Z7HUB22UULQXV" },
                ]),
            );
        }
        // PrivateLink services the spoke owns, read by its consumers' stacks.
        const published = synthesizePublishedServices(definition, unit, (seed) => fakeHex(seed));
        if (published) out.endpointServices = published;
        // Its endpoints to those services, read by their owners' second pass (acceptance).
        const connections = synthesizeConsumerConnections(definition, unit, (seed) => fakeHex(seed));
        if (connections) out.endpointConnections = connections;
        return out;
    }
    return {};
}

/**
 * A Region's network stack's outputs, as after its last pass: its transit gateway, hub,
 * zones, every spoke of the Region accepted, its DNS (that Region's services), its peerings.
 * The home Region's ids keep the seeds a single-Region environment always had.
 */
function synthesizeNetworkOutputs(definition: Definition, region: string): Record<string, unknown> {
    const home = region === definition.region;
    const seed = (s: string) => (home ? `${definition.environment}/${s}` : `${definition.environment}/${region}/${s}`);
    const hostedZones = definition.network.dns.sharing === "hosted-zones";
    const out: Record<string, unknown> = {
        transitGatewayId: `tgw-${fakeHex(seed("tgw"))}`,
        // read by the org stack's second pass (the network perimeter's aws:SourceVpc)
        hubVpcId: `vpc-${fakeHex(seed("hub/vpc"))}`,
    };
    // The hub's zone ids (as the network unit resolves them) and every spoke accepted, as after pass 2.
    const zones = selectAvailabilityZones(definition, regionZones(region), region);
    if (!("error" in zones)) out.availabilityZoneIds = zones.ids;
    const spokes = isMultiRegion(definition) ? spokesIn(definition, region) : definition.spokes;
    out.attachedSpokes = spokes.map((s) => s.name);
    out.acceptedCidrs = Object.fromEntries(spokes.map((s) => [s.name, s.cidr]));
    if (isMultiRegion(definition)) Object.assign(out, synthesizedPeerings(definition, region));
    if (definition.network.dns.sharing === "profile") out.profileId = `rp-${fakeHex(seed("profile"), 16)}`;
    if (hostedZones) {
        const zoneIds: Record<string, string> = {};
        // The zones the network stack creates: not for services whose private DNS stays out of the spokes.
        for (const service of dnsSharedServices(definition, hubRegion(definition, region)?.services)) {
            if (catalogEntry(service)?.privateDnsOnlyForInboundResolverEndpoint) continue;
            for (const zone of catalogEntry(service)?.dnsZones(region) ?? []) {
                zoneIds[zone.zone] = `Z${fakeHex(`${definition.environment}/zone/${zone.zone}`, 20).toUpperCase()}`;
            }
        }
        // Only centralized endpoints get central zones (distributed: the hub's zones are never given to spokes).
        if (definition.network.endpoints.mode === "centralized") out.hostedZoneIds = zoneIds;
        const rules: Record<string, string> = {};
        for (const forwarded of definition.network.dns.onPremises.forwardedDomains) {
            rules[forwarded.domain] = `rslvr-rr-${fakeHex(seed(`rule/${forwarded.domain}`))}`;
        }
        out.resolverRuleIds = rules;
        out.authorizedSpokes = spokes.map((s) => s.name);
    }
    return out;
}

/** A Region's network stack's peering outputs, as after every pass: each requested attachment, each accepted one. */
function synthesizedPeerings(definition: Definition, region: string): Record<string, unknown> {
    const peerings = peeringsOf(definition, region);
    return {
        peeringAttachments: Object.fromEntries(peerings.filter((p) => p.side === "requester").map((p) => [p.peer, `tgw-attach-${fakeHex(`${definition.environment}/peering/${p.key}`)}`])),
        acceptedPeerings: peerings.filter((p) => p.side === "accepter").map((p) => p.peer),
    };
}

/** Id prefixes AWS uses, by Pulumi type token (outside preview). */
const idPrefixes: Record<string, string> = {
    "aws:ec2/vpc:Vpc": "vpc",
    "aws:ec2/subnet:Subnet": "subnet",
    "aws:ec2/routeTable:RouteTable": "rtb",
    "aws:ec2/securityGroup:SecurityGroup": "sg",
    "aws:ec2/vpcEndpoint:VpcEndpoint": "vpce",
    "aws:ec2/internetGateway:InternetGateway": "igw",
    "aws:ec2/natGateway:NatGateway": "nat",
    "aws:ec2/eip:Eip": "eipalloc",
    "aws:ec2/flowLog:FlowLog": "fl",
    "aws:ec2/vpcEndpointService:VpcEndpointService": "vpce-svc",
    "aws:ec2transitgateway/transitGateway:TransitGateway": "tgw",
    "aws:ec2transitgateway/routeTable:RouteTable": "tgw-rtb",
    "aws:ec2transitgateway/vpcAttachment:VpcAttachment": "tgw-attach",
    "aws:ec2transitgateway/vpcAttachmentAccepter:VpcAttachmentAccepter": "tgw-attach",
    "aws:ec2transitgateway/peeringAttachment:PeeringAttachment": "tgw-attach",
    "aws:ec2transitgateway/peeringAttachmentAccepter:PeeringAttachmentAccepter": "tgw-attach",
    "aws:route53/profilesProfile:ProfilesProfile": "rp",
    "aws:route53/profilesAssociation:ProfilesAssociation": "rpassoc",
    "aws:route53/profilesResourceAssociation:ProfilesResourceAssociation": "rpr",
    "aws:route53/resolverEndpoint:ResolverEndpoint": "rslvr-in",
    "aws:route53/resolverRule:ResolverRule": "rslvr-rr",
    "aws:organizations/policy:Policy": "p",
};

/**
 * The resource-level `region` of a resource's (or data source's) inputs, when it is a Region
 * code; undefined when it is not set (the provider's Region applies). Provider resources are
 * handled apart: their `region` is the provider's own.
 */
export function resourceRegion(inputs: Record<string, unknown> | undefined): string | undefined {
    const region = inputs?.region;
    return typeof region === "string" && region !== "" ? region : undefined;
}

/** `aws:ec2/vpc:Vpc` → `ec2`, `aws:ec2transitgateway/...` → `ec2`. */
function arnService(type: string): string {
    const module = type.split(":")[1]?.split("/")[0] ?? "";
    if (module.startsWith("ec2")) return "ec2";
    if (module === "cloudwatch") return "logs";
    return module;
}

/**
 * The mocks. Also records which account each explicit aws provider targets, so that
 * outside preview the ARNs of its resources name the right account.
 */
export class LandingZoneMocks implements pulumi.runtime.Mocks {
    private readonly providerAccounts = new Map<string, string>();
    /** The Region each explicit aws provider is pinned to (a provider per account and Region). */
    private readonly providerRegions = new Map<string, string>();

    constructor(private readonly options: MockOptions) {}

    call(args: pulumi.runtime.MockCallArgs): pulumi.runtime.MockCallResult {
        const definition = this.options.definition;
        // A call answers for its own `region` argument when given (@pulumi/aws v7 data sources
        // take one), else for the Region of the provider it is made through.
        const region = resourceRegion(args.inputs) ?? this.regionOf(args.provider);
        switch (args.token) {
            case "aws:index/getAvailabilityZones:getAvailabilityZones": {
                const zones = regionZones(region);
                return { id: region, names: zones.names, zoneIds: zones.zoneIds, groupNames: [region], state: "available" };
            }
            case "aws:index/getCallerIdentity:getCallerIdentity": {
                const account = callerAccountId(definition);
                return { id: account, accountId: account, arn: `arn:aws:sts::${account}:assumed-role/LandingZoneDeployer/plan`, userId: `AROA${fakeHex(account, 17).toUpperCase()}:plan` };
            }
            case "aws:index/getRegion:getRegion":
                return { id: region, name: region, region, description: region, endpoint: `ec2.${region}.amazonaws.com` };
            case "aws:index/getPartition:getPartition":
                return { id: "aws", partition: "aws", dnsSuffix: "amazonaws.com", reverseDnsPrefix: "com.amazonaws" };
            default:
                throw new Error(`the offline plan has no mock for data source ${args.token}; add one to tools/plan/mocks.ts`);
        }
    }

    newResource(args: pulumi.runtime.MockResourceArgs): { id: string | undefined; state: Record<string, any> } {
        if (args.type === "pulumi:pulumi:StackReference") return this.stackReference(args);
        if (args.type === "pulumi:providers:aws") {
            // Provider inputs travel JSON-encoded: `allowedAccountIds` is '["123456789012"]'.
            let allowed: unknown = args.inputs.allowedAccountIds;
            if (typeof allowed === "string") {
                try {
                    allowed = JSON.parse(allowed);
                } catch {
                    allowed = undefined;
                }
            }
            if (Array.isArray(allowed) && typeof allowed[0] === "string") this.providerAccounts.set(args.name, allowed[0]);
            if (typeof args.inputs.region === "string") this.providerRegions.set(args.name, args.inputs.region);
        }
        if (this.options.preview) {
            // A resource to be created: its planned state is its inputs, everything computed is unknown.
            return { id: undefined, state: args.inputs };
        }
        return { id: this.fakeId(args), state: { ...args.inputs, ...this.fakeOutputs(args) } };
    }

    private stackReference(args: pulumi.runtime.MockResourceArgs): { id: string; state: Record<string, any> } {
        const name = String(args.inputs.name ?? args.id ?? args.name);
        const unit = unitOfStackName(name, this.options.definition.environment);
        let outputs: Record<string, unknown> = {};
        if (unit !== undefined) {
            const given = this.options.stackOutputs;
            if (given && Object.prototype.hasOwnProperty.call(given, unit)) outputs = given[unit] ?? {};
            else outputs = sharedStackOutputs(this.options.definition, unit);
        }
        return { id: name, state: { name, outputs, secretOutputNames: [] } };
    }

    private accountOf(args: pulumi.runtime.MockResourceArgs): string {
        // Provider references are "<urn>::<id>"; the urn ends in the provider's name.
        const providerName = args.provider?.split("::")[3];
        return (providerName && this.providerAccounts.get(providerName)) ?? callerAccountId(this.options.definition);
    }

    /** The Region of a provider reference ("<urn>::<id>"), or the definition's. */
    private regionOf(provider: string | undefined): string {
        const name = provider?.split("::")[3];
        return (name && this.providerRegions.get(name)) ?? this.options.definition.region;
    }

    private fakeId(args: pulumi.runtime.MockResourceArgs): string {
        const prefix = idPrefixes[args.type];
        const hex = fakeHex(`${args.type}/${args.name}`);
        return prefix ? `${prefix}-${hex}` : `${args.name}-${hex.slice(0, 8)}`;
    }

    private fakeOutputs(args: pulumi.runtime.MockResourceArgs): Record<string, unknown> {
        // A resource lives in its resource-level `region` when set (the input @pulumi/aws v7 adds
        // to every resource: README "Providers"), else in its provider's Region; its ARN says so.
        const region = resourceRegion(args.inputs) ?? this.regionOf(args.provider);
        const account = this.accountOf(args);
        const id = this.fakeId(args);
        if (args.type === "awsx:ec2:Vpc") {
            const zones = Number(args.inputs.numberOfAvailabilityZones ?? (Array.isArray(args.inputs.availabilityZoneNames) ? args.inputs.availabilityZoneNames.length : 3));
            const specs: { type?: string; name?: string }[] = Array.isArray(args.inputs.subnetSpecs) ? args.inputs.subnetSpecs : [{ type: "Private" }, { type: "Public" }];
            const idsOf = (kind: string): string[] =>
                specs
                    .filter((s) => (s.type ?? "").toLowerCase() === kind)
                    .flatMap((s) => Array.from({ length: zones }, (_v, i) => `subnet-${fakeHex(`${args.name}/${s.name ?? kind}/${i}`)}`));
            const vpcId = `vpc-${fakeHex(`${args.name}/vpc`)}`;
            return { vpcId, privateSubnetIds: idsOf("private"), publicSubnetIds: idsOf("public"), isolatedSubnetIds: idsOf("isolated") };
        }
        if (args.type === "aws:directconnect/gatewayAssociation:GatewayAssociation") {
            // The association's transit gateway attachment, which the provider reads once it exists.
            return { transitGatewayAttachmentId: `tgw-attach-${fakeHex(`${args.name}/attachment`)}`, dxGatewayAssociationId: fakeHex(`${args.name}/association`, 36) };
        }
        const service = arnService(args.type);
        const resource = args.type.split(":").pop()?.replace(/^[A-Z]/, (c) => c.toLowerCase()) ?? "resource";
        return { arn: `arn:aws:${service}:${region}:${account}:${resource}/${id}`, ownerId: account };
    }
}
