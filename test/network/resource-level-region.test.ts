/**
 * Which resources use the resource-level `region` input of @pulumi/aws v7 instead of a provider
 * pinned to their Region, and whether each lands in the right Region (README, "More than one
 * Region", "Providers"). Everything else goes through a provider pinned to one account and one
 * Region. Planned through the real program (mock runtime, unit `all`): stacks/global.yaml (two hub
 * Regions, failover served from a spoke in the second) and the sandbox failover fixture (failover
 * to a Region without a hub, into a VPC named by id).
 *
 * Expectations are read from the definition's YAML: the failover Region of each service, the
 * Regions of its spokes, the hub Regions.
 */
import * as assert from "assert";
import * as fs from "fs";
import * as path from "path";
import * as YAML from "yaml";
import { PlannedResource } from "../../analysis/plan-records";
import { loadDefinitionText } from "../../program/load";
import { planDefinition } from "../../tools/plan/run";

const root = path.resolve(__dirname, "..", "..");

/** The components whose children may take a resource-level `region` (the README's list). */
const REGIONAL_COMPONENTS = [
    // PrivateLink failover and cross-Region consumers (components/endpoint-service.ts).
    "landing-zone:privatelink:EndpointService",
    "landing-zone:privatelink:EndpointServiceConsumer",
    "landing-zone:privatelink:ConsumerPrivateDns",
    "landing-zone:privatelink:EndpointConnectionAcceptance",
    // PrivateLink detective controls in each watched Region (components/detective-controls.ts).
    "landing-zone:privatelink:GovernanceAudit",
    "landing-zone:privatelink:GovernanceForwarder",
];

const cases = [path.join(root, "stacks", "global.yaml"), path.join(root, "test", "privatelink", "fixtures", "definitions", "sandbox-failover", "dev.yaml")];

for (const file of cases) {
    describe(`resource-level region (${path.relative(root, file)}, planned)`, function () {
        this.timeout(180000);
        const text = fs.readFileSync(file, "utf8");
        const raw = YAML.parse(text) as Record<string, any>;
        const home = raw.region as string;
        const hubRegions: string[] = [home, ...Object.keys(raw.network.regions ?? {})];
        const failoverRegions: string[] = (raw.endpointServices ?? []).flatMap((s: any) => (s.failover ? [s.failover.region] : []));
        const spokeRegion = (name: string): string => raw.spokes.find((s: any) => s.name === name)?.region ?? home;
        let res: PlannedResource[];
        before(async () => {
            const loaded = loadDefinitionText(text, path.basename(file));
            assert.deepStrictEqual(loaded.diagnostics.filter((d) => d.severity === "error"), []);
            res = (await planDefinition(loaded.definition!, "all")).resources;
        });
        const byUrn = (urn: string | undefined) => res.find((r) => r.urn === urn);
        const providerRegionOf = (r: PlannedResource): string => (byUrn(r.provider)?.inputs.region as string | undefined) ?? home;
        const regionOf = (r: PlannedResource): string => (typeof r.inputs.region === "string" ? r.inputs.region : providerRegionOf(r));
        /** The component types on a resource's URN (its ancestors). */
        const ancestors = (r: PlannedResource): string[] => r.urn.split("::")[2].split("$").slice(0, -1);

        it("uses the resource-level region only in the documented components, only for another Region than its provider's, only for a Region of the definition", () => {
            const withRegion = res.filter((r) => r.custom && r.type !== "pulumi:providers:aws" && typeof r.inputs.region === "string");
            assert.ok(withRegion.length > 0, "the failover Region's resources take it");
            const problems: string[] = [];
            for (const r of withRegion) {
                if (!ancestors(r).some((t) => REGIONAL_COMPONENTS.includes(t))) problems.push(`${r.type} ${r.name}: not in a documented component (${ancestors(r).join(" > ")})`);
                if (r.inputs.region === providerRegionOf(r)) problems.push(`${r.type} ${r.name}: region ${r.inputs.region} is its provider's already`);
                if (![...hubRegions, ...failoverRegions].includes(r.inputs.region as string)) problems.push(`${r.type} ${r.name}: ${r.inputs.region} is not a Region of the definition`);
            }
            assert.deepStrictEqual(problems, []);
        });

        it("builds every resource of the failover Region's endpoint service in the failover Region, and the primary's in its owner's Region", () => {
            for (const s of (raw.endpointServices ?? []).filter((x: any) => x.failover)) {
                const component = res.find((r) => r.type === "landing-zone:privatelink:EndpointService" && r.name === `${s.name}-${s.failover.region}`);
                assert.ok(component, `${s.name}: the failover service is planned`);
                const children = res.filter((r) => r.custom && r.parent === component!.urn);
                assert.ok(children.some((c) => c.type === "aws:ec2/vpcEndpointService:VpcEndpointService") && children.some((c) => c.type === "aws:lb/loadBalancer:LoadBalancer"));
                for (const c of children) assert.strictEqual(regionOf(c), s.failover.region, `${c.type} ${c.name}`);
                const primary = res.find((r) => r.type === "landing-zone:privatelink:EndpointService" && r.name === s.name)!;
                for (const c of res.filter((r) => r.custom && r.parent === primary.urn)) assert.strictEqual(regionOf(c), spokeRegion(s.spoke), `${c.type} ${c.name}`);
            }
        });

        it("accepts each consumer connection in the Region of the service it connects to", () => {
            const accepters = res.filter((r) => r.type === "aws:ec2/vpcEndpointConnectionAccepter:VpcEndpointConnectionAccepter");
            assert.ok(accepters.length > 0);
            for (const a of accepters) {
                const endpoint = byUrn((a.dependencies.vpcEndpointId ?? [])[0]);
                if (!endpoint || endpoint.type !== "aws:ec2/vpcEndpoint:VpcEndpoint") continue; // read from another stack
                const serviceRegion = (endpoint.inputs.serviceRegion as string | undefined) ?? regionOf(endpoint);
                assert.strictEqual(regionOf(a), serviceRegion, `${a.name}: accepted where ${endpoint.name}'s service is`);
            }
        });
    });
}
