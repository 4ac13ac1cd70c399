/**
 * The pack against whole plans, through the real Analyzer protocol (tools/plan/analyzer.ts
 * starts it with the CLI's launcher): every shipped environment plans with zero mandatory
 * violations; a program that hand-writes bad resources into a workload stack gets exactly
 * the expected violations, each on the resource at fault, with messages that say what to change.
 */
import * as aws from "@pulumi/aws";
import { strict as assert } from "assert";
import * as fs from "fs";
import * as path from "path";
import { Definition } from "../../definition/schema";
import { policyConfigFor } from "../../tools/policy-config";
import { runPolicyPack } from "../../tools/plan/analyzer";
import { runUnderMocks, summarize } from "../../tools/plan/mock-runtime";
import { LandingZoneMocks } from "../../tools/plan/mocks";
import { UNKNOWN } from "../../analysis/plan-records";
import { PlanResult, Violation } from "../../tools/plan/model";
import { loadForPlan, planProgram } from "../../tools/plan/run";

const root = path.resolve(__dirname, "../..");
const packDir = path.join(root, "policypacks", "landing-zone");
const shipped = fs.readdirSync(path.join(root, "stacks")).filter((f) => f.endsWith(".yaml")).sort();

const brief = (vs: Violation[]) => vs.map((v) => `${v.policy} ${v.urn?.split("::").pop() ?? "-"}`).sort();

/** A workload stack where someone hand-wrote what the landing zone forbids. */
async function badWorkloadProgram(): Promise<Record<string, unknown>> {
    const orgPolicy = JSON.stringify({ Version: "2012-10-17", Statement: [{ Effect: "Allow", Principal: "*", Action: "*", Resource: "*", Condition: { StringEquals: { "aws:PrincipalOrgID": "o-a1b2c3d4e5" } } }] });
    const vpc = new aws.ec2.Vpc("rogue-vpc", { cidrBlock: "10.16.0.0/16", tags: { "landing-zone:role": "spoke", "landing-zone:isolation": "isolated" } });
    new aws.ec2.InternetGateway("rogue-igw", { vpcId: vpc.id });
    const openSg = new aws.ec2.SecurityGroup("rogue-open-sg", { vpcId: vpc.id, ingress: [{ protocol: "tcp", fromPort: 443, toPort: 443, cidrBlocks: ["0.0.0.0/0"] }] });
    const fineSg = new aws.ec2.SecurityGroup("rogue-fine-sg", { vpcId: vpc.id, ingress: [{ protocol: "tcp", fromPort: 443, toPort: 443, cidrBlocks: ["10.16.0.0/16"] }] });
    // Private DNS for a service the hub centralizes, no policy, open security group.
    new aws.ec2.VpcEndpoint("rogue-ssm", { vpcId: vpc.id, vpcEndpointType: "Interface", serviceName: "com.amazonaws.us-east-1.ssm", privateDnsEnabled: true, securityGroupIds: [openSg.id] });
    // A service the environment does not centralize, open to the internet: not accepted as the workload's own endpoint
    // (reported once, by the security-group rule that owns the gap).
    new aws.ec2.VpcEndpoint("rogue-sagemaker", { vpcId: vpc.id, vpcEndpointType: "Interface", serviceName: "com.amazonaws.us-east-1.sagemaker.api", securityGroupIds: [openSg.id], policy: orgPolicy });
    // The same service with the perimeter policy and a group restricted to its VPC: the workload's own endpoint, accepted.
    new aws.ec2.VpcEndpoint("own-sagemaker", { vpcId: vpc.id, vpcEndpointType: "Interface", serviceName: "com.amazonaws.us-east-1.sagemaker.runtime", securityGroupIds: [fineSg.id], policy: orgPolicy });
    // An endpoint service open to anyone, auto-accepting, without notification.
    new aws.ec2.VpcEndpointService("rogue-service", { acceptanceRequired: false, networkLoadBalancerArns: ["arn:aws:elasticloadbalancing:us-east-1:200000000001:loadbalancer/net/x/0123456789abcdef"], allowedPrincipals: ["*"] });
    new aws.ec2transitgateway.TransitGateway("rogue-tgw", { autoAcceptSharedAttachments: "enable", defaultRouteTableAssociation: "disable", defaultRouteTablePropagation: "disable" });
    const share = new aws.ram.ResourceShare("rogue-share", { name: "rogue", allowExternalPrincipals: true });
    new aws.ram.PrincipalAssociation("rogue-share-principal", { resourceShareArn: share.arn, principal: "123456789012" });
    new aws.organizations.Policy("rogue-scp", {
        type: "SERVICE_CONTROL_POLICY",
        content: JSON.stringify({
            Version: "2012-10-17",
            Statement: [{ Sid: "OnlyNetworkAdmin", Effect: "Deny", Action: "ec2:ModifyVpcEndpointServicePermissions", Resource: "arn:aws:ec2:*:*:vpc-endpoint/*", Condition: { ArnNotLike: { "aws:PrincipalArn": "arn:aws:iam::*:role/NetworkAdmin" } } }],
        }),
    });
    new aws.s3.BucketPolicy("rogue-ledger-policy", {
        bucket: "prod-payments-ledger",
        policy: JSON.stringify({ Version: "2012-10-17", Statement: [{ Effect: "Allow", Principal: "*", Action: "s3:GetObject", Resource: "arn:aws:s3:::prod-payments-ledger/*" }] }),
    });
    return {};
}

async function planOf(program: () => Promise<Record<string, unknown>>, definition: Definition, stack: string): Promise<PlanResult> {
    const run = await runUnderMocks(program, { mocks: new LandingZoneMocks({ definition, preview: true }), stack });
    return { stack, units: [], resources: run.resources, violations: [], summary: summarize(run.resources), stackUrn: run.stackUrn };
}

describe("policy pack on whole plans (Analyzer protocol)", function () {
    this.timeout(300000);

    for (const file of shipped) {
        it(`stacks/${file}: unit all has zero mandatory violations`, async () => {
            const definitionFile = path.join(root, "stacks", file);
            const { definition } = loadForPlan(definitionFile);
            const plan = await planProgram({ definitionFile, unit: "all" });
            const run = await runPolicyPack(plan, { packDir, config: policyConfigFor(definition) });
            const mandatory = run.violations.filter((v) => v.level === "mandatory");
            assert.deepEqual(mandatory, [], mandatory.map((v) => `${v.policy} ${v.urn}: ${v.message}`).join("\n"));
        });
    }

    it("a plan whose endpoint policies, security group rules, documents and ids are unknown completes with advisory notes only", async () => {
        const definitionFile = path.join(root, "stacks", "prod.yaml");
        const { definition } = loadForPlan(definitionFile);
        const plan = await planProgram({ definitionFile, unit: "all" });
        const unknownInputs: Record<string, string[]> = {
            "aws:ec2/vpcEndpoint:VpcEndpoint": ["policy", "serviceName", "vpcId", "securityGroupIds"],
            "aws:ec2/securityGroup:SecurityGroup": ["ingress"],
            "aws:organizations/policy:Policy": ["content"],
            "aws:s3/bucketPolicy:BucketPolicy": ["policy", "bucket"],
            "aws:ec2/vpcEndpointService:VpcEndpointService": ["allowedPrincipals", "acceptanceRequired"],
            "aws:ec2transitgateway/transitGateway:TransitGateway": ["autoAcceptSharedAttachments"],
        };
        let replaced = 0;
        for (const r of plan.resources) {
            for (const key of unknownInputs[r.type] ?? []) {
                if (r.inputs[key] === undefined) continue;
                r.inputs[key] = UNKNOWN;
                if (r.outputs && key in r.outputs) r.outputs[key] = UNKNOWN;
                replaced++;
            }
        }
        assert.ok(replaced > 50, `only ${replaced} inputs made unknown`);
        const run = await runPolicyPack(plan, { packDir, config: policyConfigFor(definition) });
        assert.deepEqual(run.violations.filter((v) => v.level === "mandatory"), []);
        const notes = run.violations.filter((v) => v.level === "advisory");
        assert.ok(notes.length > 20, `${notes.length} notes`);
        for (const n of notes) assert.match(n.message, /^could not decide during preview: /, n.message);
        const policiesWithNotes = new Set(notes.map((n) => n.policy));
        for (const p of ["endpoints-vpc-endpoint-policy-required", "endpoints-vpc-endpoint-security-group-restricted", "perimeter-organizations-policy-grammar", "privatelink-vpc-endpoint-service-acceptance-required", "network-transit-gateway-secure-defaults"]) {
            assert.ok(policiesWithNotes.has(p), `no note from ${p}`);
        }
    });

    it("a hand-written bad workload stack gets exactly the expected violations", async () => {
        const { definition } = loadForPlan(path.join(root, "stacks", "prod.yaml"));
        const plan = await planOf(badWorkloadProgram, definition, "prod-orders-prod");
        const run = await runPolicyPack(plan, { packDir, config: policyConfigFor(definition) });
        const mandatory = run.violations.filter((v) => v.level === "mandatory");
        assert.deepEqual(brief(mandatory), [
            "endpoints-vpc-endpoint-no-private-dns-in-spoke rogue-ssm",
            "endpoints-vpc-endpoint-policy-required rogue-ssm",
            "endpoints-vpc-endpoint-security-group-restricted rogue-sagemaker",
            "endpoints-vpc-endpoint-security-group-restricted rogue-ssm",
            "network-ram-principal-association-organization-only rogue-share-principal",
            "network-ram-resource-share-no-external-principals rogue-share",
            "network-transit-gateway-secure-defaults rogue-tgw",
            "network-vpc-flow-logs-required rogue-vpc",
            "network-vpc-isolated-no-internet rogue-igw",
            "perimeter-policy-deny-statement-applicable rogue-scp",
            "perimeter-s3-bucket-policy-protected-network rogue-ledger-policy",
            "perimeter-s3-bucket-policy-protected-network rogue-ledger-policy",
            "privatelink-vpc-endpoint-service-acceptance-required rogue-service",
            "privatelink-vpc-endpoint-service-allowed-principals rogue-service",
            "privatelink-vpc-endpoint-service-notification-required rogue-service",
        ]);
        const text = mandatory.map((v) => v.message).join("\n");
        for (const fix of [
            /set `policy` to the perimeter endpoint policy/,
            /admit only the endpoint's VPC and the environment's internal CIDRs/,
            /set acceptanceRequired: true/,
            /set autoAcceptSharedAttachments: "disable"/,
            /set allowExternalPrincipals: false/,
            /add an aws.ec2.FlowLog with vpcId: rogue-vpc.id/,
            /vpc-endpoint-service\/\*, which arn:aws:ec2:\*:\*:vpc-endpoint\/\* can never name/,
            /Deny s3:\* on arn:aws:s3:::prod-payments-ledger and/,
        ]) {
            assert.match(text, fix);
        }
    });
});
