// PLACEHOLDER (owned by the endpoints/DNS helper): signatures only.
import * as pulumi from "@pulumi/pulumi";
import { Spoke } from "../definition/schema";
import { NetworkOutputs, SpokeVpcInfo, UnitContext } from "./context";
import { NetworkCore } from "./network";

export interface CentralServices {
    /** The values spokes need (profileId, hostedZoneIds, resolverRuleIds). */
    outputs: Omit<NetworkOutputs, "transitGatewayId">;
}

export function buildCentralServices(ctx: UnitContext, core: NetworkCore): CentralServices {
    return { outputs: {} };
}

export function authorizeSpokeZones(
    ctx: UnitContext,
    central: CentralServices,
    spokes: { spoke: Spoke; vpcId: pulumi.Output<string> }[],
): { authorizedSpokes: pulumi.Input<string[]>; dependsOn: pulumi.Resource[] } {
    return { authorizedSpokes: [], dependsOn: [] };
}

export function buildSpokeServices(ctx: UnitContext, info: SpokeVpcInfo, network: NetworkOutputs, dependsOn: pulumi.Resource[]): void {}
