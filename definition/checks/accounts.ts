/**
 * Accounts: one id per logical name, every reference to a logical account names one
 * that `accounts` defines, and the management account is there when an organization is.
 */
import { CheckContext, isRec } from "./context";

export function checkAccounts(c: CheckContext): void {
    const { root, accounts, organization, network, security } = c;
    c.duplicateValues(["accounts"], accounts, "account id", "names one account twice; each logical name should be a different account");

    c.accountRef(["network", "account"], network?.account, "network account");
    if (security) c.accountRef(["security", "account"], security.account, "security account");

    if (organization && isRec(root.accounts) && !("management" in accounts)) {
        c.error(
            ["accounts"],
            "with an organization, the management account must be listed under the name \"management\" (the org unit deploys SCPs and RCPs there)",
            "key",
        );
    }
}
