/**
 * Interface endpoint services per hub Region: each Region's list (its own, or the home
 * Region's it inherits) is checked against AWS's per-Region availability
 * (aws/service-regions.ts), at the file, line and key of the list. Expectations are read from
 * the sourced table, not from the checker.
 */
import * as assert from "assert";
import { regionsOffering, serviceAvailability, tableRegions } from "../../aws/service-regions";
import { serviceCatalog } from "../../aws/service-catalog";
import { at, base, edit, expectDiagnostic, load } from "./helpers";

/** A catalog service the table says is offered in some Regions it knows and not in others. */
function partlyOffered(): { service: string; offered: string; missing: string } {
    for (const service of Object.keys(serviceCatalog)) {
        if (serviceCatalog[service].onlyIn || serviceCatalog[service].notCentralizable) continue;
        const offered = regionsOffering(service);
        const missing = tableRegions.find((r) => !offered.includes(r) && serviceAvailability(service, r).status === "not-offered");
        if (offered.includes("us-east-1") && offered.length > 0 && missing) return { service, offered: "us-east-1", missing };
    }
    throw new Error("the table has no service offered in us-east-1 and missing elsewhere");
}

/** A catalog service the table does not list at all (availability unknown everywhere). */
function unlisted(): string {
    const s = Object.keys(serviceCatalog).find((n) => !serviceCatalog[n].onlyIn && !serviceCatalog[n].notCentralizable && serviceAvailability(n, "us-east-1").status === "unknown");
    if (!s) throw new Error("every catalog service is listed");
    return s;
}

const withRegion = (region: string, services?: string[]) =>
    edit(
        base,
        "  endpoints:\n    services: [ssm, kms]\n",
        `  endpoints:\n    services: [ssm, kms]\n  regions:\n    ${region}:\n      hub:\n        cidr: 10.8.0.0/21\n      transitGateway:\n        asn: 64513\n${services ? `      endpoints:\n        services: [${services.join(", ")}]\n` : ""}`,
    );

describe("definition: interface endpoint services per Region", () => {
    it("the sourced table offers the core services in long-established Regions", () => {
        for (const service of ["ssm", "kms", "logs", "sts", "ec2"]) {
            for (const region of ["us-east-1", "eu-west-1", "ap-southeast-2"]) assert.strictEqual(serviceAvailability(service, region).status, "offered", `${service} in ${region}`);
        }
    });

    it("a Region's own list names a service AWS does not offer there: an error at that list item", () => {
        const { service, missing } = partlyOffered();
        const text = withRegion(missing, ["ssm", service]);
        const r = load(text);
        expectDiagnostic(r, { path: `network.regions.${missing}.endpoints.services[1]`, message: new RegExp(`not offered in ${missing}`), line: at(text, `services: [ssm, ${service}]`).line });
    });

    it("the same service in a Region that offers it passes", () => {
        const { service, offered } = partlyOffered();
        const text = edit(base, "    services: [ssm, kms]\n", `    services: [ssm, kms, ${service}]\n`).replace("region: us-east-1", `region: ${offered}`);
        const r = load(text);
        assert.ok(!r.diagnostics.some((d) => d.path.startsWith("network.endpoints.services")), JSON.stringify(r.diagnostics));
    });

    it("a Region without a list inherits the home Region's: a service it does not offer is an error at the Region's key", () => {
        const { service, missing } = partlyOffered();
        const text = edit(withRegion(missing), "    services: [ssm, kms]\n", `    services: [ssm, kms, ${service}]\n`);
        const r = load(text);
        expectDiagnostic(r, { path: `network.regions.${missing}`, message: new RegExp(`"${service}" is not offered in ${missing}.*takes network.endpoints.services`), line: at(text, `${missing}:`).line });
    });

    it("availability unknown (a service the metadata does not list) is a warning, never assumed available", () => {
        const service = unlisted();
        const text = withRegion("eu-west-1", ["ssm", service]);
        const r = load(text);
        const d = r.diagnostics.find((x) => x.path === "network.regions.eu-west-1.endpoints.services[1]");
        assert.ok(d, JSON.stringify(r.diagnostics));
        assert.strictEqual(d!.severity, "warning");
        assert.match(d!.message, /not assumed available in eu-west-1/);
    });

    it("a Region newer than the table is unknown for every service", () => {
        assert.strictEqual(serviceAvailability("ssm", "xx-nowhere-9").status, "unknown");
    });

    it("every problem of every Region is reported in one run", () => {
        const { service, missing } = partlyOffered();
        const text = withRegion(missing, [service, unlisted()]);
        const r = load(text);
        const paths = r.diagnostics.map((d) => d.path);
        assert.ok(paths.includes(`network.regions.${missing}.endpoints.services[0]`), JSON.stringify(paths));
        assert.ok(paths.includes(`network.regions.${missing}.endpoints.services[1]`), JSON.stringify(paths));
    });
});

describe("definition: perimeter exceptions per hub Region", () => {
    it("warns in each hub Region where AWS publishes no AWS-owned resource a service there needs (the EKS add-on registry)", function () {
        const { eksAddonRegistries } = require("../../aws/aws-owned-resources") as typeof import("../../aws/aws-owned-resources");
        const { tableRegions: known } = require("../../aws/service-regions") as typeof import("../../aws/service-regions");
        // A Region the table offers EKS and ECR in, but AWS's registry table does not list.
        const lacking = known.find((r) => !(r in eksAddonRegistries) && ["eks", "ecr.api", "ecr.dkr"].every((s) => serviceAvailability(s, r).status === "offered"));
        if (!lacking) this.skip(); // every Region has its registry in AWS's table: nothing to warn about
        const text = withRegion(lacking, ["ecr.api", "ecr.dkr", "eks"]);
        const r = load(text);
        const d = r.diagnostics.find((x) => x.path.startsWith(`network.regions.${lacking}.endpoints.services`) && /AWS does not publish for/.test(x.message));
        assert.ok(d, JSON.stringify(r.diagnostics.map((x) => `${x.path}: ${x.message.slice(0, 80)}`)));
        assert.match(d!.message, new RegExp(lacking));
    });

    it("accepts an exception written for another hub Region's resources", () => {
        const text = withRegion("eu-west-1", ["ssm", "s3"]).replace(
            "spokes:",
            `perimeter:\n  exceptions:\n    - name: VendorBucket\n      service: s3\n      actions: [s3:GetObject]\n      resources: ["arn:aws:s3:eu-west-1::vendor-bucket/*"]\n      reason: vendor artifacts\nspokes:`,
        );
        const r = load(text);
        assert.ok(!r.diagnostics.some((d) => d.path.startsWith("perimeter.exceptions[0].resources") && /is in Region/.test(d.message)), JSON.stringify(r.diagnostics));
    });
});
