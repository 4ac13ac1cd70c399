/**
 * Every VPC has a flow log (CIS AWS Foundations 3.7, Security Hub EC2.6). Flow logs are matched
 * to VPCs, never counted: a flow log covers the VPC its `vpcId` depends on (an awsx VPC component
 * and its child aws VPC count as one VPC); a flow log whose VPC is unknown during preview can
 * cover one VPC, so with more uncovered VPCs than such flow logs, the difference has none.
 *
 * Where flow logs are enforced centrally (an organization-wide Config rule or Security Hub with
 * remediation), the generated config disables this rule (definition `policyPack.flowLogs: central`).
 */
import { StackValidationPolicy } from "@pulumi/policy";
import { stackCheck } from "../lib/rule";
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
        const vpcs = index.ofType(T.vpc, T.awsxVpc).filter((vpc) => canonicalVpc(index, vpc).urn === vpc.urn);
        if (vpcs.length === 0) return;
        const covered = new Set<string>();
        const unresolved: string[] = [];
        for (const flowLog of index.ofType(T.flowLog)) {
            const targets = index.related(flowLog, "vpcId", vpcTypes);
            for (const vpc of targets) covered.add(canonicalVpc(index, vpc).urn);
            if (targets.length === 0 && isUnknown(str(flowLog.props["vpcId"]))) unresolved.push(flowLog.name);
        }
        const uncovered = vpcs.filter((vpc) => !covered.has(vpc.urn));
        if (uncovered.length === 0) return;
        if (unresolved.length === 0) {
            for (const vpc of uncovered) findingsFor(vpc.urn).violation(`VPC ${vpc.name} has no flow log; add an aws.ec2.FlowLog with vpcId: ${vpc.name}.id (trafficType ALL).`);
            return;
        }
        const names = uncovered.map((v) => v.name).join(", ");
        if (uncovered.length > unresolved.length) {
            // Which ones the unresolved flow logs cover is unknown, but not all of them can be.
            report(
                `${uncovered.length - unresolved.length} of the VPCs ${names} have no flow log: only ${unresolved.length} flow log(s) (${unresolved.join(", ")}) have a VPC unknown during preview, ` +
                    `and each covers one VPC; add an aws.ec2.FlowLog with vpcId: <vpc>.id for each VPC.`,
            );
        }
        for (const vpc of uncovered) {
            findingsFor(vpc.urn).undecided(`flow log ${unresolved.join(" or ")} has an unknown vpcId that depends on no VPC of this stack; it may cover ${vpc.name}`);
        }
    }),
};
