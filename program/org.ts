// PLACEHOLDER (owned by the perimeter helper): signature only.
import { Definition } from "../definition/schema";
import { UnitContext } from "./context";

export function buildOrgGuardrails(ctx: UnitContext): void {}

export function buildProtectedBucketPolicies(ctx: UnitContext, buckets: Definition["perimeter"]["protectedBuckets"]): void {}
