/**
 * Every VPC has flow logs. A flow log belongs to a VPC through its `vpcId` dependency; an
 * awsx VPC component and its child aws VPC count as one VPC.
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
    remediationSteps: "Add an `aws.ec2.FlowLog` with `vpcId: vpc.id` (the landing zone's FlowLogs component does this), trafficType ALL.",
    validateStack: stackCheck(undefined, ({ index, findingsFor }) => {
        const vpcs = index.ofType(T.vpc, T.awsxVpc);
        if (vpcs.length === 0) return;
        const covered = new Set<string>();
        let unresolved: string | undefined;
        for (const flowLog of index.ofType(T.flowLog)) {
            const targets = index.related(flowLog, "vpcId", vpcTypes);
            for (const vpc of targets) covered.add(canonicalVpc(index, vpc).urn);
            const vpcId = str(flowLog.props["vpcId"]);
            if (targets.length === 0 && isUnknown(vpcId)) unresolved = flowLog.name;
        }
        for (const vpc of vpcs) {
            const key = canonicalVpc(index, vpc);
            if (key.urn !== vpc.urn) continue; // judged once, as its awsx component
            if (covered.has(key.urn)) continue;
            const findings = findingsFor(vpc.urn);
            if (unresolved) findings.undecided(`flow log ${unresolved} has an unknown vpcId that depends on no VPC of this stack; it may cover ${vpc.name}`);
            else findings.violation(`VPC ${vpc.name} has no flow log; add an aws.ec2.FlowLog with vpcId: ${vpc.name}.id (trafficType ALL).`);
        }
    }),
};
