/**
 * What a change of a unit-`all` environment (one stack) deletes in a run of its own before it
 * creates what those objects block: the single-stack counterpart of the per-unit change
 * orderings (the rest of program/change-order/, index.ts). The waves that run it are in
 * program/stack-graph.ts (singleStackWaves); the intermediate definition that run deploys in
 * program/delete-first.ts (withoutDeletedFirst).
 *
 * Pure: no Pulumi import.
 */
import { Definition } from "../../definition/schema";
import { cidrsOverlap } from "../../definition/cidr";
import { hubRegion, hubRegions } from "../../definition/regions";
import { endpointNamesIn } from "./endpoint-names";
import { spokesMovingAccountOrRegion } from "./spoke-moves";

/**
 * Config key of the unit-`all` stack: what its first run of a change leaves out of the
 * earlier definition (`spoke:<name>`, `endpoint:<service>`, comma-separated), so the change's
 * second run can create what those objects would block. Set by the deploy plan on the run
 * that takes the earlier definition (`definition: "from"`); program/index.ts validates it.
 */
export const DELETE_FIRST_CONFIG = "landing-zone:deleteFirst";

/** Something a unit-`all` change deletes in a run of its own before it creates what it blocks. */
export interface DeleteFirst {
    /** `spoke:<name>` (a spoke of the earlier definition) or `endpoint:<service>` (one of its interface endpoint services). */
    item: string;
    /** Why it goes first: an aws/lifecycle.ts rule id, or `teardown:<why>`. */
    rule: string;
    /** What of the new definition it blocks. */
    blocks: string;
}

/**
 * What a change must delete before it creates anything, when the environment is one
 * unit-`all` stack — the same facts the per-unit waves order stacks by (deployWaves):
 *  - a spoke moved to another account or Region: per unit its stack is destroyed, then
 *    deployed again; in one stack its resources would change provider, which Pulumi does not
 *    move across accounts (https://github.com/pulumi/pulumi-aws/issues/6385);
 *  - a spoke whose VPC the change deletes (removed, renamed, moved, or a new CIDR) when its
 *    CIDR overlaps a VPC the change attaches (two spokes swapping CIDRs, a spoke's own new
 *    CIDR inside its old one): the new attachment is not propagated while the old one is
 *    (tgw-propagation-overlapping-cidr), and Pulumi creates before it deletes;
 *  - interface endpoints whose private DNS names change place between the hub and the
 *    spokes (an endpoint mode or DNS sharing change): a VPC cannot hold two private zones of
 *    one name (private-dns-name-conflicts-with-zone, zone-create-conflicts-with-same-name).
 * Empty when the change needs no intermediate state: one run, as a plain deploy.
 */
export function deleteFirstOf(definition: Definition, from: Definition): DeleteFirst[] {
    const out: DeleteFirst[] = [];
    const add = (item: string, rule: string, blocks: string): void => {
        if (!out.some((d) => d.item === item)) out.push({ item, rule, blocks });
    };
    const moved = new Set(spokesMovingAccountOrRegion(definition, from));
    for (const name of moved) add(`spoke:${name}`, "teardown:a spoke moved to another account or Region is deleted in the old one before it is created in the new one", `spoke ${name} in its new place`);
    // VPCs the change deletes: a removed (renamed, moved) spoke's, and a kept spoke's whose CIDR
    // changes (a new VPC replaces it: created first, as any replacement).
    const stays = (s: Definition["spokes"][number]): boolean => {
        const next = definition.spokes.find((n) => n.name === s.name);
        return next !== undefined && !moved.has(s.name) && next.cidr === s.cidr && next.account === s.account;
    };
    const gone = from.spokes.filter((s) => !stays(s));
    for (const spoke of definition.spokes) {
        const previous = from.spokes.find((b) => b.name === spoke.name);
        // Its VPC stays: nothing new is attached.
        if (previous && stays(previous)) continue;
        for (const g of gone) {
            if (cidrsOverlap(g.cidr, spoke.cidr)) add(`spoke:${g.name}`, "tgw-propagation-overlapping-cidr", `the attachment of spoke ${spoke.name} (${spoke.cidr})`);
        }
    }
    // Names the hub holds before and the spokes' endpoints take (to distributed), or the spokes'
    // endpoints hold before and the hub takes (to centralized), or the hub's hosted zones hold and
    // its endpoints' own private DNS takes (hosted zones to the Profile) — in every Region with a hub
    // before and after (each Region's services, each service's names there).
    for (const before of hubRegions(from)) {
        const after = hubRegion(definition, before.region);
        if (!after) continue;
        const names = (services: string[]): string[] => services.flatMap((service) => endpointNamesIn(service, before.region));
        const central = (d: Definition, services: string[]) => (d.network.endpoints.mode === "centralized" ? names(services) : []);
        const distributed = (d: Definition, services: string[]) => (d.network.endpoints.mode === "distributed" ? names(services) : []);
        const hostedZones = (d: Definition, services: string[]) => (d.network.dns.sharing === "hosted-zones" ? central(d, services) : []);
        const profile = (d: Definition, services: string[]) => (d.network.dns.sharing === "profile" ? central(d, services) : []);
        const moving = new Map<string, string>();
        for (const z of central(from, before.services)) if (distributed(definition, after.services).includes(z) && !central(definition, after.services).includes(z)) moving.set(z, "private-dns-name-conflicts-with-zone");
        for (const z of central(definition, after.services)) if (distributed(from, before.services).includes(z)) moving.set(z, "zone-create-conflicts-with-same-name");
        for (const z of hostedZones(from, before.services)) if (profile(definition, after.services).includes(z)) moving.set(z, "private-dns-name-conflicts-with-zone");
        for (const service of before.services) {
            const zone = endpointNamesIn(service, before.region).find((z) => moving.has(z));
            if (zone) add(`endpoint:${service}`, moving.get(zone)!, `the private DNS name ${zone} in its new place`);
        }
    }
    return out;
}
