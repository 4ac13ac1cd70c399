/**
 * The organization's member accounts, read from AWS Organizations and cached.
 *
 * ListAccounts returns at most 20 accounts per page: deciding from the first page only (as
 * the public governance sample does) calls every account beyond it "outside the
 * organization". Every page is read, each with bounded retries (lambda/shared/retry.ts);
 * a page that still fails fails the lookup, and the evaluator reports what it could not
 * decide instead of guessing.
 *
 * The cache, and why in memory: listing 1,000 accounts is 50 calls, and reading them for
 * every event invites exactly the throttling it must survive. The list is kept in the
 * function's execution environment for `ttlMs` (default 10 minutes) and shared by every
 * event that environment handles; concurrent lookups share one listing. An account missing
 * from a cached list is re-checked against a fresh listing (at most once a minute) before
 * anything is called foreign, so an account created a minute ago is not flagged. The cost
 * is that an account removed from the organization still counts as a member for up to the
 * TTL, which only delays an alert about it by as much.
 * SSM Parameter Store would share the list across environments, but a parameter holds at
 * most 8 KB (about 600 account ids), the writer needs ssm:PutParameter, and a stale or
 * tampered parameter would silently decide membership; the in-memory list is always read
 * from Organizations itself.
 */
import { ListAccountsCommand, OrganizationsClient } from "@aws-sdk/client-organizations";
import { RetryPolicy, readAllPages } from "../shared/retry";

export interface DirectoryOptions {
    /** How long a listing is trusted. @default 600000 (10 minutes) */
    ttlMs?: number;
    /** Shortest time between two listings forced by an unknown account. @default 60000 */
    minRefreshMs?: number;
    now?: () => number;
}

/** Every member account id of the organization, every status (a SUSPENDED account is still ours). */
export async function listOrganizationAccounts(client: OrganizationsClient, policy: RetryPolicy): Promise<Set<string>> {
    const accounts = await readAllPages(
        (NextToken) => client.send(new ListAccountsCommand({ NextToken })),
        (page) => page.Accounts,
        (page) => page.NextToken,
        policy,
    );
    return new Set(accounts.map((a) => a.Id).filter((id): id is string => typeof id === "string"));
}

interface Listing {
    ids: Set<string>;
    at: number;
}

/** Organization membership with a TTL cache, one listing at a time, and a re-check before "not a member". */
export class OrganizationDirectory {
    private listing?: Listing;
    private inFlight?: Promise<Listing>;
    private readonly ttlMs: number;
    private readonly minRefreshMs: number;
    private readonly now: () => number;
    /** ListAccounts listings started (for tests and logs). */
    listings = 0;

    constructor(
        private readonly client: OrganizationsClient,
        private readonly policy: RetryPolicy,
        options: DirectoryOptions = {},
    ) {
        this.ttlMs = options.ttlMs ?? 600000;
        this.minRefreshMs = options.minRefreshMs ?? 60000;
        this.now = options.now ?? Date.now;
    }

    private refresh(): Promise<Listing> {
        this.inFlight ??= (async () => {
            this.listings++;
            try {
                const ids = await listOrganizationAccounts(this.client, this.policy);
                this.listing = { ids, at: this.now() };
                return this.listing;
            } finally {
                this.inFlight = undefined;
            }
        })();
        return this.inFlight;
    }

    private async current(): Promise<Listing> {
        if (this.listing && this.now() - this.listing.at < this.ttlMs) return this.listing;
        return this.refresh();
    }

    /** Whether `account` is a member. Throws when the organization cannot be read. */
    async has(account: string): Promise<boolean> {
        const listing = await this.current();
        if (listing.ids.has(account)) return true;
        if (this.now() - listing.at < this.minRefreshMs) return false;
        return (await this.refresh()).ids.has(account);
    }
}
