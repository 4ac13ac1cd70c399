/**
 * Spokes: unique, unreserved names; accounts and domains that exist; one gateway
 * endpoint per service; a VPC CIDR inside its domain's summaries and outside the others'.
 * Derives `spokes`. (Whether the CIDR holds the spoke's subnets is network/validate.ts.)
 */
import { cidrInside } from "../cidr";
import { Path } from "../locate";
import { suggest } from "../shape-issues";
import { CheckContext, ONPREM_DOMAIN, SpokeView, list, rec, str, strings } from "./context";

/** Unit names that are not spokes (definition/units.ts `fixedUnits`), and the names of the hub and on-premises: a spoke cannot take them. */
export const RESERVED_SPOKE_NAMES = ["all", "org", "network", "security", "hub", "onprem"];

/** Why a reserved name cannot name a spoke. */
function reservedBecause(name: string, environment: string): string {
    if (name === "hub") return "it names the shared-services hub VPC (its resources and the reachability report use it)";
    if (name === "onprem") return "it names the on-premises network in the route domains and the reachability report";
    return `it is the ${name} unit (stack ${environment}-${name})`;
}

export function checkSpokes(c: CheckContext): void {
    const { root, organization, network, accounts, domains, summaries, spokes } = c;
    const spokeIndexByName = new Map<string, number>();
    list(root.spokes).forEach((item, index) => {
        const s = rec(item);
        if (!s) return;
        const path: Path = ["spokes", index];
        const view: SpokeView = {
            index,
            name: str(s.name),
            account: str(s.account),
            // A misspelt domain was reported once (checks/route-domains.ts); follow it as the domain it stands for.
            domain: str(s.domain) === undefined ? undefined : c.domainOf(str(s.domain)!),
            region: str(s.region) === c.region ? undefined : str(s.region),
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
        checkSpokeRegion(c, view, path);
        c.accountRef([...path, "account"], s.account, "account");
        if (!organization && view.account !== undefined && str(network?.account) !== undefined && view.account !== network?.account && view.account in accounts) {
            c.error([...path, "account"], `without an organization the transit gateway is not shared through RAM, so every spoke must live in the network account "${String(network?.account)}"; add an organization block or move this spoke`);
        }
        if (view.domain !== undefined) {
            if (view.domain === ONPREM_DOMAIN) {
                c.error([...path, "domain"], `a spoke cannot be in domain "${ONPREM_DOMAIN}": it is the on-premises network. Put the spoke in a route domain that reaches ${ONPREM_DOMAIN}`);
            }
        }
        const gateways = new Set<string>();
        for (const [i, g] of strings(s.gatewayEndpoints)) {
            if (gateways.has(g)) c.error([...path, "gatewayEndpoints", i], `gateway endpoint ${g} is listed twice; a VPC takes one gateway endpoint per service`);
            gateways.add(g);
        }
        view.cidr = c.cidrAt([...path, "cidr"], s.cidr, true);
        spokes.push(view);
    });
    spokes.forEach((s) => {
        // An undeclared domain (reported in checks/route-domains.ts) has no summaries to hold the spoke.
        if (!s.cidr || !s.domain || (domains && !(s.domain in domains))) return;
        // Summaries are per Region: a spoke lies in its own Region's blocks of its domain, and in no other block.
        const sameRegion = (b: (typeof summaries)[number]) => (b.label.region ?? c.region) === (s.region ?? c.region);
        const own = summaries.filter((b) => b.label.domain === s.domain && sameRegion(b));
        const where = (b: (typeof summaries)[number]) => (b.label.region ? ` in ${b.label.region}` : c.otherRegions.length > 0 ? ` in the home Region ${c.region}` : "");
        if (own.length > 0 && !own.some((b) => cidrInside(s.cidr!, b.block))) {
            c.error(["spokes", s.index, "cidr"], `${s.cidr.cidr} is outside the summary blocks of domain "${s.domain}"${where(own[0])} (${own.map((b) => b.block.cidr).join(", ")}); blackhole routes to the summary would not cover this spoke`);
        }
        for (const other of summaries) {
            if ((other.label.domain !== s.domain || !sameRegion(other)) && other.block.range.isOverlapping(s.cidr.range)) {
                c.error(["spokes", s.index, "cidr"], `${s.cidr.cidr} (domain "${s.domain}"${s.region ? ` in ${s.region}` : ""}) lies in ${other.block.cidr}, a summary block of domain "${other.label.domain}"${where(other)}; routes to that summary would capture this spoke`);
            }
        }
    });
}

/**
 * A spoke's `region` is the home Region or a Region of `network.regions` (the closest name
 * suggested); and its name must not be a Region's network unit (`network-<region>`).
 */
function checkSpokeRegion(c: CheckContext, view: SpokeView, path: Path): void {
    const known = [c.region, ...c.otherRegions].filter((r): r is string => r !== undefined);
    if (view.region !== undefined && !known.includes(view.region) && /^[a-z]{2}(-gov)?-[a-z]+-\d$/.test(view.region)) {
        const hint = suggest(view.region, known);
        c.error(
            [...path, "region"],
            `${view.region} has no hub: a spoke attaches to its Region's transit gateway, so its region must be the home Region (${c.region ?? "region"}) or one of network.regions (${c.otherRegions.join(", ") || "none"})${hint ? ` — did you mean "${hint}"?` : ""}; or add ${view.region} to network.regions`,
        );
    }
    const clash = c.otherRegions.find((r) => view.name === `network-${r}`);
    if (clash) {
        c.error([...path, "name"], `"${view.name}" is the network unit of ${clash} (stack <env>-network-${clash}); choose another spoke name`);
    }
}
