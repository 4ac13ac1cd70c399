/**
 * The awsx `ec2.Vpc` component creates public subnets and a NAT gateway per AZ unless told
 * otherwise. For an isolated VPC its arguments must say so: no Public subnet spec and NAT
 * strategy None. (Under the real engine its children are also checked by
 * network-vpc-isolated-no-internet; offline, the component's arguments are all there is.)
 */
import { ResourceValidationPolicy } from "@pulumi/policy";
import { resourceCheck } from "../lib/rule";
import { T } from "../lib/types";
import { isUnknown, list, record, str } from "../lib/values";
import { isolationTag } from "../lib/vpc";

export const networkAwsxVpcIsolatedNoInternet: ResourceValidationPolicy = {
    name: "network-awsx-vpc-isolated-no-internet",
    description: "awsx ec2.Vpc components tagged isolated declare no public subnets and no NAT gateways.",
    enforcementLevel: "mandatory",
    severity: "high",
    remediationSteps:
        'Pass `natGateways: { strategy: "None" }` and `subnetSpecs` listing only Private/Isolated subnets ' +
        "(awsx defaults to a Public and a Private subnet per AZ and one NAT gateway per AZ).",
    validateResource: resourceCheck(T.awsxVpc, ({ props, name, findings }) => {
        const tags = record(props["tags"]);
        if (isUnknown(tags)) {
            findings.undecided(`tags of awsx VPC ${name} (${tags.path}), so whether it is isolated`);
            return;
        }
        const isolation = tags?.[isolationTag];
        if (isUnknown(isolation)) {
            findings.undecided(`${isolationTag} tag of ${name}`);
            return;
        }
        if (isolation !== "isolated") return;
        const nat = record(props["natGateways"]);
        const strategy = nat && !isUnknown(nat) ? str(nat["strategy"]) : isUnknown(nat) ? nat : undefined;
        if (isUnknown(strategy)) findings.undecided(`natGateways.strategy of ${name} (${strategy.path})`);
        else if (strategy !== "None") {
            findings.violation(`isolated awsx VPC ${name} gets NAT gateways (natGateways.strategy is ${strategy === undefined ? 'not set; awsx defaults to "OnePerAz"' : `"${strategy}"`}); set natGateways: { strategy: "None" }.`);
        }
        const specs = list(props["subnetSpecs"]);
        if (isUnknown(specs)) {
            findings.undecided(`subnetSpecs of ${name} (${specs.path})`);
            return;
        }
        if (props["subnetSpecs"] === undefined) {
            findings.violation(`isolated awsx VPC ${name} has no subnetSpecs, so awsx creates public subnets; list only Private or Isolated subnet specs.`);
            return;
        }
        specs.forEach((spec, i) => {
            const s = record(spec);
            if (!s) return;
            if (isUnknown(s)) {
                findings.undecided(`subnetSpecs[${i}] of ${name}`);
                return;
            }
            const type = str(s["type"]);
            if (isUnknown(type)) findings.undecided(`subnetSpecs[${i}].type of ${name}`);
            else if (type === "Public") findings.violation(`isolated awsx VPC ${name}: subnetSpecs[${i}] is a Public subnet; remove it (use Private or Isolated).`);
        });
    }),
};
