/**
 * The organization's member accounts, read from AWS Organizations.
 *
 * ListAccounts returns at most 20 accounts per page: deciding from the first page only
 * (as the public governance sample does) calls every account beyond it "outside the
 * organization". The paginator follows NextToken to the last page.
 */
import { OrganizationsClient, paginateListAccounts } from "@aws-sdk/client-organizations";

export async function organizationAccountIds(client: OrganizationsClient): Promise<Set<string>> {
    const ids = new Set<string>();
    for await (const page of paginateListAccounts({ client }, {})) {
        for (const account of page.Accounts ?? []) {
            // Every status counts: a SUSPENDED or PENDING_CLOSURE account is still ours.
            if (account.Id) ids.add(account.Id);
        }
    }
    return ids;
}
