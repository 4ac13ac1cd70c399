/**
 * Route domains: the hub's domain exists, every `reaches` names a declared domain (or
 * on-premises, which then needs a connection and ranges), reach is symmetric, and summary
 * blocks are disjoint. Derives `domainNames`, `reaches` and `summaries`.
 */
import { overlappingPairs } from "../cidr";
import { suggest } from "../shape-issues";
import { CheckContext, HUB_DOMAIN, ONPREM_DOMAIN, list, rec, strings } from "./context";

export function checkRouteDomains(c: CheckContext): void {
    const { domains, onPremConnection, reaches, summaries } = c;
    if (domains) c.domainNames = Object.keys(domains);
    const { domainNames } = c;
    if (domains) {
        if (!(HUB_DOMAIN in domains)) {
            c.error(["network", "transitGateway", "domains"], `missing domain "${HUB_DOMAIN}": the hub VPC (central endpoints, Resolver) is attached in it. Add ${HUB_DOMAIN}: { reaches: [<the domains that use the hub>] }`, "key");
        }
        for (const name of domainNames) {
            const domain = rec(domains[name]);
            const targets: string[] = [];
            const seen = new Set<string>();
            for (const [i, target] of strings(domain?.reaches)) {
                const path = [...c.domainPath(name), "reaches", i];
                if (seen.has(target)) c.warn(path, `"${target}" is listed twice`);
                seen.add(target);
                if (target !== ONPREM_DOMAIN && !domainNames.includes(target)) {
                    const hint = suggest(target, [...domainNames, ONPREM_DOMAIN]);
                    c.error(path, `domain "${target}" is not defined in network.transitGateway.domains${hint ? ` — did you mean "${hint}"?` : ` (defined: ${domainNames.join(", ")}; "${ONPREM_DOMAIN}" means on-premises)`}`);
                    continue;
                }
                targets.push(target);
            }
            reaches.set(name, targets);
        }
    }
    const hasOnPremCidrs = c.hasOnPremCidrs;
    for (const [name, targets] of reaches) {
        if (!targets.includes(ONPREM_DOMAIN)) continue;
        const index = list(rec(domains?.[name])?.reaches).indexOf(ONPREM_DOMAIN);
        const path = [...c.domainPath(name), "reaches", index];
        if (onPremConnection === undefined) {
            c.error(path, `domain "${name}" reaches ${ONPREM_DOMAIN}, but network.transitGateway.onPremises (a VPN or an existing attachment) is not configured`);
        }
        if (!hasOnPremCidrs) {
            c.error(path, `domain "${name}" reaches ${ONPREM_DOMAIN}, but network.dns.onPremises.cidrs is empty: list the on-premises address ranges to route to`);
        }
    }
    if (domains && onPremConnection !== undefined && !(ONPREM_DOMAIN in domains)) {
        c.error(
            ["network", "transitGateway", "onPremises"],
            `the on-premises attachment is associated with the route table of domain "${ONPREM_DOMAIN}", which is not declared: add ${ONPREM_DOMAIN}: { reaches: [<the domains on-premises may reach>] } to network.transitGateway.domains`,
            "key",
        );
    }
    if (domains && ONPREM_DOMAIN in domains && onPremConnection === undefined) {
        c.error(c.domainPath(ONPREM_DOMAIN), `domain "${ONPREM_DOMAIN}" is the on-premises connection's route table, but network.transitGateway.onPremises is not configured`, "key");
    }
    // Asymmetric reach: A's route table sends to B, B's has no route back. Only between
    // domains whose reaches could be read: a misspelt `reach:` or `reaches: apps` (not a
    // list) is reported by the shape check, and "no route back" would only echo it.
    const readable = (name: string) => {
        const domain = rec(domains?.[name]);
        if (!domain) return false;
        if (domain.reaches !== undefined) return Array.isArray(domain.reaches);
        return Object.keys(domain).every((k) => k === "cidrs");
    };
    for (const [name, targets] of reaches) {
        if (!readable(name)) continue;
        for (const target of targets) {
            if (target === name || !reaches.has(target) || !readable(target)) continue;
            if (!reaches.get(target)!.includes(name)) {
                const index = list(rec(domains?.[name])?.reaches).indexOf(target);
                c.warn(
                    [...c.domainPath(name), "reaches", index],
                    `domain "${name}" reaches "${target}" but "${target}" does not reach "${name}": return traffic has no route. Add "${name}" to network.transitGateway.domains.${target}.reaches (or remove "${target}" here)`,
                );
            }
        }
    }

    // Domain summary blocks.
    for (const name of domainNames) {
        for (const [i, text] of strings(rec(domains?.[name])?.cidrs)) {
            const block = c.cidrAt([...c.domainPath(name), "cidrs", i], text, false);
            if (block) summaries.push({ block, label: { domain: name, index: i } });
        }
    }
    for (const [a, b] of overlappingPairs(summaries)) {
        const later = c.line([...c.domainPath(b.label.domain), "cidrs", b.label.index]) >= c.line([...c.domainPath(a.label.domain), "cidrs", a.label.index]) ? [a, b] : [b, a];
        const [first, second] = later;
        c.error(
            [...c.domainPath(second.label.domain), "cidrs", second.label.index],
            `summary block ${second.block.cidr} of domain "${second.label.domain}" overlaps ${first.block.cidr} of domain "${first.label.domain}"; summary blocks must be disjoint so blackhole routes never cover an allowed VPC`,
        );
    }
}
