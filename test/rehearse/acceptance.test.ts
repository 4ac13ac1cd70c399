/**
 * What a spoke's stack relies on of the network's acceptance and zone authorization
 * (program/acceptance.ts): AWS keys them by the attachment id and the VPC id
 * (AcceptTransitGatewayVpcAttachment, CreateVPCAssociationAuthorization), so a record names
 * the VPC the spoke keeps only when its id, account and CIDR are the ones it keeps now.
 */
import * as assert from "assert";
import { NetworkVpcRecord, keepsRecordedVpc, publishedVpcOf, recordOf } from "../../program/acceptance";
import { spokeRoutesReady } from "../../program/spoke";
import { Spoke } from "../../definition/schema";

const spoke = { name: "blue-dev", account: "green", cidr: "10.154.0.0/16" } as Spoke;
const green = "820000000011";
const blue = "820000000012";
const record: NetworkVpcRecord = { vpcId: "vpc-new", transitGatewayAttachmentId: "tgw-attach-new", accountId: green, cidr: spoke.cidr };
const own = { vpcId: "vpc-new", transitGatewayAttachmentId: "tgw-attach-new", accountId: green, cidr: spoke.cidr };

describe("acceptance and zone authorization, keyed as AWS keys them (program/acceptance.ts)", () => {
    it("the VPC the spoke keeps, recorded by its ids: relied on", () => {
        for (const key of ["transitGatewayAttachmentId", "vpcId"] as const) assert.strictEqual(keepsRecordedVpc(record, own, spoke, green, key), true, key);
    });

    it("the same CIDR in another account is another VPC: the record of the old one is not relied on", () => {
        const old: NetworkVpcRecord = { vpcId: "vpc-old", transitGatewayAttachmentId: "tgw-attach-old", accountId: blue, cidr: spoke.cidr };
        // The stack destroyed to move publishes nothing: the record's account decides.
        assert.strictEqual(keepsRecordedVpc(old, {}, spoke, green, "transitGatewayAttachmentId"), false);
        assert.strictEqual(keepsRecordedVpc(old, {}, spoke, green, "vpcId"), false);
        // Its own outputs in another account than now: this run builds another VPC.
        assert.strictEqual(keepsRecordedVpc(record, { ...own, accountId: blue }, spoke, green, "transitGatewayAttachmentId"), false);
    });

    it("another attachment or VPC id than the stack's own: the record is of an earlier VPC", () => {
        assert.strictEqual(keepsRecordedVpc(record, { ...own, transitGatewayAttachmentId: "tgw-attach-other" }, spoke, green, "transitGatewayAttachmentId"), false);
        assert.strictEqual(keepsRecordedVpc(record, { ...own, vpcId: "vpc-other" }, spoke, green, "vpcId"), false);
    });

    it("a new CIDR is a new VPC (Vpc cidrBlock is ForceNew)", () => {
        assert.strictEqual(keepsRecordedVpc(record, own, { ...spoke, cidr: "10.155.0.0/16" }, green, "vpcId"), false);
    });

    it("no record, or own outputs lost: nothing, or the record's account and CIDR decide", () => {
        assert.strictEqual(keepsRecordedVpc(undefined, own, spoke, green, "vpcId"), false);
        assert.strictEqual(keepsRecordedVpc(record, {}, spoke, green, "vpcId"), true);
    });

    it("reads the outputs as published, and a spoke in the transit gateway's own account routes at once", () => {
        assert.deepStrictEqual(recordOf({ "blue-dev": { ...record, extra: 1 } }, "blue-dev"), record);
        assert.strictEqual(recordOf({ "blue-dev": "10.154.0.0/16" }, "blue-dev"), undefined);
        assert.deepStrictEqual(publishedVpcOf({ vpcId: "vpc-new", cidr: spoke.cidr, other: 1 }), { vpcId: "vpc-new", transitGatewayAttachmentId: undefined, accountId: undefined, cidr: spoke.cidr });
        assert.strictEqual(spokeRoutesReady(false, {}, {}, green, spoke), true);
        assert.strictEqual(spokeRoutesReady(true, { acceptedVpcs: { "blue-dev": record } }, own, green, spoke), true);
        assert.strictEqual(spokeRoutesReady(true, { acceptedVpcs: { "blue-dev": { ...record, accountId: blue } } }, {}, green, spoke), false);
        // A network stack that predates acceptedVpcs: by CIDR, as it published.
        assert.strictEqual(spokeRoutesReady(true, { acceptedCidrs: { "blue-dev": spoke.cidr } }, {}, green, spoke), true);
    });
});
