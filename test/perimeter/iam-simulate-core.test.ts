/**
 * The seam into @cloud-copilot/iam-simulate's core evaluator (tools/iam-simulate-core.ts):
 * it still loads, evaluates endpoint policies, and lets the scenario engine judge AWS-owned
 * ARNs written as AWS writes them (no account), which the package's validating entry point
 * refuses.
 */
import * as assert from "assert";
import { runSimulation } from "@cloud-copilot/iam-simulate";
import { authorizeExactly } from "../../tools/iam-simulate-core";
import { evaluateScenarios } from "../../tools/perimeter";
import { scenarioEnvironment } from "../../perimeter/request-contexts";
import { Scenario } from "../../perimeter/scenario-types";
import { shipped } from "./helpers";

const document = "arn:aws:ssm:us-east-1::document/AWS-RunShellScript";

describe("perimeter: the seam into the evaluator's core", function () {
    this.timeout(60000);
    const simulation = (endpointResource: string) => ({
        request: {
            principal: "arn:aws:iam::123456789012:role/ops",
            action: "ssm:SendCommand",
            resource: { resource: document, accountId: "123456789012" },
            contextVariables: { "aws:PrincipalAccount": "123456789012" },
        },
        identityPolicies: [{ name: "all", policy: { Version: "2012-10-17", Statement: [{ Effect: "Allow", Action: "*", Resource: "*" }] } }],
        serviceControlPolicies: [],
        resourceControlPolicies: [],
        vpcEndpointPolicies: [{ name: "endpoint", policy: { Version: "2012-10-17", Statement: [{ Effect: "Allow", Principal: "*", Action: "ssm:SendCommand", Resource: endpointResource }] } }],
    });

    it("is needed: the validating entry point refuses an ARN with no account", async () => {
        const response = await runSimulation(simulation("*"), {});
        assert.strictEqual(response.resultType, "error");
    });

    it("evaluates the ARN as written, endpoint policy included", () => {
        assert.strictEqual(authorizeExactly(simulation("arn:aws:ssm:us-east-1::document/*")).result, "Allowed");
        assert.strictEqual(authorizeExactly(simulation("arn:aws:ssm:us-east-1:123456789012:document/*")).result, "ImplicitlyDenied");
    });

    it("lets the engine judge AWS-owned SSM ARNs and still refuse an action that takes no such resource, naming every such scenario", async () => {
        const env = scenarioEnvironment(shipped("prod"));
        const base: Omit<Scenario, "id" | "action" | "resource"> = {
            description: "x",
            expect: "allowed",
            principal: "arn:aws:iam::200000000001:role/ops",
            principalTags: { "dp:include:network": "true" },
            from: { endpoint: "ssm" },
        };
        const [run, param] = await evaluateScenarios(env, [
            { ...base, id: "run", action: "ssm:SendCommand", resource: document },
            { ...base, id: "param", action: "ssm:GetParameter", resource: "arn:aws:ssm:us-east-1::parameter/aws/service/ami-amazon-linux-latest/al2023-ami-kernel-default-x86_64" },
        ]);
        assert.strictEqual(run.verdict, "allowed", run.decidedBy);
        assert.strictEqual(param.verdict, "allowed", param.decidedBy);
        await assert.rejects(
            evaluateScenarios(env, [
                { ...base, id: "typo-1", action: "ssm:SendCommand", resource: "arn:aws:ssm:us-east-1::parameter/x" },
                { ...base, id: "typo-2", action: "ssm:GetParameter", resource: document },
            ]),
            (e: Error) => /scenario typo-1: ssm:SendCommand takes no resource like/.test(e.message) && /scenario typo-2:/.test(e.message),
        );
    });
});
