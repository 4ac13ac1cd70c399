/**
 * Text renderings of a plan: the preview-like resource tree, counts by type and the
 * policy results. Pure functions of the plan, linear in its size.
 */
import { CostReport, ModeCost } from "../../analysis/cost";
import { PlannedResource } from "../../analysis/plan-records";
import {
    ReachabilityMatrix,
    ReachabilityReport,
    analyzeReachability,
    compareReachability,
    formatReachabilityMatrix,
    intendedReachability,
    oneWayPaths,
} from "../../analysis/reachability";
import { Definition } from "../../definition/schema";
import { ONPREM_DOMAIN, domainNames, spokeGrowth } from "../../network/domains";
import { PlanResult, Violation } from "./model";

const levelOrder: Record<Violation["level"], number> = { mandatory: 0, remediate: 1, advisory: 2, disabled: 3 };

/**
 * The tree `pulumi preview` prints: one line per resource under its parent, with `+`
 * for a create and `>` for a read, type and name in columns, and the number of policy
 * findings on the resource.
 */
export function renderTree(plan: PlanResult, project = "landing-zone"): string[] {
    const children = new Map<string | undefined, PlannedResource[]>();
    const urns = new Set(plan.resources.map((r) => r.urn));
    for (const r of plan.resources) {
        // A parent the plan does not hold (should not happen) is shown at the top level.
        const parent = r.parent !== undefined && urns.has(r.parent) ? r.parent : undefined;
        const list = children.get(parent);
        if (list) list.push(r);
        else children.set(parent, [r]);
    }
    const findings = new Map<string, Violation[]>();
    for (const v of plan.violations) {
        if (!v.urn) continue;
        const list = findings.get(v.urn);
        if (list) list.push(v);
        else findings.set(v.urn, [v]);
    }
    const rows: { mark: string; prefix: string; type: string; name: string; note: string }[] = [
        { mark: "+", prefix: "", type: "pulumi:pulumi:Stack", name: `${project}-${plan.stack}`, note: "" },
    ];
    const walk = (parent: string | undefined, indent: string): void => {
        const list = children.get(parent) ?? [];
        list.forEach((r, i) => {
            const last = i === list.length - 1;
            const own = findings.get(r.urn) ?? [];
            const worst = own.reduce<Violation["level"] | undefined>((w, v) => (w === undefined || levelOrder[v.level] < levelOrder[w] ? v.level : w), undefined);
            rows.push({
                mark: r.read ? ">" : "+",
                prefix: `${indent}${last ? "└─ " : "├─ "}`,
                type: r.type,
                name: r.name,
                note: own.length ? `${own.length} ${worst} finding${own.length > 1 ? "s" : ""}` : "",
            });
            walk(r.urn, `${indent}${last ? "   " : "│  "}`);
        });
    };
    walk(undefined, "");
    let typeWidth = 4;
    let nameWidth = 4;
    for (const row of rows) {
        typeWidth = Math.max(typeWidth, row.prefix.length + row.type.length);
        nameWidth = Math.max(nameWidth, row.name.length);
    }
    const line = (mark: string, type: string, name: string, plan: string, note: string): string =>
        ` ${mark}  ${type.padEnd(typeWidth)}  ${name.padEnd(nameWidth)}  ${plan}${note ? `  [${note}]` : ""}`.trimEnd();
    return [
        line(" ", "Type", "Name", "Plan", ""),
        ...rows.map((row) => line(row.mark, `${row.prefix}${row.type}`, row.name, row.mark === ">" ? "read" : "create", row.note)),
    ];
}

/** `count  type` lines, most frequent first. */
export function renderCounts(plan: PlanResult): string[] {
    const entries = Object.entries(plan.summary.byType).sort((a, b) => b[1] - a[1] || a[0].localeCompare(b[0]));
    const width = String(entries[0]?.[1] ?? 0).length;
    const reads = plan.resources.filter((r) => r.read).length;
    return [`Resources: ${plan.summary.resources} to create${reads ? `, ${reads} to read` : ""}`, ...entries.map(([type, n]) => `  ${String(n).padStart(width)}  ${type}`)];
}

/** Policy findings grouped by level, each with the resource it is about. */
export function renderViolations(plan: PlanResult, packName: string): string[] {
    const byUrn = new Map(plan.resources.map((r) => [r.urn, r]));
    const sorted = [...plan.violations].sort((a, b) => levelOrder[a.level] - levelOrder[b.level]);
    const counts = { mandatory: 0, advisory: 0, remediate: 0, disabled: 0 };
    for (const v of plan.violations) counts[v.level]++;
    const lines = [`Policies (${packName}): ${counts.mandatory} mandatory, ${counts.advisory} advisory`];
    for (const v of sorted) {
        const r = v.urn ? byUrn.get(v.urn) : undefined;
        const subject = r ? `${r.type}: ${r.name}` : v.urn ? v.urn : "stack";
        lines.push(`  - [${v.level}] ${v.policy}  (${subject})`);
        for (const text of v.message.split("\n")) lines.push(`      ${text}`);
    }
    return lines;
}

/** Dollars with cents; unit prices keep their sub-cent digits ($0.0014). */
const usd = (n: number, maxDigits = 2): string => `$${n.toLocaleString("en-US", { minimumFractionDigits: 2, maximumFractionDigits: maxDigits })}`;

/** The cost report: one line per billable item, the total, and what the total leaves out. */
export function renderCost(cost: CostReport, title: string): string[] {
    const itemWidth = Math.max(4, ...cost.lines.map((l) => l.item.length));
    const lines = [title];
    for (const l of cost.lines) {
        lines.push(`  ${l.item.padEnd(itemWidth)}  ${String(l.quantity).padStart(6)} × ${usd(l.unitUsd, 4).padStart(8)}/${l.per.padEnd(5)}  ${usd(l.monthlyUsd).padStart(12)}`);
    }
    lines.push(`  ${"Total per month".padEnd(itemWidth)}  ${"".padStart(25)}  ${usd(cost.monthlyUsd).padStart(12)}`);
    for (const note of cost.notes) lines.push(`  note: ${note}`);
    return lines;
}

/** The `--compare` table: the environment's monthly cost under each endpoint mode × DNS sharing mode. */
export function renderComparison(modes: ModeCost[], currentMode: string, currentSharing: string): string[] {
    const lines = ["Monthly cost of the whole environment by endpoint mode × DNS sharing mode:"];
    for (const m of modes) {
        const current = m.endpointMode === currentMode && m.dnsSharing === currentSharing ? "  ← this definition" : "";
        const label = `${m.endpointMode} + ${m.dnsSharing}`.padEnd(28);
        lines.push(`  ${label}  ${m.cost ? usd(m.cost.monthlyUsd).padStart(12) : `not plannable: ${m.error?.split("\n")[0]}`}${current}`);
    }
    return lines;
}

/** The reachability part of a plan: what it prints, what it warns about, what `--json` holds. */
export interface ReachabilitySection {
    /** The matrix and the differences from the intent, as printed. */
    lines: string[];
    /** One warning per one-way path (declared or not) and per partial pair. */
    warnings: string[];
    report: ReachabilityReport;
    /**
     * `--json` keys: `reachability` (two-way), `reachabilityPartial` (pairs that converse
     * between some of their addresses only), `reachabilityOneWay` (one-way paths) and,
     * when the plan does not know some node's addresses, `reachabilityUndecided` (those nodes).
     */
    json: { reachability: ReachabilityMatrix; reachabilityPartial: ReachabilityMatrix; reachabilityOneWay: ReachabilityMatrix; reachabilityUndecided?: string[] };
}

/** Where a domain's one-way declaration lives, for messages. */
function oneWayKey(definition: Definition, from: string, to: string): string {
    const domainOf = (node: string) => (node === "hub" || node.startsWith("hub@") ? "shared" : node === "onprem" ? "onprem" : definition.spokes.find((s) => s.name === node)?.domain);
    return `network.transitGateway.domains.${domainOf(from)}.oneWay lists ${domainOf(to)}`;
}

/**
 * Reachability of a plan's resources: the matrix (two-way, partial and one-way marked
 * apart), judged against the definition's intent when `definition` is given, and a
 * warning per one-way path and per partial pair. In a plan of one unit (`unit` not
 * `all`) the definition names the nodes (a spoke known only by the attachment id its
 * stack publishes), and the intent is judged between the nodes the plan holds: a spoke
 * not attached yet is not a missing path of this stack.
 */
export function reachabilitySection(resources: PlannedResource[], definition?: Definition, unit = "all"): ReachabilitySection {
    const report = analyzeReachability(resources, definition);
    const wholeIntent = definition ? intendedReachability(definition) : undefined;
    const intended = wholeIntent && unit !== "all" ? restrictReport(wholeIntent, reportNodes(report)) : wholeIntent;
    const lines = ["Reachability through the transit gateway (from the planned routes; a pair is two-way when packets get to every address of each and replies get back):"];
    lines.push(formatReachabilityMatrix(report, intended));
    if (intended) {
        for (const d of compareReachability(report, intended)) {
            const what =
                d.kind === "unintended"
                    ? `UNINTENDED path: ${d.from} → ${d.to} is ${d.actual}, the domains allow ${d.intended === "none" ? "no path" : `a ${d.intended} path`}`
                    : d.kind === "one-way"
                      ? `one-way only: ${d.from} → ${d.to} is intended two-way, but replies have no route back`
                      : d.kind === "partial"
                        ? `partial only: ${d.from} ↔ ${d.to} is intended two-way, but only some of their addresses converse`
                        : `missing path: ${d.from} → ${d.to} (intended ${d.intended})`;
            lines.push(`  ${what}`);
        }
    }
    const warnings = oneWayPaths(report, intended).map(({ from, to, declared }) =>
        declared && definition
            ? `one-way path ${from} → ${to} by intent (${oneWayKey(definition, from, to)}): packets get there, replies have no route back`
            : `one-way path ${from} → ${to}: packets get there, but replies have no route back, so no conversation (TCP, ping, DNS) works${intended ? "; the definition does not declare it" : ""}`,
    );
    for (const [from, targets] of Object.entries(report.partial)) {
        for (const to of targets) {
            if (from < to) warnings.push(`partial path ${from} ↔ ${to}: packets and replies get through between some of their addresses only (a route more specific than the other's range sends part of it elsewhere or drops it)`);
        }
    }
    for (const w of warnings) lines.push(`  warning: ${w}`);
    if (definition) lines.push("", ...growthLines(definition));
    const json: ReachabilitySection["json"] = { reachability: report.reachable, reachabilityPartial: report.partial, reachabilityOneWay: report.oneWay };
    if (report.undecided) json.reachabilityUndecided = report.undecided;
    return { lines, warnings, report, json };
}

/** What one more spoke in each domain adds to the network stack (`spokeGrowth`). */
function growthLines(definition: Definition): string[] {
    const lines = [
        "Each spoke added to a domain adds to the network stack: 1 association, 1 propagation per domain that reaches it, 1 blackhole per domain that does not (none when a summary block of the domain covers the spoke), and 1 accepter when its VPC is in another account:",
    ];
    for (const domain of domainNames(definition).filter((d) => d !== ONPREM_DOMAIN)) {
        const summary = definition.network.transitGateway.domains[domain].cidrs?.[0];
        // A spoke inside the domain's first summary block when it has one, else outside any.
        const cidr = summary ?? "0.0.0.0/32";
        const other = spokeGrowth(definition, domain, { account: `${definition.network.account}\u0000other`, cidr });
        const own = spokeGrowth(definition, domain, { account: definition.network.account, cidr });
        const saving = summary ? "" : `; a summary block (network.transitGateway.domains.${domain}.cidrs) would save ${other.blackholes.length}`;
        lines.push(`  ${domain}: +${other.total} (+${own.total} in the network's own account)${other.blackholes.length > 0 ? saving : ""}`);
    }
    return lines;
}

/** Every node a report names. */
function reportNodes(report: ReachabilityReport): Set<string> {
    const names = new Set<string>([...(report.undecided ?? [])]);
    for (const m of [report.reachable, report.partial, report.oneWay]) for (const [from, to] of Object.entries(m)) [from, ...to].forEach((n) => names.add(n));
    return names;
}

/** A report between the given nodes only. */
function restrictReport(report: ReachabilityReport, nodes: Set<string>): ReachabilityReport {
    const keep = (m: ReachabilityMatrix) => Object.fromEntries(Object.entries(m).filter(([from]) => nodes.has(from)).map(([from, to]) => [from, to.filter((n) => nodes.has(n))]));
    const oneWay = Object.fromEntries(Object.entries(keep(report.oneWay)).filter(([, to]) => to.length > 0));
    return { reachable: keep(report.reachable), oneWay, partial: {} };
}
