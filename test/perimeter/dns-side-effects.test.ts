/**
 * Private DNS that would capture other traffic is kept from the spokes (aws/private-dns.ts):
 * execute-api's wildcard name, and the S3/DynamoDB endpoints that answer only on-premises.
 */
import * as assert from "assert";
import { privateDnsHijack } from "../../aws/private-dns";
import { dnsSharedServices, interfaceEndpointSpecs, privateDnsSharedWithSpokes } from "../../components/central-endpoints";
import { serviceZoneSpecs } from "../../components/hosted-zones";
import { Definition } from "../../definition/schema";
import { shipped } from "./helpers";

function withExecuteApiDns(d: Definition, on: boolean): Definition {
    return { ...d, network: { ...d.network, endpoints: { ...d.network.endpoints, executeApiPrivateDns: on } } };
}

describe("perimeter: DNS side effects of sharing private DNS with every VPC", () => {
    const prod = shipped("prod");

    it("keeps execute-api's private DNS off and out of what spokes see, unless the definition opts in", () => {
        assert.ok(privateDnsHijack("execute-api"), "AWS's fact");
        const hub = { privateDns: true, gatewayEndpointServices: ["s3", "dynamodb"], inboundOnlyDns: true };
        const spec = (d: Definition) => interfaceEndpointSpecs(d, d.network.endpoints.services, hub).find((s) => s.service === "execute-api")!;
        assert.strictEqual(spec(prod).privateDnsEnabled, false);
        assert.strictEqual(spec(prod).sharedWithSpokes, false);
        assert.ok(!dnsSharedServices(prod).includes("execute-api"));
        const optedIn = withExecuteApiDns(prod, true);
        assert.strictEqual(spec(optedIn).privateDnsEnabled, true);
        assert.ok(dnsSharedServices(optedIn).includes("execute-api"));
        // Every other service keeps private DNS (the Profile brings its names to the spokes).
        for (const s of interfaceEndpointSpecs(prod, prod.network.endpoints.services, hub)) {
            if (s.service !== "execute-api" && s.service !== "s3") assert.strictEqual(s.privateDnsEnabled, true, s.service);
        }
    });

    it("keeps the inbound-only S3 endpoint out of the Profile and of the spokes' zones", () => {
        assert.strictEqual(privateDnsSharedWithSpokes(prod, "s3"), false);
        assert.ok(!dnsSharedServices(prod).includes("s3"));
        const zones = serviceZoneSpecs(prod.region, dnsSharedServices(withExecuteApiDns(prod, false)));
        assert.ok(!zones.some((z) => z.zone.startsWith("execute-api.") || z.zone.startsWith("s3.")), zones.map((z) => z.zone).join(", "));
    });
});
