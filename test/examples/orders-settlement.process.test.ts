/**
 * The example workload an application team would write (examples/orders-settlement: an
 * private awsx VPC, flow logs, a PrivateLink consumer of payments-api, a Lambda job),
 * run under the offline plan's mock runtime in preview mode and judged by the landing
 * zone's policy pack through the Analyzer protocol, with the pack config generated from
 * stacks/prod.yaml — the environment whose orders-prod account it deploys into.
 *
 * The compliant example passes every mandatory rule; each mutation of one argument that
 * breaks the perimeter is caught by the rule that guards it.
 */
import { strict as assert } from "assert";
import * as path from "path";
import { loadDefinitionFile } from "../../program/load";
import { settlementWorkload, SettlementArgs } from "../../examples/orders-settlement/settlement";
import { PolicySession } from "../../tools/plan/analyzer";
import { runUnderMocks, summarize } from "../../tools/plan/mock-runtime";
import { LandingZoneMocks } from "../../tools/plan/mocks";
import { PlanResult, Violation } from "../../tools/plan/model";
import { policyConfigFor } from "../../tools/policy-config";

const repo = path.resolve(__dirname, "..", "..");
const prod = loadDefinitionFile(path.join(repo, "stacks", "prod.yaml")).definition!;

const baseline: SettlementArgs = {
    landingZoneStackPrefix: "organization/landing-zone/",
    environment: "prod",
    organizationId: prod.organization!.id,
    cidrBlock: "10.23.240.0/24",
    region: prod.region,
};

async function plan(args: SettlementArgs): Promise<PlanResult> {
    const run = await runUnderMocks(async () => settlementWorkload("settlement", args), {
        mocks: new LandingZoneMocks({ definition: prod, preview: true }),
        stack: "prod",
        preview: true,
        config: { "aws:region": prod.region },
    });
    return { stack: "prod", units: [], resources: run.resources, violations: [], summary: summarize(run.resources), stackUrn: run.stackUrn };
}

describe("example workload: examples/orders-settlement, judged by the pack", function () {
    this.timeout(180000);
    let session: PolicySession;
    const judge = async (args: SettlementArgs): Promise<{ plan: PlanResult; violations: Violation[] }> => {
        const p = await plan(args);
        return { plan: p, violations: (await session.judge(p)).violations };
    };
    const mandatory = (vs: Violation[]) => vs.filter((v) => v.level === "mandatory").map((v) => `${v.policy}: ${v.message.split("\n").pop()}`);

    before(async () => {
        session = await PolicySession.start({ packDir: path.join(repo, "policypacks", "landing-zone"), config: policyConfigFor(prod) });
    });
    after(() => session?.close());

    it("plans an awsx VPC, its flow log, the endpoints and the job, with the service name read from the publishing spoke's stack", async () => {
        const { plan: p, violations } = await judge(baseline);
        const ofType = (t: string) => p.resources.filter((r) => r.type === t);
        const [vpc] = ofType("awsx:ec2:Vpc");
        assert.ok(vpc, "one awsx VPC");
        assert.deepStrictEqual(vpc.inputs.natGateways, { strategy: "None" });
        const reference = ofType("pulumi:pulumi:StackReference")[0];
        assert.strictEqual(reference.inputs.name, "organization/landing-zone/prod-payments-prod");
        const privateLink = ofType("aws:ec2/vpcEndpoint:VpcEndpoint").find((e) => e.inputs.vpcEndpointType === "Interface")!;
        assert.match(String(privateLink.inputs.serviceName), /^com\.amazonaws\.vpce\.us-east-1\.vpce-svc-[0-9a-f]+$/);
        assert.ok(privateLink.dependencies.serviceName?.includes(reference.urn), "serviceName comes from the StackReference");
        assert.ok(ofType("aws:ec2/flowLog:FlowLog")[0].dependencies.vpcId?.includes(vpc.urn), "the flow log is the awsx VPC's");
        assert.ok(ofType("aws:lambda/function:Function").length === 1);
        assert.deepStrictEqual(mandatory(violations), []);
    });

    it("declared isolated, an awsx VPC is refused: awsx always attaches an internet gateway", async () => {
        // pulumi-awsx awsx/ec2/vpc.ts: "We unconditionally create the IGW".
        const found = mandatory((await judge({ ...baseline, isolated: true })).violations);
        assert.deepStrictEqual(found.map((m) => m.split(": ")[0]), ["network-awsx-vpc-isolated-no-internet"], found.join("\n"));
        assert.match(found[0], /awsx always attaches an internet gateway/);
    });

    it("a Public subnet spec in a VPC declared isolated is caught by network-awsx-vpc-isolated-no-internet", async () => {
        const { violations } = await judge({ ...baseline, isolated: true, subnetSpecs: [{ type: "Isolated", cidrMask: 26 }, { type: "Public", cidrMask: 27 }] });
        const found = mandatory(violations);
        assert.ok(found.some((m) => m.startsWith("network-awsx-vpc-isolated-no-internet: ") && /subnetSpecs\[1\] is a Public subnet/.test(m)), found.join("\n"));
    });

    it("NAT gateways in a VPC declared isolated are caught by the same rule", async () => {
        const { violations } = await judge({ ...baseline, isolated: true, natGateways: { strategy: "OnePerAz" } });
        const found = mandatory(violations);
        assert.ok(found.some((m) => m.startsWith("network-awsx-vpc-isolated-no-internet: ") && /natGateways\.strategy is "OnePerAz"/.test(m)), found.join("\n"));
    });

    it("a VPC range the landing zone does not know is still the endpoint's own VPC, which its security group may admit", async () => {
        const { violations } = await judge({ ...baseline, cidrBlock: "192.0.2.0/24" });
        const found = mandatory(violations);
        assert.ok(!found.some((m) => m.startsWith("endpoints-vpc-endpoint-security-group-restricted: ")), found.join("\n"));
    });
});
