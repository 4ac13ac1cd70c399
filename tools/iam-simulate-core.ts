/**
 * The one seam into `@cloud-copilot/iam-simulate`'s internals (a devDependency): its core
 * evaluator, `authorize`, which the package does not export.
 *
 * Why: the package's validating entry point (`runSimulation`) matches the request's ARN
 * against the Service Authorization Reference's ARN formats, which always have an account
 * (`arn:${Partition}:ssm:${Region}:${Account}:document/${DocumentName}`). AWS-owned
 * resources are written without one — `arn:aws:ssm:<region>::document/AWS-RunShellScript`,
 * `arn:aws:ssm:<region>::parameter/aws/...`, `arn:aws:bedrock:<region>::foundation-model/...`
 * (AWS's own samples: aws-samples/data-perimeter-policy-examples,
 * `vpc_endpoint_policies/ssm_endpoint_policy.json`) — so it refuses them ("no.resource.types").
 * The scenario engine validates such a request with the account filled in, then evaluates the
 * ARN exactly as AWS writes it through the core evaluator here. The package's exported
 * `runUnsafeSimulation` cannot be used instead: it drops VPC endpoint policies.
 *
 * Its `exports` map hides the file, so it is loaded by path next to the package's entry
 * point. test/perimeter/iam-simulate-core.test.ts checks the hook still loads and evaluates.
 */
import * as path from "path";
import type { Simulation } from "@cloud-copilot/iam-simulate";

const root = path.dirname(require.resolve("@cloud-copilot/iam-simulate"));
// The policy loader iam-simulate itself uses (its own dependency, resolved from it).
// eslint-disable-next-line @typescript-eslint/no-require-imports
const { loadPolicy } = require(require.resolve("@cloud-copilot/iam-policy", { paths: [root] })) as { loadPolicy(policy: unknown, meta?: { name: string }): unknown };
function internal<T>(file: string): T {
    // eslint-disable-next-line @typescript-eslint/no-require-imports
    return require(path.join(root, file)) as T;
}

interface CoreModules {
    authorize(request: unknown): { result: string } & Record<string, unknown>;
    AwsRequestImpl: new (principal: unknown, resource: { resource: string; accountId: string }, action: string, context: unknown) => unknown;
    RequestContextImpl: new (values: Record<string, string | string[]>) => unknown;
    DiscoveryContextKeyConstraints: new (constraints: unknown[]) => unknown;
}

let modules: CoreModules | undefined;
function core(): CoreModules {
    if (!modules) {
        const engine = internal<{ authorize: CoreModules["authorize"] }>("core_engine/CoreSimulatorEngine.js");
        const request = internal<{ AwsRequestImpl: CoreModules["AwsRequestImpl"] }>("request/request.js");
        const context = internal<{ RequestContextImpl: CoreModules["RequestContextImpl"] }>("requestContext.js");
        const discovery = internal<{ DiscoveryContextKeyConstraints: CoreModules["DiscoveryContextKeyConstraints"] }>("context_keys/discoveryContextKeyConstraints.js");
        for (const [name, value] of [["authorize", engine.authorize], ["AwsRequestImpl", request.AwsRequestImpl], ["RequestContextImpl", context.RequestContextImpl], ["DiscoveryContextKeyConstraints", discovery.DiscoveryContextKeyConstraints]] as const) {
            if (typeof value !== "function") throw new Error(`@cloud-copilot/iam-simulate no longer has ${name} where tools/iam-simulate-core.ts expects it; update the seam`);
        }
        modules = { authorize: engine.authorize, AwsRequestImpl: request.AwsRequestImpl, RequestContextImpl: context.RequestContextImpl, DiscoveryContextKeyConstraints: discovery.DiscoveryContextKeyConstraints };
    }
    return modules;
}

/** The core evaluator's analysis of exactly this simulation (no ARN validation, no context-key filtering). */
export function authorizeExactly(simulation: Simulation): { result: string } & Record<string, unknown> {
    const m = core();
    const load = (list: Simulation["serviceControlPolicies"]) =>
        list.map((o) => ({ orgIdentifier: o.orgIdentifier, policies: o.policies.map((p) => loadPolicy(p.policy, { name: p.name })) }));
    return m.authorize({
        request: new m.AwsRequestImpl(
            simulation.request.principal,
            { resource: simulation.request.resource.resource, accountId: simulation.request.resource.accountId },
            simulation.request.action,
            new m.RequestContextImpl(simulation.request.contextVariables),
        ),
        sessionPolicy: undefined,
        identityPolicies: simulation.identityPolicies.map((p) => loadPolicy(p.policy, { name: p.name })),
        serviceControlPolicies: load(simulation.serviceControlPolicies),
        resourceControlPolicies: load(simulation.resourceControlPolicies),
        resourcePolicy: simulation.resourcePolicy ? loadPolicy(simulation.resourcePolicy, { name: "resource-policy" }) : undefined,
        permissionBoundaries: undefined,
        vpcEndpointPolicies: simulation.vpcEndpointPolicies?.map((p) => loadPolicy(p.policy, { name: p.name })),
        simulationParameters: { simulationMode: "Strict", discoveryContextKeyConstraints: new m.DiscoveryContextKeyConstraints([]) },
        serviceSettings: { s3: { blockPublicAccess: undefined } },
    });
}
