/**
 * The optional Region guardrail (`perimeter.denyOtherRegions`): deny every request that
 * names a Region outside the environment's, except the global services AWS's own example
 * exempts (aws/region-deny.ts). The allowed Regions are the home Region, every hub Region
 * (`network.regions`) and the failover Regions of the endpoint services
 * (perimeter/networks.ts `environmentRegions`).
 *
 * Off by default: turning it on in an organization that already works elsewhere stops
 * those workloads. It holds every principal of the OUs it is attached to (SCPs never
 * apply to the management account or to service-linked roles).
 */
import { regionDenyExemptActions } from "../aws/region-deny";
import { Definition } from "../definition/schema";
import { environmentRegions } from "./networks";
import { oneOrMany } from "./trust";
import { PolicyStatement } from "./types";

/** The statement that denies every Region but `regions`. */
export function regionDenyStatement(regions: string[]): PolicyStatement {
    if (regions.length === 0) throw new Error("regionDenyStatement: at least one Region must stay allowed");
    return {
        Sid: "DenyOutsideEnvironmentRegions",
        Effect: "Deny",
        NotAction: [...regionDenyExemptActions],
        Resource: "*",
        Condition: { StringNotEquals: { "aws:RequestedRegion": oneOrMany([...new Set(regions)].sort()) } },
    };
}

/** The Region guardrail of an environment: its Regions (home, hubs, failover; and any `extra`) stay allowed. */
export function regionDenyStatements(definition: Definition, extra: string[] = []): PolicyStatement[] {
    return [regionDenyStatement(environmentRegions(definition, extra))];
}
