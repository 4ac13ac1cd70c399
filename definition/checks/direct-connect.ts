/**
 * Direct Connect: the gateway's Amazon-side ASN is private and differs from the transit
 * gateway's, and explicit allowed prefixes announce to on-premises only what `onprem`
 * reaches. A transit gateway association announces its allowed prefixes as they are
 * (aws/direct-connect.ts), so a prefix that overlaps a domain `onprem` must not reach would
 * draw that domain's traffic from on-premises: an error naming the domain; so is a prefix
 * that overlaps on-premises' own ranges. A VPC of a reached domain no prefix covers is a
 * warning (on-premises gets no route to it).
 */
import { directConnectAsnRanges, maxAllowedPrefixesPerTransitGatewayAssociation } from "../../aws/direct-connect";
import { ParsedCidr, cidrInside, cidrsOverlap } from "../cidr";
import { Path } from "../locate";
import { CheckContext, HUB_DOMAIN, ONPREM_DOMAIN, fmt, rec, strings } from "./context";

const DX: Path = ["network", "transitGateway", "onPremises", "directConnect"];

/** The address space of each declared domain but onprem, as far as the definition could be read: its summaries, and its VPC CIDRs outside them. */
export function domainAddressSpaces(c: CheckContext): Map<string, ParsedCidr[]> {
    const spaces = new Map<string, ParsedCidr[]>();
    for (const name of c.domainNames) {
        if (name === ONPREM_DOMAIN) continue;
        const summaries = c.summaries.filter((s) => s.label.domain === name).map((s) => s.block);
        const vpcs = c.spokes.filter((s) => s.domain === name && s.cidr !== undefined).map((s) => s.cidr!);
        if (name === HUB_DOMAIN) vpcs.unshift(...[c.hubCidr, ...c.regionalHubs.map((h) => h.cidr)].filter((h): h is ParsedCidr => h !== undefined));
        spaces.set(name, [...summaries, ...vpcs.filter((v) => !summaries.some((s) => cidrInside(v, s)))]);
    }
    return spaces;
}

/** The VPC CIDRs of a domain as far as they could be read: its spokes', and the hub's for shared. */
function domainVpcs(c: CheckContext, domain: string): ParsedCidr[] {
    const vpcs = c.spokes.filter((s) => s.domain === domain && s.cidr !== undefined).map((s) => s.cidr!);
    if (domain === HUB_DOMAIN) vpcs.unshift(...[c.hubCidr, ...c.regionalHubs.map((h) => h.cidr)].filter((h): h is ParsedCidr => h !== undefined));
    return vpcs;
}

export function checkDirectConnect(c: CheckContext): void {
    const dx = rec(rec(c.onPremConnection)?.directConnect);
    if (!dx) return;
    const asn = dx.amazonSideAsn;
    if (typeof asn === "number") {
        if (!directConnectAsnRanges.some(([low, high]) => asn >= low && asn <= high)) {
            c.error([...DX, "amazonSideAsn"], `${asn} is not a private ASN; a Direct Connect gateway's Amazon-side ASN must be ${directConnectAsnRanges.map(([l, h]) => `${l}-${h}`).join(" or ")}`);
        }
        const tgwAsn = typeof c.tgw?.asn === "number" ? c.tgw.asn : 64512;
        if (asn === tgwAsn) {
            c.error(
                [...DX, "amazonSideAsn"],
                `${asn} is the transit gateway's ASN too (network.transitGateway.asn${c.tgw?.asn === undefined ? ", default 64512" : ""}); AWS refuses the association when the transit gateway and the Direct Connect gateway use the same ASN: choose another private ASN`,
            );
        }
    }
    const reached = new Set(c.reaches.get(ONPREM_DOMAIN) ?? []);
    if (c.domains && ONPREM_DOMAIN in c.domains && [...reached].filter((d) => d !== ONPREM_DOMAIN).length === 0 && dx.allowedPrefixes === undefined) {
        c.error(
            c.domainPath(ONPREM_DOMAIN),
            `domain "${ONPREM_DOMAIN}" reaches no domain, so the Direct Connect gateway would announce no prefix (a transit gateway association needs at least one): list in ${ONPREM_DOMAIN}.reaches the domains on-premises may reach`,
            "key",
        );
    }
    if (dx.allowedPrefixes === undefined) return;
    const spaces = domainAddressSpaces(c);
    const prefixes: { index: number; block: ParsedCidr }[] = [];
    for (const [i, text] of strings(dx.allowedPrefixes)) {
        const block = c.cidrAt([...DX, "allowedPrefixes", i], text, false);
        if (block) prefixes.push({ index: i, block });
    }
    c.duplicateItems([...DX, "allowedPrefixes"], dx.allowedPrefixes, "prefix", "warning");
    const count = strings(dx.allowedPrefixes).length;
    if (count > maxAllowedPrefixesPerTransitGatewayAssociation) {
        c.error([...DX, "allowedPrefixes"], `${fmt(count)} prefixes, over the ${maxAllowedPrefixesPerTransitGatewayAssociation} a transit gateway association can announce to on-premises (Direct Connect quotas, not adjustable); use summary blocks`, "key");
    }
    for (const { index, block } of prefixes) {
        const forbidden = [...spaces].filter(([domain, blocks]) => !reached.has(domain) && blocks.some((b) => cidrsOverlap(b, block)));
        for (const [domain, blocks] of forbidden) {
            const hit = blocks.filter((b) => cidrsOverlap(b, block)).map((b) => b.cidr);
            c.error(
                [...DX, "allowedPrefixes", index],
                `${block.cidr} would announce domain "${domain}" (${hit.join(", ")}) to on-premises, but ${ONPREM_DOMAIN} does not reach "${domain}": a transit gateway association advertises its allowed prefixes as they are. ` +
                    `Narrow the prefix to the domains ${ONPREM_DOMAIN} reaches (${[...reached].filter((d) => d !== ONPREM_DOMAIN).join(", ") || "none"}), or leave allowedPrefixes out to announce exactly them`,
            );
        }
    }
    // On-premises' own ranges announced back to on-premises: onprem does not reach onprem, and
    // on-premises routers would learn a path to their own networks through AWS.
    for (const { index, block } of prefixes) {
        const own = c.onPremCidrs.filter((o) => cidrsOverlap(o.block, block)).map((o) => o.block.cidr);
        if (own.length === 0) continue;
        c.error(
            [...DX, "allowedPrefixes", index],
            `${block.cidr} overlaps the on-premises ranges ${own.join(", ")} (network.dns.onPremises.cidrs): the association would announce on-premises' own address space back to on-premises over Direct Connect. ` +
                `Remove it: allowedPrefixes lists only the AWS side that ${ONPREM_DOMAIN} reaches (${[...reached].filter((d) => d !== ONPREM_DOMAIN).join(", ") || "none"})`,
        );
    }
    // A reached domain is routable from on-premises when every VPC of it (the hub for shared)
    // is covered; its summary blocks need not be announced whole.
    for (const domain of reached) {
        const vpcs = domainVpcs(c, domain);
        const blocks = vpcs.length > 0 ? vpcs : spaces.get(domain) ?? [];
        const uncovered = blocks.filter((b) => !prefixes.some((p) => cidrInside(b, p.block)));
        if (uncovered.length > 0) {
            c.warn(
                [...DX, "allowedPrefixes"],
                `no allowed prefix covers ${uncovered.map((b) => b.cidr).join(", ")} of domain "${domain}", which ${ONPREM_DOMAIN} reaches: on-premises gets no route to ${uncovered.length === 1 ? "it" : "them"} over Direct Connect`,
                "key",
            );
        }
    }
}
