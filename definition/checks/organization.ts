/**
 * Organization: OU ids are distinct, and every OU reference (RAM sharing, SCP/RCP
 * attachment) names one of `organization.units`; without an organization such keys
 * have nothing to refer to.
 */
import { Path } from "../locate";
import { suggest } from "../shape-issues";
import { CheckContext, strings } from "./context";

export function checkOrganization(c: CheckContext): void {
    const { organization, units, tgw, dns, perimeter } = c;
    c.duplicateValues(["organization", "units"], units, "OU id", "names one OU twice");

    const ouRefs = (path: Path, value: unknown, what: string) => {
        if (value === undefined) return;
        if (!organization) {
            c.error(path, `${what} needs an organization: without the organization block there is nothing to share with or attach to (single-account mode). Remove this key or add organization.id and organization.units`, "key");
            return;
        }
        const seen = new Set<string>();
        for (const [i, ou] of strings(value)) {
            if (seen.has(ou)) c.warn([...path, i], `OU "${ou}" is listed twice`);
            seen.add(ou);
            if (!(ou in units)) {
                const hint = suggest(ou, Object.keys(units));
                c.error([...path, i], `OU "${ou}" is not in organization.units${hint ? ` — did you mean "${hint}"?` : Object.keys(units).length ? ` (known: ${Object.keys(units).join(", ")})` : " (organization.units is empty)"}`);
            }
        }
    };
    ouRefs(["network", "transitGateway", "shareWith"], tgw?.shareWith, "network.transitGateway.shareWith");
    ouRefs(["network", "dns", "shareWith"], dns?.shareWith, "network.dns.shareWith");
    ouRefs(["perimeter", "attachTo"], perimeter?.attachTo, "perimeter.attachTo");
    ouRefs(["perimeter", "regionGuardrailAttachTo"], perimeter?.regionGuardrailAttachTo, "perimeter.regionGuardrailAttachTo");
}
