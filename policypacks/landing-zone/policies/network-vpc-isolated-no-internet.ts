/**
 * A VPC the landing zone marks isolated (`landing-zone:isolation: isolated`, i.e. `internet:
 * none`) has no path to the internet: no internet gateway (nor egress-only), no public NAT
 * gateway, no subnet that assigns public IPs, no route to an internet gateway — in a RouteTable,
 * a Route, or the VPC's main route table managed as `aws.ec2.DefaultRouteTable` (lib/modifiers.ts).
 * Membership is found through vpcId / subnetId / routeTableId / defaultRouteTableId dependencies
 * and awsx parents.
 */
import { StackValidationPolicy } from "@pulumi/policy";
import { modifierTypes } from "../lib/modifiers";
import { stackCheck } from "../lib/rule";
import { StackIndex, StackNode } from "../lib/stack-index";
import { T } from "../lib/types";
import { bool, isUnknown, list, record, str } from "../lib/values";
import { canonicalVpc, isolationTag, vpcOf, vpcTag } from "../lib/vpc";

const igwTypes: ReadonlySet<string> = new Set([T.internetGateway]);

function isolatedVpcOf(index: StackIndex, node: StackNode): StackNode | undefined {
    const vpc = vpcOf(index, node);
    if (!vpc) return undefined;
    return vpcTag(index, vpc, isolationTag) === "isolated" ? canonicalVpc(index, vpc) : undefined;
}

function routesToIgw(index: StackIndex, route: StackNode, gatewayId: unknown): boolean {
    if (typeof gatewayId === "string" && gatewayId.startsWith("igw-")) return true;
    return index.related(route, "gatewayId", igwTypes).length > 0;
}

export const networkVpcIsolatedNoInternet: StackValidationPolicy = {
    name: "network-vpc-isolated-no-internet",
    description: "Isolated VPCs have no internet gateway, NAT gateway, public subnet, public IP on launch or route to the internet.",
    enforcementLevel: "mandatory",
    severity: "high",
    remediationSteps:
        "Remove the internet gateway, NAT gateway, public subnets and internet routes from the VPC; workloads reach AWS services " +
        "through the hub's endpoints and other networks through the transit gateway. If the spoke needs the internet, set `internet: nat` in the definition.",
    validateStack: stackCheck(undefined, ({ index, findingsFor }) => {
        const report = (node: StackNode, vpc: StackNode, what: string) =>
            findingsFor(node.urn).violation(`${what} in isolated VPC ${vpc.name}; remove it (the VPC is tagged ${isolationTag}: isolated).`);
        for (const node of index.ofType(T.internetGateway, T.egressOnlyInternetGateway, T.internetGatewayAttachment)) {
            const vpc = isolatedVpcOf(index, node);
            if (vpc) report(node, vpc, `${node.type === T.egressOnlyInternetGateway ? "egress-only internet gateway" : "internet gateway"} ${node.name}`);
        }
        for (const nat of index.ofType(T.natGateway)) {
            const vpc = isolatedVpcOf(index, nat);
            if (!vpc) continue;
            const connectivity = str(nat.props["connectivityType"]);
            if (isUnknown(connectivity)) findingsFor(nat.urn).undecided(`connectivityType of NAT gateway ${nat.name} (${connectivity.path})`);
            else if (connectivity !== "private") report(nat, vpc, `public NAT gateway ${nat.name}`);
        }
        for (const subnet of index.ofType(T.subnet)) {
            const vpc = isolatedVpcOf(index, subnet);
            if (!vpc) continue;
            const mapPublic = bool(subnet.props["mapPublicIpOnLaunch"]);
            if (isUnknown(mapPublic)) findingsFor(subnet.urn).undecided(`mapPublicIpOnLaunch of subnet ${subnet.name} (${mapPublic.path})`);
            else if (mapPublic === true) report(subnet, vpc, `subnet ${subnet.name} assigns public IPs on launch (mapPublicIpOnLaunch: true)`);
        }
        for (const route of index.ofType(T.route)) {
            const vpc = isolatedVpcOf(index, route);
            if (!vpc) continue;
            const gatewayId = str(route.props["gatewayId"]);
            if (routesToIgw(index, route, gatewayId)) report(route, vpc, `route ${route.name} to an internet gateway`);
            else if (isUnknown(gatewayId)) findingsFor(route.urn).undecided(`gatewayId of route ${route.name} (${gatewayId.path}) depends on no internet gateway of this stack, but its target is unknown`);
        }
        // Every type that sets routes (lib/modifiers.ts): RouteTable and the managed main table.
        for (const table of index.ofType(...modifierTypes("vpcRoutes").filter((t) => t !== T.route))) {
            const vpc = isolatedVpcOf(index, table);
            if (!vpc) continue;
            const routes = list(table.props["routes"]);
            if (isUnknown(routes)) continue;
            routes.forEach((r, i) => {
                const entry = record(r);
                if (!entry || isUnknown(entry)) return;
                const gw = str(entry["gatewayId"]);
                if (typeof gw === "string" && gw.startsWith("igw-")) report(table, vpc, `route table ${table.name} routes[${i}] to internet gateway ${gw}`);
            });
            if (index.related(table, "routes", igwTypes).length > 0 && table.propertyDependencies("routes").length > 0) {
                report(table, vpc, `route table ${table.name} with a route to an internet gateway`);
            }
        }
    }),
};
