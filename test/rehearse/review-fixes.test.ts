/**
 * What the review found wrong in the rehearsal's model of AWS and in the deploy guard,
 * each checked against the sourced rule data (aws/lifecycle.ts) or the guard's own rule:
 * conditional replacements, in-place policy updates, private-DNS name conflicts, waves run
 * in parallel, pending deletes, liveness of spokes a wave destroys, and the program's
 * gates (a consumer whose service owner lost its outputs; a zone association keyed by the
 * authorized VPC's CIDR).
 */
import { strict as assert } from "assert";
import * as path from "path";
import { T, createRequirements, replacements } from "../../aws/lifecycle";
import { Cloud } from "../../tools/rehearse/aws-sim";
import { object, rejects } from "./support/cloud";
import { replacesOn } from "../../tools/rehearse/engine";
import { cutsLiveSpoke, protectiveDeletes, guardContext } from "../../tools/deploy/guard";
import { liveSpokesIn } from "../../tools/deploy/plan";
import { loadDefinitionFile } from "../../program/load";
import { spokeMayAssociateZones } from "../../program/services";
import { exitCodeOf } from "../../tools/rehearse/rehearse";
import { rehearsal } from "../support/rehearsals";
import { runLandingZone } from "../../program";


const fixtures = path.join(__dirname, "fixtures");

describe("review fixes: the rehearsal's model of AWS", () => {
    it("a Network Load Balancer whose subnets are removed or swapped is replaced; one that only gains subnets, or an application load balancer, is updated", () => {
        const rule = replacements[T.loadBalancer].conditional!.find((c) => c.input === "subnets")!;
        assert.match(rule.source, /customizeDiff/);
        const nlb = (subnets: string[]) => ({ loadBalancerType: "network", subnets });
        assert.equal(replacesOn(T.loadBalancer, ["subnets"], [], nlb(["a", "b"]), nlb(["a", "c"])), true, "swapped");
        assert.equal(replacesOn(T.loadBalancer, ["subnets"], [], nlb(["a", "b"]), nlb(["a"])), true, "removed");
        assert.equal(replacesOn(T.loadBalancer, ["subnets"], [], nlb(["a"]), nlb(["a", "b"])), false, "grown");
        assert.equal(replacesOn(T.loadBalancer, ["subnets"], [], { loadBalancerType: "application", subnets: ["a", "b"] }, { loadBalancerType: "application", subnets: ["c"] }), false);
    });

    it("queue policies, event bus policies, EventBridge rules and targets, Config rules: a new document is an update, not a replace", () => {
        for (const [type, input] of [
            [T.sqsQueuePolicy, "policy"],
            [T.eventBusPolicy, "policy"],
            [T.eventRule, "eventPattern"],
            [T.eventTarget, "arn"],
            [T.configRule, "source"],
        ] as const) {
            assert.ok(replacements[type], type);
            assert.equal(replacesOn(type, [input], []), false, `${type} ${input}`);
        }
        assert.equal(replacesOn(T.sqsQueuePolicy, ["queueUrl"], []), true);
    });

    it("a VPC cannot take an endpoint's private DNS and a private hosted zone of the same name, whichever comes first", () => {
        for (const id of ["private-dns-name-conflicts-with-zone", "zone-association-conflicts-with-same-name", "zone-create-conflicts-with-same-name"]) {
            assert.match(createRequirements.find((r) => r.id === id)!.source, /docs\.aws\.amazon\.com/);
        }
        const cloud = new Cloud(["111111111111"]);
        const zone = object(cloud, T.zone, { name: "ssm.eu-west-1.amazonaws.com", vpcs: [{ vpcId: "vpc-hub" }] });
        object(cloud, T.zoneAssociation, { zoneId: zone.id, vpcId: "vpc-1" });
        rejects(
            () => object(cloud, T.vpcEndpoint, { vpcId: "vpc-1", serviceName: "com.amazonaws.eu-west-1.ssm", privateDnsEnabled: true, vpcEndpointType: "Interface" }),
            "private-dns-name-conflicts-with-zone",
        );
        // Private DNS off: no conflict; and the endpoint with private DNS on refuses the zone the other way round.
        object(cloud, T.vpcEndpoint, { vpcId: "vpc-1", serviceName: "com.amazonaws.eu-west-1.ssm", privateDnsEnabled: false, vpcEndpointType: "Interface" });
        object(cloud, T.vpcEndpoint, { vpcId: "vpc-2", serviceName: "com.amazonaws.eu-west-1.ssm", privateDnsEnabled: true, vpcEndpointType: "Interface" });
        rejects(() => object(cloud, T.zoneAssociation, { zoneId: zone.id, vpcId: "vpc-2" }), "zone-association-conflicts-with-same-name");
        rejects(() => object(cloud, T.zone, { name: "ssm.eu-west-1.amazonaws.com", vpcs: [{ vpcId: "vpc-2" }] }), "zone-create-conflicts-with-same-name");
    });

    it("within a wave each stack sees AWS as it was before the wave: a create that held only because another stack had not run yet is reported at the commit", () => {
        const cloud = new Cloud(["111111111111", "222222222222"]);
        const service = object(cloud, T.vpcEndpointService, { allowedPrincipals: ["arn:aws:iam::111111111111:root"], serviceName: "com.amazonaws.vpce.eu-west-1.vpce-svc-1" });
        cloud.beginWave();
        cloud.viewer = "consumer";
        // The consumer's account is not allowed: refused at once.
        rejects(() => object(cloud, T.vpcEndpoint, { vpcId: "vpc-9", serviceName: service.attrs.serviceName, vpcEndpointType: "Interface" }, "222222222222"), "endpoint-needs-allowed-principal");
        cloud.viewer = undefined;
        assert.deepEqual(cloud.commitWave(), []);

        // The owner removes the allowed principal of an account whose endpoint the same wave creates: a race.
        cloud.update(service.key, { ...service.attrs, allowedPrincipals: ["arn:aws:iam::111111111111:root", "arn:aws:iam::222222222222:root"] }, ["allowedPrincipals"]);
        cloud.beginWave();
        cloud.viewer = "consumer";
        object(cloud, T.vpcEndpoint, { vpcId: "vpc-9", serviceName: service.attrs.serviceName, vpcEndpointType: "Interface" }, "222222222222");
        cloud.viewer = "owner";
        cloud.update(service.key, { ...service.attrs, allowedPrincipals: ["arn:aws:iam::111111111111:root"] }, ["allowedPrincipals"]);
        cloud.viewer = undefined;
        const races = cloud.commitWave();
        assert.deepEqual(races.map((r) => [r.stack, r.rule]), [["consumer", "endpoint-needs-allowed-principal"]]);
        assert.match(races[0].message, /owner/);
    });

    it("a failed update keeps the old objects of its replacements as pending deletes: still in state and counted, not deleted", async () => {
        // The renumbered spoke's first run of the change replaces its VPC (and what is in
        // it), then fails: the old objects stay, in state, for the next update to delete.
        const dir = path.join(fixtures, "changes", "rv-move-same-account-spoke-new-cidr");
        const file = path.join(dir, "rv-profile.yaml");
        const failing = async () => {
            await runLandingZone({ environment: "rv-profile", unit: "netsvc", definitionFile: file });
            await new Promise((resolve) => setTimeout(resolve, 200));
            throw new Error("the update failed after its replacements");
        };
        let pending = 0;
        const result = await rehearsal({
            definitionFile: file,
            fromFile: path.join(dir, "from", "rv-profile.yaml"),
            programFor: (unit, stage) => (unit === "netsvc" && stage === "change" ? failing : undefined),
            afterStep: (step, world) => {
                if (step.stack === "rv-profile-netsvc" && step.stage === "change") pending = world.backend.get(step.stack).pendingDeletes.length;
            },
        });
        assert.equal(exitCodeOf(result), 1);
        const step = result.steps.find((s) => s.stack === "rv-profile-netsvc" && s.stage === "change")!;
        assert.equal(step.outcome, "failed");
        assert.ok(step.replaces > 0, "it replaced before failing");
        assert.equal(pending, step.replaced.filter((r) => !step.deletes.some((d) => d.urn === r.urn)).length);
        assert.ok(pending > 0);
        assert.deepEqual(step.deletes, [], "nothing deleted by the failed update");
    });
});

describe("review fixes: the deploy guard and the rehearsal judge by one rule", () => {
    const d = loadDefinitionFile(path.join(fixtures, "definitions", "rv-profile.yaml")).definition!;

    it("a spoke destroyed in the same wave (or unit all destroyed) is not live: cutting it is what the change asks for", () => {
        const steps = [
            { wave: 1, unit: "alpha-web", operation: "destroy" as const },
            { wave: 2, unit: "network", operation: "destroy" as const },
        ];
        assert.equal(liveSpokesIn(steps, d, 1).has("alpha-web"), false);
        assert.equal(liveSpokesIn(steps, d, 1).has("beta-db"), true);
        assert.equal(liveSpokesIn([{ wave: 1, unit: "all", operation: "destroy" }], d, 1).size, 0);
        const context = guardContext(d, undefined, liveSpokesIn(steps, d, 1));
        assert.equal(cutsLiveSpoke({ spoke: "alpha-web" }, context), false);
        assert.equal(cutsLiveSpoke({ spoke: "beta-db" }, context), true);
        // A connection is cut only where the live spoke still consumes the service.
        const service = d.endpointServices.find((s) => s.consumers.includes("beta-db"))!;
        assert.equal(cutsLiveSpoke({ spoke: "beta-db", service: service.name }, context), true);
        assert.equal(cutsLiveSpoke({ spoke: "beta-db", service: "not-a-service" }, context), false);
    });

    it("a replaced connection accepter whose endpoint changed rejects nothing live: allowed; its plain delete is refused", () => {
        const context = guardContext(d, undefined, new Set(d.spokes.map((s) => s.name)));
        const service = d.endpointServices.find((s) => s.consumers.includes("beta-db") && s.spoke !== "beta-db")!;
        const urn = `urn:pulumi:rv-profile-${service.spoke}::landing-zone::x$${T.vpcEndpointConnectionAccepter}::${service.name}-accept-beta-db`;
        const change = (op: string, endpointChanged?: boolean) => ({ op, urn, type: T.vpcEndpointConnectionAccepter, retainOnDelete: false, tags: {}, ...(endpointChanged ? { endpointChanged } : {}) });
        assert.equal(protectiveDeletes(`rv-profile-${service.spoke}`, [change("replace", true)], context).length, 0);
        assert.equal(protectiveDeletes(`rv-profile-${service.spoke}`, [change("delete")], context).length, 1);
    });
});

describe("review fixes: the program's gates", function () {
    this.timeout(300000);

    it("a spoke associates the zones only once the network authorized its VPC's CIDR (a replaced VPC waits); older network outputs fall back to the name", () => {
        const spoke = { name: "green-dev", cidr: "10.1.0.0/16" } as never;
        const ctx = { singleGraph: false };
        assert.equal(spokeMayAssociateZones(ctx, spoke, ["green-dev"], { "green-dev": "10.1.0.0/16" }), true);
        assert.equal(spokeMayAssociateZones(ctx, spoke, ["green-dev"], { "green-dev": "10.9.0.0/16" }), false, "authorized the old VPC");
        assert.equal(spokeMayAssociateZones(ctx, spoke, ["green-dev"], undefined), true, "older outputs: by name");
        assert.equal(spokeMayAssociateZones({ singleGraph: true }, spoke, [], {}), true);
    });

    it("a consumer whose service owner lost its outputs stops, naming the owner, instead of deleting its endpoints", async () => {
        const file = path.join(fixtures, "definitions", "rv-zones.yaml");
        const d = loadDefinitionFile(file).definition!;
        const service = d.endpointServices.find((s) => s.consumers.some((c) => c !== s.spoke))!;
        const owner = `${d.environment}-${service.spoke}`;
        let cleared = false;
        const result = await rehearsal({
            definitionFile: file,
            afterStep: (step, world) => {
                // After the owner's second run of the deploy (its service published, its
                // connections accepted), its stack stops publishing the service (the rest of
                // its outputs kept, so the network's own guard does not stop first).
                if (step.stage === "deploy" && step.stack === owner && step.pass >= 2) {
                    const { endpointServices: _gone, ...rest } = world.backend.get(owner).outputs;
                    world.backend.get(owner).outputs = rest;
                    cleared = true;
                }
            },
        });
        assert.ok(cleared);
        const consumers = result.steps.filter((s) => s.outcome === "failed" && service.consumers.some((c) => s.stack === `${d.environment}-${c}`));
        assert.ok(consumers.length > 0, result.steps.filter((s) => s.outcome !== "ok").map((s) => `${s.stack}: ${s.message}`).join("\n"));
        for (const f of consumers) assert.match(f.message!, new RegExp(`${owner} publishes no endpointServices entry for ${service.name}`));
        // No consumer endpoint to the service was deleted.
        const deleted = result.steps.flatMap((s) => s.deletes).filter((x) => x.type === T.vpcEndpoint && x.urn.includes(`${service.name}-`));
        assert.deepEqual(deleted, []);
    });
});
