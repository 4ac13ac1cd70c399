/**
 * The environment's name is part of the detective controls' physical names (IAM roles,
 * Lambda functions, EventBridge rules: components/governance-documents.ts), and AWS limits
 * their length (aws/quotas.ts physicalNameLimits). A name that does not fit would fail the
 * first deploy of the security stack or of a spoke; the definition's check says so first.
 * Composed in program/load.ts.
 */
import { physicalNameLimits } from "../aws/quotas";
import { governanceNamesTooLong } from "../components/governance-documents";
import { Diagnostic, diagnosticAt } from "../definition/diagnostics";
import { Locate } from "../definition/locate";
import { Definition } from "../definition/schema";
import { ownerUnitOfAccount } from "../definition/units";

export function validatePhysicalNames(definition: Definition, locate: Locate, file: string): Diagnostic[] {
    if (!definition.security) return [];
    const owners = [...new Set(Object.keys(definition.accounts).map((a) => ownerUnitOfAccount(definition, a)).filter((u): u is string => u !== undefined))];
    const tooLong = governanceNamesTooLong(definition.environment, owners);
    if (tooLong.length === 0) return [];
    const worst = tooLong[0];
    const over = worst.name.length - worst.limit;
    return [
        diagnosticAt(
            locate,
            file,
            ["environment"],
            "error",
            `the environment name is too long for the detective controls' resource names: ${worst.name} (${worst.kind}) would be ${worst.name.length} characters, over AWS's ${worst.limit} (${physicalNameLimits[worst.kind].url})` +
                (tooLong.length > 1 ? `, and ${tooLong.length - 1} more name(s)` : "") +
                `. Use an environment name at most ${definition.environment.length - over} characters long (and rename the file to match)`,
        ),
    ];
}
