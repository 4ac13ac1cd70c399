/**
 * Route domains: the hub's domain exists, every reference to a domain (`reaches`,
 * `spokes[].domain`) names a declared one (or on-premises, which then needs a connection
 * and ranges), every reach is reciprocated unless it is declared one-way (`oneWay`), and
 * summary blocks are disjoint. Derives `domainNames`, `domainAliases`, `reaches` and
 * `summaries`.
 */
import { overlappingPairs } from "../cidr";
import { Path, formatPath } from "../locate";
import { suggest } from "../shape-issues";
import { CheckContext, HUB_DOMAIN, ONPREM_DOMAIN, list, rec, str, strings } from "./context";

/** Every place the definition names a route domain: each domain's `reaches` and each spoke's `domain`. */
function domainReferences(c: CheckContext): { name: string; path: Path; from?: string }[] {
    const refs: { name: string; path: Path; from?: string }[] = [];
    for (const name of c.domainNames) {
        for (const [i, target] of strings(rec(c.domains?.[name])?.reaches)) refs.push({ name: target, path: [...c.domainPath(name), "reaches", i], from: name });
    }
    list(c.root.spokes).forEach((item, index) => {
        const domain = str(rec(item)?.domain);
        if (domain !== undefined) refs.push({ name: domain, path: ["spokes", index, "domain"] });
    });
    return refs;
}

/**
 * Reports each undeclared domain name once, however often it is referred to, and
 * records which declared domain it stands for. When a declared domain is referred to
 * nowhere while a close name is referred to, the declaration is the misspelling: one
 * error at the declaration, not one per reference.
 */
function checkDomainReferences(c: CheckContext): void {
    const { domainNames } = c;
    const refs = domainReferences(c);
    const unknown = new Map<string, Path[]>();
    for (const ref of refs) {
        if (ref.name === ONPREM_DOMAIN || domainNames.includes(ref.name)) continue;
        unknown.set(ref.name, [...(unknown.get(ref.name) ?? []), ref.path]);
    }
    const lineOf = (path: Path) => c.line(path);
    for (const [name, paths] of unknown) {
        paths.sort((a, b) => lineOf(a) - lineOf(b));
        const hint = suggest(name, domainNames);
        const referredTo = (domain: string) => refs.some((r) => r.name === domain && r.from !== domain);
        // Two or more references agreeing on a name nothing declares, and a close declared
        // name nothing refers to: the declaration is the misspelling.
        if (hint !== undefined && paths.length > 1 && !referredTo(hint) && hint !== HUB_DOMAIN) {
            c.domainAliases.set(name, hint);
            c.error(
                c.domainPath(hint),
                `domain "${hint}" is referred to nowhere, but "${name}" is referred to ${paths.length} times without being declared (${paths.map((p) => `line ${lineOf(p)} ${formatPath(p)}`).join(", ")}): rename this domain to "${name}", or fix the references`,
                "key",
            );
            continue;
        }
        if (hint !== undefined) c.domainAliases.set(name, hint);
        const others = paths.slice(1).map((p) => `line ${lineOf(p)}`);
        c.error(
            paths[0],
            `domain "${name}" is not defined in network.transitGateway.domains${hint ? ` — did you mean "${hint}"?` : ` (defined: ${domainNames.join(", ")}; "${ONPREM_DOMAIN}" means on-premises)`}${others.length ? ` (also referred to at ${others.join(", ")})` : ""}`,
        );
    }
}

export function checkRouteDomains(c: CheckContext): void {
    const { domains, onPremConnection, reaches, summaries } = c;
    if (domains) c.domainNames = Object.keys(domains);
    const { domainNames } = c;
    if (domains) checkDomainReferences(c);
    if (domains) {
        if (!(HUB_DOMAIN in domains)) {
            c.error(["network", "transitGateway", "domains"], `missing domain "${HUB_DOMAIN}": the hub VPC (central endpoints, Resolver) is attached in it. Add ${HUB_DOMAIN}: { reaches: [<the domains that use the hub>] }`, "key");
        }
        for (const name of domainNames) {
            const domain = rec(domains[name]);
            const targets: string[] = [];
            const seen = new Set<string>();
            for (const [i, written] of strings(domain?.reaches)) {
                const path = [...c.domainPath(name), "reaches", i];
                if (seen.has(written)) c.warn(path, `"${written}" is listed twice`);
                seen.add(written);
                // An undeclared name was reported once above; follow it as the domain it stands for.
                const target = c.domainOf(written);
                if (target !== ONPREM_DOMAIN && !domainNames.includes(target)) continue;
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
            c.error(path, `domain "${name}" reaches ${ONPREM_DOMAIN}, but network.transitGateway.onPremises (a VPN, a Direct Connect gateway or an existing attachment) is not configured`);
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
    // A transit gateway routes every packet on its own (aws/transit-gateway-routing.ts),
    // so a reach that is not reciprocated carries no conversation: the replies are
    // dropped. That is an error unless the definition says so on purpose (`oneWay`).
    // Only between domains whose lists could be read: a misspelt `reach:` or
    // `reaches: apps` (not a list) is reported by the shape check, and "no route back"
    // would only echo it.
    const readable = (name: string) => {
        const domain = rec(domains?.[name]);
        if (!domain) return false;
        if (domain.reaches !== undefined) return Array.isArray(domain.reaches);
        return Object.keys(domain).every((k) => k === "cidrs" || k === "oneWay");
    };
    const reachesBack = (from: string, to: string) => from === to || (reaches.get(to) ?? []).includes(from);
    const oneWayOf = new Map<string, Set<string>>();
    for (const name of domainNames) {
        const declared = new Set<string>();
        oneWayOf.set(name, declared);
        const domain = rec(domains?.[name]);
        if (!domain || !readable(name)) continue;
        const listed = reaches.get(name) ?? [];
        for (const [i, target] of strings(domain.oneWay)) {
            const path = [...c.domainPath(name), "oneWay", i];
            if (declared.has(target)) {
                c.warn(path, `"${target}" is listed twice`);
                continue;
            }
            declared.add(target);
            if (!listed.includes(target)) {
                c.error(
                    path,
                    `domain "${name}" declares "${target}" one-way, but "${target}" is not in its reaches: oneWay only marks a domain of reaches whose replies have no route back. Add "${target}" to network.transitGateway.domains.${name}.reaches, or remove it here`,
                );
            } else if (readable(target) || target === name) {
                if (reachesBack(name, target)) {
                    c.error(
                        path,
                        `domain "${name}" declares "${target}" one-way, but "${target}" reaches "${name}" back, so the path is two-way. Remove "${target}" from network.transitGateway.domains.${name}.oneWay (or "${name}" from network.transitGateway.domains.${target}.reaches if replies must not be routed)`,
                    );
                }
            }
        }
    }
    for (const [name, targets] of reaches) {
        if (!readable(name)) continue;
        for (const target of targets) {
            if (target === name || !reaches.has(target) || !readable(target)) continue;
            if (reachesBack(name, target) || oneWayOf.get(name)?.has(target)) continue;
            // Where it is written (a misspelt entry stands for the domain it was taken for).
            const index = list(rec(domains?.[name])?.reaches).findIndex((w) => typeof w === "string" && c.domainOf(w) === target);
            const needsRanges = target !== ONPREM_DOMAIN && name === ONPREM_DOMAIN && !hasOnPremCidrs ? ` (reaching ${ONPREM_DOMAIN} also needs the on-premises ranges in network.dns.onPremises.cidrs)` : "";
            c.error(
                [...c.domainPath(name), "reaches", index],
                `domain "${name}" reaches "${target}" but "${target}" does not reach "${name}": a transit gateway routes each packet on its own, so replies from "${target}" have no route back and no conversation (TCP, ping, DNS) works. Add "${name}" to network.transitGateway.domains.${target}.reaches${needsRanges}; or, if one-way traffic is intended, declare it: add "${target}" to network.transitGateway.domains.${name}.oneWay`,
            );
        }
    }

    // On-premises has its own address space: its domain takes no summary blocks.
    if (domains && list(rec(domains[ONPREM_DOMAIN])?.cidrs).length > 0) {
        c.error(
            [...c.domainPath(ONPREM_DOMAIN), "cidrs"],
            `domain "${ONPREM_DOMAIN}" takes no summary blocks: its address space is network.dns.onPremises.cidrs (routed to the on-premises attachment and blackholed where ${ONPREM_DOMAIN} is not reached). Move these ranges there`,
            "key",
        );
    }

    // Domain summary blocks.
    for (const name of domainNames) {
        if (name === ONPREM_DOMAIN) continue; // reported above
        for (const [i, text] of strings(rec(domains?.[name])?.cidrs)) {
            const block = c.cidrAt([...c.domainPath(name), "cidrs", i], text, false);
            if (block) summaries.push({ block, label: { domain: name, index: i, path: [...c.domainPath(name), "cidrs", i] } });
        }
    }
    for (const [a, b] of overlappingPairs(summaries)) {
        const later = c.line(b.label.path) >= c.line(a.label.path) ? [a, b] : [b, a];
        const [first, second] = later;
        c.error(
            second.label.path,
            `summary block ${second.block.cidr} of domain "${second.label.domain}" overlaps ${first.block.cidr} of domain "${first.label.domain}"; summary blocks must be disjoint so blackhole routes never cover an allowed VPC`,
        );
    }
}
