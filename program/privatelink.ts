// PLACEHOLDER (owned by the PrivateLink helper): signatures only.
import { SpokeVpcInfo, UnitContext } from "./context";

export function buildEndpointServices(ctx: UnitContext, spokes: Map<string, SpokeVpcInfo>): void {}

export function buildDetectiveControls(ctx: UnitContext): void {}
