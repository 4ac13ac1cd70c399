/**
 * The mock runtime driver and the mocks: what a plan records (parents, property
 * dependencies, unknowns, providers, reads), what the mocks answer, and how failures
 * come back — on a small fixture program, independent of the landing-zone program.
 */
import * as aws from "@pulumi/aws";
import * as pulumi from "@pulumi/pulumi";
import * as assert from "assert";
import * as fs from "fs";
import * as path from "path";
import * as YAML from "yaml";
import { definitionSchema } from "../../definition/schema";
import { PlanError, runUnderMocks, summarize } from "../../tools/plan/mock-runtime";
import { callerAccountId, LandingZoneMocks, regionZones, synthesizeStackOutputs, unitOfStackName } from "../../tools/plan/mocks";
import { UNKNOWN } from "../../analysis/plan-records";
import { fromWire, toWire, unknownSentinel } from "../../tools/plan/wire";
import { fixtureProgram } from "./fixtures/program";

const definition = definitionSchema.parse(YAML.parse(fs.readFileSync(path.join(__dirname, "fixtures", "minimal.yaml"), "utf8")));
const mocks = (stackOutputs?: Record<string, Record<string, unknown> | undefined>, preview = true) =>
    new LandingZoneMocks({ definition, preview, stackOutputs });

describe("plan: mock runtime", () => {
    it("records every resource with its parent, inputs, property dependencies and provider", async () => {
        const run = await runUnderMocks(() => fixtureProgram(), { mocks: mocks(), stack: "minimal-all" });
        const byName = new Map(run.resources.map((r) => [r.name, r]));
        const component = byName.get("net0")!;
        const vpc = byName.get("net0-vpc")!;
        const wired = byName.get("net0-wired")!;
        const literal = byName.get("net0-literal")!;
        const provider = byName.get("app-provider")!;

        assert.strictEqual(component.type, "landing-zone:test:FixtureNetwork");
        assert.strictEqual(component.custom, false);
        assert.strictEqual(component.parent, undefined, "the stack's direct children have no parent in the plan");
        assert.strictEqual(vpc.parent, component.urn);
        assert.strictEqual(vpc.urn, "urn:pulumi:minimal-all::landing-zone::landing-zone:test:FixtureNetwork$aws:ec2/vpc:Vpc::net0-vpc");
        assert.deepStrictEqual(vpc.inputs, { cidrBlock: "10.0.0.0/16", tags: { Name: "net0" } });
        // The VPC id does not exist during preview: the subnet's input is unknown, but where it comes from is known.
        assert.strictEqual(wired.inputs.vpcId, UNKNOWN);
        assert.deepStrictEqual(wired.dependencies, { vpcId: [vpc.urn] });
        assert.strictEqual(literal.inputs.vpcId, "vpc-0123456789abcdef0");
        assert.deepStrictEqual(literal.dependencies, {});
        // Children inherit the component's provider.
        assert.strictEqual(vpc.provider, provider.urn);
        assert.strictEqual(wired.provider, provider.urn);
        // Component outputs are recorded, unknown in preview.
        assert.deepStrictEqual(component.outputs, { vpcId: UNKNOWN });
        assert.ok(run.stackUrn?.endsWith("::pulumi:pulumi:Stack::landing-zone-minimal-all"));
    });

    it("answers data sources like AWS and synthesizes the outputs of referenced stacks", async () => {
        const run = await runUnderMocks(() => fixtureProgram(), { mocks: mocks(), stack: "minimal-all" });
        const expectedTgw = synthesizeStackOutputs(definition, "network").transitGatewayId;
        assert.match(String(expectedTgw), /^tgw-[0-9a-f]{17}$/);
        assert.deepStrictEqual(run.messages, [
            { severity: "info", message: `zones=${regionZones("eu-west-1").names.join(",")} caller=111111111111 tgw=${expectedTgw}` },
        ]);
        const ref = run.resources.find((r) => r.type === "pulumi:pulumi:StackReference")!;
        assert.strictEqual(ref.read, true);
        assert.deepStrictEqual(ref.inputs, { name: "organization/landing-zone/minimal-network" });
        assert.strictEqual(summarize(run.resources).byType["pulumi:pulumi:StackReference"], undefined, "reads create nothing");
    });

    it("uses given stack outputs, and none for a stack marked as not deployed", async () => {
        const given = await runUnderMocks(() => fixtureProgram(), { mocks: mocks({ network: { transitGatewayId: "tgw-given" } }), stack: "minimal-all" });
        assert.match(given.messages[0].message, /tgw=tgw-given$/);
        const missing = await runUnderMocks(() => fixtureProgram(), { mocks: mocks({ network: undefined }), stack: "minimal-all" });
        assert.match(missing.messages[0].message, /tgw=none$/);
    });

    it("runs many programs in one process, each from a clean state", async () => {
        const one = await runUnderMocks(() => fixtureProgram(["10.0.0.0/16"]), { mocks: mocks(), stack: "minimal-all" });
        const three = await runUnderMocks(() => fixtureProgram(["10.0.0.0/16", "10.1.0.0/16", "10.2.0.0/16"]), { mocks: mocks(), stack: "minimal-other" });
        const again = await runUnderMocks(() => fixtureProgram(["10.0.0.0/16"]), { mocks: mocks(), stack: "minimal-all" });
        assert.strictEqual(one.resources.length, 6);
        assert.strictEqual(three.resources.length, 14);
        assert.ok(three.resources.every((r) => r.urn.startsWith("urn:pulumi:minimal-other::")));
        assert.deepStrictEqual(again.resources, one.resources);
        // Concurrent calls are queued rather than mixed.
        const [a, b] = await Promise.all([
            runUnderMocks(() => fixtureProgram(["10.0.0.0/16"]), { mocks: mocks(), stack: "x-one" }),
            runUnderMocks(() => fixtureProgram(["10.0.0.0/16", "10.1.0.0/16"]), { mocks: mocks(), stack: "x-two" }),
        ]);
        assert.strictEqual(a.resources.length, 6);
        assert.strictEqual(b.resources.length, 10);
    });

    it("records the same registrations without their wire values when asked (recordValues: false, the rehearsal's setting)", async () => {
        const full = await runUnderMocks(() => fixtureProgram(), { mocks: mocks(), stack: "minimal-all" });
        const seen: string[] = [];
        const lean = await runUnderMocks(() => fixtureProgram(), { mocks: mocks(), stack: "minimal-all", recordValues: false, onRegistration: (r) => seen.push(r.urn) });
        assert.deepStrictEqual(seen, full.resources.map((r) => r.urn));
        assert.deepStrictEqual(
            lean.resources.map(({ inputs: _i, outputs: _o, ...rest }) => rest),
            full.resources.map(({ inputs: _i, outputs: _o, ...rest }) => rest),
        );
        assert.ok(full.resources.some((r) => Object.keys(r.inputs).length > 0 && r.outputs !== undefined));
        assert.ok(lean.resources.every((r) => Object.keys(r.inputs).length === 0 && r.outputs === undefined));
        assert.deepStrictEqual(lean.messages, full.messages);
        assert.deepStrictEqual(lean.stackOutputs, full.stackOutputs);
    });

    it("returns a program's RunError as a clean message, without a stack trace", async () => {
        await assert.rejects(
            runUnderMocks(
                async () => {
                    await aws.getCallerIdentity({});
                    throw new pulumi.RunError("stack minimal-app needs the network stack first");
                },
                { mocks: mocks(), stack: "minimal-app" },
            ),
            (err: unknown) => err instanceof PlanError && err.kind === "program" && err.message === "stack minimal-app needs the network stack first",
        );
    });

    it("fails when an apply callback throws, as the engine would", async () => {
        await assert.rejects(
            runUnderMocks(
                async () => {
                    const vpc = new aws.ec2.Vpc("v", { cidrBlock: "10.0.0.0/16" });
                    vpc.cidrBlock.apply((c) => {
                        throw new Error(`cannot carve ${c}`);
                    });
                    return {};
                },
                { mocks: mocks(), stack: "s" },
            ),
            (err: unknown) => err instanceof PlanError && /cannot carve 10\.0\.0\.0\/16/.test(err.message) && !/\n\s+at /.test(err.message),
        );
    });

    it("refuses two resources with the same URN, as the engine does", async () => {
        await assert.rejects(
            runUnderMocks(
                async () => {
                    new aws.ec2.Vpc("same", { cidrBlock: "10.0.0.0/16" });
                    new aws.ec2.Vpc("same", { cidrBlock: "10.1.0.0/16" });
                    return {};
                },
                { mocks: mocks(), stack: "s" },
            ),
            /Duplicate resource URN 'urn:pulumi:s::landing-zone::pulumi:pulumi:Stack\$aws:ec2\/vpc:Vpc::same'/,
        );
    });

    it("outside preview, gives resources deterministic AWS-like ids and ARNs in their provider's account", async () => {
        const run = await runUnderMocks(() => fixtureProgram(), { mocks: mocks(undefined, false), stack: "minimal-all", preview: false });
        const vpc = run.resources.find((r) => r.name === "net0-vpc")!;
        assert.match(String(vpc.outputs?.arn), /^arn:aws:ec2:eu-west-1:333333333333:vpc\/vpc-[0-9a-f]{17}$/);
        const wired = run.resources.find((r) => r.name === "net0-wired")!;
        assert.match(String(wired.inputs.vpcId), /^vpc-[0-9a-f]{17}$/);
    });
});

describe("plan: mocks", () => {
    it("names the AZs and zone ids of a Region", () => {
        assert.deepStrictEqual(regionZones("us-east-1").names.slice(0, 2), ["us-east-1a", "us-east-1b"]);
        assert.deepStrictEqual(regionZones("us-east-1").zoneIds.slice(0, 2), ["use1-az1", "use1-az2"]);
        // Only the zones the Region has (aws/availability-zones.ts): eu-central-1 has no sixth zone.
        assert.deepStrictEqual(regionZones("eu-central-1").zoneIds, ["euc1-az1", "euc1-az2", "euc1-az3"]);
        // A Region the table does not know still gets six, named the same way.
        assert.strictEqual(regionZones("ca-west-1").zoneIds[5], "caw1-az6");
    });

    it("is the management account, or the network account without one", () => {
        assert.strictEqual(callerAccountId(definition), "111111111111");
        const single = { ...definition, accounts: { network: "222222222222" } };
        assert.strictEqual(callerAccountId(single), "222222222222");
    });

    it("finds the unit of a referenced stack name", () => {
        assert.strictEqual(unitOfStackName("organization/landing-zone/minimal-app-one", "minimal"), "app-one");
        assert.strictEqual(unitOfStackName("minimal-network", "minimal"), "network");
        assert.strictEqual(unitOfStackName("organization/landing-zone/other-network", "minimal"), undefined);
    });

    it("synthesizes the outputs a spoke publishes for the network's second pass", () => {
        const out = synthesizeStackOutputs(definition, "app-one");
        assert.match(String(out.vpcId), /^vpc-[0-9a-f]{17}$/);
        assert.match(String(out.transitGatewayAttachmentId), /^tgw-attach-[0-9a-f]{17}$/);
        assert.strictEqual(out.cidr, "10.1.0.0/20");
        assert.notStrictEqual(out.vpcId, synthesizeStackOutputs(definition, "app-two").vpcId);
        assert.deepStrictEqual(synthesizeStackOutputs(definition, "app-one"), out, "deterministic");
    });

    it("synthesizes a Route 53 Profile for profile sharing and zones for hosted-zone sharing", () => {
        const profile = synthesizeStackOutputs(definition, "network");
        assert.match(String(profile.profileId), /^rp-[0-9a-f]{16}$/);
        assert.strictEqual(profile.hostedZoneIds, undefined);
        const hz = structuredClone(definition);
        hz.network.dns.sharing = "hosted-zones";
        const zones = synthesizeStackOutputs(hz, "network");
        assert.strictEqual(zones.profileId, undefined);
        assert.deepStrictEqual(zones.authorizedSpokes, ["app-one", "app-two"]);
        assert.ok(typeof zones.hostedZoneIds === "object");
    });
});

describe("plan: wire values", () => {
    it("turns the engine's unknowns and secrets into plan values and back", () => {
        const wire = { a: unknownSentinel(), b: ["x", unknownSentinel()], c: { "4dabf18193072939515e22adb298388d": "1b47061264138c4ac30d75fd1eb44270", value: "s3cret" } };
        const plan = fromWire(wire);
        assert.deepStrictEqual(plan, { a: UNKNOWN, b: ["x", UNKNOWN], c: "s3cret" });
        assert.deepStrictEqual(toWire({ a: UNKNOWN, b: [UNKNOWN, undefined], d: undefined }), { a: unknownSentinel(), b: [unknownSentinel(), null] });
    });
});
