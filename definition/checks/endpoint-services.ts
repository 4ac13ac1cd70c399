/**
 * PrivateLink provider services (`endpointServices`): unique names, an owner spoke whose
 * VPC holds the targets, consumers that are other spokes (each once), failover in a second
 * Region for declared consumers — served from a provider spoke of the definition placed in
 * that Region (`failover.provider.spoke`), or from a VPC built elsewhere named by id — and an
 * owner stack the perimeter SCP lets deploy. Derives `consumerEndpoints`.
 */
import { addressInside } from "../cidr";
import { Path } from "../locate";
import { deploymentSchema, perimeterSchema } from "../schema";
import { suggest } from "../shape-issues";
import { CheckContext, list, rec, SpokeView, str, strings } from "./context";

export function checkEndpointServices(c: CheckContext): void {
    const { root, region, spokes, consumerEndpoints } = c;
    const serviceNames = new Map<string, number>();
    // Owner spokes of services whose SCP-governed account creates an endpoint service.
    const privateLinkOwners: { service: string; spoke: string; failover?: boolean }[] = [];
    const spokeByName = (name: string) => spokes.find((s) => s.name === name);
    list(root.endpointServices).forEach((item, i) => {
        const e = rec(item);
        if (!e) return;
        const path: Path = ["endpointServices", i];
        const name = str(e.name);
        if (name !== undefined) {
            const previous = serviceNames.get(name);
            if (previous !== undefined) c.error([...path, "name"], `endpoint service name "${name}" is already used by endpointServices[${previous}]`);
            else serviceNames.set(name, i);
        }
        const ownerName = str(e.spoke);
        const owner = ownerName !== undefined ? spokeByName(ownerName) : undefined;
        const spokeNames = spokes.flatMap((s) => (s.name ? [s.name] : []));
        const spokeRef = (p: Path, value: string, note = "") => {
            const hint = suggest(value, spokeNames);
            c.error(p, `spoke "${value}" is not defined in spokes${note}${hint ? ` — did you mean "${hint}"?` : spokeNames.length ? ` (defined: ${spokeNames.join(", ")})` : ""}`);
        };
        if (ownerName !== undefined && !owner) spokeRef([...path, "spoke"], ownerName);
        for (const [j, ip] of strings(e.targets)) {
            const address = c.ipAt([...path, "targets", j], ip);
            if (address !== undefined && owner?.cidr && !addressInside(address, owner.cidr)) {
                c.error([...path, "targets", j], `target ${ip} is outside ${owner.cidr.cidr}, the CIDR of the owning spoke "${ownerName}"; the Network Load Balancer's IP targets must be in its VPC`);
            }
        }
        const seen = new Set<string>();
        for (const [j, consumer] of strings(e.consumers)) {
            const p = [...path, "consumers", j];
            if (seen.has(consumer)) {
                c.error(p, `consumer "${consumer}" is listed twice`);
                continue;
            }
            seen.add(consumer);
            if (consumer === ownerName) {
                c.error(p, `"${consumer}" owns this service; a spoke does not need an endpoint to its own Network Load Balancer`);
                continue;
            }
            if (!spokeByName(consumer)) {
                spokeRef(p, consumer);
                continue;
            }
            consumerEndpoints.set(consumer, (consumerEndpoints.get(consumer) ?? 0) + 1);
        }
        // Cross-Region failover: a second Region, and consumer VPCs of declared consumers.
        const failover = rec(e.failover);
        if (failover) {
            const second = str(failover.region);
            const ownerRegion = ownerName !== undefined ? spokeRegionOf(c, ownerName) : region;
            if (second !== undefined && second === ownerRegion) {
                c.error(
                    [...path, "failover", "region"],
                    ownerRegion === region
                        ? `failover.region is ${second}, the environment's own Region; failover needs a second Region`
                        : `failover.region is ${second}, the Region of the owner spoke "${ownerName}"; failover needs a second Region`,
                );
            }
            checkFailoverProvider(c, [...path, "failover"], rec(failover.provider), second, owner, ownerName, spokeRef, spokeByName);
            const failoverSpokes = new Set<string>();
            list(failover.consumers).forEach((fc, j) => {
                const spoke = str(rec(fc)?.spoke);
                if (spoke === undefined) return;
                const p: Path = [...path, "failover", "consumers", j, "spoke"];
                if (failoverSpokes.has(spoke)) c.error(p, `consumer "${spoke}" already has a failover VPC in this list`);
                failoverSpokes.add(spoke);
                if (!spokeByName(spoke)) {
                    spokeRef(p, spoke, " (it must also be one of this service's consumers)");
                } else if (!seen.has(spoke)) {
                    c.error(p, `"${spoke}" is not one of this service's consumers${seen.size ? ` (${[...seen].join(", ")})` : ""}; only consumers get failover endpoints`);
                } else if (second !== undefined && spokeRegionOf(c, spoke) === second) {
                    c.error(
                        [...path, "failover", "consumers", j],
                        `"${spoke}" is itself in ${second} (spokes[].region): its endpoints to both Regions' services are built in its own VPC; remove this entry (failover.consumers is for VPCs built outside the landing zone)`,
                        "key",
                    );
                }
            });
        }
        if (list(e.consumers).length === 0 && (e.consumers === undefined || Array.isArray(e.consumers))) {
            // No consumers: the service is built with no allowed principals, so nothing can connect.
            c.warn(
                e.consumers === undefined ? path : [...path, "consumers"],
                `endpoint service${name ? ` "${name}"` : ""} has no consumers: it is built with no allowed principals, so no VPC can connect to it. List the spokes that use it under consumers`,
                "key",
            );
        }
        if (ownerName !== undefined && owner) {
            const account = owner.account;
            if (account !== undefined && account !== "management") {
                privateLinkOwners.push({ service: name ?? `endpointServices[${i}]`, spoke: ownerName });
                // The failover provider spoke's stack builds the failover Region's service with the same role.
                const providerSpoke = str(rec(rec(e.failover)?.provider)?.spoke);
                if (providerSpoke !== undefined && providerSpoke !== ownerName && spokeByName(providerSpoke)) privateLinkOwners.push({ service: name ?? `endpointServices[${i}]`, spoke: providerSpoke, failover: true });
            }
        }
    });
    checkEndpointServiceRole(c, privateLinkOwners);
}

/** The Region of a spoke as written (`spokes[].region`, default the home Region). */
function spokeRegionOf(c: CheckContext, spoke: string): string | undefined {
    const raw = list(c.root.spokes).map(rec).find((s) => s?.name === spoke);
    return str(raw?.region) ?? c.region;
}

/**
 * The failover Region's provider side: a spoke of the definition in failover.region, in the
 * owner's account, holding the targets (`provider.spoke`) — or a VPC built outside the landing
 * zone (`provider.vpcId` and `subnetIds`), which a Region with a hub of this definition no
 * longer needs.
 */
function checkFailoverProvider(
    c: CheckContext,
    path: Path,
    provider: Record<string, unknown> | undefined,
    failoverRegion: string | undefined,
    owner: { account?: string } | undefined,
    ownerName: string | undefined,
    spokeRef: (p: Path, value: string, note?: string) => void,
    spokeByName: (name: string) => SpokeView | undefined,
): void {
    if (!provider) return; // the shape check reports a missing provider
    const p: Path = [...path, "provider"];
    const spoke = str(provider.spoke);
    const external = provider.vpcId !== undefined || provider.subnetIds !== undefined;
    if (spoke !== undefined && external) {
        c.error(p, "give either spoke (the provider's spoke in the failover Region) or vpcId and subnetIds (a VPC built outside the landing zone), not both", "key");
        return;
    }
    if (spoke === undefined) {
        if (provider.vpcId === undefined || provider.subnetIds === undefined) {
            c.error(p, "needs spoke (the provider's spoke in the failover Region, a spoke of this definition) or both vpcId and subnetIds (a VPC built outside the landing zone)", "key");
            return;
        }
        const hubs = Object.keys(rec(c.network?.regions) ?? {});
        if (failoverRegion !== undefined && hubs.includes(failoverRegion)) {
            c.warn(
                [...p, "vpcId"],
                `the definition has a hub in ${failoverRegion} (network.regions): place the provider's failover VPC there as a spoke (spokes[].region: ${failoverRegion}) and name it with provider.spoke, so the landing zone builds, routes and governs it; a VPC named by id is built and attached elsewhere`,
            );
        }
        return;
    }
    const target = spokeByName(spoke);
    if (!target) {
        spokeRef([...p, "spoke"], spoke, ` (the provider's spoke in ${failoverRegion ?? "the failover Region"})`);
        return;
    }
    if (spoke === ownerName) {
        c.error([...p, "spoke"], `"${spoke}" is the owner spoke of the primary service; the failover service needs a spoke in ${failoverRegion ?? "the failover Region"}`);
        return;
    }
    const own = spokeRegionOf(c, spoke);
    if (failoverRegion !== undefined && own !== failoverRegion) {
        c.error([...p, "spoke"], `"${spoke}" is in ${own ?? "the home Region"}, not in failover.region ${failoverRegion}; place it there (spokes[].region: ${failoverRegion}) or name a spoke of ${failoverRegion}`);
    }
    if (owner?.account !== undefined && target.account !== undefined && target.account !== owner.account) {
        c.error(
            [...p, "spoke"],
            `"${spoke}" is in account ${target.account}, the owner spoke "${ownerName}" in ${owner.account}: both Regions' endpoint services belong to one provider account (one allowed-principals list, one network admin role); use a spoke of ${owner.account}`,
        );
    }
    for (const [j, ip] of strings(provider.targets)) {
        const address = c.ipAt([...p, "targets", j], ip);
        if (address !== undefined && target.cidr && !addressInside(address, target.cidr)) {
            c.error([...p, "targets", j], `target ${ip} is outside ${target.cidr.cidr}, the CIDR of the failover provider spoke "${spoke}"; the Network Load Balancer's IP targets must be in its VPC`);
        }
    }
}

/** Defaults of deployment.roleName and perimeter.networkAdminRole, from the schema: validation reads raw input. */
const DEFAULT_DEPLOYMENT_ROLE = deploymentSchema.parse({}).roleName;
const DEFAULT_NETWORK_ADMIN_ROLE = perimeterSchema.parse({}).networkAdminRole;

/**
 * With an organization, the perimeter SCP (perimeter/scps.ts) denies creating and changing
 * endpoint services, and accepting their connections, to every role but
 * perimeter.networkAdminRole. The owner spoke's stack does those through a provider that
 * assumes that role in the owner's account (program/privatelink-provider.ts `networkAdminOpts`) when
 * stacks deploy as another role: the role must exist there and trust the deploying identity.
 * The management account is exempt (SCPs never apply to it), and so is everything when the
 * SCPs attach to no OU.
 */
function checkEndpointServiceRole(c: CheckContext, owners: { service: string; spoke: string; failover?: boolean }[]) {
    const root = c.root;
    const organization = rec(root.organization);
    if (!organization || owners.length === 0) return;
    const perimeter = rec(root.perimeter);
    const attachTo = perimeter?.attachTo;
    const attachedOus = Array.isArray(attachTo) ? attachTo.length : Object.keys(rec(organization.units) ?? {}).length;
    if (attachedOus === 0) return;
    const deployment = rec(root.deployment);
    const roleName = str(deployment?.roleName) ?? DEFAULT_DEPLOYMENT_ROLE;
    const adminRole = str(perimeter?.networkAdminRole) ?? DEFAULT_NETWORK_ADMIN_ROLE;
    if (roleName === adminRole) return;
    const env = str(root.environment) ?? "<env>";
    const stacks = [...new Set(owners.filter((o) => !o.failover).map((o) => `${env}-${o.spoke}`))];
    const services = [...new Set(owners.map((o) => o.service))].join(", ");
    const failoverStacks = [...new Set(owners.filter((o) => o.failover).map((o) => `${env}-${o.spoke}`))];
    const roleSource = deployment?.roleName === undefined ? "the default of deployment.roleName" : "deployment.roleName";
    c.warn(
        deployment?.roleName === undefined ? ["endpointServices"] : ["deployment", "roleName"],
        `the perimeter SCP lets only the network admin role "${adminRole}" (perimeter.networkAdminRole) create or modify endpoint services and accept their connections, ` +
            `but stacks deploy as "${roleName}" (${roleSource}): ${stacks.join(", ")} (owner of ${services})${failoverStacks.length > 0 ? `, ${failoverStacks.join(", ")} (failover provider spoke: the failover Region's service)` : ""} and ${env}-all do those through a provider that assumes "${adminRole}" ` +
            `in the owner's account, so that role must exist there and trust "${roleName}". Or set deployment.roleName: ${adminRole}`,
        deployment?.roleName === undefined ? "key" : "value",
    );
}
