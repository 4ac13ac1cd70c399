// Prints the smallest disagreement fast-check finds (by hand: npx ts-node --transpile-only test/policypack/differential/shrink.ts [runs] [seed]).
import * as fc from "fast-check";
import { documentDecision } from "../../../policypacks/landing-zone/lib/iam-semantics";
import { parsePolicy } from "../../../policypacks/landing-zone/lib/policy-document";
import { GeneratedRequest, document, endpointShaped, request, simulate } from "./model";

export function packVerdict(doc: unknown, req: GeneratedRequest): "allowed" | "denied" {
    const parsed = parsePolicy(doc);
    if (parsed.kind !== "document") throw new Error(parsed.kind);
    const ctx: Record<string, string | string[]> = {};
    for (const [k, v] of Object.entries(req.context)) ctx[k.toLowerCase()] = v;
    return documentDecision(parsed.statements, { caller: { kind: "iam", account: req.account, arn: req.principal }, action: req.action, resource: req.resource, context: ctx }) === "allowed" ? "allowed" : "denied";
}

if (require.main === module) {
    (async () => {
        const runs = Number(process.argv[2] ?? 2000);
        const seed = Number(process.argv[3] ?? 1);
        for (const mode of ["resource", "endpoint"] as const) {
            const out = await fc.check(
                fc.asyncProperty(document, request, async (doc, req) => {
                    if (mode === "endpoint" && !endpointShaped(doc)) return true;
                    const sim = await simulate(doc, req, mode);
                    return sim === undefined || sim === packVerdict(doc, req);
                }),
                { numRuns: runs, seed },
            );
            if (out.failed) {
                const [doc, req] = out.counterexample!;
                console.log(mode, "pack", packVerdict(doc, req), "sim", await simulate(doc, req, mode));
                console.log(JSON.stringify(doc));
                console.log(JSON.stringify(req));
            } else console.log(mode, "no disagreement in", runs);
        }
    })();
}
