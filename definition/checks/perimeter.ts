/**
 * Perimeter references: trusted accounts are third parties, approved endpoint services
 * are in the Region, and every protected bucket is listed once (its policy is made by the
 * first unit that deploys into its account, or by that account's own account unit).
 */
import { CheckContext, list, rec, str, strings } from "./context";

export function checkPerimeterReferences(c: CheckContext): void {
    const { accounts, perimeter, region } = c;
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
    });
}
