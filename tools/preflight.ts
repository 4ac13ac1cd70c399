/**
 * `npm run preflight -- --definition <file>`: checks, with live AWS credentials, every
 * prerequisite the landing zone needs before its first deploy (aws/prerequisites.ts):
 * an organization with all features, StackSets' trusted access (with the bootstrap unit),
 * SCP and RCP policy types on the root, AWS RAM sharing with the organization, the
 * security account as delegated administrator, the deploy role in every account (the fix
 * is the role the bootstrap StackSet creates), an AWS Config recorder (recording endpoint
 * services continuously), delivery channel and CloudTrail trail in every governed account
 * — fixed in the order AWS accepts — and the network admin role, with no IAM path, in every
 * account that owns an endpoint service.
 * Each is reported ok or missing, a missing one with the exact command and console step
 * that fixes it.
 *
 * Run it with credentials of the management account (or of an identity that can assume
 * deployment.roleName in it and in every other account). Read-only: it changes nothing.
 * Exit codes: 0 everything is in place, 1 something is missing, 2 bad arguments, an
 * invalid definition, or no AWS credentials.
 */
import { parseArgs } from "util";
import { prerequisites } from "../aws/prerequisites";
import { formatDiagnostics } from "../definition/diagnostics";
import { Definition } from "../definition/schema";
import { loadDefinitionFile } from "../program/load";
import { CheckResult, PreflightContext, awsError, runPreflight } from "./preflight-checks";

const usage = "usage: npm run preflight -- --definition <stacks/env.yaml> [--json]";

interface Io {
    out(line: string): void;
    err(line: string): void;
}

/** The report: one block per check, fixes under the missing ones, then the count. */
export function renderPreflight(results: CheckResult[]): string[] {
    const out: string[] = [];
    const idWidth = Math.max(...results.map((r) => r.prerequisite.length), 10);
    const accountWidth = Math.max(...results.map((r) => r.account.length), 10);
    for (const r of results) {
        out.push(`${r.status.padEnd(7)}  ${r.prerequisite.padEnd(idWidth)}  ${r.account.padEnd(accountWidth)}  ${r.detail}`);
        if (r.fix) {
            const p = prerequisites[r.prerequisite];
            out.push(`         why: ${p.why}`);
            out.push(`         fix: ${r.fix.command}`);
            out.push(`         console: ${r.fix.console}`);
            out.push(`         see: ${p.sources[p.sources.length - 1]}`);
        }
    }
    const missing = results.filter((r) => r.status === "missing").length;
    out.push("", missing === 0 ? `all ${results.length} prerequisites in place` : `${results.length - missing} ok, ${missing} missing`);
    return out;
}

/** Runs the command; `connect` builds the AWS context (tests pass one with mocked clients). */
export async function main(
    argv: string[],
    io: Io = { out: console.log, err: console.error },
    connect: (definition: Definition) => Promise<PreflightContext & { callerArn?: string }> = async (d) => (await import("./preflight-aws")).awsPreflightContext(d),
): Promise<number> {
    let values: { definition?: string; json?: boolean; help?: boolean };
    try {
        ({ values } = parseArgs({ args: argv, options: { definition: { type: "string" }, json: { type: "boolean" }, help: { type: "boolean", short: "h" } } }));
    } catch (e) {
        io.err(`error: ${(e as Error).message}\n${usage}`);
        return 2;
    }
    if (values.help) {
        io.out(usage);
        return 0;
    }
    if (!values.definition) {
        io.err(`error: give --definition <file>\n${usage}`);
        return 2;
    }
    const { definition, diagnostics } = loadDefinitionFile(values.definition);
    const errors = diagnostics.filter((d) => d.severity === "error");
    if (!definition || errors.length > 0) {
        io.err(formatDiagnostics(errors.length > 0 ? errors : diagnostics));
        return 2;
    }
    let ctx: PreflightContext & { callerArn?: string };
    try {
        ctx = await connect(definition);
    } catch (e) {
        io.err(`error: cannot read the caller's AWS identity (sts GetCallerIdentity): ${awsError(e)}. Configure credentials for the management account (AWS_PROFILE, aws sso login, or environment variables) and run again`);
        return 2;
    }
    const results = await runPreflight(definition, ctx);
    if (values.json) io.out(JSON.stringify({ definition: values.definition, caller: ctx.callerArn ?? ctx.callerAccount, results }, null, 2));
    else {
        io.out(`Preflight of ${values.definition} (environment ${definition.environment}, ${definition.region}) as ${ctx.callerArn ?? ctx.callerAccount}`);
        io.out("");
        for (const line of renderPreflight(results)) io.out(line);
    }
    return results.some((r) => r.status === "missing") ? 1 : 0;
}

if (require.main === module) {
    main(process.argv.slice(2)).then(
        (code) => (process.exitCode = code),
        (e) => {
            console.error(`preflight: ${(e as Error).message}`);
            process.exitCode = 2;
        },
    );
}
