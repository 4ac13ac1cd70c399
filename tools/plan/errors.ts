/**
 * The plan's error type. Kept free of heavy imports so the command line can report bad
 * arguments and stack files without loading Pulumi.
 */
import { Diagnostic } from "../../definition/diagnostics";

/** Why a plan could not be made. `message` is clean: no stack trace. */
export class PlanError extends Error {
    constructor(
        message: string,
        /** `definition`: the definition or stack file is invalid; `program`: the program stopped. */
        readonly kind: "definition" | "program",
        readonly diagnostics: Diagnostic[] = [],
    ) {
        super(message);
        this.name = "PlanError";
    }
}

