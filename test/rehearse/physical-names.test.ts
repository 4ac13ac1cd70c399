/**
 * Physical names the program sets explicitly are unique per account (IAM) or per account
 * and Region (Lambda, EventBridge, CloudWatch Logs, SQS, SNS, AWS Config): the rehearsal's
 * AWS refuses a second object of the same name (aws/lifecycle.ts `name-unique` rules, each
 * citing the API's own page), so a hand-off of account-level resources between stacks
 * that reuses the names fails the rehearsal, naming the stack, the resource and the rule.
 */
import { strict as assert } from "assert";
import { T, createRequirements } from "../../aws/lifecycle";
import { forwarderNames, governanceNames } from "../../components/governance-documents";
import { Cloud } from "../../tools/rehearse/aws-sim";
import { object, rejects } from "./support/cloud";
import { rehearseChange } from "./support/changes";


const nameRules = createRequirements.filter((r) => r.check === "name-unique");

describe("physical names: unique per account (and Region)", () => {
    it("cover the types whose names the program sets, each citing the AWS API page", () => {
        const types = nameRules.map((r) => r.type);
        for (const t of [T.iamRole, T.lambdaFunction, T.eventRule, T.eventBus, T.logGroup, T.sqsQueue, T.snsTopic, T.configRule]) assert.ok(types.includes(t), t);
        for (const r of nameRules) assert.match(r.source, /^https:\/\/docs\.aws\.amazon\.com\//, r.id);
    });

    for (const rule of nameRules) {
        it(`[${rule.id}] a second ${rule.type.split(":").pop()} of the same name is refused in the same ${rule.scope === "account" ? "account, in any Region" : "account and Region"}`, () => {
            const cloud = new Cloud(["111111111111", "222222222222"]);
            object(cloud, rule.type, { [rule.input]: "lz-name" }, "111111111111", { region: "eu-west-1", stack: "first" });
            const err = rejects(() => object(cloud, rule.type, { [rule.input]: "lz-name" }, "111111111111", { region: "eu-west-1", stack: "second" }), rule.id);
            assert.match(err.message, /lz-name/);
            assert.match(err.message, /first/, "names the stack holding the name");
            // Another account: its own namespace.
            object(cloud, rule.type, { [rule.input]: "lz-name" }, "222222222222", { region: "eu-west-1" });
            // Another Region: IAM is global, the rest are regional.
            if (rule.scope === "account") rejects(() => object(cloud, rule.type, { [rule.input]: "lz-name" }, "111111111111", { region: "us-east-1" }), rule.id);
            else object(cloud, rule.type, { [rule.input]: "lz-name" }, "111111111111", { region: "us-east-1" });
            // Another name: fine.
            object(cloud, rule.type, { [rule.input]: "lz-other" }, "111111111111", { region: "eu-west-1" });
        });
    }

    it("EventBridge rule names are unique per bus: the same name on another bus is another rule", () => {
        const cloud = new Cloud(["111111111111"]);
        object(cloud, T.eventRule, { name: "forward" });
        object(cloud, T.eventRule, { name: "forward", eventBusName: "audit" });
        rejects(() => object(cloud, T.eventRule, { name: "forward", eventBusName: "default" }), "event-rule-name-unique");
    });

    it("two stacks of one wave creating the same name: each passes alone, the wave's commit reports the race with the rule", () => {
        const cloud = new Cloud(["111111111111"]);
        cloud.beginWave();
        cloud.viewer = "stack-a";
        object(cloud, T.lambdaFunction, { name: "lz-fn" }, "111111111111", { region: "eu-west-1", stack: "stack-a" });
        cloud.viewer = "stack-b";
        object(cloud, T.lambdaFunction, { name: "lz-fn" }, "111111111111", { region: "eu-west-1", stack: "stack-b" });
        const races = cloud.commitWave();
        assert.ok(races.length > 0);
        assert.ok(races.every((r) => r.rule === "lambda-function-name-unique"), JSON.stringify(races));
    });

    it("a name becomes free once its object is deleted", () => {
        const cloud = new Cloud(["111111111111"]);
        const first = object(cloud, T.iamRole, { name: "lz-role" });
        cloud.delete(first.key);
        object(cloud, T.iamRole, { name: "lz-role" });
    });
});

describe("an account's governance forwarder handed from a removed unit to the one that stays", function () {
    this.timeout(120_000);
    it("the forwarder's names carry the owning unit: another owner's set never collides, the same owner's always does", () => {
        const a = forwarderNames("rv-dist", "two-a");
        const b = forwarderNames("rv-dist", "two-b");
        for (const key of Object.keys(a) as (keyof typeof a)[]) {
            assert.notEqual(a[key], b[key], key);
            assert.ok(a[key].startsWith(governanceNames("rv-dist")[key]), `${key} keeps its prefix (the audit side matches rules and queues by it)`);
            assert.ok(a[key].length <= 64, `${key} ${a[key]} within IAM's, Lambda's and EventBridge's 64 characters`);
        }
        const cloud = new Cloud(["830000000011"]);
        object(cloud, T.iamRole, { name: a.inspectorRole }, "830000000011", { region: "ca-central-1", stack: "rv-dist-two-a" });
        object(cloud, T.iamRole, { name: b.inspectorRole }, "830000000011", { region: "ca-central-1", stack: "rv-dist-two-b" });
        rejects(() => object(cloud, T.iamRole, { name: forwarderNames("rv-dist", "two-b").inspectorRole }, "830000000011", { region: "ca-central-1", stack: "again" }), "iam-role-name-unique");
    });

    it("rv-remove-owner-spoke-dist: the staying spoke takes the account over before the removed one is destroyed, and every step is ok", async () => {
        const result = await rehearseChange("rv-remove-owner-spoke-dist");
        assert.deepStrictEqual(result.steps.filter((s) => s.outcome !== "ok").map((s) => `${s.stack}: ${s.message}`), []);
        const stacks = result.steps.filter((s) => s.stage === "change").map((s) => `${s.stack} ${s.operation}`);
        // The case this guards: the new owner's up runs before the old owner's destroy.
        assert.ok(stacks.indexOf("rv-dist-two-b up") < stacks.indexOf("rv-dist-two-a destroy"), stacks.join(", "));
        assert.ok(result.converged);
    });
});
