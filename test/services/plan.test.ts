/**
 * The endpoint and DNS contract on the offline plan of the shipped stacks (the records
 * `npm run plan -- --json` writes), followed through `dependencies` as a reviewer would.
 */
import * as assert from "assert";
import { privateDnsSharedWithSpokes } from "../../components/central-endpoints";
import { loadDefinitionFile } from "../../program/load";
import * as fs from "fs";
import * as os from "os";
import * as path from "path";
import * as YAML from "yaml";
import { priceResources } from "../../analysis/cost";
import { centralizableServices } from "../../aws/service-catalog";
import { PlannedResource } from "../../analysis/plan-records";
import { PlanResult } from "../../tools/plan/model";
import { sharedPlan } from "../support/plans";

const root = path.resolve(__dirname, "../..");
const stack = (name: string) => path.join(root, "stacks", `${name}.yaml`);
const T = {
    endpoint: "aws:ec2/vpcEndpoint:VpcEndpoint",
    vpc: "aws:ec2/vpc:Vpc",
    resourceAssociation: "aws:route53/profilesResourceAssociation:ProfilesResourceAssociation",
    association: "aws:route53/profilesAssociation:ProfilesAssociation",
    profile: "aws:route53/profilesProfile:ProfilesProfile",
    shareResource: "aws:ram/resourceAssociation:ResourceAssociation",
    sharePrincipal: "aws:ram/principalAssociation:PrincipalAssociation",
    share: "aws:ram/resourceShare:ResourceShare",
    zone: "aws:route53/zone:Zone",
    record: "aws:route53/record:Record",
    authorization: "aws:route53/vpcAssociationAuthorization:VpcAssociationAuthorization",
    zoneAssociation: "aws:route53/zoneAssociation:ZoneAssociation",
};

const ofType = (plan: PlanResult, type: string) => plan.resources.filter((r) => r.type === type);
const deps = (r: PlannedResource, input: string) => r.dependencies[input] ?? [];
/** Interface endpoints to AWS services (not PrivateLink consumer endpoints to endpoint services). */
const awsServiceEndpoints = (plan: PlanResult) =>
    ofType(plan, T.endpoint).filter((e) => e.inputs.vpcEndpointType === "Interface" && String(e.inputs.serviceName).startsWith("com.amazonaws.") && !String(e.inputs.serviceName).startsWith("com.amazonaws.vpce."));
function vpcNamed(plan: PlanResult, name: string): PlannedResource {
    const vpc = ofType(plan, T.vpc).find((v) => v.name === name);
    assert.ok(vpc, `no VPC ${name} in the plan (have ${ofType(plan, T.vpc).map((v) => v.name).join(", ")})`);
    return vpc;
}

/** A copy of a shipped definition with other endpoint services, in a temp folder (file name = environment). */
function withServices(name: string, services: string[]): string {
    const doc = YAML.parseDocument(fs.readFileSync(stack(name), "utf8"));
    doc.setIn(["network", "endpoints", "services"], services);
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), "lz-services-"));
    const file = path.join(dir, `${name}.yaml`);
    fs.writeFileSync(file, doc.toString());
    return file;
}

function shippedDefinition(name: string) {
    return loadDefinitionFile(path.resolve(__dirname, "../../stacks", `${name}.yaml`)).definition!;
}

describe("services: offline plan of the shipped stacks", function () {
    this.timeout(180000);

    describe("prod (unit all)", () => {
        let plan: PlanResult;
        let definition: { services: string[]; spokes: string[]; shareWith: string[] };
        before(async () => {
            plan = await sharedPlan({ definitionFile: stack("prod"), unit: "all" });
            const raw = YAML.parse(fs.readFileSync(stack("prod"), "utf8"));
            definition = { services: raw.network.endpoints.services, spokes: raw.spokes.map((s: { name: string }) => s.name), shareWith: raw.network.dns.shareWith };
        });

        it("has one interface endpoint per listed service, all in the hub VPC", () => {
            const hub = vpcNamed(plan, "hub-vpc");
            const endpoints = awsServiceEndpoints(plan);
            assert.deepStrictEqual(endpoints.map((e) => String(e.inputs.serviceName).replace("com.amazonaws.us-east-1.", "")).sort(), [...definition.services].sort());
            for (const e of endpoints) assert.deepStrictEqual(deps(e, "vpcId"), [hub.urn], `${e.name} is in the hub`);
        });

        it("associates every hub endpoint whose private DNS every VPC may see with the Profile by ARN, and no other", () => {
            const [profile] = ofType(plan, T.profile);
            const associations = ofType(plan, T.resourceAssociation);
            const full = shippedDefinition("prod");
            for (const e of awsServiceEndpoints(plan)) {
                const service = String(e.inputs.serviceName).replace("com.amazonaws.us-east-1.", "");
                const a = associations.filter((x) => deps(x, "resourceArn").includes(e.urn));
                // execute-api's wildcard name and the inbound-only S3 endpoint stay out (aws/private-dns.ts).
                if (!privateDnsSharedWithSpokes(full, service)) {
                    assert.strictEqual(a.length, 0, `${e.name} must not be in the Profile`);
                    continue;
                }
                assert.strictEqual(a.length, 1, `${e.name} has one Profile association`);
                assert.deepStrictEqual(deps(a[0], "profileId"), [profile.urn]);
            }
            for (const service of ["execute-api", "s3"]) assert.strictEqual(privateDnsSharedWithSpokes(full, service), false, service);
        });

        it("shares the Profile through RAM with the OUs of dns.shareWith, never outside the organization", () => {
            const [profile] = ofType(plan, T.profile);
            const shared = ofType(plan, T.shareResource).filter((r) => deps(r, "resourceArn").includes(profile.urn));
            assert.strictEqual(shared.length, 1);
            const share = plan.resources.find((r) => deps(shared[0], "resourceShareArn").includes(r.urn))!;
            assert.strictEqual(share.inputs.allowExternalPrincipals, false);
            const principals = ofType(plan, T.sharePrincipal).filter((p) => deps(p, "resourceShareArn").includes(share.urn));
            assert.strictEqual(principals.length, definition.shareWith.length);
            for (const p of principals) assert.match(String(p.inputs.principal), /^arn:aws:organizations::100000000001:ou\/o-a1b2c3d4e5\/ou-/);
        });

        it("has exactly one Profile association per spoke VPC and no AWS-service endpoint in any spoke", () => {
            const associations = ofType(plan, T.association);
            const endpoints = awsServiceEndpoints(plan);
            for (const spoke of definition.spokes) {
                const vpc = vpcNamed(plan, `${spoke}-vpc`);
                assert.strictEqual(associations.filter((a) => deps(a, "resourceId").includes(vpc.urn)).length, 1, `${spoke}: one Profile association`);
                assert.strictEqual(endpoints.filter((e) => deps(e, "vpcId").includes(vpc.urn)).length, 0, `${spoke}: no interface endpoint to an AWS service`);
            }
        });

        it("costs what a hand calculation from list prices says (within 1%)", () => {
            // 12 services × 3 AZs + the payments-api consumer endpoint × 3 AZs = 39 endpoint-AZs × $0.01
            // 9 TGW attachments (hub + 7 spokes + VPN) × $0.05
            // 6 Resolver ENIs (inbound 3 + outbound 3) × $0.125
            // 7 accounts with Profile associations (network + 6 workload accounts; research holds 2 VPCs) × $0.75
            // 6 NAT gateways (orders-prod and orders-nonprod, one per AZ) × $0.045
            // 1 Site-to-Site VPN connection × $0.05; 1 Network Load Balancer (payments-api's endpoint service) × $0.0225
            const hand = (39 * 0.01 + 9 * 0.05 + 6 * 0.125 + 7 * 0.75 + 6 * 0.045 + 1 * 0.05 + 1 * 0.0225) * 730;
            const report = priceResources(plan.resources);
            assert.ok(Math.abs(report.monthlyUsd - hand) / hand < 0.01, `report ${report.monthlyUsd} vs hand ${hand}`);
        });
    });

    it("a spoke stack's resource count is the same with 5 and 40 services (profile mode)", async () => {
        const fiveFile = withServices("prod", centralizableServices().slice(0, 5));
        const fortyFile = withServices("prod", centralizableServices().slice(0, 40));
        try {
            const five = await sharedPlan({ definitionFile: fiveFile, unit: "payments-prod" });
            const forty = await sharedPlan({ definitionFile: fortyFile, unit: "payments-prod" });
            assert.strictEqual(forty.summary.resources, five.summary.resources);
            assert.deepStrictEqual(forty.summary.byType, five.summary.byType);
            assert.strictEqual(ofType(five, T.association).length, 1);
            // The services did grow: the network unit has 40 hub endpoints.
            const network = await sharedPlan({ definitionFile: fortyFile, unit: "network" });
            assert.strictEqual(awsServiceEndpoints(network).length, 40);
        } finally {
            for (const file of [fiveFile, fortyFile]) fs.rmSync(path.dirname(file), { recursive: true, force: true });
        }
    });

    describe("hosted-zones (unit all)", () => {
        let plan: PlanResult;
        before(async () => {
            plan = await sharedPlan({ definitionFile: stack("hosted-zones"), unit: "all" });
        });

        it("replaces private DNS with zones on the hub, each aliased to its endpoint", () => {
            const hub = vpcNamed(plan, "hub-vpc");
            const endpoints = awsServiceEndpoints(plan);
            assert.ok(endpoints.length > 0);
            for (const e of endpoints) {
                assert.deepStrictEqual(deps(e, "vpcId"), [hub.urn]);
                assert.strictEqual(e.inputs.privateDnsEnabled, false, `${e.name}: the zones replace private DNS`);
            }
            const zones = ofType(plan, T.zone);
            assert.ok(zones.length >= endpoints.length);
            for (const z of zones) assert.deepStrictEqual(deps(z, "vpcs"), [hub.urn]);
            for (const r of ofType(plan, T.record)) {
                const target = endpoints.filter((e) => deps(r, "aliases").includes(e.urn));
                assert.strictEqual(target.length, 1, `${r.name} aliases one endpoint`);
            }
            assert.strictEqual(ofType(plan, T.profile).length, 0);
        });

        it("authorizes every spoke VPC for every zone and associates it after the authorization", () => {
            const zones = ofType(plan, T.zone);
            const spokes = ofType(plan, T.vpc).filter((v) => v.name !== "hub-vpc");
            assert.strictEqual(spokes.length, 2);
            for (const vpc of spokes) {
                const auths = ofType(plan, T.authorization).filter((a) => deps(a, "vpcId").includes(vpc.urn));
                const assocs = ofType(plan, T.zoneAssociation).filter((a) => deps(a, "vpcId").includes(vpc.urn));
                assert.strictEqual(auths.length, zones.length);
                assert.strictEqual(assocs.length, zones.length);
                for (const assoc of assocs) {
                    const zone = deps(assoc, "zoneId")[0];
                    const auth = auths.find((a) => deps(a, "zoneId").includes(zone))!;
                    assert.ok(assoc.dependsOn?.includes(auth.urn), `${assoc.name} waits for ${auth.name}`);
                }
            }
        });
    });

    describe("distributed (unit all)", () => {
        it("puts the endpoints in every spoke, none in the hub, and resolves them from the hub through its own zones", async () => {
            const plan = await sharedPlan({ definitionFile: stack("distributed"), unit: "all" });
            const raw = YAML.parse(fs.readFileSync(stack("distributed"), "utf8"));
            const services: string[] = raw.network.endpoints.services;
            const hub = vpcNamed(plan, "hub-vpc");
            const endpoints = awsServiceEndpoints(plan);
            assert.strictEqual(endpoints.filter((e) => deps(e, "vpcId").includes(hub.urn)).length, 0);
            for (const spoke of raw.spokes as { name: string }[]) {
                const vpc = vpcNamed(plan, `${spoke.name}-vpc`);
                const mine = endpoints.filter((e) => deps(e, "vpcId").includes(vpc.urn));
                assert.strictEqual(mine.length, services.length, `${spoke.name}: one endpoint per service`);
                assert.ok(mine.every((e) => e.inputs.privateDnsEnabled === true));
            }
            const zones = ofType(plan, T.zone);
            assert.strictEqual(zones.length, services.length);
            for (const z of zones) assert.deepStrictEqual(deps(z, "vpcs"), [hub.urn], "hub-only zones");
            // One weighted answer per spoke per zone (apex records), each aliasing that spoke's endpoint.
            const records = ofType(plan, T.record);
            assert.strictEqual(records.length, services.length * raw.spokes.length);
            for (const r of records) {
                const target = endpoints.find((e) => deps(r, "aliases").includes(e.urn))!;
                assert.ok(target, `${r.name} aliases a spoke endpoint`);
                assert.ok(String(target.name).startsWith(`${r.inputs.setIdentifier}-endpoints-`), `${r.name}: set identifier names the spoke that answers`);
            }
        });

        it("plans the network and spoke units on their own", async () => {
            const network = await sharedPlan({ definitionFile: stack("distributed"), unit: "network" });
            assert.strictEqual(awsServiceEndpoints(network).length, 0);
            const spoke = await sharedPlan({ definitionFile: stack("distributed"), unit: "app-one" });
            assert.strictEqual(awsServiceEndpoints(spoke).length, YAML.parse(fs.readFileSync(stack("distributed"), "utf8")).network.endpoints.services.length);
        });
    });
});
