/**
 * The review summary as GitHub Markdown, the way Infracost or Atlantis comment on a pull
 * request: a headline table, then per stack what is added, changed and removed (by type,
 * with names), the reachability pairs gained and lost, the monthly cost before and after,
 * the policy findings (new ones first), and the environment's diagram.
 *
 * A GitHub comment holds at most 65,536 characters: the summary is kept under `budget`
 * by listing fewer names per type (the counts stay exact), then by leaving the lists out.
 */
import { Violation } from "../plan/model";
import { CostLineDelta, Review, StackDiff } from "./compare";

/** GitHub's limit for a comment body, minus room for the workflow's marker and headings. */
export const DEFAULT_BUDGET = 60000;

const levelOrder: Record<Violation["level"], number> = { mandatory: 0, remediate: 1, advisory: 2, disabled: 3 };

const usd = (n: number): string => `${n < 0 ? "−" : ""}$${Math.abs(n).toLocaleString("en-US", { minimumFractionDigits: 2, maximumFractionDigits: 2 })}`;
const signedUsd = (n: number): string => (n > 0 ? `+${usd(n)}` : n < 0 ? usd(n) : "±$0.00");
const code = (s: string): string => `\`${s.replace(/`/g, "'")}\``;
/** Table cells: no pipes or line breaks. */
const cell = (s: string): string => s.replace(/\|/g, "\\|").replace(/\r?\n/g, " ");
const plural = (n: number, one: string, many = `${one}s`): string => `${n} ${n === 1 ? one : many}`;

/** `type (n): name, name, …` lines, types sorted, at most `limit` names each. */
function byType(refs: { type: string; name: string; inputs?: string[] }[], limit: number): string[] {
    const groups = new Map<string, { name: string; inputs?: string[] }[]>();
    for (const r of refs) groups.set(r.type, [...(groups.get(r.type) ?? []), r]);
    return [...groups]
        .sort(([a], [b]) => a.localeCompare(b))
        .map(([type, list]) => {
            const shown = list.slice(0, limit).map((r) => (r.inputs ? `${r.name} (${r.inputs.join(", ")})` : r.name));
            const more = list.length - shown.length;
            return `| ${code(type)} | ${list.length} | ${cell([...shown, ...(more > 0 ? [`… ${more} more`] : [])].join(", "))} |`;
        });
}

function stackChangeLabel(s: StackDiff): string {
    switch (s.status) {
        case "added":
            return "**new stack**";
        case "removed":
            return "**to destroy**";
        case "changed":
            return "changed";
        default:
            return "no change";
    }
}

function findingCounts(findings: Violation[]): string {
    const mandatory = findings.filter((v) => v.level === "mandatory").length;
    const advisory = findings.filter((v) => v.level !== "mandatory").length;
    return findings.length === 0 ? "" : [mandatory ? `${mandatory} mandatory` : "", advisory ? `${advisory} advisory` : ""].filter(Boolean).join(", ");
}

function stackDetails(s: StackDiff, limit: number): string[] {
    const total = s.added.length + s.changed.length + s.removed.length;
    if (total === 0) return [];
    const what = s.status === "removed" ? `to destroy: ${plural(s.removed.length, "resource")} to remove` : [s.added.length ? `${s.added.length} to add` : "", s.changed.length ? `${s.changed.length} to change` : "", s.removed.length ? `${s.removed.length} to remove` : ""].filter(Boolean).join(", ");
    const lines = [`<details${s.status === "removed" ? " open" : ""}><summary><b>${s.stack}</b>: ${what}</summary>`, ""];
    if (limit > 0) {
        const section = (title: string, refs: { type: string; name: string; inputs?: string[] }[]) => {
            if (refs.length === 0) return;
            lines.push(`**${title}**`, "", "| type | count | names |", "|---|---:|---|", ...byType(refs, limit), "");
        };
        section("To add", s.added);
        section("To change (inputs that differ)", s.changed);
        section("To remove", s.removed);
    } else {
        lines.push("_Names left out to keep this comment under GitHub's size limit; the workflow's artifacts hold the full plans._", "");
    }
    lines.push("</details>", "");
    return lines;
}

function costTable(lines: CostLineDelta[]): string[] {
    if (lines.length === 0) return [];
    return [
        "| item | quantity | per month before | after | change |",
        "|---|---:|---:|---:|---:|",
        ...lines.map((l) => `| ${cell(l.item)} | ${l.quantityBefore} → ${l.quantityAfter} | ${usd(l.monthlyBefore)} | ${usd(l.monthlyAfter)} | ${signedUsd(Math.round((l.monthlyAfter - l.monthlyBefore) * 100) / 100)} |`),
        "",
    ];
}

function findingLines(review: Review, subject: (s: StackDiff, v: Violation) => string): string[] {
    const lines: string[] = [];
    for (const s of review.stacks) {
        const rows = [
            ...s.findings.introduced.map((v) => ({ v, state: "new" })),
            ...s.findings.kept.map((v) => ({ v, state: "already there" })),
            ...s.findings.resolved.map((v) => ({ v, state: "resolved" })),
        ].sort((a, b) => levelOrder[a.v.level] - levelOrder[b.v.level]);
        if (rows.length === 0) continue;
        lines.push(`**${s.stack}**`, "", "| level | rule | resource | finding | |", "|---|---|---|---|---|");
        for (const { v, state } of rows) {
            const message = v.message.split("\n").filter(Boolean).slice(-1)[0] ?? "";
            lines.push(`| ${v.level} | ${code(v.policy)} | ${cell(subject(s, v))} | ${cell(message.length > 300 ? `${message.slice(0, 297)}…` : message)} | ${state} |`);
        }
        lines.push("");
    }
    return lines;
}

export interface MarkdownOptions {
    /** The environment's diagram (Mermaid text, without the fence). */
    diagram?: string;
    /** Maximum length of the document. @default DEFAULT_BUDGET */
    budget?: number;
}

function render(review: Review, opts: MarkdownOptions, limit: number): string {
    const stacks = review.stacks;
    const count = (status: StackDiff["status"]) => stacks.filter((s) => s.status === status);
    const sum = (f: (s: StackDiff) => number) => stacks.reduce((n, s) => n + f(s), 0);
    const now = stacks.filter((s) => s.status !== "removed").flatMap((s) => [...s.findings.introduced, ...s.findings.kept]);
    const introduced = stacks.flatMap((s) => s.findings.introduced);
    const mandatoryNow = now.filter((v) => v.level === "mandatory").length;
    const removedStacks = count("removed");
    const out: string[] = [];

    out.push(`## Landing zone review: ${review.environment}`, "");
    out.push(review.againstFile ? `${code(review.definitionFile)} compared with ${code(review.againstFile)}, every stack planned offline under the mock runtime and judged by the policy pack.` : `${code(review.definitionFile)}: a new environment, compared with nothing.`, "");
    out.push("| | |", "|---|---|");
    out.push(
        `| **Stacks** | ${[
            removedStacks.length ? `**${removedStacks.length} to destroy**` : "",
            count("added").length ? `${count("added").length} new` : "",
            `${count("changed").length} changed`,
            `${count("unchanged").length} unchanged`,
        ]
            .filter(Boolean)
            .join(" · ")} |`,
    );
    out.push(`| **Resources** | +${sum((s) => s.added.length)} to add · ~${sum((s) => s.changed.length)} to change · −${sum((s) => s.removed.length)} to remove |`);
    out.push(`| **Reachability** | +${review.reachability.gained.length} pairs gained · −${review.reachability.lost.length} lost |`);
    out.push(`| **Monthly cost** | ${usd(review.cost.before)} → ${usd(review.cost.after)} (**${signedUsd(review.cost.delta)}**) |`);
    out.push(`| **Policy** | ${mandatoryNow} mandatory · ${now.length - mandatoryNow} advisory · ${introduced.length} new with this change |`);
    out.push("");
    if (removedStacks.length > 0) {
        out.push("> [!WARNING]");
        out.push(`> ${removedStacks.map((s) => `**${s.stack}**`).join(", ")}: ${removedStacks.length === 1 ? "its unit is" : "their units are"} no longer in the definition. These stacks are not planned: after this merges, destroy ${removedStacks.length === 1 ? "it" : "them"} (\`pulumi destroy -s <stack>\`, then \`pulumi stack rm\`) and delete the stack file${removedStacks.length === 1 ? "" : "s"} (\`npm run stacks -- --definition ${review.definitionFile} --prune\`).`);
        out.push("");
    }
    if (mandatoryNow > 0) {
        out.push("> [!CAUTION]", `> ${plural(mandatoryNow, "mandatory policy finding")}: \`pulumi up\` would be blocked.`, "");
    }

    out.push("### Stacks", "", "| stack | change | to add | to change | to remove | policy findings |", "|---|---|---:|---:|---:|---|");
    for (const s of stacks) {
        const findings = s.status === "removed" ? [] : [...s.findings.introduced, ...s.findings.kept];
        // Unchanged stacks without findings are named once below, not a row each (an environment may have hundreds).
        if (s.status === "unchanged" && findings.length === 0) continue;
        out.push(`| ${s.stack} | ${stackChangeLabel(s)} | ${s.added.length || ""} | ${s.changed.length || ""} | ${s.removed.length || ""} | ${findingCounts(findings)} |`);
    }
    out.push("");
    const quiet = stacks.filter((s) => s.status === "unchanged" && s.findings.introduced.length + s.findings.kept.length === 0).map((s) => s.stack);
    if (quiet.length > 0) out.push(`No change and no finding: ${quiet.join(", ")}.`, "");
    for (const s of stacks) out.push(...stackDetails(s, limit));

    out.push("### Reachability", "");
    const pairs = (list: { from: string; to: string }[]) => list.map((p) => `${p.from} → ${p.to}`).join(", ");
    if (review.reachability.gained.length + review.reachability.lost.length === 0) out.push("No pair of networks gains or loses a path through the transit gateway.", "");
    else {
        out.push(`- **Gained** (${review.reachability.gained.length}): ${review.reachability.gained.length ? pairs(review.reachability.gained) : "none"}`);
        out.push(`- **Lost** (${review.reachability.lost.length}): ${review.reachability.lost.length ? pairs(review.reachability.lost) : "none"}`, "");
    }

    out.push("### Monthly cost", "");
    out.push(`${usd(review.cost.before)} → ${usd(review.cost.after)}: **${signedUsd(review.cost.delta)}** per month (list prices ${review.cost.prices}; fixed charges only).`, "");
    out.push(...costTable(review.cost.lines));
    for (const note of review.cost.notes) out.push(`- ${note}`);
    out.push("");

    out.push("### Policy findings", "");
    const subject = (s: StackDiff, v: Violation) => {
        const r = v.urn ? s.resources.get(v.urn) : undefined;
        return r ? `${r.type}: ${r.name}` : v.urn ?? "stack";
    };
    const findingRows = findingLines(review, subject);
    out.push(...(findingRows.length ? findingRows : ["None: every stack passes the policy pack and the planned-document checks.", ""]));

    if (opts.diagram !== undefined) {
        out.push("### Environment", "", "Added in green, removed in red (dashed), changed in yellow.", "", "```mermaid", opts.diagram, "```", "");
    }
    return out.join("\n");
}

/** The review as Markdown, under `budget` characters. */
export function reviewMarkdown(review: Review, opts: MarkdownOptions = {}): string {
    const budget = opts.budget ?? DEFAULT_BUDGET;
    for (const limit of [50, 20, 5, 0]) {
        const text = render(review, opts, limit);
        if (text.length <= budget) return text;
    }
    const text = render(review, { ...opts, diagram: undefined }, 0);
    return text.length <= budget ? text : `${text.slice(0, budget - 120)}\n\n_… cut to fit GitHub's comment size; the workflow's artifacts hold the full summary._\n`;
}

