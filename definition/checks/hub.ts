/**
 * The hub's CIDR lies inside the summary blocks of its own domain and outside the
 * others'. (Whether it holds the hub's subnets is network/validate.ts.)
 */
import { cidrInside } from "../cidr";
import { CheckContext, HUB_DOMAIN } from "./context";

export function checkHub(c: CheckContext): void {
    const { hubCidr, summaries } = c;
    if (hubCidr) {
        const hubSummaries = summaries.filter((b) => b.label.domain === HUB_DOMAIN);
        if (hubSummaries.length > 0 && !hubSummaries.some((b) => cidrInside(hubCidr, b.block))) {
            c.error(["network", "hub", "cidr"], `${hubCidr.cidr} is outside the summary blocks of domain "${HUB_DOMAIN}"`);
        }
        for (const other of summaries) {
            if (other.label.domain !== HUB_DOMAIN && other.block.range.isOverlapping(hubCidr.range)) {
                c.error(["network", "hub", "cidr"], `${hubCidr.cidr} lies in ${other.block.cidr}, a summary block of domain "${other.label.domain}"`);
            }
        }
    }
}
