/**
 * The governance detective controls of PrivateLink: the audit side in the security account
 * (bus, evaluator, alert topic: buildDetectiveControls) and each governed account's forwarder
 * of endpoint-service changes, deployed by the account's first unit (buildGovernanceForUnit),
 * in every Region the environment creates endpoint services or endpoints in. The endpoint
 * services they watch are built by privatelink-provider.ts and privatelink-consumer.ts.
 */
import * as pulumi from "@pulumi/pulumi";
import { unsupportedCrossRegionDestinations } from "../aws/event-delivery";
import { partitionOf } from "../aws/partitions";
import { GovernanceAudit, GovernanceForwarder } from "../components/detective-controls";
import { Definition } from "../definition/schema";
import { hubRegions } from "../definition/regions";
import { ownerUnitOfAccount } from "../definition/units";
import { UnitContext } from "./context";
import { tagsOf } from "./privatelink-shared";

/** Accounts whose governance forwarder some unit deploys: those a unit deploys into. */
export function governedAccounts(definition: Definition): string[] {
    return Object.keys(definition.accounts).filter((account) => ownerUnitOfAccount(definition, account) !== undefined);
}

/** The accounts whose governance forwarder a unit deploys (the unit that first deploys into each). */
export function governedAccountsOfUnit(definition: Definition, unit: string): string[] {
    if (!definition.security) return [];
    if (unit === "all") return governedAccounts(definition);
    return governedAccounts(definition).filter((account) => ownerUnitOfAccount(definition, account) === unit);
}

/**
 * Every Region where the environment creates endpoint services or endpoints, the home
 * Region first: the detective controls (forwarders, Config rule, DLQs) watch each of them in
 * every governed account. That is every hub Region (each has interface endpoints and spokes
 * that may publish or consume PrivateLink services: definition/regions.ts) and each
 * `endpointServices[].failover.region`.
 */
export function governedRegions(definition: Definition): string[] {
    const others = new Set<string>();
    for (const hub of hubRegions(definition)) others.add(hub.region);
    for (const service of definition.endpointServices) if (service.failover) others.add(service.failover.region);
    others.delete(definition.region);
    return [definition.region, ...[...others].sort()];
}

/**
 * Why the detective controls cannot watch the environment's Regions, if they cannot: the
 * audit bus is in the home Region, and EventBridge does not deliver to GovCloud or China
 * Regions from another Region (aws/event-delivery.ts).
 */
export function governanceRegionProblems(definition: Definition): string[] {
    const [home, ...others] = governedRegions(definition);
    if (others.length === 0 || !unsupportedCrossRegionDestinations.includes(home)) return [];
    return [
        `security: the audit bus would be in ${home}, which cannot receive EventBridge events from another Region, ` +
            `so ${others.join(", ")} (network.regions, endpointServices[].failover.region) could not be watched. ` +
            `Keep every Region within ${home}'s partition and use a home Region that accepts cross-Region events, or remove the other Regions.`,
    ];
}

function stopOnRegionProblems(ctx: UnitContext): void {
    const problems = governanceRegionProblems(ctx.definition);
    if (problems.length > 0) throw new pulumi.RunError(`${ctx.definitionFile}: ${problems.join("\n")}`);
}
/**
 * The unit whose name an account's forwarder names carry (the account's first unit, in
 * unit `all` too: the recorded plans and the detective-control tests pin those names).
 */
function forwarderOwner(ctx: UnitContext, account: string): string | undefined {
    return ownerUnitOfAccount(ctx.definition, account);
}

function forwarder(ctx: UnitContext, account: string): GovernanceForwarder {
    const definition = ctx.definition;
    const security = definition.security!;
    return new GovernanceForwarder(
        `${ctx.environment}-governance-${account}`,
        {
            environment: ctx.environment,
            accountId: ctx.accountId(account),
            region: definition.region,
            regions: governedRegions(definition),
            partition: partitionOf(definition.region),
            // A spoke placed in another Region deploys with that Region's provider.
            providerRegion: ctx.region,
            securityAccountId: ctx.accountId(security.account),
            configRule: security.configRule,
            tags: tagsOf(definition, {}),
            // Names carry the owning unit: a hand-off (the account's first unit removed)
            // creates the new owner's set beside the old one's instead of colliding with it.
            owner: forwarderOwner(ctx, account),
        },
        ctx.opts(account),
    );
}

/**
 * The audit side in the security account, and the forwarders the security unit owns
 * (every governed account in unit `all`; the security account's own otherwise).
 */
export function buildDetectiveControls(ctx: UnitContext): void {
    const definition = ctx.definition;
    const security = definition.security;
    if (!security) return;
    stopOnRegionProblems(ctx);
    const accounts = governedAccounts(definition);
    new GovernanceAudit(
        `${ctx.environment}-governance`,
        {
            environment: ctx.environment,
            accountId: ctx.accountId(security.account),
            region: definition.region,
            regions: governedRegions(definition),
            partition: partitionOf(definition.region),
            organizationId: definition.organization?.id,
            governedAccountIds: [...new Set(accounts.map((a) => ctx.accountId(a)))],
            forwarderOwners: Object.fromEntries(accounts.flatMap((a) => {
                const owner = forwarderOwner(ctx, a);
                return owner === undefined ? [] : [[ctx.accountId(a), owner]];
            })),
            approvedServiceNames: definition.perimeter.approvedEndpointServices,
            trustedAccounts: definition.perimeter.trustedAccounts,
            networkAdminRole: definition.perimeter.networkAdminRole,
            alertEmails: security.alertEmails,
            tags: tagsOf(definition, {}),
        },
        ctx.opts(security.account),
    );
    for (const account of governedAccountsOfUnit(definition, ctx.singleGraph ? "all" : "security")) forwarder(ctx, account);
}

/**
 * The governance forwarders of the accounts `unit` is the first to deploy into. Call it
 * from the org, network and spoke units (the security unit's come with
 * buildDetectiveControls; unit `all` gets every one there).
 */
export function buildGovernanceForUnit(ctx: UnitContext, unit: string): void {
    if (unit === "all" || unit === "security") return;
    if (governedAccountsOfUnit(ctx.definition, unit).length > 0) stopOnRegionProblems(ctx);
    for (const account of governedAccountsOfUnit(ctx.definition, unit)) forwarder(ctx, account);
}
