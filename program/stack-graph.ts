/**
 * The deploy waves of an environment: which stacks run, in which order, which of them can
 * run side by side, and how many passes each needs — derived from the unit registry
 * (unit-registry.ts: every cross-stack read and every AWS-side precondition between the
 * units) and the lifecycle rules (aws/lifecycle.ts: what blocks a deletion).
 *
 * One model serves every operation:
 *  - deploy: the phases of every unit, each as early as its uses allow (a wave is a set of
 *    stacks that can run in parallel; a stack appears once per pass it needs);
 *  - change (`from`: the definition deployed before): the stacks of the new definition in
 *    the same order, the stacks of removed units destroyed, and — for every object the
 *    change deletes — the users of that object released first (for a removed spoke: the
 *    network detaches it, then its stack is destroyed);
 *  - destroy: the network detaches every spoke (a `pulumi up` with
 *    `landing-zone:detachSpokes` = `*`), then every stack is destroyed once its objects
 *    have no users left, consumers before owners, spokes before the network, the perimeter
 *    (org) and the audit (security) last.
 *
 * This file holds the schedule (the graph of runs), the deploy and destroy orders and the
 * waves; what a change must run in which order beyond the new definition's deploy order (moved
 * spokes, failover changes, detach and release runs, names changing place, ...) is in
 * program/change-order/ (index.ts lists each ordering and its file).
 *
 * Pure: no Pulumi import. `npm run waves` prints the result as JSON; the format is the
 * interface of the deploy tooling (see README "Deploy waves").
 */
import { lifecycleRule } from "../aws/lifecycle";
import { Definition } from "../definition/schema";
import { flowLogDestinationOf } from "../definition/log-archive";
import { refuseImpossibleChange } from "../definition/hub-cidr-change";
import { accountOfUnit, stackName, unitsOf } from "../definition/units";
import { regionOfNetworkUnit } from "../definition/regions";
import { PhaseName, STACK_OUTPUT, Use, phaseDescriptions, unitPhases, unitUses } from "./unit-registry";
import { changeOf, orderChange, pruneFirst, usesToOrder } from "./change-order";
import { DELETE_FIRST_CONFIG, deleteFirstOf } from "./change-order/single-stack-delete-first";

/** Config key of the network stack: spokes whose attachment it keeps accepted but no longer associates or propagates (`*`: all). */
export const DETACH_SPOKES_CONFIG = "landing-zone:detachSpokes";

/**
 * Config key of a spoke stack: the other spokes' endpoint services whose interface
 * endpoints it no longer builds (`*`: all), so their owners can delete them.
 */
export const RELEASE_SERVICES_CONFIG = "landing-zone:releaseEndpointServices";

/** One stack's run in a wave. */
export interface WaveStack {
    /** `<env>-<unit>`. */
    stack: string;
    unit: string;
    /** Logical account (from `accounts`) the stack deploys into; absent for unit `all`. */
    account?: string;
    /** Its 12-digit id. */
    accountId?: string;
    /** 1 for the stack's first run in this list, 2 for its second, ... */
    pass: number;
    operation: "up" | "destroy";
    /** What the run does and why it runs here. */
    reason: string;
    /** The unit's phases this run completes (empty for a destroy). */
    phases: PhaseName[];
    /** Stacks an earlier wave had to run first, and the rule that says why. */
    after: { stack: string; rule: string }[];
    /** Stack config for this run only (e.g. the network's detach run). */
    config?: Record<string, string>;
    /**
     * `from`: the run takes the earlier definition of the change (`--from`), not the new one:
     * the detach run of a network unit whose Region the change removes (the new definition
     * has no such unit); the detach run of a network unit a spoke moves into (the new
     * definition would read the arriving spoke's old attachment); the release run of a
     * consumer handing its account's governance forwarder over to a moving owner (the new
     * definition would delete its forwarder too early). @default the new definition
     */
    definition?: "from";
}

export interface Wave {
    /** Stacks that can run in parallel. */
    stacks: WaveStack[];
}

export interface StackWaves {
    environment: string;
    /** Deploy (or, with `from`, apply the change): run wave by wave, the stacks of a wave in parallel. */
    waves: Wave[];
    /** Tear the environment down: wave by wave. */
    destroyWaves: Wave[];
}

export interface WaveOptions {
    /** The definition deployed before: the waves apply the change from it. */
    from?: Definition;
    /** One stack for the whole environment (unit `all`) instead of one per unit. @default false */
    singleStack?: boolean;
}

// ---- scheduling ------------------------------------------------------------------------------

export type NodeKind = "phase" | "first" | "detach" | "release" | "destroy";

export interface Node {
    id: string;
    unit: string;
    kind: NodeKind;
    phase?: PhaseName;
    level: number;
}

interface Edge {
    from: string;
    to: string;
    /** True: `to` runs in a later wave than `from`; false: the same wave or later (same stack). */
    strict: boolean;
    rule: string;
}

/** The graph of runs: nodes (a unit's phase, first run of a change, detach, release or destroy run) and the edges that order them. */
export class Schedule {
    readonly nodes = new Map<string, Node>();
    readonly edges: Edge[] = [];
    /** The spokes the network's detach run detaches (`*`: all). */
    readonly detachSpokes = new Set<string>();
    /** Removed spokes the network's detach run drops (no config: they are not in the definition). */
    readonly detachRemoved = new Set<string>();
    /**
     * Removed network units (a Region the change removes) whose detach run drops their side
     * of the peerings: it runs with the earlier definition (the new one has no such unit).
     */
    readonly detachWithEarlier = new Set<string>();
    /**
     * Kept network units that a spoke moves into (a Region move): their detach run takes the
     * earlier definition too, naming the spokes it detaches. With the new definition it would
     * read the moving spoke's outputs, which name its old attachment in the old Region until
     * that stack is destroyed (tgw-accept-needs-pending-attachment), and that destroy may
     * itself wait for this detach run (two spokes crossing Regions in opposite directions, or
     * a removed spoke of the new Region whose destroy waits for its detach).
     */
    readonly detachEarlierNamed = new Set<string>();
    /**
     * Kept spokes that drop their endpoints to a moving owner's services in a release run with
     * the earlier definition (spoke → the services released): the spoke hands its account's
     * governance forwarder over to that owner, which creates its own only once redeployed —
     * with the new definition this run would already delete the spoke's forwarder, leaving the
     * account unwatched; with the earlier one it keeps it until its own run of the change.
     */
    readonly releaseEarlier = new Map<string, Set<string>>();
    /**
     * Of those, the spokes that release services whose removed owner hands the connection
     * topic to a new owner in its account and Region: with the new definition the run would
     * read the new owner's outputs, which it publishes only after the old stack's destroy
     * (sns-topic-name-unique).
     */
    readonly releaseForTopic = new Set<string>();

    node(unit: string, kind: NodeKind, phase?: PhaseName): string {
        const id = `${unit}/${kind}${phase ? `/${phase}` : ""}`;
        if (!this.nodes.has(id)) this.nodes.set(id, { id, unit, kind, phase, level: 0 });
        return id;
    }

    /** `separateRuns`: `to` runs in a later wave even within one unit (a second run of the stack). */
    edge(from: string, to: string, rule: string, separateRuns = false): void {
        if (from === to) return;
        const fromKind = this.nodes.get(from)!.kind;
        const strict = separateRuns || this.nodes.get(from)!.unit !== this.nodes.get(to)!.unit || this.nodes.get(to)!.kind === "destroy" || fromKind === "detach" || fromKind === "release";
        this.edges.push({ from, to, strict, rule });
    }

    private outgoing(): Map<string, Edge[]> {
        const out = new Map<string, Edge[]>();
        for (const e of this.edges) out.set(e.from, [...(out.get(e.from) ?? []), e]);
        return out;
    }

    /** Longest-path levels (strict edges add one); throws naming a cycle. */
    levels(): void {
        const indegree = new Map<string, number>([...this.nodes.keys()].map((id) => [id, 0]));
        for (const e of this.edges) indegree.set(e.to, indegree.get(e.to)! + 1);
        const out = this.outgoing();
        const ready = [...indegree].filter(([, d]) => d === 0).map(([id]) => id);
        let done = 0;
        while (ready.length > 0) {
            const id = ready.shift()!;
            done++;
            const node = this.nodes.get(id)!;
            for (const e of out.get(id) ?? []) {
                const next = this.nodes.get(e.to)!;
                next.level = Math.max(next.level, node.level + (e.strict ? 1 : 0));
                indegree.set(e.to, indegree.get(e.to)! - 1);
                if (indegree.get(e.to) === 0) ready.push(e.to);
            }
        }
        if (done < this.nodes.size) {
            const stuck = [...indegree].filter(([, d]) => d > 0).map(([id]) => id);
            const rules = [...new Set(this.edges.filter((e) => stuck.includes(e.from) && stuck.includes(e.to)).map((e) => e.rule))];
            throw new Error(`the stacks cannot be ordered: ${stuck.join(", ")} wait for each other (${rules.join(", ")})`);
        }
    }

    /**
     * Fewer passes without more waves: a unit's nodes of one wave move, all together, to
     * that unit's next later wave when none of their successors needs them earlier.
     */
    merge(): void {
        const out = this.outgoing();
        let changed = true;
        while (changed) {
            changed = false;
            const units = new Set([...this.nodes.values()].map((n) => n.unit));
            for (const unit of units) {
                const own = [...this.nodes.values()].filter((n) => n.unit === unit && n.kind !== "destroy" && n.kind !== "detach" && n.kind !== "release");
                const levels = [...new Set(own.map((n) => n.level))].sort((a, b) => a - b);
                for (let i = 0; i < levels.length - 1 && !changed; i++) {
                    const group = own.filter((n) => n.level === levels[i]);
                    const target = levels[i + 1];
                    const fits = group.every((n) =>
                        (out.get(n.id) ?? []).every((e) => {
                            const succ = this.nodes.get(e.to)!;
                            if (group.includes(succ)) return true;
                            return succ.level >= target + (e.strict ? 1 : 0);
                        }),
                    );
                    if (fits) {
                        for (const n of group) n.level = target;
                        changed = true;
                    }
                }
                if (changed) break;
            }
        }
    }

    /**
     * Destroys of a change run as late as their successors allow (the last wave at most):
     * nothing waits for them, and the stacks they wait for can then merge their passes.
     */
    destroyLate(): void {
        const out = this.outgoing();
        const last = Math.max(...[...this.nodes.values()].map((n) => n.level));
        for (const node of this.nodes.values()) {
            if (node.kind !== "destroy") continue;
            const limits = (out.get(node.id) ?? []).map((e) => this.nodes.get(e.to)!.level - (e.strict ? 1 : 0));
            node.level = Math.max(node.level, Math.min(last, ...limits));
        }
    }

    incoming(id: string): Edge[] {
        return this.edges.filter((e) => e.to === id);
    }
}

/** Account and id of a unit, for the wave entries. */
function accountFields(definition: Definition, unit: string): { account?: string; accountId?: string } {
    const account = accountOfUnit(definition, unit);
    return account ? { account, accountId: definition.accounts[account] } : {};
}

function ruleText(rule: string): string {
    if (rule === STACK_OUTPUT) return "reads its stack outputs";
    if (rule.startsWith("teardown:")) return rule.slice("teardown:".length);
    return `${rule}: ${lifecycleRule(rule).statement}`;
}

/** Turns scheduled nodes into waves of stack runs. */
function toWaves(schedule: Schedule, environment: string, accountsOf: (unit: string) => { account?: string; accountId?: string }): Wave[] {
    const runs = new Map<string, Node[]>();
    for (const node of schedule.nodes.values()) {
        const op = node.kind === "destroy" ? "destroy" : "up";
        const key = `${node.level}\u0000${node.unit}\u0000${op}\u0000${node.kind === "detach" || node.kind === "release" ? node.kind : ""}`;
        runs.set(key, [...(runs.get(key) ?? []), node]);
    }
    const keys = [...runs.keys()].sort((a, b) => {
        const [la, ua] = a.split("\u0000");
        const [lb, ub] = b.split("\u0000");
        return Number(la) - Number(lb) || ua.localeCompare(ub);
    });
    const waves: Wave[] = [];
    const passes = new Map<string, number>();
    for (const key of keys) {
        const nodes = runs.get(key)!;
        const [levelText, unit, operation, special] = key.split("\u0000");
        const detach = special === "detach";
        const release = special === "release";
        const level = Number(levelText);
        const stack = stackName(environment, unit);
        const pass = (passes.get(stack) ?? 0) + 1;
        passes.set(stack, pass);
        const phases = nodes.filter((n) => n.kind === "phase").map((n) => n.phase!);
        const after = new Map<string, string>();
        for (const node of nodes) {
            for (const e of schedule.incoming(node.id)) {
                const from = schedule.nodes.get(e.from)!;
                if (from.unit !== unit && from.level < level) after.set(`${stackName(environment, from.unit)}\u0000${e.rule}`, e.rule);
            }
        }
        const afterList = [...after.keys()].map((k) => ({ stack: k.split("\u0000")[0], rule: after.get(k)! }));
        let reason: string;
        if (operation === "destroy") reason = "destroy the stack";
        else if (release && schedule.releaseForTopic.has(unit)) {
            reason = `remove this spoke's interface endpoints to ${[...schedule.releaseEarlier.get(unit)!].sort().join(", ")}, so their removed owner's stack can be destroyed before the new owner creates the service's connection topic under the same name; with the earlier definition, as the new owner publishes nothing yet`;
        } else if (release && schedule.releaseEarlier.has(unit)) {
            reason = `remove this spoke's interface endpoints to ${[...schedule.releaseEarlier.get(unit)!].sort().join(", ")}, so their moving owner's old stack can be destroyed; with the earlier definition, so the spoke keeps its account's governance forwarder until that owner, its account's new first unit, has created its own`;
        } else if (release) reason = "remove this spoke's interface endpoints to other spokes' endpoint services, so their owners can delete them";
        else if (detach && schedule.detachEarlierNamed.has(unit)) {
            const which = [...new Set([...schedule.detachSpokes, ...schedule.detachRemoved])].sort().join(", ");
            reason = `detach ${which}: disassociate and stop propagating their attachments (accepters are kept), so their stacks can delete them; with the earlier definition, as a spoke moves into this Region and its outputs still name its old Region's attachment until its old stack is destroyed`;
        } else if (detach && schedule.detachWithEarlier.has(unit)) {
            reason = "detach its peerings and spokes (no association, no route over them; the accepters are kept), with the earlier definition that still has its Region, so the other Regions' stacks can delete the peering attachments and this stack can then be destroyed";
        } else if (detach) {
            const which = schedule.detachSpokes.has("*") ? "every spoke" : [...schedule.detachSpokes, ...schedule.detachRemoved].sort().join(", ");
            reason = `detach ${which}: disassociate and stop propagating their attachments (accepters are kept), so their stacks can delete them`;
        }
        else reason = phases.length > 0 ? phases.map((p) => phaseDescriptions[p]).join("; ") : "apply the change (update and delete what the definition no longer has)";
        if (afterList.length > 0) {
            const why = [...new Set(afterList.map((a) => `${a.stack} (${ruleText(a.rule)})`))];
            reason += `. After ${why.join("; ")}`;
        }
        while (waves.length <= level) waves.push({ stacks: [] });
        waves[level].stacks.push({
            stack,
            unit,
            ...accountsOf(unit),
            pass,
            operation: operation as "up" | "destroy",
            reason,
            phases,
            after: afterList,
            ...(detach && schedule.detachWithEarlier.has(unit) ? { config: { [DETACH_SPOKES_CONFIG]: "*" }, definition: "from" as const } : {}),
            ...(detach && schedule.detachEarlierNamed.has(unit) ? { config: { [DETACH_SPOKES_CONFIG]: [...new Set([...schedule.detachSpokes, ...schedule.detachRemoved])].sort().join(",") }, definition: "from" as const } : {}),
            ...(detach && !schedule.detachWithEarlier.has(unit) && !schedule.detachEarlierNamed.has(unit) && schedule.detachSpokes.size > 0 ? { config: { [DETACH_SPOKES_CONFIG]: [...schedule.detachSpokes].sort().join(",") } } : {}),
            ...(release && schedule.releaseEarlier.has(unit) ? { config: { [RELEASE_SERVICES_CONFIG]: [...schedule.releaseEarlier.get(unit)!].sort().join(",") }, definition: "from" as const } : {}),
            ...(release && !schedule.releaseEarlier.has(unit) ? { config: { [RELEASE_SERVICES_CONFIG]: "*" } } : {}),
        });
    }
    return waves.filter((w) => w.stacks.length > 0);
}

// ---- deploy ----------------------------------------------------------------------------------

/** Adds the phases of `definition` (units in `units`) and the uses `ordered` accepts as edges. */
function addDeploy(schedule: Schedule, definition: Definition, units: Set<string>, ordered: (use: Use) => boolean, withFirst: boolean): void {
    for (const p of unitPhases(definition)) {
        if (!units.has(p.unit)) continue;
        const id = schedule.node(p.unit, "phase", p.phase);
        if (withFirst) schedule.edge(schedule.node(p.unit, "first"), id, "first run");
    }
    for (const use of unitUses(definition)) {
        if (!units.has(use.user.unit) || !units.has(use.object.unit) || !ordered(use)) continue;
        schedule.edge(schedule.node(use.object.unit, "phase", use.object.phase), schedule.node(use.user.unit, "phase", use.user.phase), use.requires);
    }
}

// ---- unit `all` -----------------------------------------------------------------------------

/** The waves of a unit-`all` environment: its one stack, run twice when the change deletes something first (deleteFirstOf). */
function singleStackWaves(definition: Definition, from: Definition | undefined): StackWaves {
    const stack = stackName(definition.environment, "all");
    const phases = [...new Set(unitPhases(definition).map((p) => p.phase))];
    const first = from ? deleteFirstOf(definition, from) : [];
    const rules = [...new Set(first.map((d) => d.rule))];
    const intermediate: WaveStack[] = first.length === 0 ? [] : [{
        stack,
        unit: "all",
        pass: 1,
        operation: "up",
        reason:
            `the earlier definition without ${first.map((d) => d.item).join(", ")}: deleted before the change creates what they block ` +
            `(${first.map((d) => `${d.item} blocks ${d.blocks}: ${d.rule.startsWith("teardown:") ? d.rule.slice("teardown:".length) : d.rule}`).join("; ")})`,
        phases: [],
        after: [],
        config: { [DELETE_FIRST_CONFIG]: first.map((d) => d.item).join(",") },
        definition: "from",
    }];
    const entry = (operation: "up" | "destroy"): WaveStack => ({
        stack,
        unit: "all",
        pass: operation === "up" ? intermediate.length + 1 : 1,
        operation,
        reason:
            operation === "destroy"
                ? "destroy the stack"
                : `${intermediate.length > 0 ? "the new definition, once the first run has deleted what it would collide with; " : ""}every unit in one graph (one provider per account): the engine orders every resource`,
        phases: operation === "up" ? phases : [],
        after: operation === "up" ? rules.map((rule) => ({ stack, rule })) : [],
    });
    return {
        environment: definition.environment,
        waves: [...intermediate.map((s) => ({ stacks: [s] })), { stacks: [entry("up")] }],
        destroyWaves: [{ stacks: [entry("destroy")] }],
    };
}

function deployWaves(definition: Definition, from: Definition | undefined): Wave[] {
    const schedule = new Schedule();
    const units = new Set(unitsOf(definition));
    if (!from) {
        addDeploy(schedule, definition, units, () => true, false);
    } else {
        const change = changeOf(schedule, definition, from, units);
        addDeploy(schedule, definition, units, usesToOrder(change), true);
        orderChange(change);
    }
    schedule.levels();
    if (from) schedule.destroyLate();
    schedule.merge();
    pruneFirst(schedule);
    const accounts = (unit: string) => accountFields(units.has(unit) ? definition : from!, unit);
    return toWaves(schedule, definition.environment, accounts);
}

// ---- destroy ---------------------------------------------------------------------------------

/**
 * The destroy schedule. Consumers go before the owners of the services they use; when
 * two spokes use each other's services (neither can go first), each first drops its
 * endpoints in a run of its own (`release`).
 */
function destroySchedule(definition: Definition, releaseRuns: boolean): Schedule {
    const schedule = new Schedule();
    const units = unitsOf(definition);
    for (const unit of units) schedule.node(unit, "destroy");
    const uses = unitUses(definition);
    // Each network unit (one per Region) that holds a detachable use detaches first: its
    // spokes' associations and propagations, and its peering associations and routes.
    const detaching = [...new Set(uses.filter((u) => u.releasedBy === "detach").map((u) => u.user.unit))];
    if (detaching.length > 0) schedule.detachSpokes.add("*");
    for (const use of uses) {
        if (!use.blocksDelete || use.user.unit === use.object.unit) continue;
        let release: string;
        if (use.releasedBy === "detach") release = schedule.node(use.user.unit, "detach");
        else if (use.releasedBy === "release" && releaseRuns) {
            release = schedule.node(use.user.unit, "release");
            schedule.edge(release, schedule.node(use.user.unit, "destroy"), "teardown:a spoke drops its endpoints before it is destroyed");
        } else release = schedule.node(use.user.unit, "destroy");
        schedule.edge(release, schedule.node(use.object.unit, "destroy"), use.blocksDelete);
    }
    for (const unit of detaching) schedule.edge(schedule.node(unit, "detach"), schedule.node(unit, "destroy"), "teardown:the network detaches the spokes (and peerings) before it is destroyed");
    // The perimeter (org) and the audit (security) watch the environment until its last
    // workload is gone: they go last, the audit after everything; the log archive receives
    // flow logs until the last VPC is gone; the bootstrap stack's roles are what every other
    // stack's destroy runs with, so it goes after all of them.
    const flowLogsToArchive = units.includes("log-archive") && flowLogDestinationOf(definition) === "log-archive";
    for (const unit of units) {
        if (unit === "bootstrap") continue;
        if (unit !== "org" && unit !== "security" && units.includes("org")) {
            schedule.edge(schedule.node(unit, "destroy"), schedule.node("org", "destroy"), "teardown:the organization's guardrails stay until the last workload is gone");
        }
        if (unit !== "security" && units.includes("security")) {
            schedule.edge(schedule.node(unit, "destroy"), schedule.node("security", "destroy"), "teardown:the audit of endpoint-service changes stays until the end");
        }
        if (flowLogsToArchive && (unit === "network" || regionOfNetworkUnit(definition, unit) !== undefined || definition.spokes.some((s) => s.name === unit))) {
            schedule.edge(schedule.node(unit, "destroy"), schedule.node("log-archive", "destroy"), "teardown:the log archive receives flow logs until the last VPC is gone");
        }
        if (units.includes("bootstrap")) {
            schedule.edge(schedule.node(unit, "destroy"), schedule.node("bootstrap", "destroy"), "teardown:every stack is destroyed with the deploy role the bootstrap stack rolled out, so it goes last");
        }
    }
    schedule.levels();
    return schedule;
}

function destroyWaves(definition: Definition): Wave[] {
    let schedule: Schedule;
    try {
        schedule = destroySchedule(definition, false);
    } catch {
        schedule = destroySchedule(definition, true);
    }
    return toWaves(schedule, definition.environment, (unit) => accountFields(definition, unit));
}

// ---- the interface --------------------------------------------------------------------------

/**
 * The waves of `definition`: to deploy it (or, with `options.from`, to apply it as a change
 * to the environment deployed from that definition), and to destroy it.
 */
export function stackWaves(definition: Definition, options: WaveOptions = {}): StackWaves {
    if (options.from && options.from.environment !== definition.environment) {
        throw new Error(`the earlier definition is of environment ${options.from.environment}, not ${definition.environment}`);
    }
    // A change no order of runs can apply (a hub CIDR overlapping its old one) is refused before anything is planned.
    refuseImpossibleChange(definition, options.from);
    if (options.singleStack) return singleStackWaves(definition, options.from);
    return { environment: definition.environment, waves: deployWaves(definition, options.from), destroyWaves: destroyWaves(definition) };
}
