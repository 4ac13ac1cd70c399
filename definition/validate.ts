/**
 * Semantic checks of a definition: everything that needs more than one value at a time
 * (references, CIDR arithmetic, reachability intent, quotas). Pure: no Pulumi, no I/O.
 *
 * One checker per area (definition/checks/<area>.ts), run in a fixed order over one
 * shared context and error list (checks/context.ts), as Landing Zone Accelerator runs its
 * config validators: one run reports every problem, cross-references included. Layers
 * above add their own area checks to the same run (network/validate.ts: the subnet
 * layouts), composed in program/load.ts.
 */
import { checkAccounts } from "./checks/accounts";
import { checkAddressRanges } from "./checks/address-ranges";
import { checkAvailabilityZones } from "./checks/availability-zones";
import { AreaCheck, CheckContext, rec } from "./checks/context";
import { checkDeployment } from "./checks/deployment";
import { checkDirectConnect } from "./checks/direct-connect";
import { checkDnsShareWith, checkOnPremisesDns } from "./checks/dns";
import { checkEndpointServices } from "./checks/endpoint-services";
import { checkEndpoints } from "./checks/endpoints";
import { checkHub } from "./checks/hub";
import { checkLogArchive } from "./checks/log-archive";
import { checkOrganization } from "./checks/organization";
import { checkOverlaps } from "./checks/overlaps";
import { checkPerimeterExceptions, checkPerimeterReferences, checkPerimeterSwitches, checkProtectedBucketStatements } from "./checks/perimeter";
import { checkQuotas } from "./checks/quotas";
import { checkRegion } from "./checks/region";
import { checkRegionalNetworks } from "./checks/regions";
import { checkRouteDomains } from "./checks/route-domains";
import { checkSpokes } from "./checks/spokes";
import { checkTransitGateway } from "./checks/transit-gateway";
import { Diagnostic } from "./diagnostics";
import { Locate } from "./locate";

export { HUB_DOMAIN, ONPREM_DOMAIN } from "./checks/context";
export { estimateTgwRoutes } from "./checks/quotas";
export { RESERVED_SPOKE_NAMES } from "./checks/spokes";

/**
 * The area checkers in the order they run: each may read what an earlier one derived
 * (address ranges and domains before spokes, spokes before endpoint services, everything
 * before quotas).
 */
export const definitionChecks: readonly AreaCheck[] = [
    checkRegion,
    checkAccounts,
    checkOrganization,
    checkAddressRanges,
    checkAvailabilityZones,
    checkRouteDomains,
    checkRegionalNetworks,
    checkSpokes,
    checkHub,
    checkOverlaps,
    checkOnPremisesDns,
    checkDnsShareWith,
    checkTransitGateway,
    checkDirectConnect,
    checkEndpoints,
    checkEndpointServices,
    checkPerimeterReferences,
    checkProtectedBucketStatements,
    checkPerimeterExceptions,
    checkPerimeterSwitches,
    checkLogArchive,
    checkDeployment,
    checkQuotas,
];

/**
 * Checks a definition (raw YAML object or parsed definition); returns every problem found.
 * `more` are area checks of the layers above, run after these on the same context.
 */
export function validateDefinition(raw: unknown, locate: Locate, file: string, more: readonly AreaCheck[] = []): Diagnostic[] {
    const root = rec(raw);
    if (!root) return [];
    const c = new CheckContext(root, locate, file);
    for (const check of [...definitionChecks, ...more]) check(c);
    return c.diagnostics;
}
