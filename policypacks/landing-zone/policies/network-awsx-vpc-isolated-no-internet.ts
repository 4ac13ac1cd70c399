/**
 * The awsx `ec2.Vpc` component creates public subnets and a NAT gateway per AZ unless told
 * otherwise, and it always attaches an internet gateway to the VPC, whatever its arguments: "We
 * unconditionally create the IGW (even if it's not needed because we only have isolated
 * subnets)" (https://github.com/pulumi/pulumi-awsx/blob/master/awsx/ec2/vpc.ts); only public
 * subnets route to it. An awsx
 * VPC therefore cannot be isolated in the landing zone's sense: a VPC tagged isolated must be
 * built from `aws.ec2` resources. (Under the real engine the awsx children are also checked by
 * network-vpc-isolated-no-internet; offline, the component's arguments are all there is.)
 */
import { ResourceValidationPolicy } from "@pulumi/policy";
import { resourceCheck } from "../lib/rule";
import { T } from "../lib/types";
import { isUnknown, list, record, str } from "../lib/values";
import { isolationTag } from "../lib/vpc";

export const networkAwsxVpcIsolatedNoInternet: ResourceValidationPolicy = {
    name: "network-awsx-vpc-isolated-no-internet",
    description: "awsx ec2.Vpc components are not tagged isolated: awsx always attaches an internet gateway.",
    enforcementLevel: "mandatory",
    severity: "high",
    remediationSteps:
        "awsx always creates and attaches an internet gateway, so an awsx VPC cannot be isolated: build an isolated VPC from aws.ec2 resources " +
        "(Vpc, Subnet, RouteTable without an internet gateway; the landing zone's SpokeVpc does), or drop the isolated tag if the VPC may reach the internet. " +
        'Reducing exposure still helps: `natGateways: { strategy: "None" }` and only Private/Isolated `subnetSpecs`.',
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
        findings.violation(
            `awsx VPC ${name} is tagged ${isolationTag}: isolated, but awsx always attaches an internet gateway to its VPC; build the isolated VPC from aws.ec2 resources (no internet gateway) or remove the tag.`,
        );
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
