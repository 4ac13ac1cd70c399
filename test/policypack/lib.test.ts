import { strict as assert } from "assert";
import { insideAny } from "../../policypacks/landing-zone/lib/cidr";
import { actionInfo, expandAction, resourceCanMatch } from "../../policypacks/landing-zone/lib/iam-reference";
import { Unknown, isUnknown, plainProps } from "../../policypacks/landing-zone/lib/values";
import { UNKNOWN, UNKNOWN_ARRAY, engineProps } from "./harness";

describe("policy pack helpers", () => {
    it("snapshots engine properties with unknowns as markers that name their path, without throwing", () => {
        const props = engineProps({ a: "x", list: ["ok", UNKNOWN], nested: { deep: UNKNOWN }, ids: UNKNOWN_ARRAY, n: null });
        assert.throws(() => (props as Record<string, unknown>)["ids"], /can't be known during preview/);
        const plain = plainProps(props);
        assert.equal(plain["a"], "x");
        assert.equal((plain["list"] as unknown[])[0], "ok");
        assert.ok(isUnknown((plain["list"] as unknown[])[1]));
        assert.equal(((plain["list"] as unknown[])[1] as Unknown).path, "list[1]");
        assert.equal(((plain["nested"] as Record<string, Unknown>)["deep"]).path, "nested.deep");
        assert.equal((plain["ids"] as Unknown).path, "ids");
        assert.equal(plain["n"], null);
    });

    it("tests CIDR containment (host bits tolerated, malformed never inside)", () => {
        assert.ok(insideAny("10.1.2.0/24", ["10.0.0.0/8"]));
        assert.ok(insideAny("10.1.2.7/24", ["10.1.2.0/24"]));
        assert.ok(insideAny("10.0.0.0/8", ["10.0.0.0/8"]));
        assert.ok(!insideAny("0.0.0.0/0", ["10.0.0.0/8"]));
        assert.ok(!insideAny("11.0.0.0/24", ["10.0.0.0/8", "192.168.0.0/16"]));
        assert.ok(!insideAny("10.0.0.0/33", ["0.0.0.0/0"]));
    });

    it("reads the Service Authorization Reference: actions, resource types, wildcard-only actions", async () => {
        const perms = await actionInfo("ec2", "ModifyVpcEndpointServicePermissions");
        assert.ok(perms);
        assert.ok(resourceCanMatch("arn:aws:ec2:*:*:vpc-endpoint-service/*", perms));
        assert.ok(resourceCanMatch("arn:aws:ec2:us-east-1:111111111111:vpc-endpoint-service/vpce-svc-0123", perms));
        assert.ok(!resourceCanMatch("arn:aws:ec2:*:*:vpc-endpoint/*", perms));
        assert.ok(!resourceCanMatch("arn:aws:s3:::bucket/*", perms));
        assert.ok(resourceCanMatch("*", perms));
        const expanded = await expandAction("ec2:*VpcEndpointService*");
        assert.ok(!("all" in expanded) && expanded.actions.length > 3);
        assert.ok("all" in (await expandAction("*")));
        const missing = await expandAction("nosuchservice:Do");
        assert.ok(!("all" in missing) && missing.actions.length === 0 && /does not exist/.test(missing.reason ?? ""));
    });
});
