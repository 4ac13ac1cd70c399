/**
 * The network's checks of a definition: every VPC CIDR must hold the subnets
 * network/layout.ts carves from it, across the environment's availability zones. An
 * area check (definition/checks/context.ts) that runs in the definition's own run, on
 * what the definition's checkers derived (usable VPC CIDRs, the AZ count, the spokes),
 * so one run still reports every problem; composed in program/load.ts.
 */
import { CheckContext } from "../definition/checks/context";
import { LayoutError, hubLayout, spokeLayout } from "./layout";

export function checkVpcLayouts(c: CheckContext): void {
    const { azCount, hubCidr, spokes } = c;
    for (const s of spokes) {
        if (!s.cidr || (s.internet !== "none" && s.internet !== "nat")) continue;
        try {
            spokeLayout(s.cidr.cidr, c.azCountIn(s.region), s.internet);
        } catch (e) {
            if (!(e instanceof LayoutError)) throw e;
            // The layout's message already names the VPC, its CIDR and the AZ count.
            c.error(["spokes", s.index, "cidr"], e.message);
        }
    }
    if (hubCidr) {
        try {
            hubLayout(hubCidr.cidr, azCount);
        } catch (e) {
            if (!(e instanceof LayoutError)) throw e;
            c.error(["network", "hub", "cidr"], e.message);
        }
    }
    for (const h of c.regionalHubs) {
        if (!h.cidr) continue;
        try {
            hubLayout(h.cidr.cidr, h.azCount);
        } catch (e) {
            if (!(e instanceof LayoutError)) throw e;
            c.error([...h.path, "hub", "cidr"], e.message);
        }
    }
}
