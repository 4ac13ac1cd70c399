/**
 * Loads a definition with every check the project has: the definition's own (schema,
 * references, CIDRs, quotas), the network's (every VPC CIDR holds its subnets) and the
 * perimeter's (every generated policy fits its size limit) and the program's (its physical
 * names fit AWS's limits), in one run, each problem at
 * its file, line and column. The program, the tools and the tests load through here.
 */
import { validateEndpointSecurityGroups } from "../definition/endpoint-security-groups";
import { DefinitionChecks, LoadResult, loadDefinitionFile as loadFile, loadDefinitionText as loadText } from "../definition/load";
import { checkVpcLayouts } from "../network/validate";
import { validateLogArchivePolicy } from "../perimeter/log-archive-policy";
import { validatePerimeter } from "../perimeter/validate";
import { validatePhysicalNames } from "./physical-names";

export type { LoadResult };

/** The checks of the layers above the definition, in the definition's run. */
export const projectChecks: DefinitionChecks = {
    areas: [checkVpcLayouts],
    valid: [validatePerimeter, validateLogArchivePolicy, validatePhysicalNames, validateEndpointSecurityGroups],
};

/** Reads and checks a definition file. */
export function loadDefinitionFile(file: string): LoadResult {
    return loadFile(file, projectChecks);
}

/** Checks definition text as if it were the file `file` (whose base name must equal `environment`). */
export function loadDefinitionText(text: string, file: string): LoadResult {
    return loadText(text, file, projectChecks);
}
