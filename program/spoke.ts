// PLACEHOLDER (owned by the network helper): signatures only.
import { Spoke } from "../definition/schema";
import { NetworkOutputs, SpokeVpcInfo, UnitContext } from "./context";

export function buildSpokeVpc(ctx: UnitContext, spoke: Spoke, network: NetworkOutputs): SpokeVpcInfo {
    throw new Error("placeholder " + ctx.environment + spoke.name + network);
}
