/**
 * The environment's own networks as the network perimeter names them where AWS sends no
 * endpoint owner (aws:VpceOrgID): VPC ids, each paired with its Region (VPC ids are unique
 * per Region only — data-perimeter-policy-examples, service_control_policies/README.md,
 * "SourceVPCRegion"). And the Regions the environment uses, for the optional Region deny.
 *
 * Every input is a list, so one hub or many (one per Region) go through the same code.
 * The hub VPC ids are computed by AWS: the program reads them from the network stack's
 * outputs (a plain string at program time, so the documents stay known at preview); until
 * the network stack has been deployed the list is empty and the statements that need it are
 * left out (see perimeter/network-perimeter.ts).
 */
import { hubRegions } from "../definition/regions";
import { Definition } from "../definition/schema";

export interface ExpectedVpc {
    vpcId: string;
    region: string;
    /** What the VPC is, for descriptions and messages. */
    label: string;
}

export interface PerimeterNetworks {
    /** VPCs whose endpoints our principals use, with their Regions. */
    vpcs: ExpectedVpc[];
}

/** No VPC ids known yet (before the network stack's first deployment). */
export const noNetworks: PerimeterNetworks = { vpcs: [] };

/** The longest VPC id AWS issues (`vpc-` and 17 hex digits), used to size documents before the ids exist. */
export const placeholderVpcId = "vpc-00000000000000000";

/**
 * VPCs the definition itself names: the failover Regions' provider and consumer VPCs of
 * `endpointServices` built outside this program (by id), in the organization's accounts.
 */
export function definitionVpcs(definition: Definition): ExpectedVpc[] {
    const out: ExpectedVpc[] = [];
    for (const service of definition.endpointServices) {
        const failover = service.failover;
        if (!failover) continue;
        // A provider spoke of the definition (failover.provider.spoke) uses its Region's hub endpoints like any spoke.
        if (failover.provider.vpcId !== undefined) out.push({ vpcId: failover.provider.vpcId, region: failover.region, label: `${service.name} provider VPC in ${failover.region}` });
        for (const consumer of failover.consumers) out.push({ vpcId: consumer.vpcId, region: failover.region, label: `${consumer.spoke} VPC in ${failover.region}` });
    }
    return out;
}

/**
 * The networks of the perimeter: the hub VPC of each hub Region (`hubs`, from the network
 * stack) and the VPCs the definition names. Duplicates are dropped; the order is stable.
 */
export function perimeterNetworks(definition: Definition, hubs: { region: string; vpcId: string }[]): PerimeterNetworks {
    const all = [...hubs.map((h) => ({ vpcId: h.vpcId, region: h.region, label: `hub VPC in ${h.region}` })), ...definitionVpcs(definition)];
    const seen = new Set<string>();
    const vpcs = all.filter((v) => {
        const key = `${v.region}/${v.vpcId}`;
        if (seen.has(key)) return false;
        seen.add(key);
        return true;
    });
    return { vpcs };
}

/**
 * Networks sized as after every network stack's deployment: a placeholder hub VPC id in each
 * hub Region (the home Region's, and each of `network.regions`).
 */
export function sizingNetworks(definition: Definition): PerimeterNetworks {
    return perimeterNetworks(definition, hubRegions(definition).map((h) => ({ region: h.region, vpcId: placeholderVpcId })));
}

/**
 * The Regions the environment works in: its Region, every hub Region (`network.regions`), the
 * failover Regions of its endpoint services, and any further Regions given. Sorted, without
 * duplicates.
 */
export function environmentRegions(definition: Definition, extra: string[] = []): string[] {
    const regions = [definition.region, ...hubRegions(definition).map((h) => h.region), ...extra, ...definition.endpointServices.flatMap((s) => (s.failover ? [s.failover.region] : []))];
    return [...new Set(regions)].sort();
}
