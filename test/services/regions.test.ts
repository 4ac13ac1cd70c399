/**
 * Endpoints and DNS per Region: the network unit of each Region builds its hub's interface
 * endpoints (that Region's services and service names), Profile, zones and Resolver endpoints
 * and rules from `ctx.region`; each spoke associates with its own Region's. Multi-Region
 * definitions are parsed without validation (definitionSchema.parse) and the builders called
 * directly, as the network side builds the contexts.
 */
import * as assert from "assert";
import { catalogEntry } from "../../aws/service-catalog";
import { eksAddonRegistries } from "../../aws/aws-owned-resources";
import { Definition } from "../../definition/schema";
import { hubRegions } from "../../definition/regions";
import { interfaceEndpointPolicy } from "../../perimeter/endpoint-policies";
import { authorizeSpokeZones, buildCentralServices, buildSpokeServices, regionalName } from "../../program/services";
import { UnitContext } from "../../program/context";
import { contextOf, definitionOf, fakeCore, fakeSpoke } from "./fixtures";
import { record } from "../support/recording-mocks";

const ENDPOINT = "aws:ec2/vpcEndpoint:VpcEndpoint";

function twoRegions(sharing: "profile" | "hosted-zones" = "profile", mode: "centralized" | "distributed" = "centralized"): Definition {
    return definitionOf({
        environment: "glob",
        region: "us-east-1",
        organization: { id: "o-a1b2c3d4e5", units: { prod: "ou-ab12-prod0001" } },
        accounts: { management: "111111111111", network: "222222222222", app: "333333333333" },
        network: {
            account: "network",
            transitGateway: { domains: { shared: { reaches: ["prod"] }, prod: { reaches: ["shared", "prod"] } } },
            hub: { cidr: "10.0.0.0/20", availabilityZones: 2 },
            endpoints: { mode, services: ["ssm", "kms", "ecr.dkr"] },
            dns: { sharing, onPremises: { cidrs: ["172.16.0.0/12"], inboundResolver: true, forwardedDomains: [{ domain: "corp.example.com", targetIps: ["172.16.0.10"] }] } },
            regions: {
                "eu-west-1": { hub: { cidr: "10.8.0.0/20", availabilityZones: 2 }, transitGateway: { asn: 64513 }, endpoints: { services: ["ssm", "logs"] } },
            },
        },
        spokes: [
            { name: "app-us", account: "app", cidr: "10.16.0.0/16", domain: "prod" },
            { name: "app-eu", account: "app", cidr: "10.17.0.0/16", domain: "prod", region: "eu-west-1" },
        ],
    } as any);
}

const inRegion = (d: Definition, region: string, singleGraph: boolean): UnitContext => ({ ...contextOf(d, singleGraph), region });

describe("services: endpoints and DNS per Region", () => {
    it("each Region's network unit builds its own services with that Region's endpoint service names and policies", async () => {
        const d = twoRegions();
        for (const hub of hubRegions(d)) {
            const { mocks } = await record(() => {
                buildCentralServices(inRegion(d, hub.region, false), fakeCore());
            });
            const endpoints = mocks.resources.filter((r) => r.type === ENDPOINT && r.inputs.vpcEndpointType === "Interface");
            assert.deepStrictEqual(
                endpoints.map((e) => e.inputs.serviceName).sort(),
                hub.services.map((s) => catalogEntry(s)!.serviceName(hub.region)).sort(),
                `${hub.region}: the Region's services, named in the Region`,
            );
            for (const e of endpoints) {
                const service = e.inputs.tags["landing-zone:service"];
                const expected = interfaceEndpointPolicy(d, service, hub.region);
                if (expected) assert.strictEqual(e.inputs.policy, JSON.stringify(expected));
            }
        }
    });

    it("a Region's endpoint policy admits that Region's AWS-owned resources (its ECR layer bucket), not another's", () => {
        const d = twoRegions();
        const eu = JSON.stringify(interfaceEndpointPolicy({ ...d, network: { ...d.network, regions: { "eu-west-1": { ...d.network.regions!["eu-west-1"], endpoints: { services: ["s3", "ecr.dkr"] } } } } } as Definition, "s3", "eu-west-1"));
        assert.ok(eu.includes("prod-eu-west-1-starport-layer-bucket"), eu);
        assert.ok(!eu.includes("prod-us-east-1-starport-layer-bucket"));
    });

    it("each Region's ECR endpoint policy admits the EKS add-on registry account AWS lists for that Region", () => {
        const d = twoRegions();
        // Two Regions whose registries differ in AWS's table (aws/aws-owned-resources.ts, from the EKS user guide).
        const [a, b] = Object.entries(eksAddonRegistries).filter(([, r], i, all) => all.findIndex(([, x]) => x.account === r.account) === i).slice(0, 2);
        const withEks = { ...d, network: { ...d.network, endpoints: { ...d.network.endpoints, services: ["ecr.api", "ecr.dkr", "eks"] } } } as Definition;
        for (const [region, registry] of [a, b]) {
            const policy = JSON.stringify(interfaceEndpointPolicy(withEks, "ecr.dkr", region));
            assert.ok(policy.includes(`:ecr:${registry.hostRegion}:${registry.account}:repository/*`), `${region}: ${registry.account}`);
        }
        const other = b[1].account;
        assert.ok(!JSON.stringify(interfaceEndpointPolicy(withEks, "ecr.dkr", a[0])).includes(other), "not another Region's registry");
    });

    it("the home Region keeps its component names; another Region's are suffixed (one program holds both)", async () => {
        const d = twoRegions();
        assert.strictEqual(regionalName(inRegion(d, "us-east-1", true), "glob-endpoints"), "glob-endpoints");
        assert.strictEqual(regionalName(inRegion(d, "eu-west-1", true), "glob-endpoints"), "glob-endpoints-eu-west-1");
        const { mocks } = await record(() => {
            for (const hub of hubRegions(d)) buildCentralServices(inRegion(d, hub.region, true), fakeCore());
        });
        const names = mocks.resources.filter((r) => !r.type.startsWith("test:")).map((r) => `${r.type}::${r.name}`);
        const dup = names.filter((n, i) => names.indexOf(n) !== i);
        assert.deepStrictEqual(dup, [], "no two resources share type and name");
        assert.strictEqual(mocks.resources.filter((r) => r.type === "aws:route53/profilesProfile:ProfilesProfile").length, 2, "a Profile per Region");
        assert.strictEqual(mocks.resources.filter((r) => r.type === "aws:route53/resolverEndpoint:ResolverEndpoint" && r.inputs.direction === "OUTBOUND").length, 2, "an outbound Resolver endpoint per Region");
    });

    it("a spoke associates with its own Region's Profile, and a spoke stack names its Region's network stack when the Profile is missing", async () => {
        const d = twoRegions();
        const { mocks } = await record(() => {
            buildSpokeServices(inRegion(d, "eu-west-1", false), fakeSpoke(d, "app-eu"), { transitGatewayId: "tgw-eu", profileId: "rp-eu" }, []);
        });
        const associations = mocks.resources.filter((r) => r.type === "aws:route53/profilesAssociation:ProfilesAssociation");
        assert.deepStrictEqual(associations.map((a) => [a.inputs.profileId, a.inputs.resourceId]), [["rp-eu", "vpc-app-eu"]]);
        await assert.rejects(
            record(() => {
                buildSpokeServices(inRegion(d, "eu-west-1", false), fakeSpoke(d, "app-eu"), { transitGatewayId: "tgw-eu" }, []);
            }),
            /stack glob-network-eu-west-1/,
        );
    });

    it("hosted-zones: a Region's zones carry that Region's names, and its spokes' authorizations their own Region", async () => {
        const d = twoRegions("hosted-zones");
        const { mocks } = await record(() => {
            const ctx = inRegion(d, "eu-west-1", false);
            const central = buildCentralServices(ctx, fakeCore());
            authorizeSpokeZones(ctx, central, [{ spoke: d.spokes[1], vpcId: fakeSpoke(d, "app-eu").vpcId }]);
        });
        const zones = mocks.resources.filter((r) => r.type === "aws:route53/zone:Zone").map((z) => z.inputs.name).sort();
        assert.deepStrictEqual(zones, ["logs.eu-west-1.amazonaws.com", "ssm.eu-west-1.amazonaws.com"]);
        const auth = mocks.resources.filter((r) => r.type === "aws:route53/vpcAssociationAuthorization:VpcAssociationAuthorization");
        assert.ok(auth.length > 0 && auth.every((a) => a.inputs.vpcRegion === "eu-west-1"));
    });

    it("distributed: a spoke's own endpoints are its Region's services, named in its Region", async () => {
        const d = twoRegions("profile", "distributed");
        const { mocks } = await record(() => {
            buildSpokeServices(inRegion(d, "eu-west-1", false), fakeSpoke(d, "app-eu"), { transitGatewayId: "tgw-eu", profileId: "rp-eu" }, []);
        });
        const names = mocks.resources.filter((r) => r.type === ENDPOINT && r.inputs.vpcEndpointType === "Interface").map((e) => e.inputs.serviceName).sort();
        assert.deepStrictEqual(names, ["com.amazonaws.eu-west-1.logs", "com.amazonaws.eu-west-1.ssm"]);
    });
});
