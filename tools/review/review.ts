/**
 * `npm run plan -- --definition <file> [--against <earlier definition>] --markdown <out.md> [--diagram <out.md>]`
 *
 * Plans every stack of the new definition and of the earlier one, compares them
 * (compare.ts) and writes the review summary (markdown.ts) with the environment's diagram
 * (diagram.ts). Without `--against` the environment is new: everything is added.
 */
import * as fs from "fs";
import * as path from "path";
import { PlanError } from "../plan/errors";
import { loadForPlan } from "../plan/run";
import { compareEnvironments } from "./compare";
import { diagramMarkdown, environmentDiagram } from "./diagram";
import { reviewMarkdown } from "./markdown";
import { planEnvironment } from "./plan-environment";

export interface ReviewOptions {
    definitionFile: string;
    againstFile?: string;
    /** Where to write the summary. */
    markdown?: string;
    /** Where to write the diagram alone. */
    diagram?: string;
    /** The pack to judge with; undefined for none (`--no-policy`). */
    packDir?: string;
}

interface Io {
    out(line: string): void;
    err(line: string): void;
}

/** Loads both definitions; a problem in either, or two environments, is an input error (PlanError). */
function loadBoth(opts: ReviewOptions) {
    const now = loadForPlan(opts.definitionFile).definition;
    if (opts.againstFile === undefined) return { now, before: undefined };
    if (!fs.existsSync(opts.againstFile)) throw new PlanError(`${opts.againstFile}:0:0 (file): no such file (--against)`, "definition");
    const before = loadForPlan(opts.againstFile).definition;
    if (before.environment !== now.environment) {
        throw new PlanError(
            `${opts.againstFile}:0:0 environment: --against is a definition of environment "${before.environment}", ${opts.definitionFile} of "${now.environment}"; compare two versions of one environment`,
            "definition",
        );
    }
    return { now, before };
}

/** Writes the review and/or the diagram; resolves to the exit code (1 when the new plans break a mandatory rule). */
export async function runReview(opts: ReviewOptions, io: Io): Promise<number> {
    let both;
    try {
        both = loadBoth(opts);
    } catch (err) {
        if (err instanceof PlanError) {
            io.err(err.message);
            return 2;
        }
        throw err;
    }
    const { now, before } = both;
    if (opts.diagram !== undefined) {
        fs.writeFileSync(opts.diagram, diagramMarkdown(now, before));
        io.err(`[plan] wrote the diagram to ${opts.diagram}`);
    }
    if (opts.markdown === undefined) return 0;

    const progress = (m: string) => io.err(`[plan] ${m}`);
    let review;
    try {
        const after = await planEnvironment(opts.definitionFile, { packDir: opts.packDir, onProgress: progress });
        const earlier = opts.againstFile ? await planEnvironment(opts.againstFile, { packDir: opts.packDir, onProgress: progress }) : undefined;
        review = compareEnvironments(earlier, after);
    } catch (err) {
        if (err instanceof PlanError) {
            io.err(err.kind === "definition" ? err.message : `error: the program stopped: ${err.message}`);
            return 2;
        }
        throw err;
    }
    if (opts.againstFile) review.againstFile = path.relative(process.cwd(), opts.againstFile) || opts.againstFile;
    const text = reviewMarkdown(review, { diagram: environmentDiagram(now, before) });
    fs.writeFileSync(opts.markdown, text);
    const s = review.stacks;
    io.out(
        `Review of ${review.environment}: ${s.filter((x) => x.status === "removed").length} stacks to destroy, ${s.filter((x) => x.status === "added").length} new, ` +
            `${s.filter((x) => x.status === "changed").length} changed; reachability +${review.reachability.gained.length}/−${review.reachability.lost.length}; ` +
            `monthly cost ${review.cost.delta >= 0 ? "+" : "−"}$${Math.abs(review.cost.delta).toFixed(2)}`,
    );
    progress(`wrote the review summary to ${opts.markdown} (${text.length} characters)`);
    const mandatory = s.filter((x) => x.status !== "removed").some((x) => [...x.findings.introduced, ...x.findings.kept].some((v) => v.level === "mandatory"));
    return mandatory ? 1 : 0;
}
