/**
 * One side of a review: every stack of an environment planned on its own (what
 * `pulumi preview -s <env>-<unit>` shows for each), each judged by the planned-document
 * checks and the policy pack, plus the whole environment in one graph (unit `all`) for
 * its reachability and its monthly cost.
 */
import { priceResources } from "../../analysis/cost";
import { computeReachability } from "../../analysis/reachability";
import { unitsOf } from "../../definition/units";
import { checkPlannedDocuments } from "../../perimeter/plan-check";
import { PolicySession } from "../plan/analyzer";
import { PlanResult, Violation } from "../plan/model";
import { loadForPlan, planProgram } from "../plan/run";
import { policyConfigFor } from "../policy-config";
import { EnvironmentPlan, StackPlan } from "./compare";

export interface PlanEnvironmentOptions {
    /** The policy pack to judge each stack with; `undefined` judges with none. */
    packDir?: string;
    /** Progress lines (stderr in the CLI). */
    onProgress?: (message: string) => void;
}

/** The planned-document checks as rule results (as `npm run plan` reports them). */
async function documentFindings(plan: PlanResult): Promise<Violation[]> {
    return (await checkPlannedDocuments(plan.resources)).map((f) => ({
        policy: `perimeter-document-${f.kind}`,
        level: f.severity === "error" ? "mandatory" : "advisory",
        urn: f.urn,
        message: `${f.statement ? `${f.statement}: ` : ""}${f.message}`,
    }));
}

export async function planEnvironment(definitionFile: string, opts: PlanEnvironmentOptions = {}): Promise<EnvironmentPlan> {
    const progress = opts.onProgress ?? (() => undefined);
    const { definition } = loadForPlan(definitionFile);
    const units = unitsOf(definition);
    progress(`planning ${units.length} stacks of ${definitionFile}, each on its own...`);
    const plans: PlanResult[] = [];
    for (const unit of units) plans.push(await planProgram({ definitionFile, unit, definition }));
    const stacks: StackPlan[] = [];
    for (const plan of plans) stacks.push({ stack: plan.stack, unit: plan.units[0], resources: plan.resources, violations: await documentFindings(plan) });
    if (opts.packDir) {
        progress(`judging the ${plans.length} stacks of ${definitionFile} with the policy pack (Analyzer protocol)...`);
        // Each stack with its own config (`policyPack.stackGroups` levels apply by stack name); one
        // pack process per distinct config.
        const sessions = new Map<string, PolicySession>();
        try {
            for (let i = 0; i < plans.length; i++) {
                const config = policyConfigFor(definition, { stack: plans[i].stack });
                const key = JSON.stringify(config);
                let session = sessions.get(key);
                if (!session) sessions.set(key, (session = await PolicySession.start({ packDir: opts.packDir, config })));
                stacks[i].violations.push(...(await session.judge(plans[i])).violations);
            }
        } finally {
            for (const session of sessions.values()) session.close();
        }
    }
    progress(`planning ${definitionFile} as one graph for reachability and cost...`);
    const all = await planProgram({ definitionFile, unit: "all", definition });
    const hasTransitGateway = all.resources.some((r) => r.type === "aws:ec2transitgateway/transitGateway:TransitGateway");
    const zones = definition.network.hub.availabilityZones;
    return {
        environment: definition.environment,
        definitionFile,
        stacks,
        reachability: hasTransitGateway ? computeReachability(all.resources) : {},
        cost: priceResources(all.resources, { region: definition.region, defaultAzCount: Array.isArray(zones) ? zones.length : zones }),
    };
}
