/**
 * The review summary's rendering and its comparison rules, on hand-made plans: findings
 * new, kept and resolved; inputs unknown on both sides are no change; the summary stays
 * under GitHub's comment limit however large the change, with exact counts.
 */
import { strict as assert } from "assert";
import { PlannedResource, UNKNOWN } from "../../analysis/plan-records";
import { CostReport } from "../../analysis/cost";
import { changedInputs, compareEnvironments, EnvironmentPlan, StackPlan } from "../../tools/review/compare";
import { reviewMarkdown } from "../../tools/review/markdown";

const resource = (stack: string, type: string, name: string, inputs: Record<string, unknown> = {}): PlannedResource => ({
    urn: `urn:pulumi:${stack}::landing-zone::${type}::${name}`,
    type,
    name,
    custom: true,
    inputs,
    dependencies: {},
});
const cost = (monthlyUsd: number): CostReport => ({ region: "us-east-1", monthlyUsd, lines: [{ item: "NAT gateways", quantity: monthlyUsd / 32.85, unitUsd: 0.045, per: "hour", monthlyUsd }], prices: "test", notes: [] });
const env = (stacks: StackPlan[], monthly = 0): EnvironmentPlan => ({ environment: "prod", definitionFile: "stacks/prod.yaml", stacks, reachability: {}, cost: cost(monthly) });

describe("review summary: comparison and rendering", () => {
    it("an input unknown on both sides is no change; a known one that differs is, by name", () => {
        const a = resource("s", "aws:ec2/vpc:Vpc", "v", { id: UNKNOWN, cidrBlock: "10.0.0.0/16", tags: { b: "1", a: "2" } });
        assert.deepStrictEqual(changedInputs(a, { ...a, inputs: { id: UNKNOWN, cidrBlock: "10.0.0.0/16", tags: { a: "2", b: "1" } } }), []);
        assert.deepStrictEqual(changedInputs(a, { ...a, inputs: { ...a.inputs, cidrBlock: "10.1.0.0/16", enableDnsHostnames: true } }), ["cidrBlock", "enableDnsHostnames"]);
    });

    it("findings are new, already there, or resolved; a mandatory one is a caution in the headline", () => {
        const vpc = resource("prod-a", "aws:ec2/vpc:Vpc", "a-vpc");
        const kept = { policy: "network-vpc-flow-logs-required", level: "mandatory" as const, urn: vpc.urn, message: "VPC a-vpc has no flow log" };
        const gone = { policy: "endpoints-vpc-endpoint-policy-size", level: "advisory" as const, urn: vpc.urn, message: "close to the limit" };
        const fresh = { policy: "network-vpc-isolated-no-internet", level: "advisory" as const, urn: vpc.urn, message: "a route to 0.0.0.0/0\nin a-rt" };
        const r = compareEnvironments(env([{ stack: "prod-a", unit: "a", resources: [vpc], violations: [kept, gone] }]), env([{ stack: "prod-a", unit: "a", resources: [vpc], violations: [kept, fresh] }]));
        assert.deepStrictEqual(r.stacks[0].findings, { introduced: [fresh], kept: [kept], resolved: [gone] });
        const md = reviewMarkdown(r);
        assert.match(md, /\| \*\*Policy\*\* \| 1 mandatory · 1 advisory · 1 new with this change \|/);
        assert.match(md, /> \[!CAUTION\]\n> 1 mandatory policy finding: `pulumi up` would be blocked\./);
        assert.match(md, /\| mandatory \| `network-vpc-flow-logs-required` \| aws:ec2\/vpc:Vpc: a-vpc \| VPC a-vpc has no flow log \| already there \|/);
        assert.match(md, /\| advisory \| `network-vpc-isolated-no-internet` \| aws:ec2\/vpc:Vpc: a-vpc \| in a-rt \| new \|/);
        assert.match(md, /\| advisory \| `endpoints-vpc-endpoint-policy-size` \| .* \| resolved \|/);
    });

    it("a new environment (nothing to compare with): every stack is new and every resource added", () => {
        const r = compareEnvironments(undefined, env([{ stack: "prod-a", unit: "a", resources: [resource("prod-a", "aws:ec2/vpc:Vpc", "a-vpc")], violations: [] }], 65.7));
        assert.strictEqual(r.stacks[0].status, "added");
        const md = reviewMarkdown(r);
        assert.match(md, /`stacks\/prod\.yaml`: a new environment, compared with nothing\./);
        assert.match(md, /\$0\.00 → \$65\.70 \(\*\*\+\$65\.70\*\*\)/);
    });

    it("stays under the comment budget for a very large change, with exact counts, and keeps the diagram while it can", () => {
        const many = Array.from({ length: 3000 }, (_v, i) => resource("prod-big", "aws:ec2/route:Route", `a-rather-long-route-name-for-spoke-number-${i}`));
        const r = compareEnvironments(env([]), env([{ stack: "prod-big", unit: "big", resources: many, violations: [] }]));
        const md = reviewMarkdown(r, { diagram: "flowchart LR\n  a --> b", budget: 20000 });
        assert.ok(md.length <= 20000, `${md.length} characters`);
        assert.match(md, /\| `aws:ec2\/route:Route` \| 3000 \| /);
        assert.match(md, /… \d+ more/);
        assert.match(md, /```mermaid\nflowchart LR/);
        const tiny = reviewMarkdown(r, { diagram: "flowchart LR\n  a --> b", budget: 2500 });
        assert.ok(tiny.length <= 2500, `${tiny.length} characters`);
        assert.match(tiny, /\+3000 to add/);
    });
});
