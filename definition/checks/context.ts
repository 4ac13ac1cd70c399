/**
 * What every area checker of a definition shares, as Landing Zone Accelerator's config
 * validators share theirs: one error list (every problem of one run, located in the
 * file), the raw definition read defensively, and what earlier checkers derived (the
 * parsed CIDRs, the spokes, the route domains) so later ones need not read it again.
 *
 * Checkers run on the raw parsed YAML even when the shape check failed elsewhere, so one
 * run reports shape and cross-reference problems together: every read is defensive and
 * a value of the wrong type is skipped (the shape check already reports it).
 */
import { LabelledBlock, ParsedCidr, isPrivateBlock, parseCidr, parseIpv4 } from "../cidr";
import { Diagnostic } from "../diagnostics";
import { Locate, Path, formatPath } from "../locate";
import { suggest } from "../shape-issues";

export type Rec = Record<string, unknown>;

export const isRec = (v: unknown): v is Rec => v !== null && typeof v === "object" && !Array.isArray(v);
export const rec = (v: unknown): Rec | undefined => (isRec(v) ? v : undefined);
export const str = (v: unknown): string | undefined => (typeof v === "string" ? v : undefined);
export const list = (v: unknown): unknown[] => (Array.isArray(v) ? v : []);
/** [index, value] of the string items of a list. */
export const strings = (v: unknown): [number, string][] =>
    list(v).flatMap((x, i) => (typeof x === "string" ? [[i, x] as [number, string]] : []));

/** Thousands separators, as in every quota message. */
export const fmt = (n: number) => n.toLocaleString("en-US");

/** The hub's route domain. */
export const HUB_DOMAIN = "shared";
/** The on-premises network, as a reach target (and optionally as the VPN's own domain). */
export const ONPREM_DOMAIN = "onprem";

/** A spoke as far as it could be read. */
export interface SpokeView {
    index: number;
    name?: string;
    account?: string;
    domain?: string;
    cidr?: ParsedCidr;
    /** `region` as written; undefined: the home Region. */
    region?: string;
    internet: string;
    gatewayEndpoints: string[];
}

/** Domain → the domains (and `onprem`) it reaches, as far as they could be read. */
export type Reaches = Map<string, string[]>;

/**
 * A domain's summary block, labelled with where it was declared: the home Region's in
 * `network.transitGateway.domains.<domain>.cidrs` (`region` undefined), another Region's in
 * `network.regions.<region>.summaries.<domain>`.
 */
export type SummaryBlock = LabelledBlock<{ domain: string; index: number; region?: string; path: Path }>;

/** A hub Region other than home, as far as it could be read (checks/regions.ts). */
export interface RegionalHubView {
    region: string;
    /** `["network", "regions", <region>]`. */
    path: Path;
    cidr?: ParsedCidr;
    /** Availability zones of the Region's hub (and of its spokes). */
    azCount: number;
}

/** The error list: every diagnostic is located at its key or value in the file. */
export class Checker {
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

/** The shape of a CIDR block the shape check accepts; anything else it reports itself. */
const cidrShape = /^\d{1,3}(\.\d{1,3}){3}\/\d{1,2}$/;

/**
 * A VPC CIDR as the checkers accept it (well-formed network address, /16 to /28), or
 * undefined; reports nothing. For checkers above this layer that need the same blocks.
 */
export function vpcCidrOf(value: unknown): ParsedCidr | undefined {
    const text = str(value);
    if (text === undefined || !cidrShape.test(text)) return undefined;
    const parsed = parseCidr(text);
    return parsed.ok && parsed.value.prefix >= 16 && parsed.value.prefix <= 28 ? parsed.value : undefined;
}

/** The definition as one run of checkers sees it. */
export class CheckContext extends Checker {
    readonly region: string | undefined;
    readonly organization: Rec | undefined;
    /** `accounts`, or {} when it is missing or not a mapping. */
    readonly accounts: Rec;
    readonly accountNames: string[];
    /** `organization.units`, or {}. */
    readonly units: Rec;
    readonly network: Rec | undefined;
    readonly tgw: Rec | undefined;
    readonly domains: Rec | undefined;
    readonly hub: Rec | undefined;
    readonly endpoints: Rec | undefined;
    readonly dns: Rec | undefined;
    readonly onPremDns: Rec | undefined;
    readonly perimeter: Rec | undefined;
    readonly security: Rec | undefined;
    /** `network.transitGateway.onPremises` as written (undefined: not configured). */
    readonly onPremConnection: unknown;
    /** `network.endpoints.mode` with its default. */
    readonly mode: string;
    /** `network.dns.sharing` with its default. */
    readonly sharing: string;

    // ---- derived by the area checkers, in the order validateDefinition runs them ----
    /** Availability zones of every VPC (checks/availability-zones.ts). */
    azCount = 2;
    /** The hub's CIDR when it is a usable VPC block (checks/address-ranges.ts). */
    hubCidr: ParsedCidr | undefined;
    /** Usable on-premises ranges (checks/address-ranges.ts). */
    onPremCidrs: { index: number; block: ParsedCidr }[] = [];
    /** Declared route domains and what each reaches (checks/route-domains.ts). */
    domainNames: string[] = [];
    /**
     * Undeclared domain names that were referred to, mapped to the declared domain they
     * most likely mean (checks/route-domains.ts reports each once). Later checks read a
     * reference through `domainOf`, so one misspelling is one error, not an echo in
     * every check that follows the reference.
     */
    domainAliases = new Map<string, string>();
    reaches: Reaches = new Map();
    /** Usable summary blocks of the domains (checks/route-domains.ts). */
    summaries: SummaryBlock[] = [];
    /** The hub Regions besides home, as far as they could be read (checks/regions.ts). */
    regionalHubs: RegionalHubView[] = [];
    /** The spokes as far as they could be read (checks/spokes.ts). */
    spokes: SpokeView[] = [];
    /** Distinct interface endpoint services (checks/endpoints.ts). */
    uniqueServices = new Set<string>();
    /** Spoke name → PrivateLink consumer endpoints in it (checks/endpoint-services.ts). */
    consumerEndpoints = new Map<string, number>();

    constructor(
        readonly root: Rec,
        locate: Locate,
        file: string,
    ) {
        super(locate, file);
        this.region = str(root.region);
        this.organization = rec(root.organization);
        this.accounts = rec(root.accounts) ?? {};
        this.accountNames = Object.keys(this.accounts);
        this.units = rec(this.organization?.units) ?? {};
        this.network = rec(root.network);
        this.tgw = rec(this.network?.transitGateway);
        this.domains = rec(this.tgw?.domains);
        this.hub = rec(this.network?.hub);
        this.endpoints = rec(this.network?.endpoints);
        this.dns = rec(this.network?.dns);
        this.onPremDns = rec(this.dns?.onPremises);
        this.perimeter = rec(root.perimeter);
        this.security = rec(root.security);
        this.onPremConnection = this.tgw?.onPremises;
        this.mode = str(this.endpoints?.mode) ?? "centralized";
        this.sharing = str(this.dns?.sharing) ?? "profile";
    }

    /** The keys of `network.regions` other than the home Region. */
    get otherRegions(): string[] {
        return Object.keys(rec(this.network?.regions) ?? {}).filter((r) => r !== this.region);
    }

    /** The Availability Zone count of the VPCs in `region` (undefined: home). */
    azCountIn(region: string | undefined): number {
        if (region === undefined || region === this.region) return this.azCount;
        return this.regionalHubs.find((h) => h.region === region)?.azCount ?? this.azCount;
    }

    /** True when on-premises ranges are listed (even if some are unusable). */
    get hasOnPremCidrs(): boolean {
        return this.onPremCidrs.length > 0 || list(this.onPremDns?.cidrs).length > 0;
    }

    /** The declared domain a reference means: itself, or the domain a misspelling stands for. */
    domainOf(name: string): string {
        return this.domainAliases.get(name) ?? name;
    }

    /** Path of a route domain. */
    domainPath(name: string): Path {
        return ["network", "transitGateway", "domains", name];
    }

    /** Reports a reference to a logical account name that `accounts` does not define. */
    accountRef(path: Path, value: unknown, what: string): void {
        const name = str(value);
        // When accounts is missing or not a mapping the shape check says so; every
        // reference would be an echo of that one problem.
        if (name === undefined || name in this.accounts || !isRec(this.root.accounts)) return;
        const hint = suggest(name, this.accountNames);
        this.error(path, `${what} "${name}" is not in accounts${hint ? ` — did you mean "${hint}"?` : this.accountNames.length ? ` (known: ${this.accountNames.join(", ")})` : ""}`);
    }

    /** A CIDR block that must be a network address (and, for a VPC, /16 to /28); reports what is wrong. */
    cidrAt(path: Path, value: unknown, vpc: boolean): ParsedCidr | undefined {
        const text = str(value);
        if (text === undefined || !cidrShape.test(text)) return undefined; // shape check reports it
        const parsed = parseCidr(text);
        if (!parsed.ok) {
            this.error(path, parsed.message);
            return undefined;
        }
        if (vpc && (parsed.value.prefix < 16 || parsed.value.prefix > 28)) {
            this.error(path, `${text}: a VPC CIDR block must be between /16 and /28 (Amazon VPC CIDR block rules); got /${parsed.value.prefix}`);
            return undefined;
        }
        if (vpc && !isPrivateBlock(parsed.value)) {
            this.warn(path, `${text} is not private address space (10.0.0.0/8, 172.16.0.0/12, 192.168.0.0/16 or 100.64.0.0/10); it will shadow those public addresses for every VPC on the transit gateway`);
        }
        return parsed.value;
    }

    /** An IPv4 address; reports an octet out of range. */
    ipAt(path: Path, value: unknown): bigint | undefined {
        const text = str(value);
        if (text === undefined || !/^\d{1,3}(\.\d{1,3}){3}$/.test(text)) return undefined;
        const parsed = parseIpv4(text);
        if (parsed === undefined) this.error(path, `${text}: each of the four numbers of an IPv4 address must be 0-255`);
        return parsed;
    }

    /** Same value under two names: warns at the second one. */
    duplicateValues(path: Path, map: Rec, what: string, consequence: string): void {
        const first = new Map<string, string>();
        for (const [name, value] of Object.entries(map)) {
            if (typeof value !== "string") continue;
            const previous = first.get(value);
            if (previous !== undefined) this.warn([...path, name], `${what} ${value} is also "${previous}": ${consequence}`);
            else first.set(value, name);
        }
    }

    /** Repeated items of a string list. */
    duplicateItems(path: Path, value: unknown, what: string, severity: "error" | "warning"): void {
        const seen = new Set<string>();
        for (const [i, item] of strings(value)) {
            if (seen.has(item)) {
                if (severity === "error") this.error([...path, i], `${what} ${item} is listed twice`);
                else this.warn([...path, i], `${what} ${item} is listed twice`);
            }
            seen.add(item);
        }
    }
}

/** One area's checks: reads the context, reports into its error list, fills what it derives. */
export type AreaCheck = (c: CheckContext) => void;
