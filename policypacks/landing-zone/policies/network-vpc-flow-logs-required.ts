/**
 * Every VPC has a flow log (CIS AWS Foundations 3.7, Security Hub EC2.6), the Region's default VPC
 * included when the program adopts it (`aws.ec2.DefaultVpc`). Flow logs are matched to VPCs, never
 * counted: a flow log covers the VPC its known `vpcId` names, else the one VPC its `vpcId`
 * depends on (an awsx VPC component and its child aws VPC count as one VPC). A flow log whose
 * `vpcId` depends on several VPCs, or is unknown and depends on none, covers at most one of its
 * candidates: when no assignment of such flow logs covers every remaining VPC, some VPC has none.
 *
 * Where flow logs are enforced centrally (an organization-wide Config rule or Security Hub with
 * remediation), the generated config disables this rule (definition `policyPack.flowLogs: central`).
 */
import { StackValidationPolicy } from "@pulumi/policy";
import { maximumMatching } from "../lib/matching";
import { stackCheck } from "../lib/rule";
import { StackNode } from "../lib/stack-index";
import { T, vpcTypes } from "../lib/types";
import { isUnknown, str } from "../lib/values";
import { canonicalVpc } from "../lib/vpc";

export const networkVpcFlowLogsRequired: StackValidationPolicy = {
    name: "network-vpc-flow-logs-required",
    description: "Every VPC has VPC flow logs.",
    enforcementLevel: "mandatory",
    severity: "medium",
    remediationSteps:
        "Add an `aws.ec2.FlowLog` with `vpcId: vpc.id` (the landing zone's FlowLogs component does this), trafficType ALL. " +
        "If flow logs are enforced centrally for the organization, set `policyPack.flowLogs: central` in the definition and regenerate the pack config.",
    validateStack: stackCheck(undefined, ({ index, findingsFor, report }) => {
        const vpcs = index.ofType(T.vpc, T.awsxVpc, T.defaultVpc).filter((vpc) => canonicalVpc(index, vpc).urn === vpc.urn);
        if (vpcs.length === 0) return;
        const all = new Set(vpcs.map((v) => v.urn));
        const covered = new Set<string>();
        // Flow logs whose VPC is one of several (or any): each covers at most one of them.
        const ambiguous: { name: string; candidates: Set<string> }[] = [];
        for (const flowLog of index.ofType(T.flowLog)) {
            const id = str(flowLog.props["vpcId"]);
            if (typeof id === "string") {
                // A known id names one VPC, whatever it was computed from (`pulumi up`).
                const vpc = index.byId(id);
                if (vpc && vpcTypes.has(vpc.type)) {
                    covered.add(canonicalVpc(index, vpc).urn);
                    continue;
                }
            }
            // Else the VPCs its vpcId was computed from (one of them at most).
            const targets = [...new Set(index.related(flowLog, "vpcId", vpcTypes).map((v) => canonicalVpc(index, v).urn))];
            if (targets.length === 1) covered.add(targets[0]);
            else if (targets.length > 1) ambiguous.push({ name: flowLog.name, candidates: new Set(targets) });
            else if (isUnknown(id)) ambiguous.push({ name: flowLog.name, candidates: all });
        }
        const uncovered = vpcs.filter((vpc) => !covered.has(vpc.urn));
        if (uncovered.length === 0) return;
        const mayCover = (vpc: StackNode) => ambiguous.filter((f) => f.candidates.has(vpc.urn));
        for (const vpc of uncovered) {
            if (mayCover(vpc).length === 0) findingsFor(vpc.urn).violation(`VPC ${vpc.name} has no flow log; add an aws.ec2.FlowLog with vpcId: ${vpc.name}.id (trafficType ALL).`);
        }
        const open = uncovered.filter((vpc) => mayCover(vpc).length > 0);
        if (open.length === 0) return;
        // Match, never count: the most VPCs the ambiguous flow logs can cover at once.
        const matched = maximumMatching(open.map((vpc) => mayCover(vpc).map((f) => f.name)));
        if (matched < open.length) {
            report(
                `${open.length - matched} of the VPCs ${open.map((v) => v.name).join(", ")} have no flow log: each flow log has one vpcId, and ${[...new Set(open.flatMap((v) => mayCover(v).map((f) => f.name)))].join(", ")} ` +
                    `(VPC unknown during preview or computed from several VPCs) can cover at most ${matched} of them; add an aws.ec2.FlowLog with vpcId: <vpc>.id for each VPC.`,
            );
        }
        for (const vpc of open) {
            findingsFor(vpc.urn).undecided(`flow log ${mayCover(vpc).map((f) => f.name).join(" or ")} has a vpcId unknown during preview (computed from several VPCs, or from none of this stack); it may cover ${vpc.name}`);
        }
    }),
};
