/**
 * Global services on a real plan: a hub in us-east-1 hosts IAM's and Route 53's
 * Region-less endpoint services (com.amazonaws.iam, com.amazonaws.route53) and
 * Organizations' us-east-1 one, and the policy pack (a process) accepts them.
 */
import * as assert from "assert";
import * as path from "path";
import { serviceCatalog } from "../../aws/service-catalog";
import { policyConfigFor } from "../../tools/policy-config";
import { runPolicyPack } from "../../tools/plan/analyzer";
import { loadForPlan, planProgram } from "../../tools/plan/run";
import { devWithGlobalServices, GLOBAL } from "./global-services";

const root = path.resolve(__dirname, "../..");

describe("global services' endpoints, judged by the pack", function () {
    this.timeout(180000);

    it("are planned in a us-east-1 hub under AWS's service names, and the policy pack allows them", async () => {
        const file = devWithGlobalServices("us-east-1");
        const { definition } = loadForPlan(file);
        const plan = await planProgram({ definitionFile: file, unit: "network" });
        const names = plan.resources.filter((r) => r.type === "aws:ec2/vpcEndpoint:VpcEndpoint").map((r) => r.inputs.serviceName);
        for (const service of GLOBAL) assert.ok(names.includes(serviceCatalog[service].serviceName("us-east-1")), `${service}: ${names.join(", ")}`);
        assert.ok(names.includes("com.amazonaws.iam") && names.includes("com.amazonaws.route53"), names.join(", "));
        const run = await runPolicyPack(plan, { packDir: path.join(root, "policypacks", "landing-zone"), config: policyConfigFor(definition) });
        const mandatory = run.violations.filter((v) => v.level === "mandatory");
        assert.deepStrictEqual(mandatory.map((v) => `${v.policy}: ${v.message}`), []);
    });
});
