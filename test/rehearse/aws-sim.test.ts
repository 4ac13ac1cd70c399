/**
 * The simulated AWS (tools/rehearse/aws-sim.ts) against the sourced rules it implements
 * (aws/lifecycle.ts): every delete blocker blocks while its user lives and not after,
 * every effect happens, every state rule and the checks the program relies on behave as
 * the rule says. Expectations come from the rule data, not from the simulator.
 */
import * as assert from "assert";
import { T, createRequirements, createStates, deleteBlockers, deleteEffects, importRule, organizationPrerequisites, singletons, zoneLastVpcRule } from "../../aws/lifecycle";
import { maxControlPoliciesPerTarget } from "../../aws/quotas";
import { Cloud } from "../../tools/rehearse/aws-sim";
import { object, rejects } from "./support/cloud";


describe("simulated AWS (tools/rehearse/aws-sim.ts) follows aws/lifecycle.ts", () => {
    it("every delete blocker blocks while its user lives, and not once the user is gone", () => {
        for (const rule of deleteBlockers) {
            const cloud = new Cloud(["111111111111"]);
            const blocked = object(cloud, rule.blocked, {});
            // An object that is created pending acceptance in every case (a peering attachment) is accepted first, as the program does.
            const pending = createStates.find((c) => c.type === rule.blocked && c.when === "always");
            if (pending) object(cloud, pending.acceptedBy, { transitGatewayAttachmentId: blocked.id }, "111111111111", { id: blocked.id });
            const value = rule.via.endsWith("s") && !["serviceName", "principal"].includes(rule.via) ? [blocked.identifiers[0]] : blocked.identifiers[0];
            const user = object(cloud, rule.by, { [rule.via]: rule.by === T.vpcEndpoint && rule.via === "serviceName" ? (blocked.attrs.serviceName ?? blocked.id) : value });
            const err = rejects(() => cloud.delete(blocked.key), rule.id);
            assert.ok(err.blocksDelete);
            assert.match(err.message, new RegExp(rule.source.split(" ")[0].replace(/[.*+?^${}()|[\]\\/]/g, "\\$&")));
            cloud.delete(user.key);
            assert.deepStrictEqual(cloud.delete(blocked.key), []);
            assert.strictEqual(cloud.get(blocked.key), undefined);
        }
    });

    it("an accepter's delete deletes the attachment; RAM sharing's delete turns it off for the organization; a connection accepter's rejects the endpoint", () => {
        const cloud = new Cloud(["111111111111", "222222222222"]);
        const tgw = object(cloud, T.transitGateway, { autoAcceptSharedAttachments: "disable" }, "111111111111");
        const share = object(cloud, T.ramResourceShare, {}, "111111111111");
        cloud.organization.ramSharing = true;
        object(cloud, T.ramResourceAssociation, { resourceShareArn: share.attrs.arn, resourceArn: tgw.attrs.arn }, "111111111111");
        object(cloud, T.ramPrincipalAssociation, { resourceShareArn: share.attrs.arn, principal: "arn:aws:organizations::111111111111:organization/o-x" }, "111111111111");
        const attachment = object(cloud, T.tgwVpcAttachment, { transitGatewayId: tgw.id, vpcId: "vpc-1" }, "222222222222");
        const accepter = object(cloud, T.tgwVpcAttachmentAccepter, { transitGatewayAttachmentId: attachment.id }, "111111111111", { id: attachment.id });
        const effects = cloud.delete(accepter.key);
        const rule = deleteEffects.find((e) => e.type === T.tgwVpcAttachmentAccepter)!;
        assert.deepStrictEqual(effects.map((e) => e.rule), [rule.id]);
        assert.strictEqual(effects[0].victim?.key, attachment.key);
        assert.strictEqual(cloud.get(attachment.key), undefined);

        const sharing = object(cloud, T.ramSharingWithOrganization, {}, "111111111111");
        assert.strictEqual(cloud.organization.ramSharing, true);
        assert.deepStrictEqual(cloud.delete(sharing.key).map((e) => e.rule), [deleteEffects.find((e) => e.type === T.ramSharingWithOrganization)!.id]);
        assert.strictEqual(cloud.organization.ramSharing, false);
    });

    it("a cross-account attachment starts pendingAcceptance, blocks associations and routes until accepted, then is available", () => {
        const cloud = new Cloud(["111111111111", "222222222222"], { ramSharing: true });
        const tgw = object(cloud, T.transitGateway, { autoAcceptSharedAttachments: "disable" }, "111111111111");
        const share = object(cloud, T.ramResourceShare, {}, "111111111111");
        object(cloud, T.ramResourceAssociation, { resourceShareArn: share.attrs.arn, resourceArn: tgw.attrs.arn }, "111111111111");
        object(cloud, T.ramPrincipalAssociation, { resourceShareArn: share.attrs.arn, principal: "arn:aws:organizations::111111111111:ou/o-x/ou-y" }, "111111111111");
        const vpc = object(cloud, T.vpc, {}, "222222222222");
        const table = object(cloud, T.routeTable, { vpcId: vpc.id }, "222222222222");
        const attachment = object(cloud, T.tgwVpcAttachment, { transitGatewayId: tgw.id, vpcId: vpc.id }, "222222222222");
        assert.strictEqual(attachment.state, "pendingAcceptance");
        rejects(() => object(cloud, T.route, { routeTableId: table.id, transitGatewayId: tgw.id }, "222222222222"), "tgw-route-needs-available-attachment");
        rejects(() => object(cloud, T.tgwRouteTableAssociation, { transitGatewayAttachmentId: attachment.id, transitGatewayRouteTableId: "tgw-rtb-1" }, "111111111111"), "tgw-association-needs-available-attachment");
        object(cloud, T.tgwVpcAttachmentAccepter, { transitGatewayAttachmentId: attachment.id }, "111111111111", { id: attachment.id });
        assert.strictEqual(attachment.state, "available");
        object(cloud, T.route, { routeTableId: table.id, transitGatewayId: tgw.id }, "222222222222");
        object(cloud, T.tgwRouteTableAssociation, { transitGatewayAttachmentId: attachment.id, transitGatewayRouteTableId: "tgw-rtb-1" }, "111111111111");
        // One association per attachment.
        rejects(() => object(cloud, T.tgwRouteTableAssociation, { transitGatewayAttachmentId: attachment.id, transitGatewayRouteTableId: "tgw-rtb-2" }, "111111111111"), "one-route-table-per-attachment");
        // Accepting twice fails: the attachment is no longer pending.
        rejects(() => object(cloud, T.tgwVpcAttachmentAccepter, { transitGatewayAttachmentId: attachment.id }, "111111111111", { id: attachment.id }), "tgw-accept-needs-pending-attachment");
    });

    it("sharing rules: an unshared transit gateway, an org share without RAM sharing enabled, a zone association without authorization", () => {
        const cloud = new Cloud(["111111111111", "222222222222"]);
        const tgw = object(cloud, T.transitGateway, {}, "111111111111");
        rejects(() => object(cloud, T.tgwVpcAttachment, { transitGatewayId: tgw.id, vpcId: "vpc-x" }, "222222222222"), "tgw-attachment-needs-share");
        const share = object(cloud, T.ramResourceShare, {}, "111111111111");
        rejects(() => object(cloud, T.ramPrincipalAssociation, { resourceShareArn: share.attrs.arn, principal: "arn:aws:organizations::111111111111:organization/o-x" }), "org-principal-needs-org-sharing");
        const zone = object(cloud, T.zone, {}, "111111111111");
        const vpc = object(cloud, T.vpc, {}, "222222222222");
        rejects(() => object(cloud, T.zoneAssociation, { zoneId: zone.id, vpcId: vpc.id }, "222222222222"), "zone-association-needs-authorization");
        object(cloud, T.vpcAssociationAuthorization, { zoneId: zone.id, vpcId: vpc.id }, "111111111111");
        object(cloud, T.zoneAssociation, { zoneId: zone.id, vpcId: vpc.id }, "222222222222");
    });

    it("an endpoint connects to its service Region's service, from another Region only where the service supports it (endpoint-needs-service-in-its-region)", () => {
        const rule = createRequirements.find((r) => r.id === "endpoint-needs-service-in-its-region")!;
        assert.strictEqual(rule.type, T.vpcEndpoint);
        const cloud = new Cloud(["111111111111", "222222222222"]);
        const allowed = ["arn:aws:iam::222222222222:root"];
        const service = object(
            cloud,
            T.vpcEndpointService,
            { acceptanceRequired: true, allowedPrincipals: allowed, serviceName: "com.amazonaws.vpce.eu-west-1.vpce-svc-1" },
            "111111111111",
            { region: "eu-west-1" },
        );
        const to = (region: string, serviceRegion?: string) => () =>
            object(cloud, T.vpcEndpoint, { serviceName: service.attrs.serviceName, ...(serviceRegion ? { serviceRegion } : {}) }, "222222222222", { region });
        // Same Region: no service Region needed.
        to("eu-west-1")();
        // Naming a service Region the service is not in (as an endpoint built to a moved owner's old service would).
        rejects(to("eu-west-1", "eu-central-1"), rule.id);
        rejects(to("eu-central-1"), rule.id);
        // Across Regions: refused until the service supports the endpoint's Region.
        rejects(to("eu-central-1", "eu-west-1"), rule.id);
        cloud.update(service.key, { ...service.attrs, supportedRegions: ["eu-central-1", "eu-west-1"] }, ["supportedRegions"]);
        to("eu-central-1", "eu-west-1")();
        rejects(to("us-east-1", "eu-west-1"), rule.id);
    });

    it("endpoint services: only allowed accounts connect, connections wait for acceptance, private DNS waits for it too", () => {
        const cloud = new Cloud(["111111111111", "222222222222"]);
        const service = object(cloud, T.vpcEndpointService, { acceptanceRequired: true, allowedPrincipals: [], serviceName: "com.amazonaws.vpce.eu-west-1.vpce-svc-1" }, "111111111111");
        rejects(() => object(cloud, T.vpcEndpoint, { serviceName: service.attrs.serviceName }, "222222222222"), "endpoint-needs-allowed-principal");
        cloud.update(service.key, { ...service.attrs, allowedPrincipals: ["arn:aws:iam::222222222222:root"] }, ["allowedPrincipals"]);
        rejects(() => object(cloud, T.vpcEndpoint, { serviceName: service.attrs.serviceName, privateDnsEnabled: true }, "222222222222"), "private-dns-needs-accepted-connection");
        const endpoint = object(cloud, T.vpcEndpoint, { serviceName: service.attrs.serviceName }, "222222222222");
        assert.strictEqual(endpoint.state, "pendingAcceptance");
        // Turned on apart from the endpoint (EndpointPrivateDns): refused while pending, fine once accepted.
        rejects(() => object(cloud, T.vpcEndpointPrivateDns, { vpcEndpointId: endpoint.id, privateDnsEnabled: true }, "222222222222"), "endpoint-private-dns-needs-accepted-connection");
        const off = object(cloud, T.vpcEndpointPrivateDns, { vpcEndpointId: endpoint.id, privateDnsEnabled: false }, "222222222222");
        rejects(() => cloud.update(off.key, { ...off.attrs, privateDnsEnabled: true }, ["privateDnsEnabled"]), "endpoint-private-dns-needs-accepted-connection");
        object(cloud, T.vpcEndpointConnectionAccepter, { vpcEndpointServiceId: service.id, vpcEndpointId: endpoint.id }, "111111111111");
        assert.strictEqual(cloud.get(endpoint.key)!.state, "available");
        cloud.update(off.key, { ...off.attrs, privateDnsEnabled: true }, ["privateDnsEnabled"]);
        object(cloud, T.vpcEndpointPrivateDns, { vpcEndpointId: endpoint.id, privateDnsEnabled: true }, "222222222222");
        // An AWS service's endpoint needs nothing of the kind.
        assert.strictEqual(object(cloud, T.vpcEndpoint, { serviceName: "com.amazonaws.eu-west-1.ssm" }, "222222222222").state, "available");
    });

    it("policy attachments need their policy type enabled in the root (the organization's prerequisites)", () => {
        const rule = createRequirements.find((r) => r.id === "policy-attachment-needs-policy-type")!;
        for (const type of organizationPrerequisites.policyTypesEnabled) {
            const enabled = new Cloud(["111111111111"]);
            object(enabled, T.orgPolicyAttachment, { policyId: object(enabled, T.orgPolicy, { type }).id, targetId: "ou-1" });
            const disabled = new Cloud(["111111111111"], { policyTypes: [] });
            rejects(() => object(disabled, T.orgPolicyAttachment, { policyId: object(disabled, T.orgPolicy, { type }).id, targetId: "ou-1" }), rule.id);
        }
    });

    it("an id the simulation never issued is external (it exists); one it issued and deleted is gone", () => {
        const cloud = new Cloud(["111111111111"]);
        object(cloud, T.tgwRouteTableAssociation, { transitGatewayAttachmentId: "tgw-attach-0123456789abcdef0", transitGatewayRouteTableId: "tgw-rtb-1" });
        const vpn = object(cloud, T.vpnConnection, { transitGatewayAttachmentId: "tgw-attach-vpn1" });
        cloud.delete(vpn.key);
        rejects(() => object(cloud, T.tgwRouteTableAssociation, { transitGatewayAttachmentId: "tgw-attach-vpn1", transitGatewayRouteTableId: "tgw-rtb-2" }), "tgw-association-needs-available-attachment");
    });
    describe("one-per-parent sub-resources (aws/lifecycle.ts singletons: a bucket's one policy)", () => {
        for (const rule of singletons) {
            it(`${rule.id}: a put replaces any writer's, a delete removes any writer's`, () => {
                const cloud = new Cloud(["111111111111"]);
                const parent = "bucket-a";
                assert.strictEqual(cloud.slot(rule.type, parent).state, "never");
                const first = object(cloud, rule.type, { [rule.parent]: parent }, "111111111111", { stack: "old-owner" });
                const second = object(cloud, rule.type, { [rule.parent]: parent }, "111111111111", { stack: "new-owner" });
                const held = cloud.slot(rule.type, parent);
                assert.ok(held.state === "held" && held.holder.key === second.key, "the later put is what the parent holds");
                // The old writer's delete (DeleteBucketPolicy by bucket name) removes the new writer's.
                const effects = cloud.delete(first.key);
                assert.deepStrictEqual(effects.map((e) => e.rule), [rule.id]);
                assert.strictEqual(effects[0].victim?.key, second.key);
                const emptied = cloud.slot(rule.type, parent);
                assert.ok(emptied.state === "emptied" && emptied.by?.stack === "old-owner", JSON.stringify(emptied));
                // Another parent is not touched.
                object(cloud, rule.type, { [rule.parent]: "bucket-b" });
                assert.strictEqual(cloud.slot(rule.type, "bucket-b").state, "held");
            });

            it(`${rule.id}: a forgotten one (retainOnDelete) stays until another put replaces it; the replaced one's forgetting leaves nothing`, () => {
                const cloud = new Cloud(["111111111111"]);
                const old = object(cloud, rule.type, { [rule.parent]: "bucket-a" }, "111111111111", { stack: "old-owner" });
                cloud.retain(old.key);
                assert.ok(cloud.slot(rule.type, "bucket-a").state === "held", "a forgotten policy is still the bucket's");
                const next = object(cloud, rule.type, { [rule.parent]: "bucket-a" }, "111111111111", { stack: "new-owner" });
                assert.strictEqual(cloud.get(old.key), undefined, "overwritten by the new put");
                const again = object(cloud, rule.type, { [rule.parent]: "bucket-b" }, "111111111111", { stack: "old-owner" });
                object(cloud, rule.type, { [rule.parent]: "bucket-b" }, "111111111111", { stack: "new-owner" });
                cloud.retain(again.key);
                assert.strictEqual(cloud.get(again.key), undefined, "a replaced policy forgotten is nothing in AWS");
                const held = cloud.slot(rule.type, "bucket-a");
                assert.ok(held.state === "held" && held.holder.key === next.key);
            });

            it(`${rule.id}: a put and another stack's delete in one wave leave the parent with none (the delete may run last)`, () => {
                const cloud = new Cloud(["111111111111"]);
                const old = object(cloud, rule.type, { [rule.parent]: "bucket-a" }, "111111111111", { stack: "old-owner" });
                cloud.beginWave();
                cloud.viewer = "new-owner";
                object(cloud, rule.type, { [rule.parent]: "bucket-a" }, "111111111111", { stack: "new-owner" });
                cloud.viewer = "old-owner";
                cloud.delete(old.key);
                cloud.viewer = undefined;
                const races = cloud.commitWave();
                assert.deepStrictEqual(races.map((r) => [r.stack, r.rule]), [["old-owner", rule.id]]);
                assert.strictEqual(cloud.slot(rule.type, "bucket-a").state, "emptied");
            });
        }
    });

    it("org-policies-per-target: a target holds at most the quota of each policy type, the AWS-managed one included", () => {
        const rule = createRequirements.find((r) => r.id === "org-policies-per-target")!;
        assert.strictEqual(rule.type, T.orgPolicyAttachment);
        const cloud = new Cloud(["111111111111"]);
        const managed = organizationPrerequisites.managedPolicyAttachedEverywhere;
        for (const [type, ou] of [["SERVICE_CONTROL_POLICY", "ou-a"], ["RESOURCE_CONTROL_POLICY", "ou-a"], ["SERVICE_CONTROL_POLICY", "ou-b"]] as const) {
            const attach = () => object(cloud, T.orgPolicyAttachment, { policyId: object(cloud, T.orgPolicy, { type }).id, targetId: ou });
            // The managed policy (FullAWSAccess / RCPFullAWSAccess) takes one slot: quota - 1 are left.
            assert.ok(managed[type]);
            const attached = Array.from({ length: maxControlPoliciesPerTarget - 1 }, attach);
            const err = rejects(attach, rule.id);
            assert.match(err.message, new RegExp(managed[type]));
            // Detaching one frees its slot.
            cloud.delete(attached[0].key);
            attach();
            rejects(attach, rule.id);
        }
    });
});

describe("simulated AWS: a private hosted zone's VPC associations (aws/route53-zone-associations.ts)", () => {
    const ACCOUNT = "111111111111";
    const setup = () => {
        const cloud = new Cloud([ACCOUNT]);
        const hub = object(cloud, T.vpc, {}, ACCOUNT);
        const zone = object(cloud, T.zone, { name: "ssm.eu-west-1.amazonaws.com", vpcs: [{ vpcId: hub.id }] }, ACCOUNT);
        return { cloud, hub, zone };
    };
    /** An association adopted as Pulumi's import would: no create rule, id zone:vpc:region. */
    const adopt = (cloud: Cloud, zoneId: string, vpcId: string, attrs: Record<string, unknown> = { zoneId, vpcId }) => {
        const id = `${zoneId}:${vpcId}:eu-west-1`;
        return cloud.adopt({ key: `adopt-${id}`, type: T.zoneAssociation, id, account: ACCOUNT, region: "eu-west-1", attrs: { ...attrs, id }, identifiers: [id], stack: "s", urn: `urn:${id}` });
    };

    it("the VPC a zone was created with cannot be associated again (pessimistic) and its deletion is refused while the zone holds it (pessimistic)", () => {
        const { cloud, hub, zone } = setup();
        rejects(() => object(cloud, T.zoneAssociation, { zoneId: zone.id, vpcId: hub.id }, ACCOUNT), "zone-association-already-associated");
        rejects(() => cloud.delete(hub.key), "vpc-delete-blocked-by-zone");
    });

    it("an import adopts the existing association, refused when the zone does not hold that VPC or the inputs name another", () => {
        const { cloud, hub, zone } = setup();
        rejects(() => adopt(cloud, zone.id, "vpc-other"), importRule.id);
        rejects(() => adopt(cloud, zone.id, hub.id, { zoneId: zone.id, vpcId: "vpc-new" }), importRule.id);
        const adopted = adopt(cloud, zone.id, hub.id);
        assert.deepEqual(cloud.zoneVpcs(zone).map((v) => v.vpcId), [hub.id, hub.id]);
        // Its delete is the zone's last VPC's disassociation: refused (documented).
        rejects(() => cloud.delete(adopted.key), zoneLastVpcRule.id);
    });

    it("a new VPC associated first, the old association's delete disassociates the old VPC — the zone's own one included — and the old VPC can go", () => {
        const { cloud, hub, zone } = setup();
        const adopted = adopt(cloud, zone.id, hub.id);
        const next = object(cloud, T.vpc, {}, ACCOUNT);
        object(cloud, T.zoneAssociation, { zoneId: zone.id, vpcId: next.id }, ACCOUNT);
        cloud.delete(adopted.key);
        assert.deepEqual(cloud.zoneVpcs(zone).map((v) => v.vpcId), [next.id]);
        assert.deepEqual(cloud.delete(hub.key), []);
    });

    it("deletedWith: an association that goes with its zone leaves nothing behind", () => {
        const { cloud, hub, zone } = setup();
        const adopted = adopt(cloud, zone.id, hub.id);
        cloud.vanish(adopted.key);
        assert.equal(cloud.get(adopted.key), undefined);
        assert.deepEqual(cloud.delete(zone.key), []);
        assert.deepEqual(cloud.delete(hub.key), []);
    });
});
