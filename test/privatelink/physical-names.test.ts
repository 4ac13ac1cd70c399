/**
 * The environment's name is part of the detective controls' physical names; AWS limits
 * their length (aws/quotas.ts physicalNameLimits, from the API references). The longest is
 * the Config rule's Lambda function in each governed account: `<env>-privatelink-endpoint-
 * service-rule-<8 hex of the owning unit>`, so under Lambda's 64-character limit the
 * environment may have at most 64 - 43 = 21 characters. A longer name is refused by the
 * definition's check, at `environment`, before anything deploys.
 */
import * as assert from "assert";
import * as fs from "fs";
import * as path from "path";
import { physicalNameLimits } from "../../aws/quotas";
import { loadDefinitionText } from "../../program/load";

const prod = fs.readFileSync(path.resolve(__dirname, "..", "..", "stacks", "prod.yaml"), "utf8");
const suffix = "-privatelink-endpoint-service-rule-".length + 8;
const longest = physicalNameLimits.lambdaFunction.value - suffix;

function load(environment: string) {
    const text = prod.replace(/^environment: prod\b/m, `environment: ${environment}`);
    return loadDefinitionText(text, `/definitions/${environment}.yaml`).diagnostics.filter((d) => d.severity === "error");
}

const named = (n: number) => ("p" + "x".repeat(n)).slice(0, n);

describe("physical names of the detective controls fit AWS's limits", () => {
    it(`accepts an environment name of ${longest} characters`, () => {
        assert.deepStrictEqual(load(named(longest)), []);
    });

    it(`refuses one of ${longest + 1}, once, at environment, naming the resource, AWS's limit and the longest name that fits`, () => {
        const errors = load(named(longest + 1));
        assert.strictEqual(errors.length, 1, errors.map((e) => e.message).join("\n"));
        assert.strictEqual(errors[0].path, "environment");
        assert.ok(errors[0].line > 0);
        assert.match(errors[0].message, /privatelink-endpoint-service-rule-[0-9a-f]{8} \(lambdaFunction\)/);
        assert.match(errors[0].message, new RegExp(`over AWS's ${physicalNameLimits.lambdaFunction.value}`));
        assert.match(errors[0].message, new RegExp(`at most ${longest} characters`));
    });
});
