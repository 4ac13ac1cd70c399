/**
 * The unit registry: what each unit of an environment exports, what it reads from the
 * other units' stacks, and — phase by phase — which objects of other units it uses and
 * the AWS rule that makes the order matter. The deploy waves (stack-graph.ts) are derived
 * from it, and the program cannot drift from it: every StackReference the program opens
 * and every output it reads is checked against `unitReads` (references.ts), and the
 * offline rehearsal runs the real program in the order derived here.
 *
 * Pure: no Pulumi import, so a deployment tool can compute the waves without loading
 * the program.
 */
import { catalogEntry } from "../aws/service-catalog";
import { Definition, Spoke } from "../definition/schema";
import { flowLogDestinationOf, flowLogVpcs } from "../definition/log-archive";
import { ACCOUNT_UNIT_PREFIX, accountOfUnit, ownerUnitOfAccount, unitsOf } from "../definition/units";
import { hubRegions, networkUnitOf, peeringsOf, regionOfNetworkUnit, regionPeerings, spokeRegion, spokesIn } from "../definition/regions";
import { perimeterNamesHubVpc } from "../perimeter/network-perimeter";

export type UnitKind = "bootstrap" | "org" | "security" | "network" | "log-archive" | "spoke" | "account";

/**
 * What a stack does in one `pulumi up`, split where another stack must run in between:
 *  - `roles` (bootstrap): the deploy and preview roles in every account (StackSet, and the management account directly);
 *  - `guardrails` (org): SCPs, RCPs, RAM sharing with the organization;
 *  - `perimeter` (org): the network perimeter's SCP/RCP statements that name the hub VPC (aws:SourceVpc);
 *  - `archive` (log-archive): the flow-log bucket and its policy;
 *  - `policies` (account unit): the bucket policies (and governance forwarder) of an account no other unit deploys into;
 *  - `audit` (security): the audit bus, evaluator and alerts;
 *  - `core` (network): transit gateway, route domains, RAM shares, hub, endpoints, DNS;
 *  - `vpc` (spoke): VPC, attachment, gateway endpoints, DNS associations, owned endpoint services;
 *  - `consume` (spoke): interface endpoints to other spokes' endpoint services (pending acceptance);
 *  - `accept` (spoke owning an endpoint service): accept its consumers' endpoint connections;
 *  - `attach` (network): accept, associate and propagate the spokes' attachments; zone authorizations;
 *  - `peer` (the network unit of the requester of a pair: definition/regions.ts `peeringRequester`): request the transit gateway peering attachment;
 *  - `peer-accept` (the network unit of the later Region): accept it, associate it with its peering table, route over it;
 *  - `peer-routes` (the requester again): associate it with its own peering table and route over it, once accepted;
 *  - `routes` (spoke): VPC routes to the transit gateway once accepted; hosted-zone associations once authorized;
 *  - `authorize` (spoke owning a failover service): authorize consumer VPCs on the failover zone;
 *  - `associate` (consumer of a failover service): associate with the owner's failover zone;
 *  - `private-dns` (consumer of a service with a private DNS name): turn private DNS on for its endpoint once the owner accepted it.
 */
export type PhaseName =
    | "roles"
    | "guardrails"
    | "perimeter"
    | "audit"
    | "archive"
    | "policies"
    | "core"
    | "vpc"
    | "consume"
    | "accept"
    | "attach"
    | "peer"
    | "peer-accept"
    | "peer-routes"
    | "routes"
    | "authorize"
    | "associate"
    | "private-dns";

export const phaseDescriptions: Record<PhaseName, string> = {
    roles: "the deploy and preview roles in every account (StackSet; the management account directly)",
    archive: "the log archive bucket and its policy (flow log delivery)",
    policies: "the account's protected-bucket policies and governance forwarder",
    guardrails: "SCPs, RCPs and RAM sharing with the organization",
    perimeter: "the network perimeter's SCP and RCP statements that name the hub VPC (aws:SourceVpc)",
    audit: "audit bus, evaluator and alerts",
    core: "transit gateway, route domains, RAM shares, hub VPC, endpoints and DNS",
    vpc: "VPC, transit gateway attachment, gateway endpoints, DNS associations, owned endpoint services",
    consume: "interface endpoints to other spokes' endpoint services (pending acceptance)",
    accept: "accept the consumers' endpoint connections to the endpoint services this spoke owns",
    attach: "accept, associate and propagate the spokes' attachments; authorize their VPCs on the hosted zones",
    peer: "request the transit gateway peering attachment to each later Region's transit gateway",
    "peer-accept": "accept the peering attachments other Regions requested, associate them with the peering route table and route the other Regions' address space over them",
    "peer-routes": "associate the accepted peering attachments with the peering route table and route the other Regions' address space over them",
    routes: "VPC routes to the transit gateway (once accepted) and hosted-zone associations (once authorized)",
    authorize: "authorize consumer VPCs on the failover zones",
    associate: "associate with the owners' failover zones",
    "private-dns": "turn private DNS on for endpoints to services with a private DNS name, once their owners accepted the connections",
};

/** The outputs a unit's stack exports, by kind. */
export const unitExports: Record<UnitKind, readonly string[]> = {
    bootstrap: [],
    "log-archive": [],
    account: [],
    org: [],
    security: [],
    network: [
        "transitGatewayId",
        "availabilityZoneIds",
        "profileId",
        "hostedZoneIds",
        "resolverRuleIds",
        "authorizedSpokes",
        "authorizedCidrs",
        "attachedSpokes",
        "acceptedCidrs",
        "acceptedVpcs",
        "authorizedVpcs",
        "waitingSpokes",
        "detachedSpokes",
        "hubVpcId",
        "executeApiEndpointId",
        "distributedZoneNames",
        "centralEndpointNames",
        "centralZones",
        "peeringAttachments",
        "acceptedPeerings",
        "waitingPeerings",
    ],
    spoke: ["vpcId", "transitGatewayAttachmentId", "cidr", "accountId", "endpointDnsEntries", "endpointServices", "endpointConnections"],
};

/**
 * Which outputs a unit of one kind reads from a unit of another kind (`self`: its own
 * stack's previous outputs). The program's StackReferences are checked against this.
 */
export const unitReads: { reader: UnitKind; from: UnitKind | "self"; outputs: readonly string[]; why: string }[] = [
    {
        reader: "spoke",
        from: "network",
        outputs: ["transitGatewayId", "availabilityZoneIds", "profileId", "hostedZoneIds", "resolverRuleIds", "authorizedSpokes", "authorizedCidrs", "acceptedCidrs", "acceptedVpcs", "authorizedVpcs", "centralEndpointNames"],
        why: "the transit gateway to attach to, the hub's Availability Zone ids, the DNS to associate with, and whether the network accepted the attachment and authorized the VPC",
    },
    {
        reader: "network",
        from: "spoke",
        outputs: ["vpcId", "transitGatewayAttachmentId", "cidr", "accountId", "endpointDnsEntries"],
        why: "the attachments to accept, associate and propagate, the VPCs to authorize, and (distributed) the endpoints the hub's zones point at",
    },
    {
        reader: "network",
        from: "self",
        outputs: ["attachedSpokes", "hostedZoneIds", "distributedZoneNames", "centralEndpointNames", "profileId", "centralZones", "hubVpcId"],
        why: "the spokes it accepted before, so a spoke that stops publishing its outputs stops the run instead of losing its connection; the private hosted zones the hub VPC still has, so a change of DNS sharing deletes them before it creates zones or private DNS of the same names; the central zones and the hub VPC they were associated with, so their association follows a replaced hub",
    },
    {
        reader: "spoke",
        from: "spoke",
        outputs: ["endpointServices", "vpcId", "accountId", "cidr", "endpointConnections"],
        why: "endpoint services consumers connect to (and which of their endpoints the owner accepted, for private DNS); consumer VPCs a failover zone authorizes; consumer endpoints their owner accepts",
    },
    {
        reader: "spoke",
        from: "self",
        outputs: ["endpointConnections", "endpointServices", "vpcId", "transitGatewayAttachmentId", "cidr", "accountId"],
        why: "the endpoints it built before, so an owner that stops publishing its service stops the run instead of deleting the consumer's endpoints; the connections it accepted before, so a consumer that stops publishing stops the run instead of losing its connections; the VPC it keeps, to tell whether the network accepted and authorized that VPC (by attachment and VPC id); the failover zone it built and the owner VPC it is associated with, so that association follows a replaced owner VPC",
    },
    {
        reader: "network",
        from: "network",
        outputs: ["transitGatewayId", "peeringAttachments", "acceptedPeerings"],
        why: "the other Region's side of each transit gateway peering: its transit gateway (to request the attachment), the attachment it requested (to accept it), whether it accepted (to associate and route over it)",
    },
    { reader: "org", from: "network", outputs: ["hubVpcId"], why: "the hub VPC the network perimeter names in aws:SourceVpc (services whose requests carry no aws:VpceOrgID)" },
];

/** The kind of a unit of a definition. */
export function kindOf(definition: Definition, unit: string): UnitKind {
    if (unit === "org" || unit === "security" || unit === "network" || unit === "bootstrap" || unit === "log-archive") return unit;
    if (regionOfNetworkUnit(definition, unit) !== undefined) return "network";
    if (definition.spokes.some((s) => s.name === unit)) return "spoke";
    if (unit.startsWith(ACCOUNT_UNIT_PREFIX) && unitsOf(definition).includes(unit)) return "account";
    throw new Error(`"${unit}" is not a unit of environment ${definition.environment}`);
}

/** The outputs `reader` may read from `from`'s stack (empty when it reads nothing from it). */
export function declaredReads(definition: Definition, reader: string, from: string): readonly string[] {
    const readerKind = kindOf(definition, reader);
    const fromKind = reader === from ? "self" : kindOf(definition, from);
    return unitReads.find((r) => r.reader === readerKind && r.from === fromKind)?.outputs ?? [];
}

// ---- what the program decides, read from the definition alone ---------------------------

/** The 12-digit id of a logical account. */
function idOf(definition: Definition, account: string): string {
    return definition.accounts[account] ?? account;
}

/**
 * What identifies a spoke's VPC in the registry's object keys: its account and its CIDR. A
 * new CIDR (aws/lifecycle.ts replacements, Vpc cidrBlock) or another account is another VPC,
 * with another id and another attachment, to be accepted and authorized again: AWS keys
 * acceptance by attachment id and zone authorization by VPC id (program/acceptance.ts).
 */
function vpcKey(definition: Definition, spoke: Spoke): string {
    return `${idOf(definition, spoke.account)}/${spoke.cidr}`;
}

/** True when the spoke's VPC lives in another account than the transit gateway (its attachment must be accepted). */
export function crossAccountSpoke(definition: Definition, spoke: Spoke): boolean {
    return idOf(definition, spoke.account) !== idOf(definition, definition.network.account);
}

/** True when a unit deploys a governance forwarder (it is the first unit of an account, and there is a security unit). */
export function deploysForwarder(definition: Definition, unit: string): boolean {
    if (!definition.security || unit === "security") return false;
    return Object.keys(definition.accounts).some((account) => ownerUnitOfAccount(definition, account) === unit);
}

/** True when spokes associate their VPCs with the Route 53 Profile (as program/services.ts profileServesSpokes). */
export function spokesUseProfile(definition: Definition): boolean {
    const { dns, endpoints } = definition.network;
    return dns.sharing === "profile" && (endpoints.mode === "centralized" || dns.onPremises.forwardedDomains.length > 0);
}

/**
 * The private hosted zones the network builds and spokes associate with (hosted-zones
 * sharing, centralized endpoints: one per private DNS zone of each service, as
 * components/hosted-zones.ts serviceZoneSpecs).
 */
export function serviceZoneNames(definition: Definition): string[] {
    const { dns, endpoints } = definition.network;
    if (dns.sharing !== "hosted-zones" || endpoints.mode !== "centralized") return [];
    return endpoints.services.flatMap((service) => {
        const entry = catalogEntry(service);
        if (!entry || entry.privateDnsOnlyForInboundResolverEndpoint) return [];
        return entry.dnsZones(definition.region).map((z) => z.zone);
    });
}

/**
 * The private DNS names the hub VPC holds for the central endpoints (centralized endpoints,
 * either DNS sharing: the hosted zones, or the endpoints' own private DNS the Route 53 Profile
 * shares). A change of endpoint mode moves these names between the hub and the spokes, and
 * AWS refuses a name held twice in one VPC (aws/lifecycle.ts private-dns-name-conflicts-with-zone,
 * zone-create-conflicts-with-same-name).
 */
export function centralServiceNames(definition: Definition): string[] {
    const { endpoints } = definition.network;
    if (endpoints.mode !== "centralized") return [];
    return endpoints.services.flatMap((service) => {
        const entry = catalogEntry(service);
        if (!entry || entry.privateDnsOnlyForInboundResolverEndpoint) return [];
        return entry.dnsZones(definition.region).map((z) => z.zone);
    });
}

/** True when spokes associate the network's Resolver forwarding rules (hosted-zones mode; in profile mode the rules ride in the Profile). */
export function spokesUseResolverRules(definition: Definition): boolean {
    return definition.network.dns.sharing === "hosted-zones" && definition.network.dns.onPremises.forwardedDomains.length > 0;
}

/** True when the spoke's distributed endpoints answer the hub's zones (it is connected both ways with the hub). */
export function spokeAnswersHub(definition: Definition, spoke: Spoke): boolean {
    if (definition.network.endpoints.mode !== "distributed" || definition.network.endpoints.services.length === 0) return false;
    const domains = definition.network.transitGateway.domains;
    return (domains.shared?.reaches ?? []).includes(spoke.domain) && (domains[spoke.domain]?.reaches ?? []).includes("shared");
}

// ---- phases and uses ----------------------------------------------------------------------

/** A phase of a unit. */
export interface UnitPhase {
    unit: string;
    phase: PhaseName;
}

/**
 * One use: phase `user` of a unit uses `object` of another unit, which that unit's phase
 * `object.phase` creates. The object must exist first (`requires`: the lifecycle rule, or
 * `stack-output` when only an output must be there); while the use lasts, the object
 * cannot be deleted if `blocksDelete` names a rule; `releasedBy` when a run of the user
 * with a config drops the use: `detach` (the network, `landing-zone:detachSpokes`),
 * `release` (a consumer spoke, `landing-zone:releaseEndpointServices`).
 */
export interface Use {
    user: UnitPhase;
    object: UnitPhase & { key: string };
    /** Outputs of the object's unit the user reads (empty for an AWS-side precondition only). */
    reads: string[];
    requires: string;
    blocksDelete?: string;
    releasedBy?: "detach" | "release";
}

export const STACK_OUTPUT = "stack-output";

/** Every phase each unit of `definition` runs (the phases that have something to do). */
export function unitPhases(definition: Definition): UnitPhase[] {
    const phases: UnitPhase[] = [];
    for (const unit of unitsOf(definition)) {
        const kind = kindOf(definition, unit);
        if (kind === "bootstrap") phases.push({ unit, phase: "roles" });
        else if (kind === "log-archive") phases.push({ unit, phase: "archive" });
        else if (kind === "account") phases.push({ unit, phase: "policies" });
        else if (kind === "org") {
            phases.push({ unit, phase: "guardrails" });
            if (perimeterNamesHubVpc(definition)) phases.push({ unit, phase: "perimeter" });
        }
        else if (kind === "security") phases.push({ unit, phase: "audit" });
        else if (kind === "network") {
            phases.push({ unit, phase: "core" });
            const region = regionOfNetworkUnit(definition, unit) ?? definition.region;
            if (spokesIn(definition, region).length > 0) phases.push({ unit, phase: "attach" });
            const peerings = peeringsOf(definition, region);
            if (peerings.some((p) => p.side === "requester")) phases.push({ unit, phase: "peer" }, { unit, phase: "peer-routes" });
            if (peerings.some((p) => p.side === "accepter")) phases.push({ unit, phase: "peer-accept" });
        } else {
            phases.push({ unit, phase: "vpc" });
            for (const use of spokeUses(definition, definition.spokes.find((s) => s.name === unit)!)) {
                if (!phases.some((p) => p.unit === unit && p.phase === use.user.phase)) phases.push({ unit, phase: use.user.phase });
            }
            if (definition.endpointServices.some((s) => s.spoke === unit && acceptedConsumers(definition, s.name).length > 0)) {
                if (!phases.some((p) => p.unit === unit && p.phase === "accept")) phases.push({ unit, phase: "accept" });
            }
            if (definition.endpointServices.some((s) => s.spoke === unit && s.failover && authorizedConsumers(definition, s.name).length > 0)) {
                if (!phases.some((p) => p.unit === unit && p.phase === "authorize")) phases.push({ unit, phase: "authorize" });
            }
        }
    }
    return phases;
}

/**
 * Consumers whose endpoint connections the owner of `service` accepts from their stack
 * outputs: every consumer spoke but the owner (every endpoint service requires acceptance).
 */
function acceptedConsumers(definition: Definition, service: string): Spoke[] {
    const s = definition.endpointServices.find((e) => e.name === service)!;
    return s.consumers
        .filter((c) => c !== s.spoke)
        .map((c) => definition.spokes.find((sp) => sp.name === c))
        .filter((c): c is Spoke => c !== undefined);
}

/** Consumers of a failover service whose VPC the owner authorizes (another account than the owner's). */
function authorizedConsumers(definition: Definition, service: string): Spoke[] {
    const s = definition.endpointServices.find((e) => e.name === service)!;
    const owner = definition.spokes.find((sp) => sp.name === s.spoke)!;
    return s.consumers
        .map((c) => definition.spokes.find((sp) => sp.name === c))
        .filter((c): c is Spoke => c !== undefined && c.name !== owner.name && idOf(definition, c.account) !== idOf(definition, owner.account));
}

function spokeUses(definition: Definition, spoke: Spoke): Use[] {
    const uses: Use[] = [];
    const unit = spoke.name;
    // The network unit of the spoke's own Region: its transit gateway, DNS and acceptance.
    const network = networkUnitOf(definition, spokeRegion(definition, spoke));
    const cross = crossAccountSpoke(definition, spoke);
    const vpc: UnitPhase = { unit, phase: "vpc" };
    uses.push({
        user: vpc,
        object: { unit: network, phase: "core", key: "transit-gateway" },
        reads: ["transitGatewayId", "availabilityZoneIds"],
        requires: cross ? "tgw-attachment-needs-share" : STACK_OUTPUT,
        blocksDelete: "tgw-delete-blocked-by-attachments",
    });
    if (spokesUseProfile(definition)) {
        uses.push({
            user: vpc,
            object: { unit: network, phase: "core", key: "profile" },
            reads: ["profileId"],
            requires: cross ? "profile-association-needs-share" : STACK_OUTPUT,
            blocksDelete: "profile-delete-blocked-by-vpc-associations",
        });
    }
    for (const forwarded of spokesUseResolverRules(definition) ? definition.network.dns.onPremises.forwardedDomains : []) {
        uses.push({
            user: vpc,
            object: { unit: network, phase: "core", key: `resolver-rule:${forwarded.domain}` },
            reads: ["resolverRuleIds"],
            requires: cross ? "resolver-rule-association-needs-share" : STACK_OUTPUT,
            blocksDelete: "resolver-rule-delete-blocked-by-associations",
        });
    }
    if (deploysForwarder(definition, unit)) {
        uses.push({ user: vpc, object: { unit: "security", phase: "audit", key: "audit-bus" }, reads: [], requires: "event-target-needs-bus" });
    }
    uses.push(...flowLogDeliveryUses(definition, vpc, spoke.account));
    const routes: UnitPhase = { unit, phase: "routes" };
    if (cross) {
        uses.push({
            user: routes,
            object: { unit: network, phase: "attach", key: `acceptance:${unit}:${vpcKey(definition, spoke)}` },
            reads: ["acceptedCidrs", "acceptedVpcs"],
            requires: "tgw-route-needs-available-attachment",
        });
    }
    for (const zone of serviceZoneNames(definition)) {
        uses.push({
            user: routes,
            object: { unit: network, phase: "attach", key: `zone-authorization:${zone}:${unit}:${vpcKey(definition, spoke)}` },
            reads: ["authorizedSpokes", "authorizedCidrs", "authorizedVpcs", "hostedZoneIds"],
            requires: cross ? "zone-association-needs-authorization" : STACK_OUTPUT,
        });
        uses.push({
            user: routes,
            object: { unit: network, phase: "core", key: `service-zone:${zone}` },
            reads: ["hostedZoneIds"],
            requires: STACK_OUTPUT,
            blocksDelete: "zone-delete-blocked-by-vpc-associations",
        });
    }
    for (const service of definition.endpointServices) {
        if (!service.consumers.includes(unit) || service.spoke === unit) continue;
        const owner = definition.spokes.find((s) => s.name === service.spoke)!;
        const consume: UnitPhase = { unit, phase: "consume" };
        uses.push({
            user: consume,
            object: { unit: owner.name, phase: "vpc", key: `endpoint-service:${service.name}:allows:${idOf(definition, spoke.account)}` },
            reads: ["endpointServices"],
            requires: "endpoint-needs-allowed-principal",
            blocksDelete: "endpoint-service-delete-blocked-by-connections",
            releasedBy: "release",
        });
        if (service.privateDnsName !== undefined) {
            // Private DNS of the endpoint is turned on only once the owner has accepted it; the
            // owner's accept run publishes which endpoint ids it accepted (`endpointServices`).
            uses.push({
                user: { unit, phase: "private-dns" },
                object: { unit: owner.name, phase: "accept", key: `endpoint-acceptance:${service.name}:${unit}:${vpcKey(definition, spoke)}` },
                reads: ["endpointServices"],
                requires: "private-dns-needs-accepted-connection",
            });
        }
        if (service.failover) {
            uses.push({
                user: consume,
                object: { unit: owner.name, phase: "vpc", key: `failover-zone:${service.name}` },
                reads: ["endpointServices"],
                requires: STACK_OUTPUT,
                blocksDelete: "zone-delete-blocked-by-vpc-associations",
                releasedBy: "release",
            });
            if (idOf(definition, owner.account) !== idOf(definition, spoke.account)) {
                uses.push({
                    user: { unit, phase: "associate" },
                    object: { unit: owner.name, phase: "authorize", key: `failover-zone-authorization:${service.name}:${unit}:${vpcKey(definition, spoke)}` },
                    reads: ["endpointServices"],
                    requires: "zone-association-needs-authorization",
                });
            }
        }
    }
    for (const service of definition.endpointServices) {
        if (service.spoke !== unit) continue;
        for (const consumer of acceptedConsumers(definition, service.name)) {
            // The consumer's endpoint (one per Region of the service) is replaced with its VPC.
            uses.push({
                user: { unit, phase: "accept" },
                object: { unit: consumer.name, phase: "consume", key: `endpoint-connection:${service.name}:${consumer.cidr}` },
                reads: ["endpointConnections"],
                requires: STACK_OUTPUT,
            });
        }
    }
    for (const service of definition.endpointServices) {
        if (service.spoke !== unit || !service.failover) continue;
        for (const consumer of authorizedConsumers(definition, service.name)) {
            uses.push({ user: { unit, phase: "authorize" }, object: { unit: consumer.name, phase: "vpc", key: `vpc:${consumer.cidr}` }, reads: ["vpcId"], requires: STACK_OUTPUT });
        }
    }
    // PrivateLink failover served from a spoke of the definition (failover.provider.spoke): that
    // spoke's stack builds the failover Region's endpoint service; the owner reads it (to route
    // and accept), and each consumer's endpoint to it needs it to allow the consumer's account
    // and blocks its deletion until the consumer has released it (program/privatelink-provider.ts, program/privatelink-consumer.ts).
    for (const service of definition.endpointServices) {
        const provider = service.failover?.provider.spoke;
        if (provider === undefined || provider === service.spoke || !definition.spokes.some((s) => s.name === provider)) continue;
        const key = `endpoint-service:${service.name}-${service.failover!.region}`;
        if (service.spoke === unit) uses.push({ user: { unit, phase: "vpc" }, object: { unit: provider, phase: "vpc", key }, reads: ["endpointServices"], requires: STACK_OUTPUT });
        if (service.consumers.includes(unit) && unit !== provider) {
            uses.push({
                user: { unit, phase: "consume" },
                object: { unit: provider, phase: "vpc", key: `${key}:allows:${idOf(definition, spoke.account)}` },
                reads: [],
                requires: "endpoint-needs-allowed-principal",
                blocksDelete: "endpoint-service-delete-blocked-by-connections",
                releasedBy: "release",
            });
        }
    }
    return uses;
}

/** Every use between the units of `definition`. */
/** The first phase each unit runs: the one that needs the deploy role. */
const firstPhase: Record<UnitKind, PhaseName> = {
    bootstrap: "roles",
    org: "guardrails",
    security: "audit",
    network: "core",
    "log-archive": "archive",
    spoke: "vpc",
    account: "policies",
};

/**
 * A flow log delivering to the log archive needs the bucket, and its policy admitting the
 * VPC's account, first: "the bucket owner must add this policy ... or flow log creation fails"
 * (aws/lifecycle.ts flow-log-s3-needs-bucket-policy).
 */
function flowLogDeliveryUses(definition: Definition, user: UnitPhase, account: string): Use[] {
    if (!definition.logArchive || flowLogDestinationOf(definition) !== "log-archive") return [];
    return [{ user, object: { unit: "log-archive", phase: "archive", key: `flow-log-delivery:${idOf(definition, account)}` }, reads: [], requires: "flow-log-s3-needs-bucket-policy" }];
}

export function unitUses(definition: Definition): Use[] {
    const uses: Use[] = [];
    const units = unitsOf(definition);
    if (units.includes("bootstrap")) {
        // Every other stack's providers assume the roles the bootstrap stack rolls out.
        for (const unit of units) {
            if (unit === "bootstrap") continue;
            const account = accountOfUnit(definition, unit);
            uses.push({
                user: { unit, phase: firstPhase[kindOf(definition, unit)] },
                object: { unit: "bootstrap", phase: "roles", key: `deploy-role:${account ? idOf(definition, account) : unit}:${definition.deployment.roleName}` },
                reads: [],
                requires: "assume-role-needs-role",
            });
        }
    }
    for (const unit of units) {
        const kind = kindOf(definition, unit);
        if ((kind === "log-archive" || kind === "account") && deploysForwarder(definition, unit)) {
            uses.push({ user: { unit, phase: firstPhase[kind] }, object: { unit: "security", phase: "audit", key: "audit-bus" }, reads: [], requires: "event-target-needs-bus" });
        }
    }
    if (units.includes("org") && deploysForwarder(definition, "org")) {
        uses.push({ user: { unit: "org", phase: "guardrails" }, object: { unit: "security", phase: "audit", key: "audit-bus" }, reads: [], requires: "event-target-needs-bus" });
    }
    const core: UnitPhase = { unit: "network", phase: "core" };
    if (units.includes("org") && perimeterNamesHubVpc(definition)) {
        // Every Region's hub VPC (program/org.ts reads each Region's network stack).
        for (const hub of hubRegions(definition)) {
            uses.push({ user: { unit: "org", phase: "perimeter" }, object: { unit: hub.unit, phase: "core", key: "hub-vpc" }, reads: ["hubVpcId"], requires: STACK_OUTPUT });
        }
    }
    if (definition.organization) {
        uses.push({ user: core, object: { unit: "org", phase: "guardrails", key: "ram-organization-sharing" }, reads: [], requires: "org-principal-needs-org-sharing" });
    }
    if (deploysForwarder(definition, "network")) {
        uses.push({ user: core, object: { unit: "security", phase: "audit", key: "audit-bus" }, reads: [], requires: "event-target-needs-bus" });
    }
    uses.push(...flowLogDeliveryUses(definition, core, flowLogVpcs(definition)[0].account));
    for (const hub of hubRegions(definition)) {
        if (hub.home) continue;
        // Another Region's network core: RAM sharing with the organization, flow-log delivery, as at home.
        const regionalCore: UnitPhase = { unit: hub.unit, phase: "core" };
        if (definition.organization) {
            uses.push({ user: regionalCore, object: { unit: "org", phase: "guardrails", key: "ram-organization-sharing" }, reads: [], requires: "org-principal-needs-org-sharing" });
        }
        uses.push(...flowLogDeliveryUses(definition, regionalCore, definition.network.account));
    }
    uses.push(...peeringUses(definition));
    for (const spoke of definition.spokes) {
        const attach: UnitPhase = { unit: networkUnitOf(definition, spokeRegion(definition, spoke)), phase: "attach" };
        const cross = crossAccountSpoke(definition, spoke);
        uses.push({
            user: attach,
            // The attachment is replaced with the VPC, which a new CIDR replaces.
            object: { unit: spoke.name, phase: "vpc", key: `attachment:${vpcKey(definition, spoke)}` },
            reads: ["vpcId", "transitGatewayAttachmentId", "cidr"],
            requires: cross ? "tgw-accept-needs-pending-attachment" : "tgw-association-needs-available-attachment",
            blocksDelete: "tgw-attachment-delete-blocked-by-association",
            releasedBy: "detach",
        });
        for (const service of spokeAnswersHub(definition, spoke) ? definition.network.endpoints.services : []) {
            uses.push({ user: attach, object: { unit: spoke.name, phase: "vpc", key: `endpoint-dns:${vpcKey(definition, spoke)}:${service}` }, reads: ["endpointDnsEntries"], requires: STACK_OUTPUT });
        }
        uses.push(...spokeUses(definition, spoke));
    }
    return uses;
}

/**
 * The transit gateway peerings between the Regions' network units: the requester (home, else
 * the Region code that sorts first) needs the peer's transit gateway; the accepter needs the requester's
 * pending attachment; the requester routes once the accepter accepted. In a teardown, each
 * network unit drops its peering association first (its detach run), the requester's
 * stack then deletes the attachment, and the peer's transit gateway goes last.
 */
function peeringUses(definition: Definition): Use[] {
    return regionPeerings(definition).flatMap((p): Use[] => {
        const requester = networkUnitOf(definition, p.requester);
        const accepter = networkUnitOf(definition, p.accepter);
        return [
            {
                user: { unit: requester, phase: "peer" },
                object: { unit: accepter, phase: "core", key: "transit-gateway" },
                reads: ["transitGatewayId"],
                requires: "tgw-peering-needs-peer-transit-gateway",
                blocksDelete: "tgw-delete-blocked-by-peering-attachment",
            },
            {
                user: { unit: accepter, phase: "peer-accept" },
                object: { unit: requester, phase: "peer", key: `peering-attachment:${p.key}` },
                reads: ["peeringAttachments"],
                requires: "tgw-peering-accept-needs-pending-attachment",
                blocksDelete: "tgw-peering-delete-blocked-by-association",
                releasedBy: "detach",
            },
            {
                user: { unit: requester, phase: "peer-routes" },
                object: { unit: accepter, phase: "peer-accept", key: `peering-acceptance:${p.key}` },
                reads: ["acceptedPeerings"],
                requires: "tgw-association-needs-available-attachment",
            },
        ];
    });
}
