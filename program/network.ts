// PLACEHOLDER (owned by the network helper): signatures only.
import * as pulumi from "@pulumi/pulumi";
import { Spoke } from "../definition/schema";
import { HubInfo, SpokeOutputs, UnitContext } from "./context";

export interface NetworkCore {
    hub: HubInfo;
    transitGatewayId: pulumi.Output<string>;
    /** Route table id of each route domain. */
    domainRouteTableIds: Record<string, pulumi.Output<string>>;
    /** Parent for components that belong to the network unit. */
    parent: pulumi.ComponentResource;
}

export function buildNetworkCore(ctx: UnitContext): NetworkCore {
    throw new Error("placeholder " + ctx.environment);
}

export function buildDomainRouting(ctx: UnitContext, core: NetworkCore, attachments: { spoke: Spoke; outputs: SpokeOutputs }[]): void {
    throw new Error("placeholder " + ctx.environment + core + attachments);
}
