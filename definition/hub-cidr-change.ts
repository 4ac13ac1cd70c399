/**
 * A change of a hub VPC's CIDR (`network.hub.cidr`, `network.regions.<region>.hub.cidr`)
 * replaces the hub VPC: its CIDR cannot be changed in place (the provider's `cidr_block` is
 * ForceNew, aws/lifecycle.ts `replacements`), and Pulumi creates the replacement before it
 * deletes the old one. The replacement's transit gateway attachment is created and
 * propagated while the old attachment still propagates the old CIDR. When the two CIDRs
 * overlap, the transit gateway does not propagate the new one ("If you attach a VPC with a
 * CIDR range that overlaps the CIDR range of a VPC that is already attached, the new VPC
 * CIDR range is not propagated",
 * https://docs.aws.amazon.com/AWSEC2/latest/APIReference/API_CreateTransitGatewayVpcAttachment.html;
 * aws/lifecycle.ts `tgw-propagation-overlapping-cidr`), and nothing re-propagates it once
 * the old hub goes: the new hub stays unreachable. No order of runs avoids it, so such a
 * change is refused before anything runs; two changes through a CIDR that overlaps
 * neither do the same move.
 *
 * Pure: every change planner (program/stack-graph.ts `stackWaves`, the rehearsal) calls it.
 */
import * as fs from "fs";
import { LineCounter, parseDocument } from "yaml";
import { cidrsOverlap } from "./cidr";
import { Diagnostic } from "./diagnostics";
import { Path, formatPath, locator } from "./locate";
import { Definition } from "./schema";

/** A problem of a change, at a path of the NEW definition. */
export interface ChangeProblem {
    path: Path;
    message: string;
}

/** The hubs of a definition: path of their `cidr` → CIDR. */
function hubCidrs(definition: Definition): Map<string, { path: Path; cidr: string; where: string }> {
    const hubs = new Map<string, { path: Path; cidr: string; where: string }>();
    hubs.set(definition.region, { path: ["network", "hub", "cidr"], cidr: definition.network.hub.cidr, where: `the home Region's (${definition.region})` });
    for (const [region, r] of Object.entries(definition.network.regions ?? {})) {
        hubs.set(region, { path: ["network", "regions", region, "hub", "cidr"], cidr: r.hub.cidr, where: `Region ${region}'s` });
    }
    return hubs;
}

/**
 * Every hub whose CIDR changes from `from` to `definition` to a CIDR that overlaps the old
 * one (same Region in both; a Region added or removed has no old hub to overlap). Empty
 * without `from`.
 */
export function hubCidrChangeProblems(definition: Definition, from: Definition | undefined): ChangeProblem[] {
    if (!from) return [];
    const before = hubCidrs(from);
    const problems: ChangeProblem[] = [];
    for (const [region, now] of hubCidrs(definition)) {
        const old = before.get(region);
        if (!old || old.cidr === now.cidr || !cidrsOverlap(old.cidr, now.cidr)) continue;
        problems.push({
            path: now.path,
            message:
                `${now.where} hub VPC changes from ${old.cidr} to ${now.cidr}, which overlaps it: the hub VPC is replaced, and its replacement is attached to the transit gateway ` +
                `while the old hub's attachment still propagates ${old.cidr}; a transit gateway does not propagate a VPC CIDR that overlaps one already attached, so the new hub would stay unreachable. ` +
                `Give the hub a CIDR that does not overlap ${old.cidr}, or make two changes: first to an intermediate CIDR that overlaps neither ${old.cidr} nor ${now.cidr}, deployed, then to ${now.cidr}`,
        });
    }
    return problems;
}

/** Thrown by a change planner given a change it refuses; `problems` are at paths of the new definition. */
export class ChangeRefused extends Error {
    constructor(public readonly problems: ChangeProblem[]) {
        super(problems.map((p) => `${formatPath(p.path)}: ${p.message}`).join("\n"));
        this.name = "ChangeRefused";
    }
}

/** Throws `ChangeRefused` when the change from `from` to `definition` is one no plan can apply. */
export function refuseImpossibleChange(definition: Definition, from: Definition | undefined): void {
    const problems = hubCidrChangeProblems(definition, from);
    if (problems.length > 0) throw new ChangeRefused(problems);
}

/** The problems as diagnostics at their line and column in the definition file `file` (line 0 when it cannot be read). */
export function locateChangeProblems(file: string, problems: ChangeProblem[]): Diagnostic[] {
    let locate = (_: Path) => ({ line: 0, col: 0 });
    try {
        const lineCounter = new LineCounter();
        const doc = parseDocument(fs.readFileSync(file, "utf8"), { lineCounter, merge: true });
        locate = locator(doc, lineCounter);
    } catch {
        // The file was loaded a moment ago; if it is gone now, the path still names the key.
    }
    return problems.map((p) => ({ file, ...locate(p.path), path: formatPath(p.path), message: p.message, severity: "error" as const }));
}
