/**
 * The log archive bucket's policy: a protected bucket's perimeter statements plus exactly
 * the log delivery statements AWS documents (aws/flow-log-delivery.ts), for the accounts the
 * definition's VPCs live in — and, through an independent evaluator with the organization's
 * SCPs and RCPs, the perimeter does not cut log delivery off while it still refuses
 * everyone else (perimeter/log-archive-scenarios.ts).
 */
import * as assert from "assert";
import * as fs from "fs";
import * as path from "path";
import * as YAML from "yaml";
import { flowLogDeliveryStatements, logDeliveryPrincipal } from "../../aws/flow-log-delivery";
import { flowLogObjectArns, logArchiveBucketName } from "../../definition/log-archive";
import { Definition } from "../../definition/schema";
import { bucketPolicy } from "../../perimeter/bucket-policies";
import { logArchiveBucketPolicy } from "../../perimeter/log-archive-policy";
import { logArchiveScenarios } from "../../perimeter/log-archive-scenarios";
import { PolicyStatement } from "../../perimeter/types";
import { loadDefinitionFile } from "../../program/load";
import { scenarioEnvironment } from "../../perimeter/request-contexts";
import { evaluateScenarios } from "../../tools/perimeter";

const fixturesDir = path.resolve(__dirname, "..", "fixtures", "definitions");
const files = fs.readdirSync(fixturesDir).filter((f) => f.endsWith(".yaml")).map((f) => path.join(fixturesDir, f));

/** The accounts whose VPCs exist, read from the YAML itself: the network account and every spoke's. */
function vpcAccountIds(file: string): string[] {
    const raw = YAML.parse(fs.readFileSync(file, "utf8"));
    const names: string[] = [raw.network.account, ...(raw.spokes ?? []).map((s: { account: string }) => s.account)];
    return [...new Set(names.map((n) => raw.accounts[n] as string))].sort();
}

const list = (v: unknown): string[] => (v === undefined ? [] : Array.isArray(v) ? (v as string[]) : [v as string]);

describe("perimeter: the log archive bucket's policy", function () {
    this.timeout(120000);

    for (const file of files) {
        const definition = loadDefinitionFile(file).definition as Definition;
        if (!definition.logArchive) continue;

        describe(path.basename(file), () => {
            const policy = logArchiveBucketPolicy(definition)!;
            const bucket = logArchiveBucketName(definition)!;

            it("starts with a protected bucket's perimeter statements", () => {
                const asProtected = bucketPolicy(
                    { ...definition, perimeter: { ...definition.perimeter, protectedBuckets: [{ name: bucket, account: definition.logArchive!.account, statements: [] }] } },
                    bucket,
                );
                assert.deepStrictEqual(policy.Statement.slice(0, asProtected.Statement.length), asProtected.Statement);
            });

            it("grants what AWS documents for flow logs to S3, to exactly the accounts the VPCs live in", () => {
                const accounts = vpcAccountIds(file);
                const documented = flowLogDeliveryStatements({
                    partition: "aws",
                    region: definition.region,
                    bucket,
                    objectArns: flowLogObjectArns(definition),
                    sourceAccounts: accounts,
                });
                const allows = policy.Statement.filter((s) => s.Effect === "Allow");
                assert.deepStrictEqual(allows, documented);
                for (const s of allows) {
                    assert.deepStrictEqual(s.Principal, { Service: logDeliveryPrincipal }, `${s.Sid} is for the log delivery service only`);
                    assert.deepStrictEqual(list(s.Condition?.StringEquals?.["aws:SourceAccount"]).sort(), accounts, `${s.Sid} names the VPCs' accounts`);
                }
                // The only write it grants: PutObject, on objects below each account's own AWSLogs prefix.
                const write = allows.find((s) => list(s.Action).includes("s3:PutObject"))!;
                assert.deepStrictEqual(list(write.Resource).sort(), accounts.map((a) => `arn:aws:s3:::${bucket}/vpc-flow-logs/*/AWSLogs/aws-account-id=${a}/*`).sort());
                assert.ok(allows.every((s) => s === write || !list(s.Action).some((a) => /^s3:(Put|Delete|Create|Restore|Replicate)/.test(a))), "no other write");
            });

            it("lets the log delivery of every VPC account write, and nobody else (independent evaluator, SCPs and RCPs included)", async () => {
                const scenarios = logArchiveScenarios(definition);
                const allowedFor = scenarios.filter((s) => s.expect === "allowed").map((s) => s.context!["aws:SourceAccount"]).sort();
                assert.deepStrictEqual(allowedFor, vpcAccountIds(file));
                const results = await evaluateScenarios(scenarioEnvironment(definition), scenarios);
                const wrong = results.filter((r) => r.verdict !== r.scenario.expect).map((r) => `${r.scenario.id}: ${r.verdict} (${r.evaluation})`);
                assert.deepStrictEqual(wrong, []);
            });

            it("would cut delivery off without the grant, or with a perimeter Deny that did not spare AWS services", async () => {
                const delivery = logArchiveScenarios(definition).find((s) => s.expect === "allowed")!;
                const withoutGrant = { ...policy, Statement: policy.Statement.filter((s) => s.Effect === "Deny") };
                const [noGrant] = await evaluateScenarios(scenarioEnvironment(definition), [{ ...delivery, resourcePolicy: withoutGrant }]);
                assert.strictEqual(noGrant.verdict, "denied");
                assert.strictEqual(noGrant.evaluation, "ImplicitlyDenied", "no grant, no delivery");
                const strict = policy.Statement.map((s): PolicyStatement => {
                    if (s.Sid !== "DenyIdentitiesOutsidePerimeter") return s;
                    const { BoolIfExists: _spared, ...rest } = s.Condition as Record<string, unknown>;
                    return { ...s, Condition: rest as PolicyStatement["Condition"] };
                });
                const [cut] = await evaluateScenarios(scenarioEnvironment(definition), [{ ...delivery, resourcePolicy: { ...policy, Statement: strict } }]);
                assert.strictEqual(cut.verdict, "denied", "the exemption for AWS service principals is what keeps delivery open");
                assert.strictEqual(cut.evaluation, "ExplicitlyDenied", "refused by the Deny, not for want of a grant");
            });
        });
    }
});
