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
 * Pure: no Pulumi import. `npm run waves` prints the result as JSON; the format is the
 * interface of the deploy tooling (see README "Deploy waves").
 */
import { lifecycleRule } from "../aws/lifecycle";
import { Definition } from "../definition/schema";
import { flowLogDestinationOf } from "../definition/log-archive";
import { cidrsOverlap } from "../definition/cidr";
import { refuseImpossibleChange } from "../definition/hub-cidr-change";
import { accountOfUnit, ownerUnitOfAccount, stackName, unitsOf } from "../definition/units";
import { hubRegion, hubRegions, networkUnitOf, regionOfNetworkUnit, spokeRegion } from "../definition/regions";
import { PhaseName, STACK_OUTPUT, Use, centralServiceNames, deploysForwarder, phaseDescriptions, serviceZoneNames, spokesUseProfile, unitPhases, unitUses } from "./unit-registry";
import { catalogEntry } from "../aws/service-catalog";
import { failoverProviderChanged, failoverProviderOf } from "./failover-provider";

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

type NodeKind = "phase" | "first" | "detach" | "release" | "destroy";

interface Node {
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

class Schedule {
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

function objectId(use: Use): string {
    return `${use.object.unit}/${use.object.key}`;
}

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

/**
 * A unit's "first" node stands for its first run of the change. It carries no work of its
 * own: it moves as late as its unit's phases and its successors allow, and is dropped when
 * it then shares a run with a phase.
 */
function pruneFirst(schedule: Schedule): void {
    for (const node of [...schedule.nodes.values()]) {
        if (node.kind !== "first") continue;
        const phases = [...schedule.nodes.values()].filter((n) => n.unit === node.unit && n.kind === "phase").map((n) => n.level);
        const limits = schedule.edges
            .filter((e) => e.from === node.id && (schedule.nodes.get(e.to)!.kind !== "phase" || e.strict))
            .map((e) => schedule.nodes.get(e.to)!.level - (e.strict ? 1 : 0));
        node.level = Math.max(node.level, Math.min(...phases, ...limits));
        const sibling = [...schedule.nodes.values()].find((n) => n.unit === node.unit && n.kind === "phase" && n.level === node.level);
        if (sibling) {
            // Its run is the sibling's: the edges that ordered it now order the sibling's run —
            // those into it from other units too (another stack's run that must come first,
            // such as a spoke leaving the Profile this run deletes): dropped, a unit pruned
            // later would no longer see them and could move past this run.
            schedule.nodes.delete(node.id);
            for (let i = schedule.edges.length - 1; i >= 0; i--) {
                const e = schedule.edges[i];
                const sameUnit = (id: string) => schedule.nodes.get(id)?.unit === node.unit || id === node.id;
                if ((e.to === node.id && sameUnit(e.from)) || (e.from === node.id && sameUnit(e.to))) schedule.edges.splice(i, 1);
                else if (e.to === node.id) e.to = sibling.id;
                else if (e.from === node.id) e.from = sibling.id;
            }
        }
    }
}

/** The private DNS names of the definition's interface endpoints (a zone each, in hosted-zones mode). */
function endpointZoneNames(d: Definition): string[] {
    return d.network.endpoints.services.flatMap((s) => {
        const entry = catalogEntry(s);
        return !entry || entry.privateDnsOnlyForInboundResolverEndpoint ? [] : entry.dnsZones(d.region).map((z) => z.zone);
    });
}

/**
 * True when a use's object is an endpoint service's permission for one account
 * (`endpoint-service:<service>:allows:<account>`) and the service itself stays with its
 * owner: the change only removes the account from its allowed principals, an update that
 * deletes nothing a connection blocks — "when a principal is removed from the list of
 * allowed ones, if there is an existing endpoint connection with that account, it remains
 * active" (https://github.com/hashicorp/terraform-provider-aws/issues/37260). Waiting for
 * the consumer's destroy there would make a removed spoke of a mutual PrivateLink pair and
 * its peer wait for each other.
 */
function serviceStays(use: Use, definition: Definition): boolean {
    const m = /^endpoint-service:([^:]+):allows:/.exec(use.object.key);
    return m !== null && definition.endpointServices.some((s) => s.name === m[1] && s.spoke === use.object.unit);
}

/**
 * Spokes the change moves to another account. Pulumi does not move a resource whose provider
 * changes account (tools/rehearse/engine.ts, provider-changes-account): their stacks are
 * destroyed (with the old account's providers, from their state) and deployed again.
 */
export function spokesMovingAccount(definition: Definition, from: Definition): string[] {
    return definition.spokes
        .filter((s) => {
            const before = from.spokes.find((b) => b.name === s.name);
            return before !== undefined && from.accounts[before.account] !== definition.accounts[s.account];
        })
        .map((s) => s.name);
}

/**
 * Spokes the change moves to another Region (same account or not). A VPC and its transit
 * gateway attachment live in one Region and are attached to that Region's transit gateway
 * (https://docs.aws.amazon.com/vpc/latest/tgw/tgw-vpc-attachments.html: "the VPC attachment
 * ... to a transit gateway in the same Region"); the new Region's network unit cannot accept
 * the old attachment, and the old Region's network would cut the spoke off while it still
 * stands. So, like a spoke moving account, its stack is destroyed (its old Region's network
 * detaching it first) and deployed again in the new Region.
 */
export function spokesMovingRegion(definition: Definition, from: Definition): string[] {
    return definition.spokes
        .filter((s) => {
            const before = from.spokes.find((b) => b.name === s.name);
            return before !== undefined && spokeRegion(from, before) !== spokeRegion(definition, s);
        })
        .map((s) => s.name);
}

/** Spokes the change moves to another account or another Region: destroyed, then deployed again, in the waves. */
export function spokesMovingAccountOrRegion(definition: Definition, from: Definition): string[] {
    const moving = new Set([...spokesMovingAccount(definition, from), ...spokesMovingRegion(definition, from)]);
    return definition.spokes.filter((s) => moving.has(s.name)).map((s) => s.name);
}

// ---- unit `all`: what a change deletes first ------------------------------------------------

/**
 * Config key of the unit-`all` stack: what its first run of a change leaves out of the
 * earlier definition (`spoke:<name>`, `endpoint:<service>`, comma-separated), so the change's
 * second run can create what those objects would block. Set by the deploy plan on the run
 * that takes the earlier definition (`definition: "from"`); program/index.ts validates it.
 */
export const DELETE_FIRST_CONFIG = "landing-zone:deleteFirst";

/** Something a unit-`all` change deletes in a run of its own before it creates what it blocks. */
export interface DeleteFirst {
    /** `spoke:<name>` (a spoke of the earlier definition) or `endpoint:<service>` (one of its interface endpoint services). */
    item: string;
    /** Why it goes first: an aws/lifecycle.ts rule id, or `teardown:<why>`. */
    rule: string;
    /** What of the new definition it blocks. */
    blocks: string;
}

/**
 * What a change must delete before it creates anything, when the environment is one
 * unit-`all` stack — the same facts the per-unit waves order stacks by (deployWaves):
 *  - a spoke moved to another account or Region: per unit its stack is destroyed, then
 *    deployed again; in one stack its resources would change provider, which Pulumi does not
 *    move across accounts (https://github.com/pulumi/pulumi-aws/issues/6385);
 *  - a spoke whose VPC the change deletes (removed, renamed, moved, or a new CIDR) when its
 *    CIDR overlaps a VPC the change attaches (two spokes swapping CIDRs, a spoke's own new
 *    CIDR inside its old one): the new attachment is not propagated while the old one is
 *    (tgw-propagation-overlapping-cidr), and Pulumi creates before it deletes;
 *  - interface endpoints whose private DNS names change place between the hub and the
 *    spokes (an endpoint mode or DNS sharing change): a VPC cannot hold two private zones of
 *    one name (private-dns-name-conflicts-with-zone, zone-create-conflicts-with-same-name).
 * Empty when the change needs no intermediate state: one run, as a plain deploy.
 */
export function deleteFirstOf(definition: Definition, from: Definition): DeleteFirst[] {
    const out: DeleteFirst[] = [];
    const add = (item: string, rule: string, blocks: string): void => {
        if (!out.some((d) => d.item === item)) out.push({ item, rule, blocks });
    };
    const moved = new Set(spokesMovingAccountOrRegion(definition, from));
    for (const name of moved) add(`spoke:${name}`, "teardown:a spoke moved to another account or Region is deleted in the old one before it is created in the new one", `spoke ${name} in its new place`);
    // VPCs the change deletes: a removed (renamed, moved) spoke's, and a kept spoke's whose CIDR
    // changes (a new VPC replaces it: created first, as any replacement).
    const stays = (s: Definition["spokes"][number]): boolean => {
        const next = definition.spokes.find((n) => n.name === s.name);
        return next !== undefined && !moved.has(s.name) && next.cidr === s.cidr && next.account === s.account;
    };
    const gone = from.spokes.filter((s) => !stays(s));
    for (const spoke of definition.spokes) {
        const previous = from.spokes.find((b) => b.name === spoke.name);
        // Its VPC stays: nothing new is attached.
        if (previous && stays(previous)) continue;
        for (const g of gone) {
            if (cidrsOverlap(g.cidr, spoke.cidr)) add(`spoke:${g.name}`, "tgw-propagation-overlapping-cidr", `the attachment of spoke ${spoke.name} (${spoke.cidr})`);
        }
    }
    // Names the hub holds before and the spokes' endpoints take (to distributed), or the spokes'
    // endpoints hold before and the hub takes (to centralized), or the hub's hosted zones hold and
    // its endpoints' own private DNS takes (hosted zones to the Profile) — in every Region with a hub
    // before and after (each Region's services, each service's names there).
    for (const before of hubRegions(from)) {
        const after = hubRegion(definition, before.region);
        if (!after) continue;
        const names = (services: string[]): string[] => services.flatMap((service) => endpointNamesIn(service, before.region));
        const central = (d: Definition, services: string[]) => (d.network.endpoints.mode === "centralized" ? names(services) : []);
        const distributed = (d: Definition, services: string[]) => (d.network.endpoints.mode === "distributed" ? names(services) : []);
        const hostedZones = (d: Definition, services: string[]) => (d.network.dns.sharing === "hosted-zones" ? central(d, services) : []);
        const profile = (d: Definition, services: string[]) => (d.network.dns.sharing === "profile" ? central(d, services) : []);
        const moving = new Map<string, string>();
        for (const z of central(from, before.services)) if (distributed(definition, after.services).includes(z) && !central(definition, after.services).includes(z)) moving.set(z, "private-dns-name-conflicts-with-zone");
        for (const z of central(definition, after.services)) if (distributed(from, before.services).includes(z)) moving.set(z, "zone-create-conflicts-with-same-name");
        for (const z of hostedZones(from, before.services)) if (profile(definition, after.services).includes(z)) moving.set(z, "private-dns-name-conflicts-with-zone");
        for (const service of before.services) {
            const zone = endpointNamesIn(service, before.region).find((z) => moving.has(z));
            if (zone) add(`endpoint:${service}`, moving.get(zone)!, `the private DNS name ${zone} in its new place`);
        }
    }
    return out;
}

/** The private DNS names of a service's interface endpoint in `region` (none when it has no private DNS of its own). */
function endpointNamesIn(service: string, region: string): string[] {
    const entry = catalogEntry(service);
    return !entry || entry.privateDnsOnlyForInboundResolverEndpoint ? [] : entry.dnsZones(region).map((z) => z.zone);
}

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
        const before = new Set(unitsOf(from));
        const existed = new Set(unitUses(from).map(objectId));
        // Spokes moving to another account or Region: torn down like removed ones, then built again.
        const moved = new Set(spokesMovingAccountOrRegion(definition, from));
        const kept = (unit: string): boolean => units.has(unit) && !moved.has(unit);
        const movedRegionEarly = new Set(spokesMovingRegion(definition, from));
        const fromUses = unitUses(from);
        // A consumer's endpoint connection to a service whose owner moves is made again too: the
        // consumer drops its endpoints to the old service (program/privatelink.ts providerView)
        // and builds them to the new one, so the moved owner accepts them only after that run.
        // Likewise a service whose failover Region changes (failover.region, or its provider spoke
        // moving Region with it), or whose failover provider changes (its spoke renamed or
        // replaced): each consumer drops its failover endpoints while the owner still publishes
        // the old Region's or provider's service (program/privatelink.ts providerView), so the
        // owner publishes the new one, then the consumers build their endpoints to it, then the
        // owner accepts them.
        const failoverMoves = new Set(
            definition.endpointServices
                .filter((s) => {
                    const was = from.endpointServices.find((b) => b.name === s.name);
                    return s.failover !== undefined && was?.failover !== undefined && (was.failover.region !== s.failover.region || failoverProviderChanged(failoverProviderOf(was), s) === true);
                })
                .map((s) => s.name),
        );
        const rebuiltByMove = (use: Use): boolean => {
            const m = /^endpoint-connection:([^:]+):/.exec(use.object.key);
            if (m !== null && definition.endpointServices.some((s) => s.name === m[1] && moved.has(s.spoke))) return true;
            const f = /^(?:endpoint-connection|failover-zone|endpoint-service):([^:]+)(?::|$)/.exec(use.object.key);
            return f !== null && failoverMoves.has(f[1]);
        };
        // A consumer moving Region builds its endpoints again from the new Region, which its
        // services support only once their owners have run the change (supportedRegions;
        // endpoint-needs-service-in-its-region): its endpoints wait for those runs.
        const consumerMovedRegion = (use: Use): boolean => movedRegionEarly.has(use.user.unit) && use.object.key.startsWith("endpoint-service:");
        // A Region's hub VPC replaced (a new hub CIDR, or the network unit in another account):
        // the org stack's network perimeter names it in aws:SourceVpc, read from the network
        // stack's hubVpcId, which names the new VPC only once the network's run of the change
        // is done. Run in the same wave, the org stack would keep the deleted VPC's id until a
        // later deploy; ordered after it, the SCP names the old VPC only between the two runs
        // (README "Deploy waves").
        const hubReplaced = new Set(
            hubRegions(definition)
                .filter((h) => {
                    const was = hubRegions(from).find((b) => b.unit === h.unit);
                    return was !== undefined && (was.hub.cidr !== h.hub.cidr || accountOfUnit(from, h.unit) !== accountOfUnit(definition, h.unit));
                })
                .map((h) => h.unit),
        );
        const hubVpcReplaced = (use: Use): boolean => use.object.key === "hub-vpc" && hubReplaced.has(use.object.unit);
        // A use of an object the earlier deploy already made needs no order: it exists.
        addDeploy(schedule, definition, units, (use) => !before.has(use.object.unit) || moved.has(use.object.unit) || !existed.has(objectId(use)) || rebuiltByMove(use) || consumerMovedRegion(use) || hubVpcReplaced(use), true);
        const after = new Set(unitUses(definition).map(objectId));
        // A consumer moving Region: its owners' run of the change (which supports the new Region
        // and drops the accepter of the old endpoint's connection) comes after the consumer's old
        // stack is destroyed — deleting that accepter earlier would reject the live connection
        // (connection-accepter-delete-rejects-connection) — and before its redeploy builds the
        // new endpoint (above: consumerMovedRegion).
        for (const consumer of movedRegionEarly) {
            for (const service of definition.endpointServices) {
                if (!service.consumers.includes(consumer) || !kept(service.spoke) || !before.has(service.spoke)) continue;
                // Not when the owner must itself release something of the consumer's first (it
                // consumes the consumer's service): its runs then come before that destroy, and
                // the consumer's redeploy still waits for its next one (consumerMovedRegion).
                if (fromUses.some((u) => u.user.unit === service.spoke && u.object.unit === consumer && u.blocksDelete)) continue;
                schedule.edge(schedule.node(consumer, "destroy"), schedule.node(service.spoke, "first"), "teardown:a consumer moving Region is destroyed before its owner drops its old connection's accepter and supports its new Region");
            }
        }
        // A service's connection-notification topic has one name in every Region
        // (program/privatelink.ts connectionTopicName), and CreateTopic with the name of a topic
        // the account already has in the Region returns that topic (sns-topic-name-unique): a new
        // holder of the service's topic in an account and Region where another unit held it
        // before (a new failover provider in the Region a moving owner leaves) runs only after
        // that unit's destroy (or its run of the change, which deletes it), or the old stack's
        // destroy would delete the topic the new one uses.
        const topicHolders = (d: Definition) =>
            d.endpointServices.flatMap((service) => {
                const owner = d.spokes.find((sp) => sp.name === service.spoke);
                if (!owner) return [];
                const holders = [{ service: service.name, unit: owner.name, accountId: d.accounts[owner.account], region: spokeRegion(d, owner), owner: true }];
                const provider = service.failover && d.spokes.find((sp) => sp.name === (service.failover!.provider.spoke ?? service.spoke));
                if (service.failover && provider) holders.push({ service: service.name, unit: provider.name, accountId: d.accounts[provider.account], region: service.failover.region, owner: false });
                return holders;
            });
        const heldBefore = topicHolders(from);
        // Old holder -> new holder pairs ordered here (the governance hand-off below yields to
        // them), and the services a removed old holder hands over (its consumers release them).
        const topicHandOffs = new Set<string>();
        const topicReleases = new Map<string, Set<string>>();
        for (const holder of topicHolders(definition)) {
            if (!units.has(holder.unit)) continue;
            for (const old of heldBefore) {
                if (old.service !== holder.service || old.accountId !== holder.accountId || old.region !== holder.region || old.unit === holder.unit || !before.has(old.unit)) continue;
                topicHandOffs.add(`${old.unit}>${holder.unit}`);
                // (A renamed failover provider is not handled so: releasing would drop the
                // consumers' endpoints to the primary too. Its consumers drop their failover
                // endpoints in their run of the change instead: failoverMoves.)
                if (!kept(old.unit) && old.owner && holder.owner) topicReleases.set(old.unit, new Set([...(topicReleases.get(old.unit) ?? []), old.service]));
                schedule.edge(
                    kept(old.unit) ? schedule.node(old.unit, "first") : schedule.node(old.unit, "destroy"),
                    schedule.node(holder.unit, "first"),
                    "teardown:a service's connection topic (one name per account and Region: sns-topic-name-unique) is created by its new holder only once the old holder has deleted it",
                    true,
                );
            }
        }
        // The consumers drop their endpoints to the old failover Region's service before the owner's
        // run of the change deletes their accepters there (connection-accepter-delete-rejects-connection).
        for (const name of failoverMoves) {
            const service = definition.endpointServices.find((s) => s.name === name)!;
            if (!kept(service.spoke)) continue;
            for (const consumer of service.consumers) {
                if (kept(consumer) && before.has(consumer) && consumer !== service.spoke) {
                    schedule.edge(schedule.node(consumer, "first"), schedule.node(service.spoke, "first"), "teardown:a consumer drops its endpoints to the old failover Region's service before its owner deletes their accepters");
                }
            }
        }
        const removed = [...before].filter((u) => !kept(u));
        for (const unit of removed) schedule.node(unit, "destroy");
        for (const unit of moved) {
            for (const n of [...schedule.nodes.values()].filter((x) => x.unit === unit && (x.kind === "phase" || x.kind === "first"))) {
                schedule.edge(schedule.node(unit, "destroy"), n.id, "teardown:a spoke moved to another account or Region is destroyed in the old one, then deployed again in the new one", true);
            }
        }
        // A spoke moving Region: its new Region's network stack reads the spoke's outputs on
        // every run, and until the old stack is destroyed they name the old VPC's attachment, in
        // the old Region, which it cannot accept (tgw-accept-needs-pending-attachment; in AWS the
        // id is not even in its Region). It runs the change only once the old stack is gone.
        const movedRegion = new Set(spokesMovingRegion(definition, from));
        const receivesMovedSpoke = new Set<string>();
        for (const spoke of definition.spokes.filter((s) => movedRegion.has(s.name))) {
            const network = networkUnitOf(definition, spokeRegion(definition, spoke));
            if (!units.has(network)) continue;
            receivesMovedSpoke.add(network);
            for (const n of [...schedule.nodes.values()].filter((x) => x.unit === network && (x.kind === "phase" || x.kind === "first"))) {
                schedule.edge(schedule.node(spoke.name, "destroy"), n.id, "teardown:a spoke moving Region is destroyed before its new Region's network reads its outputs", true);
            }
        }
        // The change deletes the Route 53 Profile and removes spokes associated with it: the
        // Profile goes only once they are destroyed (profile-delete-blocked-by-vpc-associations),
        // and they only once the network has detached them — so the network detaches them in a
        // run of its own, which keeps the Profile (program/services.ts buildCentralServices).
        const profileGoes = spokesUseProfile(from) && !spokesUseProfile(definition) && before.has("network") && units.has("network");
        const release = (use: Use): string => {
            // A removed Region's network unit drops its side of a peering (association, routes)
            // and its spokes' associations in a detach run before the kept Region's stack deletes
            // the peering attachment and the spokes' stacks delete theirs: its destroy cannot go
            // first, as its transit gateway waits for those deletes
            // (tgw-delete-blocked-by-peering-attachment, tgw-delete-blocked-by-attachments).
            if (!kept(use.user.unit) && use.releasedBy === "detach" && !units.has(use.user.unit)) {
                schedule.detachWithEarlier.add(use.user.unit);
                const detach = schedule.node(use.user.unit, "detach");
                schedule.edge(detach, schedule.node(use.user.unit, "destroy"), "teardown:the network detaches the spokes (and peerings) before it is destroyed");
                return detach;
            }
            if (!kept(use.user.unit)) return schedule.node(use.user.unit, "destroy");
            // A network a spoke moves into runs the change only after that spoke's old stack is
            // gone (above): what it detaches before then, it detaches in its detach run, with
            // the earlier definition (Schedule.detachEarlierNamed) — a removed spoke of that
            // Region included, whose destroy would otherwise wait for the network's first run.
            if (use.releasedBy === "detach" && receivesMovedSpoke.has(use.user.unit) && before.has(use.user.unit)) {
                schedule.detachEarlierNamed.add(use.user.unit);
                (units.has(use.object.unit) ? schedule.detachSpokes : schedule.detachRemoved).add(use.object.unit);
                return schedule.node(use.user.unit, "detach");
            }
            if (profileGoes && use.releasedBy === "detach" && !units.has(use.object.unit)) {
                schedule.detachRemoved.add(use.object.unit);
                return schedule.node(use.user.unit, "detach");
            }
            // A kept spoke whose attachment is replaced (a new VPC): the network detaches the
            // old one in a run of its own before the spoke's run deletes it.
            if (use.releasedBy === "detach" && units.has(use.object.unit)) {
                schedule.detachSpokes.add(use.object.unit);
                return schedule.node(use.user.unit, "detach");
            }
            // A consumer that hands its account's governance forwarder over to the moving owner
            // of the service (the owner moves into its account and becomes its first unit): the
            // owner creates its forwarder only once redeployed, after its old stack's destroy,
            // which waits for this consumer's endpoints to go. The consumer drops them in a
            // release run with the earlier definition, which keeps its forwarder; its own run of
            // the change, which deletes it, comes after the owner's redeploy (handover edge below).
            if (use.releasedBy === "release" && kept(use.user.unit) && moved.has(use.object.unit) && handsOverTo(use.user.unit, use.object.unit)) {
                const services = from.endpointServices.filter((sv) => sv.consumers.includes(use.user.unit) && (sv.spoke === use.object.unit || sv.failover?.provider.spoke === use.object.unit)).map((sv) => sv.name);
                schedule.releaseEarlier.set(use.user.unit, new Set([...(schedule.releaseEarlier.get(use.user.unit) ?? []), ...services]));
                const run = schedule.node(use.user.unit, "release");
                schedule.edge(run, schedule.node(use.user.unit, "first"), "teardown:a spoke drops its endpoints (earlier definition) before its own run of the change");
                return run;
            }
            // A consumer of a service whose removed owner hands its connection topic to a new
            // owner in the same account and Region (the owner renamed): the new owner runs only
            // after the old stack's destroy (sns-topic-name-unique, above), and that destroy
            // waits for the consumer's endpoints to go. The consumer cannot drop them with the
            // new definition (the new owner publishes nothing yet: program/privatelink.ts
            // providerView stops rather than delete them), so it drops them in a release run
            // with the earlier definition; its endpoints to the new owner's service come with
            // its runs after that owner's. Until then it has no endpoint to the service.
            const handedOver = topicReleases.get(use.object.unit);
            if (use.releasedBy === "release" && kept(use.user.unit) && handedOver !== undefined) {
                const services = from.endpointServices.filter((sv) => handedOver.has(sv.name) && sv.consumers.includes(use.user.unit) && sv.spoke !== use.user.unit).map((sv) => sv.name);
                if (services.length > 0) {
                    schedule.releaseEarlier.set(use.user.unit, new Set([...(schedule.releaseEarlier.get(use.user.unit) ?? []), ...services]));
                    schedule.releaseForTopic.add(use.user.unit);
                    const run = schedule.node(use.user.unit, "release");
                    schedule.edge(run, schedule.node(use.user.unit, "first"), "teardown:a spoke drops its endpoints (earlier definition) before its own run of the change");
                    return run;
                }
            }
            return schedule.node(use.user.unit, "first");
        };
        const handsOverTo = (oldOwner: string, newOwner: string): boolean =>
            Object.keys(definition.accounts).some(
                (account) => ownerUnitOfAccount(from, account) === oldOwner && ownerUnitOfAccount(definition, account) === newOwner && deploysForwarder(from, oldOwner) && deploysForwarder(definition, newOwner),
            );
        const deleter = (unit: string): string => (kept(unit) ? schedule.node(unit, "first") : schedule.node(unit, "destroy"));
        // A removed unit goes after the kept units that used it have run the change: they
        // drop what points at it first (a governance forwarder's target on the removed audit
        // bus), even where AWS would not refuse the delete.
        for (const use of unitUses(from)) {
            // (Reads of its outputs do not count: the removed unit's stack may itself wait for
            // the reader, as a consumer spoke for its service's owner.)
            if (use.blocksDelete || use.requires === STACK_OUTPUT || kept(use.object.unit) || !kept(use.user.unit) || use.user.unit === use.object.unit) continue;
            schedule.edge(schedule.node(use.user.unit, "first"), schedule.node(use.object.unit, "destroy"), "teardown:a removed stack goes after the stacks that used it have dropped what points at it");
        }
        for (const use of unitUses(from)) {
            if (!use.blocksDelete || use.user.unit === use.object.unit) continue;
            const gone = !kept(use.object.unit) || !after.has(objectId(use)) && !serviceStays(use, definition);
            if (gone) schedule.edge(release(use), deleter(use.object.unit), use.blocksDelete);
        }
        // Central zones the change deletes whose names the spokes' new distributed endpoints
        // take: a spoke leaves them (its first run), the network deletes them, and only then
        // the spoke builds its endpoints (a VPC cannot have an endpoint's private DNS and a
        // private hosted zone of the same name).
        const newNames = new Set(definition.network.endpoints.mode === "distributed" ? endpointZoneNames(definition) : []);
        // (Either DNS sharing: the central names reach the spokes as hosted zones or through the Profile.)
        const leaving = centralServiceNames(from).filter((z) => newNames.has(z) && !centralServiceNames(definition).includes(z));
        if (leaving.length > 0 && units.has("network")) {
            for (const spoke of definition.spokes) {
                // A spoke the change adds builds its endpoints only once the central names are gone too.
                if (before.has(spoke.name)) {
                    schedule.edge(schedule.node(spoke.name, "first"), schedule.node("network", "first"), "zone-delete-blocked-by-vpc-associations");
                    schedule.edge(schedule.node("network", "first"), schedule.node(spoke.name, "phase", "vpc"), "private-dns-name-conflicts-with-zone");
                } else schedule.edge(schedule.node("network", "first"), schedule.node(spoke.name, "first"), "private-dns-name-conflicts-with-zone");
            }
        }
        // Hosted zones to the Profile, distributed to centralized endpoints: the network's
        // first run of the change deletes the hub VPC's old zones, its next one creates the
        // zones or private DNS of the same names (program/services.ts PreviousZones).
        const toProfile = definition.network.dns.sharing === "profile" && definition.network.endpoints.mode === "centralized" && serviceZoneNames(from).some((z) => endpointZoneNames(definition).includes(z));
        const hubZonesBefore = from.network.endpoints.mode === "distributed" ? endpointZoneNames(from) : [];
        const toCentral = centralServiceNames(definition).some((z) => hubZonesBefore.includes(z));
        if ((toProfile || toCentral) && units.has("network") && before.has("network")) {
            const rule = toProfile ? "private-dns-name-conflicts-with-zone" : "zone-create-conflicts-with-same-name";
            for (const phase of ["core", "attach"] as const) {
                if (schedule.nodes.has(`network/phase/${phase}`)) schedule.edge(schedule.node("network", "first"), schedule.node("network", "phase", phase), rule, true);
            }
            // Distributed to centralized: each spoke drops its own endpoints (their private DNS
            // holds the names) in a run before it associates the central zones.
            if (toCentral) {
                for (const spoke of definition.spokes) {
                    if (before.has(spoke.name)) schedule.edge(schedule.node(spoke.name, "first"), schedule.node("network", "first"), "zone-association-conflicts-with-same-name");
                }
            }
        }
        // A new attachment whose VPC CIDR overlaps one a removed (or moved) spoke still has
        // attached is not propagated while the old one is (aws/lifecycle.ts
        // tgw-propagation-overlapping-cidr): the network's run that stops propagating the old
        // one (its first run of the change) goes before the new spoke's VPC exists, so no later
        // run propagates both at once. That is the network unit of the Region whose transit
        // gateway propagates them (the spoke's Region, and the gone spoke's: a spoke of another
        // Region is propagated by its own Region's network unit, network-<region>).
        {
            const gone = from.spokes.filter((s) => !kept(s.name));
            for (const spoke of definition.spokes) {
                const previous = from.spokes.find((b) => b.name === spoke.name);
                if (previous && !moved.has(spoke.name) && previous.cidr === spoke.cidr && previous.account === spoke.account) continue;
                const overlapping = gone.filter((g) => g.name !== spoke.name && cidrsOverlap(g.cidr, spoke.cidr));
                if (overlapping.length === 0) continue;
                const networks = new Set([networkUnitOf(definition, spokeRegion(definition, spoke)), ...overlapping.map((g) => networkUnitOf(from, spokeRegion(from, g)))]);
                for (const network of networks) {
                    if (!units.has(network) || !before.has(network)) continue;
                    // Its first run: every run of the spoke builds its VPC, whatever phase it is scheduled for.
                    schedule.edge(schedule.node(network, "first"), schedule.node(spoke.name, "first"), "tgw-propagation-overlapping-cidr");
                }
            }
        }
        // An account whose first unit changes hands its governance forwarder over: the new
        // owner's set (its names carry the owning unit, so both can stand) is created before
        // the old owner's run of the change, or its destroy, deletes the old set — the account
        // is never unwatched between waves.
        for (const account of Object.keys(definition.accounts)) {
            const oldOwner = ownerUnitOfAccount(from, account);
            const newOwner = ownerUnitOfAccount(definition, account);
            if (!oldOwner || !newOwner || oldOwner === newOwner || !deploysForwarder(from, oldOwner) || !deploysForwarder(definition, newOwner)) continue;
            if (!before.has(oldOwner) || !units.has(newOwner) && !moved.has(newOwner)) continue;
            // The new owner also takes over a service's connection topic from the old owner in
            // this account (an owner renamed in its account): its first run creates both the
            // forwarder and the topic, and the topic must wait for the old owner's stack to
            // delete it (above: sns-topic-name-unique), or that stack's destroy deletes the topic
            // the new service notifies. The topic wins: the account has no governance forwarder
            // between the old owner's destroy (or run of the change) and the new owner's first
            // run (README "Deploy waves"), where a forwarder gap closes itself at the next wave
            // and a deleted topic stays deleted until someone notices.
            if (topicHandOffs.has(`${oldOwner}>${newOwner}`)) continue;
            schedule.edge(
                schedule.node(newOwner, "first"),
                kept(oldOwner) ? schedule.node(oldOwner, "first") : schedule.node(oldOwner, "destroy"),
                "teardown:an account's new first unit creates its governance forwarder before the old owner deletes its own",
                kept(oldOwner),
            );
        }
        // The detach run comes before the network's own runs of the change.
        for (const detach of [...schedule.nodes.values()].filter((n) => n.kind === "detach")) {
            for (const n of [...schedule.nodes.values()]) if (n.unit === detach.unit && n.kind !== "detach") schedule.edge(detach.id, n.id, "teardown:the network detaches the replaced attachments first");
        }
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
