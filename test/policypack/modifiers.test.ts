/**
 * The modifier map is complete: every @pulumi/aws resource type whose inputs can set a guarded
 * property (found in the provider's own type definitions, node_modules/@pulumi/aws/<module>/*.d.ts)
 * is a modifier of that property or reviewed with a reason. A provider upgrade that adds such a
 * type fails here until the map (and the rules) know it.
 */
import { strict as assert } from "assert";
import * as fs from "fs";
import * as path from "path";
import { modifierMap } from "../../policypacks/landing-zone/lib/modifiers";

const awsDir = path.dirname(require.resolve("@pulumi/aws/package.json"));

interface ArgsType {
    module: string;
    name: string;
    token: string;
    inputs: string[];
}

/** Every `<Name>Args` interface of the provider: a resource type and its input names. */
function resourceArgs(): ArgsType[] {
    const out: ArgsType[] = [];
    for (const module of fs.readdirSync(awsDir)) {
        const dir = path.join(awsDir, module);
        if (!fs.statSync(dir).isDirectory() || ["node_modules", "types", "config", "bin"].includes(module)) continue;
        for (const file of fs.readdirSync(dir)) {
            if (!file.endsWith(".d.ts") || file === "index.d.ts" || file.startsWith("get")) continue;
            const text = fs.readFileSync(path.join(dir, file), "utf8");
            if (!/extends pulumi\.CustomResource/.test(text)) continue;
            for (const m of text.matchAll(/export interface (\w+)Args \{([\s\S]*?)\n\}/g)) {
                const name = m[1];
                const inputs = [...m[2].matchAll(/^\s+(?:readonly )?(\w+)\??:/gm)].map((x) => x[1]);
                out.push({ module, name, token: `aws:${module}/${name[0].toLowerCase()}${name.slice(1)}:${name}`, inputs });
            }
        }
    }
    return out;
}

/** How to recognise, from its inputs, a resource type that can set each guarded property. */
const setsProperty: Record<keyof typeof modifierMap, (t: ArgsType) => boolean> = {
    endpointPolicy: (t) => t.inputs.includes("policy") && (t.inputs.includes("vpcEndpointId") || t.inputs.includes("vpcEndpointType")),
    endpointPrivateDns: (t) => t.inputs.includes("privateDnsEnabled") && (t.inputs.includes("vpcEndpointId") || t.inputs.includes("vpcEndpointType")),
    endpointSecurityGroups: (t) => (t.inputs.includes("vpcEndpointId") || t.inputs.includes("vpcEndpointType")) && t.inputs.some((i) => /^securityGroupIds?$/.test(i)),
    securityGroupIngress: (t) =>
        /SecurityGroup/.test(t.name) && (t.inputs.includes("ingress") || (t.inputs.includes("securityGroupId") && t.inputs.some((i) => ["cidrIpv4", "cidrBlocks", "fromPort", "referencedSecurityGroupId"].includes(i)))),
    ramPrincipals: (t) => t.module === "ram" && t.inputs.some((i) => ["principal", "principals", "allowExternalPrincipals"].includes(i)),
    bucketPolicy: (t) => t.module === "s3" && t.inputs.includes("policy") && t.inputs.some((i) => ["bucket", "bucketPrefix"].includes(i)),
    bucketAcl: (t) => t.module === "s3" && t.inputs.some((i) => ["acl", "grants", "accessControlPolicy", "targetGrants"].includes(i)),
    endpointConnection: (t) => t.inputs.includes("vpcEndpointType"),
    endpointServicePrincipals: (t) => t.module === "ec2" && (t.inputs.includes("allowedPrincipals") || (t.inputs.includes("principalArn") && t.inputs.includes("vpcEndpointServiceId"))),
    vpcRoutes: (t) => t.module === "ec2" && (t.inputs.includes("routes") || t.inputs.includes("defaultRouteTableId") || (t.inputs.includes("routeTableId") && t.inputs.includes("gatewayId"))),
    flowLogs: (t) => /FlowLog/.test(t.name) && t.inputs.includes("vpcId"),
};

describe("policy pack: modifier map", () => {
    const types = resourceArgs();

    it("reads the provider's resource types", () => {
        assert.ok(types.length > 1000, `only ${types.length} resource types found under ${awsDir}`);
        assert.ok(types.some((t) => t.token === "aws:ec2/vpcEndpoint:VpcEndpoint"));
    });

    for (const [property, detect] of Object.entries(setsProperty) as [keyof typeof modifierMap, (t: ArgsType) => boolean][]) {
        it(`${modifierMap[property].property}: every type that can set it is in the map`, () => {
            const entry = modifierMap[property];
            const known = new Set([...entry.modifiers.map((m) => m.type), ...entry.reviewed.map((r) => r.type)]);
            const candidates = types.filter(detect).map((t) => t.token);
            assert.ok(candidates.length > 0, "the detector finds no type at all: the provider's layout changed");
            const missing = candidates.filter((c) => !known.has(c));
            assert.deepEqual(missing, [], `resource types that can set the ${entry.property} but are not in lib/modifiers.ts: ${missing.join(", ")}`);
        });

        it(`${modifierMap[property].property}: every modifier exists in @pulumi/aws with the inputs named`, () => {
            for (const m of modifierMap[property].modifiers) {
                const t = types.find((x) => x.token === m.type);
                assert.ok(t, `${m.type} is not a resource type of @pulumi/aws`);
                for (const input of m.inputs) assert.ok(t.inputs.includes(input), `${m.type} has no input ${input}`);
            }
        });
    }
});

describe("policy pack: README documents the modifier map and every rule", () => {
    const readme = fs.readFileSync(path.resolve(__dirname, "../../policypacks/landing-zone/README.md"), "utf8");
    it("names every modifier and every reviewed type", () => {
        for (const entry of Object.values(modifierMap)) {
            for (const t of [...entry.modifiers.map((m) => m.type), ...entry.reviewed.map((r) => r.type)]) assert.ok(readme.includes(t), `README does not name ${t}`);
        }
    });
    it("lists every rule", () => {
        // eslint-disable-next-line @typescript-eslint/no-require-imports
        const { policies } = require("../../policypacks/landing-zone/policies") as { policies: { name: string }[] };
        for (const p of policies) assert.ok(readme.includes(`\`${p.name}\``), `README does not list ${p.name}`);
    });
});
