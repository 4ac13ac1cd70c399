/**
 * Units: the slices of an environment that one stack (`<env>-<unit>`) deploys.
 */
import { REGIONAL_NETWORK_UNIT_PREFIX, hubRegions } from "./regions";
import { Definition } from "./schema";

/** Units that are not spoke or account units. */
export const fixedUnits = ["all", "bootstrap", "org", "network", "security", "log-archive"] as const;

/** Prefix of an account unit: `account-<name>` deploys what belongs to account `<name>` when no other unit deploys into it. */
export const ACCOUNT_UNIT_PREFIX = "account-";

/** The unit of an account no other unit deploys into. */
export function accountUnitName(account: string): string {
    return `${ACCOUNT_UNIT_PREFIX}${account}`;
}

/** The units that deploy into an account, other than account units: bootstrap excluded (it only rolls roles out). */
function workloadUnits(definition: Definition): string[] {
    const units: string[] = [];
    if (definition.organization) units.push("org");
    units.push("network");
    // One network unit per other Region with a hub (network-<region>), after the home Region's.
    for (const hub of hubRegions(definition)) if (!hub.home) units.push(hub.unit);
    if (definition.security) units.push("security");
    if (definition.logArchive) units.push("log-archive");
    for (const spoke of definition.spokes) units.push(spoke.name);
    return units;
}

/**
 * Accounts that own something (a protected bucket's policy) while no other unit deploys
 * into them: each gets an account unit, in the order of `accounts`.
 */
export function accountsWithoutUnit(definition: Definition): string[] {
    const accountOf = unitAccountResolver(definition);
    const deployed = new Set(workloadUnits(definition).map(accountOf));
    const owning = new Set((definition.perimeter?.protectedBuckets ?? []).map((b) => b.account));
    return Object.keys(definition.accounts).filter((a) => owning.has(a) && !deployed.has(a));
}

/**
 * Every unit a definition has, in deployment order: bootstrap (when `deployment.bootstrap`
 * is set) → org → network → network-<region> (each other Region with a hub) → security → log-archive → spokes → account units.
 */
export function unitsOf(definition: Definition): string[] {
    const bootstrap = definition.organization && definition.deployment?.bootstrap ? ["bootstrap"] : [];
    return [...bootstrap, ...workloadUnits(definition), ...accountsWithoutUnit(definition).map(accountUnitName)];
}

/** The stack name of a unit of an environment. */
export function stackName(environment: string, unit: string): string {
    return `${environment}-${unit}`;
}

/**
 * The units a stack for `unit` builds. Unit `all` builds every unit but bootstrap: the
 * bootstrap stack creates the roles every other stack's providers assume, so it is always a
 * stack of its own, deployed first.
 */
export function unitsToBuild(definition: Definition, unit: string): string[] {
    return unit === "all" ? unitsOf(definition).filter((u) => u !== "bootstrap") : [unit];
}

/** The logical account a unit deploys into. */
export function accountOfUnit(definition: Definition, unit: string): string | undefined {
    return unitAccountResolver(definition)(unit);
}

/**
 * `accountOfUnit` for many units of one definition: the spokes are indexed by name once.
 * Looking each spoke up by a scan made every question about all units (`unitsOf`, the
 * owner of an account) quadratic in the spokes: 17 ms per call at 1,000 spokes, once per
 * unit's plan and more.
 */
function unitAccountResolver(definition: Definition): (unit: string) => string | undefined {
    let spokeAccounts: Map<string, string | undefined> | undefined;
    return (unit) => {
        if (unit === "org" || unit === "bootstrap") return definition.organization ? "management" : undefined;
        if (unit === "network") return definition.network.account;
        if (unit.startsWith(REGIONAL_NETWORK_UNIT_PREFIX) && hubRegions(definition).some((h) => h.unit === unit)) return definition.network.account;
        if (unit === "security") return definition.security?.account;
        if (unit === "log-archive") return definition.logArchive?.account;
        if (!spokeAccounts) {
            spokeAccounts = new Map();
            // The first spoke of a name, as a search in order finds it (names are unique once validated).
            for (const s of definition.spokes) if (!spokeAccounts.has(s.name)) spokeAccounts.set(s.name, s.account);
        }
        if (spokeAccounts.has(unit)) return spokeAccounts.get(unit);
        if (unit.startsWith(ACCOUNT_UNIT_PREFIX)) {
            const name = unit.slice(ACCOUNT_UNIT_PREFIX.length);
            return name in definition.accounts ? name : undefined;
        }
        return undefined;
    };
}

/**
 * The unit that owns account-level resources of `account` (such as a protected bucket's
 * policy, or the governance forwarder): the first unit, in deployment order, that deploys
 * into it — bootstrap never (it runs once, before the rest). One owner per account keeps two
 * stacks from managing the same resource.
 */
export function ownerUnitOfAccount(definition: Definition, account: string): string | undefined {
    const accountOf = unitAccountResolver(definition);
    return unitsOf(definition).find((unit) => unit !== "bootstrap" && accountOf(unit) === account);
}
