/**
 * A Mermaid flowchart of an environment, from its definition: each Region (the
 * environment's, and the failover Region of any endpoint service) with the hub (transit
 * gateway, hub VPC, interface endpoints, DNS sharing), the route domains with their
 * spokes, and the endpoint services; on-premises outside every Region. Edges: each domain
 * attaches to the transit gateway; dotted edges are what a domain reaches; PrivateLink
 * edges go from consumers to the services they use.
 *
 * Against an earlier definition, spokes, services and domains that the change adds are
 * drawn green and those it removes red and dashed (the removed ones come from the earlier
 * definition); an endpoint list that changes says which services come and go.
 *
 * Everything is grouped by Region first (`RegionView`), so when spokes or hubs get their
 * own Regions they slot into the same picture. GitHub renders the result in Markdown.
 */
import { HUB_DOMAIN, ONPREM_DOMAIN } from "../../definition/validate";
import { hubRegion, hubRegions, regionPeerings, spokeRegion, summariesIn } from "../../definition/regions";
import { Definition } from "../../definition/schema";

type Mark = "added" | "removed" | undefined;

interface SpokeView {
    name: string;
    cidr: string;
    account: string;
    internet: string;
    mark: Mark;
}

interface ServiceView {
    name: string;
    port: number;
    owner: string;
    consumers: string[];
    /** Primary (the environment's Region) or the failover copy. */
    failover: boolean;
    mark: Mark;
}

interface RegionView {
    region: string;
    /** The hub lives in the environment's Region. */
    hub: boolean;
    domains: Map<string, { cidrs: string[]; reaches: string[]; spokes: SpokeView[]; mark: Mark }>;
    /** Spokes in the hub's domain (`shared`): drawn inside the hub, next to the hub VPC. */
    sharedSpokes: SpokeView[];
    services: ServiceView[];
}

/** Mermaid node ids: letters, digits and `_` only. */
const id = (...parts: string[]): string => parts.map((p) => p.replace(/[^A-Za-z0-9]/g, "_")).join("__");

/** A quoted Mermaid label; `"` would end it. */
const label = (...lines: string[]): string => `"${lines.map((l) => l.replace(/"/g, "#quot;")).join("<br/>")}"`;

function markOf(name: string, now: Set<string>, before: Set<string> | undefined): Mark {
    if (!before) return undefined;
    if (!now.has(name)) return "removed";
    return before.has(name) ? undefined : "added";
}

/** The picture's model: what sits in which Region. Spokes and services of `against` that are gone are kept, marked removed. */
function regionViews(definition: Definition, against?: Definition): RegionView[] {
    const regions = new Map<string, RegionView>();
    const regionView = (region: string): RegionView => {
        let view = regions.get(region);
        if (!view) {
            view = { region, hub: region === definition.region, domains: new Map(), sharedSpokes: [], services: [] };
            regions.set(region, view);
        }
        return view;
    };
    const home = regionView(definition.region);
    // Every other Region with a hub: a block of its own, after home.
    for (const hub of hubRegions(definition)) if (!hub.home) regionView(hub.region).hub = true;
    const domainsNow = new Set(Object.keys(definition.network.transitGateway.domains));
    const domainsBefore = against ? new Set(Object.keys(against.network.transitGateway.domains)) : undefined;
    for (const source of against ? [definition, against] : [definition]) {
        for (const [name, domain] of Object.entries(source.network.transitGateway.domains)) {
            if (name === HUB_DOMAIN || name === ONPREM_DOMAIN || home.domains.has(name)) continue;
            home.domains.set(name, { cidrs: domain.cidrs ?? [], reaches: source === definition ? domain.reaches : [], spokes: [], mark: markOf(name, domainsNow, domainsBefore) });
        }
    }
    const spokesNow = new Set(definition.spokes.map((s) => s.name));
    const spokesBefore = against ? new Set(against.spokes.map((s) => s.name)) : undefined;
    const seen = new Set<string>();
    for (const spoke of [...definition.spokes, ...(against?.spokes ?? [])]) {
        if (seen.has(spoke.name)) continue;
        seen.add(spoke.name);
        const view: SpokeView = { name: spoke.name, cidr: spoke.cidr, account: spoke.account, internet: spoke.internet, mark: markOf(spoke.name, spokesNow, spokesBefore) };
        const region = hubRegion(definition, spokeRegion(definition, spoke)) ? spokeRegion(definition, spoke) : definition.region;
        const where = regionView(region);
        if (spoke.domain === HUB_DOMAIN) where.sharedSpokes.push(view);
        else if (where === home) home.domains.get(spoke.domain)?.spokes.push(view);
        else {
            // A domain spans Regions: drawn in each Region that has spokes in it.
            const global = home.domains.get(spoke.domain);
            if (!global) continue;
            if (!where.domains.has(spoke.domain)) where.domains.set(spoke.domain, { cidrs: summariesIn(definition, spoke.domain, region), reaches: global.reaches, spokes: [], mark: global.mark });
            where.domains.get(spoke.domain)!.spokes.push(view);
        }
    }
    const servicesNow = new Set(definition.endpointServices.map((s) => s.name));
    const servicesBefore = against ? new Set(against.endpointServices.map((s) => s.name)) : undefined;
    const seenServices = new Set<string>();
    for (const service of [...definition.endpointServices, ...(against?.endpointServices ?? [])]) {
        if (seenServices.has(service.name)) continue;
        seenServices.add(service.name);
        const mark = markOf(service.name, servicesNow, servicesBefore);
        home.services.push({ name: service.name, port: service.port, owner: service.spoke, consumers: service.consumers, failover: false, mark });
        if (service.failover) {
            regionView(service.failover.region).services.push({
                name: service.name,
                port: service.port,
                owner: service.spoke,
                consumers: service.failover.consumers.map((c) => c.spoke),
                failover: true,
                mark,
            });
        }
    }
    return [...regions.values()];
}

function onPremisesLink(definition: Definition): string | undefined {
    const op = definition.network.transitGateway.onPremises as Record<string, unknown> | undefined;
    if (!op) return undefined;
    if ("vpn" in op) return "site-to-site VPN";
    if ("directConnect" in op) return "Direct Connect";
    if (typeof op.attachmentId === "string") return `attachment ${op.attachmentId}`;
    return "on-premises link";
}

function endpointLines(definition: Definition, against?: Definition): { text: string[]; changed: boolean } {
    const services = definition.network.endpoints.services;
    const before = against?.network.endpoints.services;
    const added = before ? services.filter((s) => !before.includes(s)) : [];
    const removed = before ? before.filter((s) => !services.includes(s)) : [];
    const shown = services.length > 8 ? [...services.slice(0, 8), `… ${services.length - 8} more`] : services;
    const text = [`${services.length} interface endpoints (${definition.network.endpoints.mode})`, shown.join(", ")];
    if (added.length) text.push(`added: ${added.join(", ")}`);
    if (removed.length) text.push(`removed: ${removed.join(", ")}`);
    return { text, changed: added.length + removed.length > 0 };
}

/**
 * The environment as a Mermaid flowchart (the diagram text, without the Markdown fence).
 * With `against`, what the change adds and removes is marked.
 */
export function environmentDiagram(definition: Definition, against?: Definition): string {
    const out: string[] = ["flowchart LR"];
    const classes = new Map<string, string[]>();
    const classify = (node: string, cls: string | undefined): void => {
        if (!cls) return;
        classes.set(cls, [...(classes.get(cls) ?? []), node]);
    };
    const views = regionViews(definition, against);
    const homeRegion = definition.region;
    const tgwOf = (region: string) => id("r", region, "tgw");
    const tgw = tgwOf(homeRegion);
    // Where each spoke is drawn (its Region when that Region has a hub).
    const drawnIn = new Map<string, string>();
    for (const v of views) for (const sp of [...v.sharedSpokes, ...[...v.domains.values()].flatMap((d) => d.spokes)]) drawnIn.set(sp.name, v.region);
    const spokeNode = (region: string, spoke: string) => id("r", drawnIn.get(spoke) ?? region, "spoke", spoke);
    const domainNode = (region: string, domain: string) => id("r", region, "domain", domain);
    const serviceNode = (region: string, service: string) => id("r", region, "service", service);
    const onprem = "onprem";
    const edges: string[] = [];

    for (const view of views) {
        out.push(`    subgraph ${id("r", view.region)}[${label(`Region ${view.region}${view.region === homeRegion ? "" : view.hub ? "" : " (failover)"}`)}]`);
        const hubHere = view.hub ? hubRegion(definition, view.region) : undefined;
        if (hubHere) {
            const network = definition.network;
            const regionTgw = tgwOf(view.region);
            const hubVpc = id("r", view.region, "hub", "vpc");
            out.push(`        subgraph ${id("r", view.region, "hub")}[${label(`hub · account ${network.account} (${definition.accounts[network.account] ?? "?"}) · domain ${HUB_DOMAIN}`)}]`);
            out.push(`            ${regionTgw}{{${label("transit gateway", `ASN ${hubHere.asn}`)}}}`);
            out.push(`            ${hubVpc}[${label("hub VPC", hubHere.hub.cidr)}]`);
            // Interface endpoints and DNS are built in the home Region (validation warns about the others).
            if (hubHere.home && network.endpoints.services.length > 0) {
                const endpoints = endpointLines(definition, against);
                const node = id("r", view.region, "hub", "endpoints");
                out.push(`            ${node}[[${label(...endpoints.text)}]]`);
                if (network.endpoints.mode === "centralized") edges.push(`    ${hubVpc} --- ${node}`);
                if (endpoints.changed) classify(node, "changed");
            }
            const dnsNode = id("r", view.region, "hub", "dns");
            if (hubHere.home) out.push(`            ${dnsNode}([${label(network.dns.sharing === "profile" ? "Route 53 Profile" : "private hosted zones", "shared with the spokes")}])`);
            // Spokes of domain shared sit with the hub: same route table, same reach.
            for (const spoke of view.sharedSpokes) {
                const node = spokeNode(view.region, spoke.name);
                out.push(`            ${node}[${label(spoke.name, spoke.cidr, `account ${spoke.account}${spoke.internet === "nat" ? " · NAT to the internet" : ""}`)}]`);
                classify(node, spoke.mark);
                if (spoke.mark !== "removed") edges.push(`    ${node} === ${regionTgw}`);
            }
            out.push("        end");
            edges.push(`    ${hubVpc} === ${regionTgw}`);
        }
        for (const [name, domain] of view.domains) {
            const node = domainNode(view.region, name);
            const selfReach = domain.reaches.includes(name);
            out.push(`        subgraph ${node}[${label(`domain ${name}${domain.cidrs.length ? ` · ${domain.cidrs.join(", ")}` : ""}${selfReach ? " · VPCs reach each other" : ""}`)}]`);
            for (const spoke of domain.spokes) {
                const s = spokeNode(view.region, spoke.name);
                out.push(`            ${s}[${label(spoke.name, spoke.cidr, `account ${spoke.account}${spoke.internet === "nat" ? " · NAT to the internet" : ""}`)}]`);
                classify(s, spoke.mark);
            }
            if (domain.spokes.length === 0) out.push(`            ${id(node, "empty")}[${label("no spokes")}]`);
            out.push("        end");
            classify(node, domain.mark);
            if (view.hub && domain.mark !== "removed") edges.push(`    ${node} === ${tgwOf(view.region)}`);
        }
        for (const service of view.services) {
            const node = serviceNode(view.region, service.name);
            out.push(`        ${node}[/${label(`${service.name} :${service.port}`, service.failover ? "endpoint service (failover)" : "endpoint service")}/]`);
            classify(node, service.mark);
            const ownerNode = spokeNode(homeRegion, service.owner);
            edges.push(`    ${ownerNode} -->|publishes| ${node}`);
            for (const consumer of service.consumers) edges.push(`    ${spokeNode(homeRegion, consumer)} -.->|PrivateLink| ${node}`);
        }
        out.push("    end");
    }

    // Transit gateway peering between the Regions' hubs (full mesh).
    for (const p of regionPeerings(definition)) edges.push(`    ${tgwOf(p.requester)} <-->|${label("peering")}| ${tgwOf(p.accepter)}`);

    const link = onPremisesLink(definition);
    const onpremCidrs = definition.network.dns.onPremises.cidrs;
    const reachedOnprem = Object.values(definition.network.transitGateway.domains).some((d) => d.reaches.includes(ONPREM_DOMAIN));
    if (link || onpremCidrs.length > 0 || reachedOnprem) {
        out.push(`    ${onprem}[(${label("on-premises", ...(onpremCidrs.length ? [onpremCidrs.join(", ")] : []))})]`);
        if (link) edges.push(`    ${onprem} <-->|${label(link)}| ${tgw}`);
    }

    // What each domain reaches (directional; the hub and on-premises are domains too).
    const home = views.find((v) => v.hub)!;
    const domainTarget = (name: string): string | undefined =>
        name === HUB_DOMAIN ? id("r", homeRegion, "hub") : name === ONPREM_DOMAIN ? (link || onpremCidrs.length || reachedOnprem ? onprem : undefined) : home.domains.has(name) ? domainNode(homeRegion, name) : undefined;
    for (const [name, domain] of Object.entries(definition.network.transitGateway.domains)) {
        const from = domainTarget(name);
        if (!from) continue;
        for (const to of domain.reaches) {
            const target = domainTarget(to);
            if (target && to !== name) edges.push(`    ${from} -.->|reaches| ${target}`);
        }
    }

    out.push(...edges);
    const styles: Record<string, string> = {
        added: "fill:#dafbe1,stroke:#1a7f37,stroke-width:2px",
        removed: "fill:#ffebe9,stroke:#cf222e,stroke-width:2px,stroke-dasharray:5 3",
        changed: "fill:#fff8c5,stroke:#9a6700,stroke-width:2px",
    };
    for (const [cls, nodes] of classes) {
        out.push(`    classDef ${cls} ${styles[cls]}`);
        out.push(`    class ${nodes.join(",")} ${cls}`);
    }
    return out.join("\n");
}

/** The diagram as a Markdown document (`--diagram`): a title and the fenced Mermaid block. */
export function diagramMarkdown(definition: Definition, against?: Definition): string {
    return [`### Environment ${definition.environment} (${definition.region})`, "", "```mermaid", environmentDiagram(definition, against), "```", ""].join("\n");
}
