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
 * deployment.roleName in it and in every other account). Read-only: it changes nothing in AWS (`--least-privilege` writes policy files locally).
 * `--least-privilege`: the network admin role's fix puts a least-privilege policy on it instead
 * of AdministratorAccess (perimeter/network-admin-policy.ts, from the provider calls of
 * aws/provider-calls.ts), and AdministratorAccess attached to an existing role counts as
 * over-broad. The policy of each account is written to
 * `<--policy-dir>/network-admin-policy-<environment>-<account id>.json`, the file the fix names.
 *
 * Exit codes: 0 everything is in place, 1 something is missing, 2 bad arguments, an
 * invalid definition, or no AWS credentials.
 */
import * as fs from "fs";
import { prerequisites } from "../aws/prerequisites";
import { formatDiagnostics } from "../definition/diagnostics";
import { Definition } from "../definition/schema";
import { loadDefinitionFile } from "../program/load";
import { parseCommandLine } from "./cli";
import { CheckResult, NetworkAdminPolicyFile, PreflightContext, awsError, networkAdminPolicyFiles, runPreflight } from "./preflight-checks";

const usage = [
    "usage: npm run preflight -- --definition <stacks/env.yaml> [--json] [--least-privilege [--policy-dir <dir>]]",
    "  --definition <file>   the environment's definition",
    "  --json                the results as JSON",
    "  --least-privilege     fix the network admin role (perimeter.networkAdminRole) with a least-privilege policy generated from",
    "                        the resource types and Regions the definition puts under it, instead of AdministratorAccess;",
    "                        AdministratorAccess on an existing role then counts as over-broad. Writes the policy of each",
    "                        account to <dir>/network-admin-policy-<environment>-<account id>.json (see README)",
    "  --policy-dir <dir>    where --least-privilege writes the policies (default: the current directory)",
].join("\n");

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
    const args = parseCommandLine(
        argv,
        {
            usage,
            options: { definition: { type: "string" }, json: { type: "boolean" }, "least-privilege": { type: "boolean" }, "policy-dir": { type: "string" } },
            problems: (v) => [
                ...(!v.definition ? ["give --definition <file>"] : []),
                ...(v["policy-dir"] !== undefined && !v["least-privilege"] ? ["--policy-dir is where --least-privilege writes its policies: give --least-privilege too, or leave --policy-dir out"] : []),
                ...(v["policy-dir"] !== undefined && !(fs.existsSync(v["policy-dir"]) && fs.statSync(v["policy-dir"]).isDirectory()) ? [`--policy-dir ${v["policy-dir"]}: no such directory`] : []),
            ],
        },
        io,
    );
    if ("exitCode" in args) return args.exitCode;
    const values = args.values as typeof args.values & { definition: string };
    const { definition, diagnostics } = loadDefinitionFile(values.definition);
    const errors = diagnostics.filter((d) => d.severity === "error");
    if (!definition || errors.length > 0) {
        io.err(formatDiagnostics(errors.length > 0 ? errors : diagnostics));
        return 2;
    }
    let policies: NetworkAdminPolicyFile[] | undefined;
    if (values["least-privilege"]) {
        try {
            policies = networkAdminPolicyFiles(definition, values["policy-dir"] ?? ".");
        } catch (e) {
            io.err(`error: cannot build the network admin role's least-privilege policy: ${(e as Error).message}`);
            return 2;
        }
    }
    let ctx: PreflightContext & { callerArn?: string };
    try {
        ctx = await connect(definition);
    } catch (e) {
        io.err(`error: cannot read the caller's AWS identity (sts GetCallerIdentity): ${awsError(e)}. Configure credentials for the management account (AWS_PROFILE, aws sso login, or environment variables) and run again`);
        return 2;
    }
    const results = await runPreflight(definition, ctx, { leastPrivilege: policies });
    // The policies the fixes name: written whatever the checks found, so a role can be narrowed any time.
    const written: string[] = [];
    for (const p of policies ?? []) {
        try {
            fs.writeFileSync(p.file, `${JSON.stringify(p.document, null, 2)}\n`);
            written.push(`${p.file} (network admin role of ${p.account}, ${p.accountId})`);
        } catch (e) {
            io.err(`error: cannot write ${p.file}: ${(e as Error).message}`);
            return 2;
        }
    }
    if (values.json) {
        const lp = policies ? { leastPrivilegePolicies: policies.map((p) => ({ account: p.account, accountId: p.accountId, file: p.file })) } : {};
        io.out(JSON.stringify({ definition: values.definition, caller: ctx.callerArn ?? ctx.callerAccount, results, ...lp }, null, 2));
    } else {
        io.out(`Preflight of ${values.definition} (environment ${definition.environment}, ${definition.region}) as ${ctx.callerArn ?? ctx.callerAccount}`);
        io.out("");
        for (const line of renderPreflight(results)) io.out(line);
        if (policies) {
            io.out("");
            if (policies.length === 0) io.out("--least-privilege: no policy to write: the program assumes no network admin role for this definition (no organization, no endpoint service, or stacks deploy as perimeter.networkAdminRole)");
            else for (const w of written) io.out(`least-privilege policy written: ${w}`);
        }
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
