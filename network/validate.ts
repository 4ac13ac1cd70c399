/**
 * The network's checks of a definition: every VPC CIDR must hold the subnets
 * network/layout.ts carves from it, across the environment's availability zones. An
 * area check (definition/checks/context.ts) that runs in the definition's own run, on
 * what the definition's checkers derived (usable VPC CIDRs, the AZ count, the spokes),
 * so one run still reports every problem; composed in program/load.ts.
 *
 * A hub's endpoint subnets hold as many interface endpoints as the per-VPC quota of the
 * hub's Region allows (definition/quotas.ts `quotasIn`: a raise recorded in the definition
 * asks for larger subnets); a spoke's workload subnets hold the interface endpoints the
 * spoke has (network/layout.ts says why each).
 */
import { CheckContext } from "../definition/checks/context";
import { interfaceEndpointsInSpoke, quotaNote } from "../definition/checks/quotas";
import { quotasIn } from "../definition/quotas";
import { LayoutError, hubLayout, spokeLayout } from "./layout";

export function checkVpcLayouts(c: CheckContext): void {
    const { azCount, hubCidr, spokes } = c;
    for (const s of spokes) {
        if (!s.cidr || (s.internet !== "none" && s.internet !== "nat")) continue;
        try {
            spokeLayout(s.cidr.cidr, c.azCountIn(s.region), s.internet, interfaceEndpointsInSpoke(c, s));
        } catch (e) {
            if (!(e instanceof LayoutError)) throw e;
            // The layout's message already names the VPC, its CIDR, the AZ count and the endpoints it holds.
            c.error(["spokes", s.index, "cidr"], e.message);
        }
    }
    const hubs = [
        ...(hubCidr ? [{ cidr: hubCidr.cidr, azCount, region: undefined as string | undefined, path: ["network", "hub", "cidr"] as (string | number)[] }] : []),
        ...c.regionalHubs.flatMap((h) => (h.cidr ? [{ cidr: h.cidr.cidr, azCount: h.azCount, region: h.region as string | undefined, path: [...h.path, "hub", "cidr"] }] : [])),
    ];
    for (const h of hubs) {
        // The interface endpoints this hub's VPC may hold: its Region's quota, raised or AWS's.
        const quota = quotasIn(c.root, h.region).interfaceEndpointsPerVpc;
        try {
            hubLayout(h.cidr, h.azCount, quota.value);
        } catch (e) {
            if (!(e instanceof LayoutError)) throw e;
            const why = quota.setBy ? `; its endpoint subnets are sized for the interface endpoints per VPC its Region allows ${quotaNote(quota, "interfaceEndpointsPerVpc")}` : "";
            c.error(h.path, `${e.message}${why}`);
        }
    }
}
