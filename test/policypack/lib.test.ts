import { strict as assert } from "assert";
import { awsServiceShortName } from "../../policypacks/landing-zone/lib/aws-names";
import { insideAny } from "../../policypacks/landing-zone/lib/cidr";
import { actionInfo, expandAction, resourceCanMatch } from "../../policypacks/landing-zone/lib/iam-reference";
import { duplicateJsonKeys, parsePolicy } from "../../policypacks/landing-zone/lib/policy-document";
import { Unknown, isUnknown, plainProps, snapshot } from "../../policypacks/landing-zone/lib/values";
import { UNKNOWN, UNKNOWN_ARRAY, UNKNOWN_OBJECT, engineProps } from "./harness";

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

    it("reads the same snapshot behind the policy server's proxy as through it", () => {
        const raw = {
            type: "Interface",
            ids: ["sg-1", UNKNOWN],
            nested: { list: [{ a: UNKNOWN_OBJECT, b: [1, true, null] }], tags: { "landing-zone:role": "hub" } },
            whole: UNKNOWN_ARRAY,
        };
        const props = engineProps(raw);
        const fast = plainProps(props);
        assert.deepEqual(fast, snapshot(props));
        assert.equal(((fast["nested"] as { list: { a: Unknown }[] }).list[0].a).path, "nested.list[0].a");
    });

    it("tests CIDR containment (host bits tolerated, malformed never inside)", () => {
        assert.ok(insideAny("10.1.2.0/24", ["10.0.0.0/8"]));
        assert.ok(insideAny("10.1.2.7/24", ["10.1.2.0/24"]));
        assert.ok(insideAny("10.0.0.0/8", ["10.0.0.0/8"]));
        assert.ok(!insideAny("0.0.0.0/0", ["10.0.0.0/8"]));
        assert.ok(!insideAny("11.0.0.0/24", ["10.0.0.0/8", "192.168.0.0/16"]));
        assert.ok(!insideAny("10.0.0.0/33", ["0.0.0.0/0"]));
    });

    it("counts a source that merges adjacent allowed CIDRs as inside, and nothing past them", () => {
        const spokes = ["10.64.48.0/20", "10.64.16.0/20", "10.64.0.0/20", "10.64.32.0/20"]; // any order
        assert.ok(insideAny("10.64.0.0/18", spokes)); // all four
        assert.ok(insideAny("10.64.16.0/20", spokes));
        assert.ok(insideAny("10.64.32.0/19", spokes)); // the last two
        assert.ok(!insideAny("10.64.0.0/17", spokes)); // reaches past the fourth
        assert.ok(!insideAny("10.64.0.0/18", ["10.64.0.0/20", "10.64.16.0/20", "10.64.48.0/20"])); // a gap
        // A block nested in the next one and overlapping blocks merge too.
        assert.ok(insideAny("10.0.0.0/23", ["10.0.0.0/25", "10.0.0.0/24", "10.0.1.0/24", "10.0.1.0/26"]));
        assert.ok(insideAny("10.0.0.0/23", ["10.0.0.0/24", "10.0.0.0/24", "10.0.1.0/24", "not-a-cidr"]));
        assert.ok(!insideAny("10.0.0.0/23", []));
    });

    it("tells AWS service names (regional and global) from endpoint-service names", () => {
        assert.equal(awsServiceShortName("com.amazonaws.us-east-1.ecr.dkr"), "ecr.dkr");
        assert.equal(awsServiceShortName("com.amazonaws.iam"), "iam");
        assert.equal(awsServiceShortName("com.amazonaws.vpce.us-east-1.vpce-svc-0123456789abcdef1"), undefined);
    });

    it("parses a policy text once and hands every rule the same frozen result", () => {
        const text = JSON.stringify({ Version: "2012-10-17", Statement: [{ Effect: "Deny", Action: "s3:*", Resource: "*" }] });
        const a = parsePolicy(text);
        assert.equal(parsePolicy(text), a);
        assert.ok(a.kind === "document" && Object.isFrozen(a.statements[0]) && Object.isFrozen(a.document));
        assert.throws(() => {
            (a as { statements: unknown[] }).statements.push({});
        }, TypeError);
        const changed = parsePolicy(text.replace("s3:*", "s3:GetObject"));
        assert.ok(changed.kind === "document" && changed.statements[0].actions?.[0] === "s3:GetObject");
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
    it("finds keys written twice in one JSON object, with where, and only there", () => {
        assert.deepEqual(duplicateJsonKeys('{"a":1,"b":{"a":2},"c":[{"q":"x\\"q","q":2}],"a":3}'), ['c[0]: "q" twice in one object', '"a" twice in one object']);
        assert.deepEqual(duplicateJsonKeys(JSON.stringify({ Statement: [{ Condition: { StringEquals: { a: "1" } } }, { Condition: {} }] })), []);
    });
});
