/**
 * Global services on a real plan: a hub in us-east-1 hosts IAM's and Route 53's
 * Region-less endpoint services (com.amazonaws.iam, com.amazonaws.route53) and
 * Organizations' us-east-1 one, the policy pack accepts them, and a hub elsewhere is
 * refused them at the line that lists them.
 */
import * as assert from "assert";
import * as fs from "fs";
import * as os from "os";
import * as path from "path";
import * as YAML from "yaml";
import { serviceCatalog } from "../../aws/service-catalog";
import { policyConfigFor } from "../../tools/policy-config";
import { runPolicyPack } from "../../tools/plan/analyzer";
import { loadForPlan, planProgram } from "../../tools/plan/run";
import { loadDefinitionFile } from "../../program/load";

const root = path.resolve(__dirname, "../..");
const GLOBAL = ["iam", "route53", "organizations"];

/** stacks/dev.yaml in `region` with the global services added to its endpoints. */
function devWithGlobalServices(region: string): string {
    const doc = YAML.parseDocument(fs.readFileSync(path.join(root, "stacks", "dev.yaml"), "utf8"));
    doc.set("region", region);
    doc.setIn(["network", "endpoints", "services"], ["ssm", "kms", ...GLOBAL]);
    const file = path.join(fs.mkdtempSync(path.join(os.tmpdir(), "lz-global-")), "dev.yaml");
    fs.writeFileSync(file, doc.toString());
    return file;
}

describe("global services' endpoints", function () {
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

    it("are refused in another Region, each at its own line, naming us-east-1", () => {
        const file = devWithGlobalServices("eu-west-1");
        const errors = loadDefinitionFile(file).diagnostics.filter((d) => d.severity === "error");
        const lines = fs.readFileSync(file, "utf8").split("\n");
        assert.deepStrictEqual(
            errors.map((e) => lines[e.line - 1].trim()),
            GLOBAL.map((s) => `- ${s}`),
        );
        for (const e of errors) assert.match(e.message, /cannot get an interface endpoint in eu-west-1: .*only in us-east-1/);
    });
});
