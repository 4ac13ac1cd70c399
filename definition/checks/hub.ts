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
                const domain = other.label.domain;
                // Overlapping CIDR blocks nest: either the summary holds the hub, or the hub holds the summary.
                c.error(
                    ["network", "hub", "cidr"],
                    cidrInside(hubCidr, other.block)
                        ? `${hubCidr.cidr} lies in ${other.block.cidr}, a summary block of domain "${domain}": the tables of the domains that do not reach "${domain}" blackhole that summary, which would cut the hub off. Give the hub a range outside ${other.block.cidr}, or narrow the summary`
                        : `${other.block.cidr}, a summary block of domain "${domain}", lies inside the hub's ${hubCidr.cidr}: blackholes of that summary would cut part of the hub off. Give domain "${domain}" a summary block outside ${hubCidr.cidr}`,
                );
            }
        }
    }
}
