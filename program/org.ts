// PLACEHOLDER (owned by the perimeter helper): signature only.
import { UnitContext } from "./context";

export function buildOrgGuardrails(ctx: UnitContext): void {}
