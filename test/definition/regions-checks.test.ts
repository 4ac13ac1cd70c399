/**
 * Validation of more than one Region (definition/checks/regions.ts and the per-Region parts
 * of the other area checks): every problem in one run, each at its file, line and key.
 */
import * as assert from "assert";
import { at, base, edit, errors, expectDiagnostic, load } from "./helpers";

/** `base` with a second Region, eu-west-1, and app-b placed there. */
const twoRegions = edit(
    edit(
        base,
        "  endpoints:\n    services: [ssm, kms]\n",
        `  endpoints:
    services: [ssm, kms]
  regions:
    eu-west-1:
      hub:
        cidr: 10.8.0.0/21
      transitGateway:
        asn: 64513
      summaries:
        apps: [10.32.0.0/12]
`,
    ),
    "    cidr: 10.2.0.0/16\n",
    "    cidr: 10.34.0.0/16\n    region: eu-west-1\n",
);

/** Errors other than the ones the seam raises until every unit builds its Region (removed with that check). */
const realErrors = (text: string) => errors(load(text)).filter((d) => !/not built yet/.test(d.message));

describe("definition: more than one Region", () => {
    it("a valid two-Region definition has no other error", () => {
        assert.deepStrictEqual(realErrors(twoRegions).map((d) => `${d.path}: ${d.message}`), []);
    });

    it("a network.regions key equal to the home Region is an error at the key", () => {
        const text = edit(twoRegions, "    eu-west-1:\n      hub:", "    us-east-1:\n      hub:");
        expectDiagnostic(load(text), { path: "network.regions.us-east-1", message: /is the home Region/, line: at(text, "    us-east-1:").line });
    });

    it("a spoke's region must have a hub; the closest Region is suggested", () => {
        const text = edit(twoRegions, "    region: eu-west-1\n", "    region: eu-west-2\n");
        expectDiagnostic(load(text), { path: "spokes[1].region", message: /eu-west-2 has no hub.*did you mean "eu-west-1"/, line: at(text, "region: eu-west-2").line });
    });

    it("CIDRs may not overlap across Regions (hubs and spokes)", () => {
        const text = edit(twoRegions, "        cidr: 10.8.0.0/21\n", "        cidr: 10.1.0.0/21\n");
        // Reported at the later of the two in the file.
        expectDiagnostic(load(text), { path: "spokes[0].cidr", message: /10\.1\.0\.0\/16 overlaps 10\.1\.0\.0\/21 of the hub of eu-west-1/ });
    });

    it("ASNs must differ across Regions", () => {
        const text = edit(twoRegions, "        asn: 64513\n", "        asn: 64512\n");
        expectDiagnostic(load(text), { path: "network.regions.eu-west-1.transitGateway.asn", message: /ASN 64512 is also the home Region's .* distinct Amazon-side ASNs/ });
    });

    it("a spoke lies in its own Region's summary of its domain, not in another Region's", () => {
        // app-a (home) inside eu-west-1's apps summary.
        const text = edit(twoRegions, "    cidr: 10.1.0.0/16\n", "    cidr: 10.33.0.0/16\n");
        expectDiagnostic(load(text), { path: "spokes[0].cidr", message: /lies in 10\.32\.0\.0\/12, a summary block of domain "apps" in eu-west-1/ });
        // app-b (eu-west-1) outside its Region's apps summary.
        const outside = edit(twoRegions, "    cidr: 10.34.0.0/16\n", "    cidr: 10.64.0.0/16\n");
        expectDiagnostic(load(outside), { path: "spokes[1].cidr", message: /outside the summary blocks of domain "apps" in eu-west-1/ });
    });

    it("summaries name declared domains and are disjoint across Regions", () => {
        let text = edit(twoRegions, "        apps: [10.32.0.0/12]\n", "        aps: [10.32.0.0/12]\n");
        expectDiagnostic(load(text), { path: "network.regions.eu-west-1.summaries.aps", message: /"aps" is not a route domain — did you mean "apps"/ });
        text = edit(twoRegions, "      shared:\n        reaches: [apps]\n", "      shared:\n        reaches: [apps]\n      apps2: {}\n");
        text = edit(text, "        reaches: [shared, apps]\n", "        reaches: [shared, apps]\n        cidrs: [10.40.0.0/13]\n");
        expectDiagnostic(load(text), { path: "network.regions.eu-west-1.summaries.apps[0]", message: /overlaps 10\.40\.0\.0\/13 of domain "apps" in us-east-1/ });
    });

    it("a spoke named after a Region's network unit is an error", () => {
        const text = edit(twoRegions, "  - name: app-a\n", "  - name: network-eu-west-1\n");
        expectDiagnostic(load(text), { path: "spokes[0].name", message: /is the network unit of eu-west-1/ });
    });

    it("the AZ count and names are checked in each Region", () => {
        let text = edit(twoRegions, "        cidr: 10.8.0.0/21\n", "        cidr: 10.8.0.0/21\n        availabilityZones: 4\n");
        expectDiagnostic(load(text), { path: "network.regions.eu-west-1.hub.availabilityZones", message: /eu-west-1 has 3 Availability Zones/ });
        text = edit(twoRegions, "        cidr: 10.8.0.0/21\n", "        cidr: 10.8.0.0/21\n        availabilityZones: [eu-west-1a, us-east-1b]\n");
        expectDiagnostic(load(text), { path: "network.regions.eu-west-1.hub.availabilityZones[1]", message: /us-east-1b is not in region eu-west-1/ });
    });

    it("each Region's hub must hold its subnets", () => {
        const text = edit(twoRegions, "        cidr: 10.8.0.0/21\n", "        cidr: 10.8.0.0/27\n");
        expectDiagnostic(load(text), { path: "network.regions.eu-west-1.hub.cidr", message: /10\.8\.0\.0\/27/ });
    });

    it("transit gateway quotas are per Region, peering attachments and cross-Region routes included", () => {
        const lowered = edit(twoRegions, "spokes:\n", "quotas:\n  tgwPeeringAttachments: 1\n  tgwRoutes: 5\nspokes:\n");
        const r = load(lowered);
        // 1 peering each: within a raised quota of 1; routes: above 5 in both Regions.
        assert.ok(!r.diagnostics.some((d) => /peering attachments/.test(d.message)), "one peering per Region fits");
        expectDiagnostic(r, { path: "network.regions.eu-west-1", message: /eu-west-1's transit gateway needs about \d+ routes .*to the other Regions/ });
        expectDiagnostic(r, { path: "network", message: /the home Region's \(us-east-1\) transit gateway needs about \d+ routes/ });
    });

    it("every problem of every Region in one run", () => {
        let text = edit(twoRegions, "        asn: 64513\n", "        asn: 64512\n");
        text = edit(text, "    region: eu-west-1\n", "    region: eu-west-3\n");
        text = edit(text, "        cidr: 10.8.0.0/21\n", "        cidr: 10.1.0.0/21\n");
        const paths = realErrors(text).map((d) => d.path);
        for (const p of ["network.regions.eu-west-1.transitGateway.asn", "spokes[1].region", "spokes[0].cidr"]) assert.ok(paths.includes(p), `${p} in ${paths.join(", ")}`);
    });
});
