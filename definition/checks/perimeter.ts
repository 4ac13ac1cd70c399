/**
 * Perimeter references: trusted accounts are third parties, approved endpoint services
 * are in the Region, and every protected bucket is listed once, in an account some unit
 * deploys into (its policy is made by that unit).
 */
import { Definition } from "../schema";
import { accountOfUnit, ownerUnitOfAccount, unitsOf } from "../units";
import { CheckContext, list, rec, str, strings } from "./context";

export function checkPerimeterReferences(c: CheckContext): void {
    const { organization, network, security, accounts, perimeter, spokes, region } = c;
    // The units as far as they could be read, for the owner-of-account rule of definition/units.ts.
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
    c.duplicateItems(["perimeter", "trustedAccounts"], perimeter?.trustedAccounts, "account id", "warning");
    for (const [i, svc] of strings(perimeter?.approvedEndpointServices)) {
        const m = /^com\.amazonaws\.vpce\.([a-z0-9-]+)\.vpce-svc-/.exec(svc);
        if (m && region && m[1] !== region) {
            c.error(["perimeter", "approvedEndpointServices", i], `${svc} is in region ${m[1]}, but the environment is in ${region}; interface endpoints reach services in their own Region`);
        }
    }
    c.duplicateItems(["perimeter", "approvedEndpointServices"], perimeter?.approvedEndpointServices, "service name", "warning");
    const buckets = new Map<string, number>();
    list(perimeter?.protectedBuckets).forEach((item, i) => {
        const b = rec(item);
        const name = str(b?.name);
        if (name !== undefined) {
            const previous = buckets.get(name);
            if (previous !== undefined) c.error(["perimeter", "protectedBuckets", i, "name"], `bucket "${name}" is already listed at perimeter.protectedBuckets[${previous}]`);
            else buckets.set(name, i);
        }
        c.accountRef(["perimeter", "protectedBuckets", i, "account"], b?.account, "account");
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
