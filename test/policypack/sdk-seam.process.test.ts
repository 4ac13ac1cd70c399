/**
 * The pack's SDK seam with its hooks off (policypacks/landing-zone/lib/sdk-seam.ts), in a
 * fresh process: the pack reads through the SDK's proxy and still names every unknown.
 */
import { strict as assert } from "assert";
import { execFileSync } from "child_process";
import * as path from "path";
import { nodeArgs } from "../support/processes";

describe("policy pack: SDK seam, hooks off", function () {
    this.timeout(120000);

    it("with the hooks off, the pack reads through the proxy and still names every unknown in an advisory note", () => {
        const script = `
            const { runResource, UNKNOWN } = require(${JSON.stringify(path.join(__dirname, "harness"))});
            const { endpointsVpcEndpointPolicySize } = require(${JSON.stringify(path.resolve(__dirname, "../../policypacks/landing-zone/policies/endpoints-vpc-endpoint-policy-size"))});
            runResource(endpointsVpcEndpointPolicySize, { type: "aws:ec2/vpcEndpoint:VpcEndpoint", name: "ep", props: { policy: UNKNOWN } })
                .then((r) => process.stdout.write(JSON.stringify(r)), (e) => process.stdout.write(JSON.stringify({ error: String(e) })));`;
        const out = execFileSync(process.execPath, nodeArgs("-e", script), {
            env: { ...process.env, LZ_PACK_SDK_HOOKS: "off" },
            cwd: path.resolve(__dirname, "../.."),
            encoding: "utf8",
        });
        const parsed = JSON.parse(out);
        assert.ok(!parsed.error, parsed.error);
        // The rule ends with the SDK's UnknownValueError, recorded as the server records it.
        assert.equal(parsed.length, 1);
        assert.equal(parsed[0].level, "advisory");
        assert.match(parsed[0].message, /during preview: could not decide during preview: policy of ep \(policy\)/);
    });
});
