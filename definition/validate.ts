/**
 * Semantic checks of a definition: everything that needs more than one value at a time
 * (references, CIDR arithmetic, reachability intent, quotas). Pure: no Pulumi, no I/O.
 *
 * It runs on the raw parsed YAML even when the shape check failed elsewhere, so one run
 * reports shape and cross-reference problems together: every read is defensive and a
 * value of the wrong type is skipped (the shape check already reports it).
 */
import { LayoutError, hubLayout, spokeLayout } from "../network/layout";
import { catalogEntry, centralizableServices } from "./catalog";
import {
    LabelledBlock,
    ParsedCidr,
    addressInside,
    cidrInside,
    isPrivateAddress,
    isPrivateBlock,
    overlappingPairs,
    parseCidr,
    parseIpv4,
} from "./cidr";
import { accountOfUnit, ownerUnitOfAccount, unitsOf } from "../program/units";
import { Diagnostic } from "./diagnostics";
import { Locate, Path, formatPath } from "./locate";
import { Quota, quotaNote, quotas } from "./quotas";
import { Definition, deploymentSchema, perimeterSchema } from "./schema";
import { suggest } from "./shape-issues";

export { cidrsOverlap, parseCidr } from "./cidr";

const fmt = (n: number) => n.toLocaleString("en-US");

/** The hub's route domain. */
export const HUB_DOMAIN = "shared";
/** The on-premises network, as a reach target (and optionally as the VPN's own domain). */
export const ONPREM_DOMAIN = "onprem";
/** Unit names that are not spokes (program/units.ts `fixedUnits`): a spoke cannot take them. */
export const RESERVED_SPOKE_NAMES = ["all", "org", "network", "security", "hub", "onprem"];

/** Why a reserved name cannot name a spoke. */
function reservedBecause(name: string, environment: string): string {
    if (name === "hub") return "it names the shared-services hub VPC (its resources and the reachability report use it)";
    if (name === "onprem") return "it names the on-premises network in the route domains and the reachability report";
    return `it is the ${name} unit (stack ${environment}-${name})`;
}

type Rec = Record<string, unknown>;

const isRec = (v: unknown): v is Rec => v !== null && typeof v === "object" && !Array.isArray(v);
const rec = (v: unknown): Rec | undefined => (isRec(v) ? v : undefined);
const str = (v: unknown): string | undefined => (typeof v === "string" ? v : undefined);
const list = (v: unknown): unknown[] => (Array.isArray(v) ? v : []);
/** [index, value] of the string items of a list. */
const strings = (v: unknown): [number, string][] =>
    list(v).flatMap((x, i) => (typeof x === "string" ? [[i, x] as [number, string]] : []));

class Checker {
    readonly diagnostics: Diagnostic[] = [];
    constructor(
        private readonly locate: Locate,
        private readonly file: string,
    ) {}

    private add(severity: Diagnostic["severity"], path: Path, message: string, part: "key" | "value") {
        const { line, col } = this.locate(path, part);
        this.diagnostics.push({ file: this.file, line, col, path: formatPath(path), message, severity });
    }
    error(path: Path, message: string, part: "key" | "value" = "value") {
        this.add("error", path, message, part);
    }
    warn(path: Path, message: string, part: "key" | "value" = "value") {
        this.add("warning", path, message, part);
    }
    line(path: Path): number {
        return this.locate(path).line;
    }
}

/** A spoke as far as it could be read. */
interface SpokeView {
    index: number;
    name?: string;
    account?: string;
    domain?: string;
    cidr?: ParsedCidr;
    internet: string;
    gatewayEndpoints: string[];
}

/** Domain → the domains (and `onprem`) it reaches, as far as they could be read. */
type Reaches = Map<string, string[]>;

/** Checks a definition (raw YAML object or parsed definition); returns every problem found. */
export function validateDefinition(raw: unknown, locate: Locate, file: string): Diagnostic[] {
    const c = new Checker(locate, file);
    const root = rec(raw);
    if (!root) return [];

    const region = str(root.region);
    const organization = rec(root.organization);
    const accounts = rec(root.accounts) ?? {};
    const accountNames = Object.keys(accounts);
    const units = rec(organization?.units) ?? {};
    const network = rec(root.network);
    const tgw = rec(network?.transitGateway);
    const domains = rec(tgw?.domains);
    const hub = rec(network?.hub);
    const endpoints = rec(network?.endpoints);
    const dns = rec(network?.dns);
    const onPremDns = rec(dns?.onPremises);
    const perimeter = rec(root.perimeter);
    const security = rec(root.security);

    // ---- accounts and organization ----------------------------------------------
    checkDuplicateValues(c, ["accounts"], accounts, "account id", "names one account twice; each logical name should be a different account");
    checkDuplicateValues(c, ["organization", "units"], units, "OU id", "names one OU twice");

    const accountRef = (path: Path, value: unknown, what: string) => {
        const name = str(value);
        // When accounts is missing or not a mapping the shape check says so; every
        // reference would be an echo of that one problem.
        if (name === undefined || name in accounts || !isRec(root.accounts)) return;
        const hint = suggest(name, accountNames);
        c.error(path, `${what} "${name}" is not in accounts${hint ? ` — did you mean "${hint}"?` : accountNames.length ? ` (known: ${accountNames.join(", ")})` : ""}`);
    };
    accountRef(["network", "account"], network?.account, "network account");
    if (security) accountRef(["security", "account"], security.account, "security account");

    if (organization && isRec(root.accounts) && !("management" in accounts)) {
        c.error(
            ["accounts"],
            "with an organization, the management account must be listed under the name \"management\" (the org unit deploys SCPs and RCPs there)",
            "key",
        );
    }

    const ouRefs = (path: Path, value: unknown, what: string) => {
        if (value === undefined) return;
        if (!organization) {
            c.error(path, `${what} needs an organization: without the organization block there is nothing to share with or attach to (single-account mode). Remove this key or add organization.id and organization.units`, "key");
            return;
        }
        const seen = new Set<string>();
        for (const [i, ou] of strings(value)) {
            if (seen.has(ou)) c.warn([...path, i], `OU "${ou}" is listed twice`);
            seen.add(ou);
            if (!(ou in units)) {
                const hint = suggest(ou, Object.keys(units));
                c.error([...path, i], `OU "${ou}" is not in organization.units${hint ? ` — did you mean "${hint}"?` : Object.keys(units).length ? ` (known: ${Object.keys(units).join(", ")})` : " (organization.units is empty)"}`);
            }
        }
    };
    ouRefs(["network", "transitGateway", "shareWith"], tgw?.shareWith, "network.transitGateway.shareWith");
    ouRefs(["network", "dns", "shareWith"], dns?.shareWith, "network.dns.shareWith");
    ouRefs(["perimeter", "attachTo"], perimeter?.attachTo, "perimeter.attachTo");

    // ---- CIDR blocks: well-formed network addresses -------------------------------
    const cidrAt = (path: Path, value: unknown, vpc: boolean): ParsedCidr | undefined => {
        const text = str(value);
        if (text === undefined || !/^\d{1,3}(\.\d{1,3}){3}\/\d{1,2}$/.test(text)) return undefined; // shape check reports it
        const parsed = parseCidr(text);
        if (!parsed.ok) {
            c.error(path, parsed.message);
            return undefined;
        }
        if (vpc && (parsed.value.prefix < 16 || parsed.value.prefix > 28)) {
            c.error(path, `${text}: a VPC CIDR block must be between /16 and /28 (Amazon VPC CIDR block rules); got /${parsed.value.prefix}`);
            return undefined;
        }
        if (vpc && !isPrivateBlock(parsed.value)) {
            c.warn(path, `${text} is not private address space (10.0.0.0/8, 172.16.0.0/12, 192.168.0.0/16 or 100.64.0.0/10); it will shadow those public addresses for every VPC on the transit gateway`);
        }
        return parsed.value;
    };
    const ipAt = (path: Path, value: unknown): bigint | undefined => {
        const text = str(value);
        if (text === undefined || !/^\d{1,3}(\.\d{1,3}){3}$/.test(text)) return undefined;
        const parsed = parseIpv4(text);
        if (parsed === undefined) c.error(path, `${text}: each of the four numbers of an IPv4 address must be 0-255`);
        return parsed;
    };

    const hubCidr = cidrAt(["network", "hub", "cidr"], hub?.cidr, true);
    const onPremCidrs: { index: number; block: ParsedCidr }[] = [];
    for (const [i, text] of strings(onPremDns?.cidrs)) {
        const block = cidrAt(["network", "dns", "onPremises", "cidrs", i], text, false);
        if (block && block.prefix < 8) {
            // Security groups admit these ranges (endpoints, Resolver): never the whole internet.
            c.error(["network", "dns", "onPremises", "cidrs", i], `${text} is far too broad for an on-premises range (/8 at most): endpoint and Resolver security groups admit these ranges`);
        } else if (block) onPremCidrs.push({ index: i, block });
    }
    for (const [i, text] of strings(perimeter?.corporateCidrs)) cidrAt(["perimeter", "corporateCidrs", i], text, false);
    checkDuplicateItems(c, ["perimeter", "corporateCidrs"], perimeter?.corporateCidrs, "CIDR block", "warning");
    checkDuplicateItems(c, ["network", "dns", "onPremises", "cidrs"], onPremDns?.cidrs, "CIDR block", "warning");

    // ---- availability zones ---------------------------------------------------------
    const azSetting = hub?.availabilityZones;
    let azCount = 2;
    if (typeof azSetting === "number" && Number.isInteger(azSetting) && azSetting >= 1) azCount = azSetting;
    if (Array.isArray(azSetting)) {
        azCount = Math.max(1, azSetting.length);
        const seen = new Set<string>();
        for (const [i, az] of strings(azSetting)) {
            if (seen.has(az)) c.error(["network", "hub", "availabilityZones", i], `availability zone ${az} is listed twice`);
            seen.add(az);
            const m = /^(.*\d)([a-z])$/.exec(az);
            if (region && m && m[1] !== region) {
                c.error(["network", "hub", "availabilityZones", i], `availability zone ${az} is not in region ${region}; expected a name such as ${region}a`);
            }
        }
    }

    // ---- route domains ------------------------------------------------------------
    const reaches: Reaches = new Map();
    const domainNames = domains ? Object.keys(domains) : [];
    const domainPath = (name: string): Path => ["network", "transitGateway", "domains", name];
    if (domains) {
        if (!(HUB_DOMAIN in domains)) {
            c.error(["network", "transitGateway", "domains"], `missing domain "${HUB_DOMAIN}": the hub VPC (central endpoints, Resolver) is attached in it. Add ${HUB_DOMAIN}: { reaches: [<the domains that use the hub>] }`, "key");
        }
        for (const name of domainNames) {
            const domain = rec(domains[name]);
            const targets: string[] = [];
            const seen = new Set<string>();
            for (const [i, target] of strings(domain?.reaches)) {
                const path = [...domainPath(name), "reaches", i];
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
    const onPremConnection = tgw?.onPremises;
    const hasOnPremCidrs = onPremCidrs.length > 0 || list(onPremDns?.cidrs).length > 0;
    for (const [name, targets] of reaches) {
        if (!targets.includes(ONPREM_DOMAIN)) continue;
        const index = list(rec(domains?.[name])?.reaches).indexOf(ONPREM_DOMAIN);
        const path = [...domainPath(name), "reaches", index];
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
        c.error(domainPath(ONPREM_DOMAIN), `domain "${ONPREM_DOMAIN}" is the on-premises connection's route table, but network.transitGateway.onPremises is not configured`, "key");
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
                    [...domainPath(name), "reaches", index],
                    `domain "${name}" reaches "${target}" but "${target}" does not reach "${name}": return traffic has no route. Add "${name}" to network.transitGateway.domains.${target}.reaches (or remove "${target}" here)`,
                );
            }
        }
    }

    // Domain summary blocks.
    const summaries: LabelledBlock<{ domain: string; index: number }>[] = [];
    for (const name of domainNames) {
        for (const [i, text] of strings(rec(domains?.[name])?.cidrs)) {
            const block = cidrAt([...domainPath(name), "cidrs", i], text, false);
            if (block) summaries.push({ block, label: { domain: name, index: i } });
        }
    }
    for (const [a, b] of overlappingPairs(summaries)) {
        const later = c.line([...domainPath(b.label.domain), "cidrs", b.label.index]) >= c.line([...domainPath(a.label.domain), "cidrs", a.label.index]) ? [a, b] : [b, a];
        const [first, second] = later;
        c.error(
            [...domainPath(second.label.domain), "cidrs", second.label.index],
            `summary block ${second.block.cidr} of domain "${second.label.domain}" overlaps ${first.block.cidr} of domain "${first.label.domain}"; summary blocks must be disjoint so blackhole routes never cover an allowed VPC`,
        );
    }

    // ---- spokes ---------------------------------------------------------------------
    const spokes: SpokeView[] = [];
    const spokeIndexByName = new Map<string, number>();
    list(root.spokes).forEach((item, index) => {
        const s = rec(item);
        if (!s) return;
        const path: Path = ["spokes", index];
        const view: SpokeView = {
            index,
            name: str(s.name),
            account: str(s.account),
            domain: str(s.domain),
            internet: str(s.internet) ?? "none",
            gatewayEndpoints: s.gatewayEndpoints === undefined ? ["s3", "dynamodb"] : strings(s.gatewayEndpoints).map(([, g]) => g),
        };
        if (view.name !== undefined) {
            if (RESERVED_SPOKE_NAMES.includes(view.name)) {
                c.error([...path, "name"], `"${view.name}" is reserved: ${reservedBecause(view.name, str(root.environment) ?? "<env>")}; choose another spoke name (reserved: ${RESERVED_SPOKE_NAMES.join(", ")})`);
            }
            const previous = spokeIndexByName.get(view.name);
            if (previous !== undefined) {
                c.error([...path, "name"], `spoke name "${view.name}" is already used by spokes[${previous}]; spoke names name stacks and must be unique`);
            } else spokeIndexByName.set(view.name, index);
        }
        accountRef([...path, "account"], s.account, "account");
        if (!organization && view.account !== undefined && str(network?.account) !== undefined && view.account !== network?.account && view.account in accounts) {
            c.error([...path, "account"], `without an organization the transit gateway is not shared through RAM, so every spoke must live in the network account "${String(network?.account)}"; add an organization block or move this spoke`);
        }
        if (view.domain !== undefined) {
            if (view.domain === ONPREM_DOMAIN) {
                c.error([...path, "domain"], `a spoke cannot be in domain "${ONPREM_DOMAIN}": it is the on-premises network. Put the spoke in a route domain that reaches ${ONPREM_DOMAIN}`);
            } else if (domains && !(view.domain in domains)) {
                const hint = suggest(view.domain, domainNames);
                c.error([...path, "domain"], `domain "${view.domain}" is not defined in network.transitGateway.domains${hint ? ` — did you mean "${hint}"?` : ` (defined: ${domainNames.join(", ")})`}`);
            }
        }
        const gateways = new Set<string>();
        for (const [i, g] of strings(s.gatewayEndpoints)) {
            if (gateways.has(g)) c.error([...path, "gatewayEndpoints", i], `gateway endpoint ${g} is listed twice; a VPC takes one gateway endpoint per service`);
            gateways.add(g);
        }
        view.cidr = cidrAt([...path, "cidr"], s.cidr, true);
        if (view.cidr && (view.internet === "none" || view.internet === "nat")) {
            try {
                spokeLayout(view.cidr.cidr, azCount, view.internet);
            } catch (e) {
                if (!(e instanceof LayoutError)) throw e;
                c.error([...path, "cidr"], `${view.cidr.cidr} cannot hold the spoke's subnets across ${azCount} AZs: ${e.message}`);
            }
        }
        spokes.push(view);
    });
    spokes.forEach((s) => {
        if (!s.cidr || !s.domain) return;
        const own = summaries.filter((b) => b.label.domain === s.domain);
        if (own.length > 0 && !own.some((b) => cidrInside(s.cidr!, b.block))) {
            c.error(["spokes", s.index, "cidr"], `${s.cidr.cidr} is outside the summary blocks of domain "${s.domain}" (${own.map((b) => b.block.cidr).join(", ")}); blackhole routes to the summary would not cover this spoke`);
        }
        for (const other of summaries) {
            if (other.label.domain !== s.domain && other.block.range.isOverlapping(s.cidr.range)) {
                c.error(["spokes", s.index, "cidr"], `${s.cidr.cidr} (domain "${s.domain}") lies in ${other.block.cidr}, a summary block of domain "${other.label.domain}"; routes to that summary would capture this spoke`);
            }
        }
    });

    // ---- hub size ---------------------------------------------------------------------
    if (hubCidr) {
        try {
            hubLayout(hubCidr.cidr, azCount);
        } catch (e) {
            if (!(e instanceof LayoutError)) throw e;
            c.error(["network", "hub", "cidr"], `${hubCidr.cidr} is too small for the hub's subnets across ${azCount} AZs: ${e.message}`);
        }
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

    // ---- overlaps between hub, spokes and on-premises -------------------------------------
    type Owner = { path: Path; text: string };
    const blocks: LabelledBlock<Owner>[] = [];
    if (hubCidr) blocks.push({ block: hubCidr, label: { path: ["network", "hub", "cidr"], text: "the hub (network.hub.cidr)" } });
    for (const s of spokes) {
        if (s.cidr) blocks.push({ block: s.cidr, label: { path: ["spokes", s.index, "cidr"], text: `spoke "${s.name ?? s.index}" (spokes[${s.index}])` } });
    }
    for (const o of onPremCidrs) {
        blocks.push({ block: o.block, label: { path: ["network", "dns", "onPremises", "cidrs", o.index], text: `on-premises range network.dns.onPremises.cidrs[${o.index}]` } });
    }
    for (const [a, b] of overlappingPairs(blocks)) {
        const [first, second] = c.line(a.label.path) <= c.line(b.label.path) ? [a, b] : [b, a];
        c.error(second.label.path, `${second.block.cidr} overlaps ${first.block.cidr} of ${first.label.text}; every VPC and on-premises range must have its own addresses to be routable`);
    }
    for (const o of onPremCidrs) {
        for (const s of summaries) {
            if (s.block.range.isOverlapping(o.block.range)) {
                c.error(["network", "dns", "onPremises", "cidrs", o.index], `${o.block.cidr} overlaps ${s.block.cidr}, a summary block of domain "${s.label.domain}"`);
            }
        }
    }

    // ---- on-premises DNS -----------------------------------------------------------------
    const hubReachesOnPrem = (reaches.get(HUB_DOMAIN) ?? []).includes(ONPREM_DOMAIN);
    const forwarded = list(onPremDns?.forwardedDomains);
    if (onPremDns?.inboundResolver === true) {
        if (!hasOnPremCidrs) {
            c.error(["network", "dns", "onPremises", "inboundResolver"], "an inbound Resolver admits DNS (port 53) only from network.dns.onPremises.cidrs, which is empty: list the on-premises ranges", "key");
        }
        if (domains && !hubReachesOnPrem) {
            c.error(["network", "dns", "onPremises", "inboundResolver"], `on-premises DNS servers reach the inbound Resolver in the hub only if the hub reaches on-premises: add ${ONPREM_DOMAIN} to network.transitGateway.domains.${HUB_DOMAIN}.reaches`, "key");
        }
    }
    if (forwarded.length > 0 && domains && !hubReachesOnPrem) {
        c.error(["network", "dns", "onPremises", "forwardedDomains"], `the outbound Resolver in the hub forwards to on-premises DNS servers only if the hub reaches on-premises: add ${ONPREM_DOMAIN} to network.transitGateway.domains.${HUB_DOMAIN}.reaches`, "key");
    }
    const seenDomains = new Map<string, number>();
    forwarded.forEach((item, i) => {
        const f = rec(item);
        const domainName = str(f?.domain)?.toLowerCase().replace(/\.$/, "");
        const path: Path = ["network", "dns", "onPremises", "forwardedDomains", i];
        if (domainName !== undefined) {
            const previous = seenDomains.get(domainName);
            if (previous !== undefined) c.error([...path, "domain"], `domain ${domainName} is already forwarded by forwardedDomains[${previous}]`);
            else seenDomains.set(domainName, i);
            if (domainName === "amazonaws.com" || domainName.endsWith(".amazonaws.com")) {
                c.error([...path, "domain"], `forwarding ${domainName} to on-premises would take AWS service names (and the central endpoints) away from the VPCs`);
            }
        }
        for (const [j, ip] of strings(f?.targetIps)) {
            const address = ipAt([...path, "targetIps", j], ip);
            if (address !== undefined && onPremCidrs.length > 0 && !onPremCidrs.some((o) => addressInside(address, o.block))) {
                c.warn([...path, "targetIps", j], `${ip} is not inside network.dns.onPremises.cidrs, so the hub has no route to this DNS server`);
            }
        }
    });

    // ---- transit gateway ----------------------------------------------------------------
    const asn = tgw?.asn;
    if (typeof asn === "number" && !((asn >= 64512 && asn <= 65534) || (asn >= 4200000000 && asn <= 4294967294))) {
        c.error(["network", "transitGateway", "asn"], `${asn} is not a private ASN; the transit gateway's Amazon-side ASN must be 64512-65534 or 4200000000-4294967294`);
    }
    const vpn = rec(rec(onPremConnection)?.vpn);
    if (vpn) {
        ipAt(["network", "transitGateway", "onPremises", "vpn", "customerGatewayIp"], vpn.customerGatewayIp);
        const bgp = typeof vpn.bgpAsn === "number" ? vpn.bgpAsn : 65000;
        if (bgp === (typeof asn === "number" ? asn : 64512)) {
            c.error(["network", "transitGateway", "onPremises", "vpn", "bgpAsn"], `the on-premises BGP ASN ${bgp} equals the transit gateway's ASN; BGP needs two different ASNs`);
        }
        const gatewayIp = str(vpn.customerGatewayIp);
        const parsedGw = gatewayIp ? parseIpv4(gatewayIp) : undefined;
        if (parsedGw !== undefined && isPrivateAddress(parsedGw)) {
            c.warn(["network", "transitGateway", "onPremises", "vpn", "customerGatewayIp"], `${gatewayIp} is a private address; a site-to-site VPN needs the public IP of the on-premises device`);
        }
    }

    // ---- interface endpoint services ---------------------------------------------------------
    const mode = str(endpoints?.mode) ?? "centralized";
    const sharing = str(dns?.sharing) ?? "profile";
    const services = strings(endpoints?.services);
    const uniqueServices = new Set<string>();
    const known = centralizableServices();
    for (const [i, service] of services) {
        const path: Path = ["network", "endpoints", "services", i];
        if (uniqueServices.has(service)) {
            c.error(path, `service "${service}" is listed twice`);
            continue;
        }
        uniqueServices.add(service);
        const entry = catalogEntry(service);
        if (!entry) {
            const hint = suggest(service, known);
            c.error(path, `"${service}" is not an AWS service with an interface VPC endpoint in the service catalog${hint ? ` — did you mean "${hint}"?` : " (see definition/catalog-data.ts for the known short names, e.g. ssm, ecr.dkr, kms)"}`);
            continue;
        }
        if (entry.notCentralizable) {
            c.error(path, `"${service}" cannot get an interface endpoint here: ${entry.notCentralizable}`);
            continue;
        }
        if (sharing === "hosted-zones" && entry.hostedZonesUnsupported) {
            c.error(path, `"${service}" cannot be shared with private hosted zones: ${entry.hostedZonesUnsupported}. Use network.dns.sharing: profile`);
        }
        if (entry.privateDnsOnlyForInboundResolverEndpoint && mode === "centralized" && onPremDns?.inboundResolver !== true) {
            c.warn(path, `the central "${service}" interface endpoint answers only on-premises clients through the inbound Resolver (VPCs use their ${service} gateway endpoint), but network.dns.onPremises.inboundResolver is not true: nobody can use it`);
        }
    }

    // ---- PrivateLink provider services ---------------------------------------------------------
    const consumerEndpoints = new Map<string, number>(); // spoke name → consumer endpoints in it
    const serviceNames = new Map<string, number>();
    // Owner spokes of services whose SCP-governed account creates an endpoint service.
    const privateLinkOwners: { service: string; spoke: string }[] = [];
    const spokeByName = (name: string) => spokes.find((s) => s.name === name);
    list(root.endpointServices).forEach((item, i) => {
        const e = rec(item);
        if (!e) return;
        const path: Path = ["endpointServices", i];
        const name = str(e.name);
        if (name !== undefined) {
            const previous = serviceNames.get(name);
            if (previous !== undefined) c.error([...path, "name"], `endpoint service name "${name}" is already used by endpointServices[${previous}]`);
            else serviceNames.set(name, i);
        }
        const ownerName = str(e.spoke);
        const owner = ownerName !== undefined ? spokeByName(ownerName) : undefined;
        const spokeNames = spokes.flatMap((s) => (s.name ? [s.name] : []));
        const spokeRef = (p: Path, value: string, note = "") => {
            const hint = suggest(value, spokeNames);
            c.error(p, `spoke "${value}" is not defined in spokes${note}${hint ? ` — did you mean "${hint}"?` : spokeNames.length ? ` (defined: ${spokeNames.join(", ")})` : ""}`);
        };
        if (ownerName !== undefined && !owner) spokeRef([...path, "spoke"], ownerName);
        for (const [j, ip] of strings(e.targets)) {
            const address = ipAt([...path, "targets", j], ip);
            if (address !== undefined && owner?.cidr && !addressInside(address, owner.cidr)) {
                c.error([...path, "targets", j], `target ${ip} is outside ${owner.cidr.cidr}, the CIDR of the owning spoke "${ownerName}"; the Network Load Balancer's IP targets must be in its VPC`);
            }
        }
        const seen = new Set<string>();
        for (const [j, consumer] of strings(e.consumers)) {
            const p = [...path, "consumers", j];
            if (seen.has(consumer)) {
                c.error(p, `consumer "${consumer}" is listed twice`);
                continue;
            }
            seen.add(consumer);
            if (consumer === ownerName) {
                c.error(p, `"${consumer}" owns this service; a spoke does not need an endpoint to its own Network Load Balancer`);
                continue;
            }
            if (!spokeByName(consumer)) {
                spokeRef(p, consumer);
                continue;
            }
            consumerEndpoints.set(consumer, (consumerEndpoints.get(consumer) ?? 0) + 1);
        }
        // Cross-Region failover: a second Region, and consumer VPCs of declared consumers.
        const failover = rec(e.failover);
        if (failover) {
            const second = str(failover.region);
            if (second !== undefined && second === region) {
                c.error([...path, "failover", "region"], `failover.region is ${second}, the environment's own Region; failover needs a second Region`);
            }
            const failoverSpokes = new Set<string>();
            list(failover.consumers).forEach((fc, j) => {
                const spoke = str(rec(fc)?.spoke);
                if (spoke === undefined) return;
                const p: Path = [...path, "failover", "consumers", j, "spoke"];
                if (failoverSpokes.has(spoke)) c.error(p, `consumer "${spoke}" already has a failover VPC in this list`);
                failoverSpokes.add(spoke);
                if (!spokeByName(spoke)) {
                    spokeRef(p, spoke, " (it must also be one of this service's consumers)");
                } else if (!seen.has(spoke)) {
                    c.error(p, `"${spoke}" is not one of this service's consumers${seen.size ? ` (${[...seen].join(", ")})` : ""}; only consumers get failover endpoints`);
                }
            });
        }
        if (list(e.consumers).length === 0 && (e.consumers === undefined || Array.isArray(e.consumers))) {
            // No consumers: the service is built with no allowed principals, so nothing can connect.
            c.warn(
                e.consumers === undefined ? path : [...path, "consumers"],
                `endpoint service${name ? ` "${name}"` : ""} has no consumers: it is built with no allowed principals, so no VPC can connect to it. List the spokes that use it under consumers`,
                "key",
            );
        }
        if (ownerName !== undefined && owner) {
            const account = owner.account;
            if (account !== undefined && account !== "management") privateLinkOwners.push({ service: name ?? `endpointServices[${i}]`, spoke: ownerName });
        }
    });
    checkEndpointServiceRole(c, root, privateLinkOwners);

    // ---- perimeter --------------------------------------------------------------------------
    // The units as far as they could be read, for the owner-of-account rule of program/units.ts.
    const deployable = {
        organization: organization ? {} : undefined,
        network: { account: str(network?.account) },
        security: security ? { account: str(security.account) } : undefined,
        spokes: spokes.flatMap((s) => (s.name !== undefined && s.account !== undefined ? [{ name: s.name, account: s.account }] : [])),
    } as unknown as Definition;
    const ownIds = new Map<string, string>();
    for (const [n, id] of Object.entries(accounts)) if (typeof id === "string" && !ownIds.has(id)) ownIds.set(id, n);
    for (const [i, id] of strings(perimeter?.trustedAccounts)) {
        const own = ownIds.get(id);
        if (own) c.warn(["perimeter", "trustedAccounts", i], `${id} is the environment's own account "${own}"; trustedAccounts is for third-party accounts (the environment's accounts are trusted already)`);
    }
    checkDuplicateItems(c, ["perimeter", "trustedAccounts"], perimeter?.trustedAccounts, "account id", "warning");
    for (const [i, svc] of strings(perimeter?.approvedEndpointServices)) {
        const m = /^com\.amazonaws\.vpce\.([a-z0-9-]+)\.vpce-svc-/.exec(svc);
        if (m && region && m[1] !== region) {
            c.error(["perimeter", "approvedEndpointServices", i], `${svc} is in region ${m[1]}, but the environment is in ${region}; interface endpoints reach services in their own Region`);
        }
    }
    checkDuplicateItems(c, ["perimeter", "approvedEndpointServices"], perimeter?.approvedEndpointServices, "service name", "warning");
    const buckets = new Map<string, number>();
    list(perimeter?.protectedBuckets).forEach((item, i) => {
        const b = rec(item);
        const name = str(b?.name);
        if (name !== undefined) {
            const previous = buckets.get(name);
            if (previous !== undefined) c.error(["perimeter", "protectedBuckets", i, "name"], `bucket "${name}" is already listed at perimeter.protectedBuckets[${previous}]`);
            else buckets.set(name, i);
        }
        accountRef(["perimeter", "protectedBuckets", i, "account"], b?.account, "account");
        const account = str(b?.account);
        if (account !== undefined && account in accounts && ownerUnitOfAccount(deployable, account) === undefined) {
            const where = deployableAccounts(deployable);
            c.error(
                ["perimeter", "protectedBuckets", i, "account"],
                `no unit deploys into account "${account}", so nothing would create the policy of bucket ${name ?? "(unnamed)"}: a bucket policy is created by the first unit (org → network → security → spokes) that deploys into the bucket's account. ` +
                    `Deployable accounts: ${where.join("; ")}. Move the bucket to one of them, or add a spoke in "${account}"`,
            );
        }
    });

    // ---- quotas -------------------------------------------------------------------------------
    // Adjustable quotas the user has raised (quotas.*) replace the AWS defaults.
    const raised = rec(root.quotas) ?? {};
    const limit = (key: keyof typeof quotas): Quota => {
        const value = raised[key];
        const base = quotas[key];
        return typeof value === "number" && Number.isInteger(value) && value > 0 && base.adjustable
            ? { ...base, value, source: `${base.source}, raised in quotas.${key}` }
            : base;
    };
    const serviceCount = uniqueServices.size;
    const endpointQuota = limit("interfaceEndpointsPerVpc");
    const profileQuota = limit("vpcsPerProfile");
    const routeTableQuota = limit("tgwRouteTables");
    const routeQuota = limit("tgwRoutes");
    if (mode === "centralized" && serviceCount > endpointQuota.value) {
        c.error(["network", "endpoints", "services"], `the hub VPC would hold ${fmt(serviceCount)} interface endpoints, more than ${fmt(endpointQuota.value)} ${quotaNote(endpointQuota, "interfaceEndpointsPerVpc")}`, "key");
    }
    for (const s of spokes) {
        const consumers = s.name ? consumerEndpoints.get(s.name) ?? 0 : 0;
        const inSpoke = (mode === "distributed" ? serviceCount : 0) + consumers;
        if (inSpoke > endpointQuota.value) {
            c.error(["spokes", s.index], `spoke "${s.name}" would hold ${fmt(inSpoke)} interface endpoints (${mode === "distributed" ? `${serviceCount} services in distributed mode + ` : ""}${consumers} PrivateLink consumer endpoints), more than ${fmt(endpointQuota.value)} ${quotaNote(endpointQuota, "interfaceEndpointsPerVpc")}`);
        }
    }
    const vpcCount = spokes.length + 1;
    if (sharing === "profile" && vpcCount > profileQuota.value) {
        c.error(["network", "dns", "sharing"], `${fmt(vpcCount)} VPCs (${fmt(spokes.length)} spokes + the hub) would associate with one Route 53 Profile, more than ${fmt(profileQuota.value)} ${quotaNote(profileQuota, "vpcsPerProfile")}`);
    }
    if (sharing === "hosted-zones" && vpcCount > quotas.vpcsPerPrivateHostedZone.value) {
        c.error(
            ["network", "dns", "sharing"],
            `${fmt(vpcCount)} VPCs (${fmt(spokes.length)} spokes + the hub) would associate with each service's private hosted zone, more than ${fmt(quotas.vpcsPerPrivateHostedZone.value)} ${quotaNote(quotas.vpcsPerPrivateHostedZone)}; use sharing: profile (a Route 53 Profile takes up to 1,000 VPCs)`,
        );
    }
    const attachments = spokes.length + 1 + (onPremConnection !== undefined ? 1 : 0);
    if (attachments > quotas.tgwAttachments.value) {
        c.error(["spokes"], `the transit gateway would have ${fmt(attachments)} attachments (spokes + hub + on-premises), more than ${fmt(quotas.tgwAttachments.value)} ${quotaNote(quotas.tgwAttachments)}`, "key");
    }
    if (domains && domainNames.length > routeTableQuota.value) {
        c.error(["network", "transitGateway", "domains"], `${domainNames.length} route domains need ${domainNames.length} transit gateway route tables, more than ${fmt(routeTableQuota.value)} ${quotaNote(routeTableQuota, "tgwRouteTables")}`, "key");
    }
    if (domains) {
        const routes = estimateTgwRoutes({
            reaches,
            spokeDomains: spokes.flatMap((s) => (s.domain ? [s.domain] : [])),
            summaryCounts: new Map(domainNames.map((d) => [d, summaries.filter((b) => b.label.domain === d).length])),
            onPremCidrCount: onPremCidrs.length,
        });
        if (routes > routeQuota.value) {
            c.error(["network", "transitGateway", "domains"], `the route domains need about ${fmt(routes)} transit gateway routes (propagations, static on-premises routes and blackholes across all route tables), more than ${fmt(routeQuota.value)} ${quotaNote(routeQuota, "tgwRoutes")}; add summary cidrs to the domains to collapse blackhole routes`, "key");
        }
    }

    return c.diagnostics;
}

/**
 * Estimates the routes of all TGW route tables together: for each domain, one propagated
 * route per spoke of every domain it reaches (+ the hub when it reaches `shared`), one
 * static route per on-premises CIDR when it reaches `onprem`, and blackholes for what it
 * must not reach (one per summary block of that domain, or one per spoke without them).
 */
export function estimateTgwRoutes(input: {
    reaches: Reaches;
    spokeDomains: string[];
    summaryCounts: Map<string, number>;
    onPremCidrCount: number;
}): number {
    const spokesIn = new Map<string, number>();
    for (const d of input.spokeDomains) spokesIn.set(d, (spokesIn.get(d) ?? 0) + 1);
    let total = 0;
    const allDomains = [...input.reaches.keys()].filter((d) => d !== ONPREM_DOMAIN);
    for (const [, targets] of input.reaches) {
        for (const t of targets) {
            if (t === ONPREM_DOMAIN) total += input.onPremCidrCount;
            else total += (spokesIn.get(t) ?? 0) + (t === HUB_DOMAIN ? 1 : 0);
        }
        for (const d of allDomains) {
            if (targets.includes(d)) continue;
            const summaries = input.summaryCounts.get(d) ?? 0;
            total += summaries > 0 ? summaries : (spokesIn.get(d) ?? 0) + (d === HUB_DOMAIN ? 1 : 0);
        }
    }
    return total;
}

/** "account (unit, unit)" for every account some unit deploys into, in deployment order. */
function deployableAccounts(definition: Definition): string[] {
    const byAccount = new Map<string, string[]>();
    for (const unit of unitsOf(definition)) {
        const account = accountOfUnit(definition, unit);
        if (account === undefined) continue;
        byAccount.set(account, [...(byAccount.get(account) ?? []), unit === "org" || unit === "network" || unit === "security" ? `${unit} unit` : `spoke ${unit}`]);
    }
    return [...byAccount].map(([account, units]) => `${account} (${units.join(", ")})`);
}

/** Defaults of deployment.roleName and perimeter.networkAdminRole, from the schema: validation reads raw input. */
const DEFAULT_DEPLOYMENT_ROLE = deploymentSchema.parse({}).roleName;
const DEFAULT_NETWORK_ADMIN_ROLE = perimeterSchema.parse({}).networkAdminRole;

/**
 * With an organization, the perimeter SCP (perimeter/scps.ts) denies creating and changing
 * endpoint services to every role but perimeter.networkAdminRole. The owner spoke's stack
 * creates the endpoint service, so deploying it as another role fails at `pulumi up`.
 * The management account is exempt (SCPs never apply to it), and so is everything when
 * the SCPs attach to no OU.
 */
function checkEndpointServiceRole(c: Checker, root: Rec, owners: { service: string; spoke: string }[]) {
    const organization = rec(root.organization);
    if (!organization || owners.length === 0) return;
    const perimeter = rec(root.perimeter);
    const attachTo = perimeter?.attachTo;
    const attachedOus = Array.isArray(attachTo) ? attachTo.length : Object.keys(rec(organization.units) ?? {}).length;
    if (attachedOus === 0) return;
    const deployment = rec(root.deployment);
    const roleName = str(deployment?.roleName) ?? DEFAULT_DEPLOYMENT_ROLE;
    const adminRole = str(perimeter?.networkAdminRole) ?? DEFAULT_NETWORK_ADMIN_ROLE;
    if (roleName === adminRole) return;
    const env = str(root.environment) ?? "<env>";
    const stacks = [...new Set(owners.map((o) => `${env}-${o.spoke}`))];
    const services = owners.map((o) => o.service).join(", ");
    const roleSource = deployment?.roleName === undefined ? "the default of deployment.roleName" : "deployment.roleName";
    c.warn(
        deployment?.roleName === undefined ? ["endpointServices"] : ["deployment", "roleName"],
        `the perimeter SCP lets only the network admin role "${adminRole}" (perimeter.networkAdminRole) create or modify endpoint services, ` +
            `but stacks deploy as "${roleName}" (${roleSource}): deploying ${stacks.join(", ")} (owner of ${services}) or ${env}-all as "${roleName}" will be denied. ` +
            `Deploy those stacks as "${adminRole}", or set deployment.roleName: ${adminRole}`,
        deployment?.roleName === undefined ? "key" : "value",
    );
}

/** Same value under two names: warns (or errors) at the second one. */
function checkDuplicateValues(c: Checker, path: Path, map: Rec, what: string, consequence: string) {
    const first = new Map<string, string>();
    for (const [name, value] of Object.entries(map)) {
        if (typeof value !== "string") continue;
        const previous = first.get(value);
        if (previous !== undefined) c.warn([...path, name], `${what} ${value} is also "${previous}": ${consequence}`);
        else first.set(value, name);
    }
}

/** Repeated items of a string list. */
function checkDuplicateItems(c: Checker, path: Path, value: unknown, what: string, severity: "error" | "warning") {
    const seen = new Set<string>();
    for (const [i, item] of strings(value)) {
        if (seen.has(item)) {
            if (severity === "error") c.error([...path, i], `${what} ${item} is listed twice`);
            else c.warn([...path, i], `${what} ${item} is listed twice`);
        }
        seen.add(item);
    }
}
