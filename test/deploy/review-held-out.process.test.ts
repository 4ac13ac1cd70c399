/**
 * Review held-out cases for `npm run deploy` against the fake `pulumi`
 * (fixtures/fake-pulumi/pulumi). Expectations come from AWS / provider behaviour
 * (terraform-provider-aws vpc_endpoint_connection_accepter.go: deleting the accepter rejects
 * *that* endpoint's connection), written before running.
 */
import { strict as assert } from "assert";
import * as fs from "fs";
import * as path from "path";
import { T } from "../../aws/lifecycle";
import { runPlan, stepsOf } from "../../tools/deploy/plan";
import { loadDefinitionFile } from "../../program/load";
import { Call, FakeProject, fakeProjects } from "./fake-project";

const heldOut = path.resolve(__dirname, "..", "rehearse", "fixtures", "definitions");
const ups = (calls: Call[]) => calls.filter((c) => c.command === "up" || c.command === "destroy");

describe("review: npm run deploy failure modes (fake pulumi)", function () {
    this.timeout(120000);
    const project = fakeProjects();

    it("destroy of two spokes that use each other's services: the owners' connection accepters go with the consumers (same wave) and are not refused", async () => {
        const p = project(path.join(heldOut, "rv-profile.yaml"));
        const plan = runPlan({ definition: p.definition, definitionFile: p.definitionFile, destroy: true });
        const accepter = (name: string) => ({ op: "delete", type: T.vpcEndpointConnectionAccepter, name });
        p.scenario({
            existing: [...new Set(stepsOf(plan).map((s) => s.stack))],
            plans: {
                "rv-profile-beta-db:destroy": [accepter("ledger-accept-alpha-api"), accepter("ledger-accept-alpha-web")],
                "rv-profile-alpha-api:destroy": [accepter("quotes-accept-beta-db"), accepter("quotes-accept-alpha-web"), accepter("quotes-accept-netsvc")],
            },
        });
        const run = await p.deploy(["--definition", p.definitionFile, "--destroy"]);
        assert.equal(run.code, 0, run.err.join("\n"));
    });

    it("a consumer spoke renumbered (new VPC, new endpoint): the owner's accepter of the OLD endpoint is replaced, which rejects nothing live", async () => {
        const dir = path.resolve(heldOut, "..", "changes", "rv-move-same-account-spoke-new-cidr");
        const p = project(path.join(dir, "rv-profile.yaml"));
        const earlier = p.write("deployed/rv-profile.yaml", fs.readFileSync(path.join(dir, "from", "rv-profile.yaml"), "utf8"));
        const plan = runPlan({ definition: p.definition, definitionFile: p.definitionFile, from: loadDefinitionFile(earlier).definition!, fromFile: earlier });
        p.scenario({
            existing: [...new Set(stepsOf(plan).map((s) => s.stack))],
            plans: { "rv-profile-alpha-api": [{ op: "replace", type: T.vpcEndpointConnectionAccepter, name: "quotes-accept-netsvc" }] },
        });
        const run = await p.deploy(["--definition", p.definitionFile, "--from", earlier]);
        const calls = p.calls();
        const before = ups(calls).filter((c) => c.stack !== "rv-profile-alpha-api").map((c) => `${c.command} ${c.stack}`);
        assert.equal(run.code, 0, `${run.err.join("\n")}\n-- already applied before the refusal: ${before.join(", ")}`);
    });

    it("a wave with one stack locked by another update: the step fails naming the lock, the others of the wave finish, resume continues", async () => {
        const p = project(path.join(heldOut, "rv-noorg.yaml"));
        const plan = runPlan({ definition: p.definition, definitionFile: p.definitionFile });
        const wave = plan.waves.find((w) => w.stacks.length >= 2)!;
        const [locked, other] = wave.stacks;
        p.scenario({
            delays: { [other.stack]: 800 },
            fail: [{ command: "preview", stack: locked.stack, times: 1, message: "the stack is currently locked by 1 lock(s). Either wait for the other process(es) to end or delete the lock file with `pulumi cancel`." }],
        });
        const first = await p.deploy(["--definition", p.definitionFile, "--parallel", "3"]);
        assert.equal(first.code, 1);
        assert.match(first.err.join("\n"), /locked/);
        const calls = p.calls();
        assert.equal(calls.filter((c) => c.command === "up" && c.stack === other.stack).at(-1)?.code, 0, "the other stack of the wave finished");
        p.clearCalls();
        const second = await p.deploy(["--definition", p.definitionFile, "--resume"]);
        assert.equal(second.code, 0, second.err.join("\n"));
        assert.equal(p.calls().filter((c) => c.command === "up" && c.stack === other.stack && c.start > 0).length, stepsOf(plan).filter((s) => s.stack === other.stack && s.wave > wave.wave).length, "the finished step is not run again");
    });

    it("--parallel 1 runs each wave's steps one at a time, in plan order (the order the rehearsal runs them in)", async () => {
        const p = project(path.join(heldOut, "rv-profile.yaml"));
        const plan = runPlan({ definition: p.definition, definitionFile: p.definitionFile });
        p.scenario({ delayMs: 150 });
        const one = await p.deploy(["--definition", p.definitionFile, "--parallel", "1"]);
        assert.equal(one.code, 0, one.err.join("\n"));
        const order = p.calls().filter((c) => c.command === "up").map((c) => c.stack);
        assert.deepEqual(order, stepsOf(plan).map((s) => s.stack));
    });
});

describe("review: refusals of later waves are found before anything runs", function () {
    this.timeout(120000);
    it("a destroy whose last-but-one wave (the org stack, state written without retainOnDelete on RAM sharing) would be refused: nothing is destroyed, the refusal names the step", async () => {
        const p = new FakeProject(path.join(heldOut, "rv-profile.yaml"));
        try {
            const plan = runPlan({ definition: p.definition, definitionFile: p.definitionFile, destroy: true });
            assert.ok(stepsOf(plan).find((s) => s.stack === "rv-profile-org")!.wave > 1);
            p.scenario({
                existing: [...new Set(stepsOf(plan).map((s) => s.stack))],
                // Written by an older program: RAM sharing with the organization without retainOnDelete.
                plans: { "rv-profile-org:destroy": [{ op: "delete", type: T.ramSharingWithOrganization, name: "rv-profile-guardrails-ram-sharing" }] },
            });
            const run = await p.deploy(["--definition", p.definitionFile, "--destroy"]);
            assert.equal(run.code, 1);
            assert.equal(ups(p.calls()).length, 0, "nothing ran");
            assert.match(run.err.join("\n"), /rv-profile-org#\d+ destroy: would be REFUSED when its wave runs/);
        } finally {
            p.remove();
        }
    });
});
