/**
 * Units: the slices of an environment that one stack (`<env>-<unit>`) deploys.
 */
import { Definition } from "./schema";

/** Units that are not spoke names. */
export const fixedUnits = ["all", "org", "network", "security"] as const;

/** Every unit a definition has, in deployment order (org → network → security → spokes). */
export function unitsOf(definition: Definition): string[] {
    const units: string[] = [];
    if (definition.organization) units.push("org");
    units.push("network");
    if (definition.security) units.push("security");
    for (const spoke of definition.spokes) units.push(spoke.name);
    return units;
}

/** The stack name of a unit of an environment. */
export function stackName(environment: string, unit: string): string {
    return `${environment}-${unit}`;
}

/** The units a stack for `unit` builds. */
export function unitsToBuild(definition: Definition, unit: string): string[] {
    return unit === "all" ? unitsOf(definition) : [unit];
}

/** The logical account a unit deploys into. */
export function accountOfUnit(definition: Definition, unit: string): string | undefined {
    if (unit === "org") return definition.organization ? "management" : undefined;
    if (unit === "network") return definition.network.account;
    if (unit === "security") return definition.security?.account;
    return definition.spokes.find((s) => s.name === unit)?.account;
}

/**
 * The unit that owns account-level resources of `account` (such as a protected
 * bucket's policy): the first unit, in deployment order, that deploys into it. One owner
 * per account keeps two stacks from managing the same resource.
 */
export function ownerUnitOfAccount(definition: Definition, account: string): string | undefined {
    return unitsOf(definition).find((unit) => accountOfUnit(definition, unit) === account);
}
