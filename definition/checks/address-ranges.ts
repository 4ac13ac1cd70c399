/**
 * Address ranges: the hub's, on-premises and corporate CIDR blocks are network
 * addresses of a sensible size. Derives `hubCidr` and `onPremCidrs`.
 */
import { CheckContext, strings } from "./context";

export function checkAddressRanges(c: CheckContext): void {
    const { hub, onPremDns, perimeter, onPremCidrs } = c;
    c.hubCidr = c.cidrAt(["network", "hub", "cidr"], hub?.cidr, true);
    for (const [i, text] of strings(onPremDns?.cidrs)) {
        const block = c.cidrAt(["network", "dns", "onPremises", "cidrs", i], text, false);
        if (block && block.prefix < 8) {
            // Security groups admit these ranges (endpoints, Resolver): never the whole internet.
            c.error(["network", "dns", "onPremises", "cidrs", i], `${text} is far too broad for an on-premises range (/8 at most): endpoint and Resolver security groups admit these ranges`);
        } else if (block) onPremCidrs.push({ index: i, block });
    }
    for (const [i, text] of strings(perimeter?.corporateCidrs)) c.cidrAt(["perimeter", "corporateCidrs", i], text, false);
    c.duplicateItems(["perimeter", "corporateCidrs"], perimeter?.corporateCidrs, "CIDR block", "warning");
    c.duplicateItems(["network", "dns", "onPremises", "cidrs"], onPremDns?.cidrs, "CIDR block", "warning");
}
