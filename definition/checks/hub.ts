/**
 * The hub's CIDR lies inside the summary blocks of its own domain and outside the
 * others'. (Whether it holds the hub's subnets is network/validate.ts.)
 */
import { ParsedCidr, cidrInside } from "../cidr";
import { Path } from "../locate";
import { CheckContext, HUB_DOMAIN } from "./context";

export function checkHub(c: CheckContext): void {
    checkHubOf(c, c.hubCidr, undefined, ["network", "hub", "cidr"]);
    for (const h of c.regionalHubs) checkHubOf(c, h.cidr, h.region, [...h.path, "hub", "cidr"]);
}

/** One Region's hub (`region` undefined: home) against the summary blocks of every Region. */
function checkHubOf(c: CheckContext, hubCidr: ParsedCidr | undefined, region: string | undefined, path: Path): void {
    if (!hubCidr) return;
    const summaries = c.summaries;
    const sameRegion = (b: (typeof summaries)[number]) => b.label.region === region;
    const hubSummaries = summaries.filter((b) => b.label.domain === HUB_DOMAIN && sameRegion(b));
    if (hubSummaries.length > 0 && !hubSummaries.some((b) => cidrInside(hubCidr, b.block))) {
        c.error(path, `${hubCidr.cidr} is outside the summary blocks of domain "${HUB_DOMAIN}"${region ? ` in ${region}` : ""}`);
    }
    for (const other of summaries) {
        if ((other.label.domain !== HUB_DOMAIN || !sameRegion(other)) && other.block.range.isOverlapping(hubCidr.range)) {
            const domain = other.label.domain;
            const of = `a summary block of domain "${domain}"${other.label.region ? ` in ${other.label.region}` : ""}`;
            // Overlapping CIDR blocks nest: either the summary holds the hub, or the hub holds the summary.
            c.error(
                path,
                cidrInside(hubCidr, other.block)
                    ? `${hubCidr.cidr} lies in ${other.block.cidr}, ${of}: the tables of the domains that do not reach "${domain}" blackhole that summary, which would cut the hub off. Give the hub a range outside ${other.block.cidr}, or narrow the summary`
                    : `${other.block.cidr}, ${of}, lies inside the hub's ${hubCidr.cidr}: blackholes of that summary would cut part of the hub off. Give domain "${domain}" a summary block outside ${hubCidr.cidr}`,
            );
        }
    }
}
