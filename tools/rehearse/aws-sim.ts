/**
 * A simulated AWS for the rehearsal: the objects every stack's resources made, across
 * accounts, and what AWS does when they are created, changed and deleted — decided by the
 * sourced rules of aws/lifecycle.ts, never by the program's intent. A broken rule is a
 * LifecycleError naming the rule; a deletion that reaches beyond its stack (an accepter
 * deleting a spoke's attachment, RAM sharing turned off for the organization) is reported
 * as a side effect for the rehearsal to judge.
 *
 * Objects the definition names but the landing zone does not build (an existing Direct
 * Connect attachment, VPCs of the failover Region, approved third-party services) are
 * taken to exist: an id the simulation never issued is external.
 */
import {
    CreateRequirement,
    DeleteBlocker,
    LifecycleFact,
    T,
    createRequirements,
    createStates,
    deleteBlockers,
    deleteEffects,
    lifecycleRule,
    organizationPrerequisites,
    singletonOf,
    importRule,
    zoneLastVpcRule,
} from "../../aws/lifecycle";
import { maxControlPoliciesPerTarget } from "../../aws/quotas";
import { serviceCatalog } from "../../aws/service-catalog";
import { cidrsOverlap } from "../../definition/cidr";

export interface CloudObject {
    /** Unique key of this physical object (a replaced resource gets a new one). */
    key: string;
    type: string;
    id: string;
    account: string;
    region: string;
    /** Inputs and outputs of the resource that made it. */
    attrs: Record<string, unknown>;
    /** Every value other resources may refer to it by (id, ARN, zone id, service name, ...). */
    identifiers: string[];
    /** `pendingAcceptance`, `available`, `rejected` for attachments and endpoints. */
    state?: string;
    /** The stack and resource that own it. */
    stack: string;
    urn: string;
    /** Forgotten by its stack (`retainOnDelete`): still in AWS, in no state. */
    retained?: boolean;
    /** Within a wave: the stack that created it (the other stacks of the wave do not see it yet). */
    createdBy?: string;
    /** Within a wave: the stacks that deleted it (the others still see it). */
    deletedBy?: string[];
    /** Within a wave: what it was before a stack of the wave changed it, and which stack. */
    before?: { state?: string; attrs: Record<string, unknown>; retained?: boolean; by: string };
    /**
     * A one-per-parent sub-resource (aws/lifecycle.ts singletons) that is no longer what its
     * parent holds: another stack's put replaced it, or a delete removed the parent's one.
     * Its stack still has it in state (the engine trusts its state without a refresh).
     */
    superseded?: boolean;
}

/** A broken lifecycle rule. */
export class LifecycleError extends Error {
    constructor(
        readonly rule: string,
        message: string,
        /** True when the rule blocked a deletion (the step is `blocked`, not `failed`). */
        readonly blocksDelete = false,
    ) {
        super(message);
    }
}

/** What a deletion did beyond deleting its object. */
export interface SideEffect {
    rule: string;
    message: string;
    /** The object it destroyed or broke, when it belongs to a stack. */
    victim?: CloudObject;
}

const isString = (v: unknown): v is string => typeof v === "string";

function valuesOf(v: unknown): string[] {
    if (isString(v)) return [v];
    if (Array.isArray(v)) return v.flatMap(valuesOf);
    if (v && typeof v === "object") return Object.values(v as Record<string, unknown>).flatMap(valuesOf);
    return [];
}

/** `[rule-id] statement` for messages. */
export function cite(rule: LifecycleFact | string): string {
    const fact = typeof rule === "string" ? lifecycleRule(rule) : rule;
    return `[${fact.id}] ${fact.statement} (${fact.source})`;
}

function describe(o: CloudObject): string {
    return `${o.type.split(":").pop()} ${o.id} (${o.stack}: ${o.urn})`;
}

/** A create (or update) that held when its stack ran but not once the other stacks of its wave ran too. */
export interface Race {
    /** The stack whose operation the others' broke. */
    stack: string;
    urn: string;
    rule: string;
    message: string;
}

/**
 * The simulated AWS. Between `beginWave()` and `commitWave()` it follows the deploy tool,
 * which runs the stacks of a wave in parallel: each stack (`viewer`) sees AWS as it was
 * before the wave plus its own changes — not what the other stacks of the wave create,
 * delete or change — and `commitWave()` applies every stack's effects together and reports
 * the operations that would have failed had another stack of the wave gone first (races).
 * Outside a wave every change is seen at once.
 */
export class Cloud {
    /** The organization: policy types enabled in the root, RAM sharing, member accounts and, where the definition says, their OU. */
    readonly organization: { policyTypes: Set<string>; ramSharing: boolean; members: Set<string>; units: Map<string, string> };
    private readonly objects = new Map<string, CloudObject>();
    private readonly byIdentifier = new Map<string, Set<string>>();
    private readonly byType = new Map<string, Set<string>>();
    /** Objects by what they hold in a VPC (zones, zone associations, endpoints) or the endpoint they turn private DNS on for. */
    private readonly byRef = new Map<string, Set<string>>();
    /** Every id the simulation issued: one that is gone was ours, one never issued is external. */
    private readonly issued = new Set<string>();
    /** The wave being run: who made which change, and RAM sharing before it. */
    private wave?: {
        viewer?: string;
        created: Set<string>;
        deleted: Set<string>;
        modified: Set<string>;
        /** Objects created or updated in the wave, by the stack that did it: judged again at the commit. */
        rechecks: Map<string, string>;
        ramSharing?: { before: boolean; by: string };
        /** One-per-parent slots the wave's stacks wrote or emptied: stack → URN, per slot. */
        slotEvents: Map<string, { puts: Map<string, string>; deletes: Map<string, string> }>;
    };
    /** `post`: every change of the wave is seen (commit-time checks). */
    private mode: "viewer" | "post" = "viewer";

    constructor(memberAccounts: string[], prerequisites: { policyTypes?: readonly string[]; ramSharing?: boolean; accountUnits?: Record<string, string> } = {}) {
        this.organization = {
            policyTypes: new Set(prerequisites.policyTypes ?? organizationPrerequisites.policyTypesEnabled),
            ramSharing: prerequisites.ramSharing ?? organizationPrerequisites.ramSharingEnabled,
            members: new Set(memberAccounts),
            units: new Map(Object.entries(prerequisites.accountUnits ?? {})),
        };
    }

    issue(id: string): void {
        this.issued.add(id);
    }

    get size(): number {
        return this.objects.size;
    }

    all(): CloudObject[] {
        return [...this.objects.values()];
    }

    get(key: string): CloudObject | undefined {
        return this.objects.get(key);
    }

    // ---- parallel waves ---------------------------------------------------------------------

    /** Starts a wave: from now on each stack sees only AWS before the wave and its own changes. */
    beginWave(): void {
        this.wave = { created: new Set(), deleted: new Set(), modified: new Set(), rechecks: new Map(), slotEvents: new Map() };
    }

    /** The stack whose operations follow (within a wave). */
    set viewer(stack: string | undefined) {
        if (this.wave) this.wave.viewer = stack;
    }

    private visible(o: CloudObject): boolean {
        if (!this.wave) return true;
        if (this.mode === "post") return o.deletedBy === undefined;
        const viewer = this.wave.viewer;
        if (o.createdBy !== undefined && o.createdBy !== viewer) return false;
        if (o.deletedBy !== undefined && viewer !== undefined && o.deletedBy.includes(viewer)) return false;
        return true;
    }

    /** The object as the viewer sees it: before another stack of the wave changed it. */
    private seen(o: CloudObject): CloudObject {
        if (!this.wave || this.mode === "post" || !o.before || o.before.by === this.wave.viewer) return o;
        return { ...o, state: o.before.state, attrs: o.before.attrs, retained: o.before.retained };
    }

    /** Changes an object as the viewer: what it was before is kept for the other stacks of the wave. */
    private change(o: CloudObject, apply: (o: CloudObject) => void): void {
        if (this.wave && this.wave.viewer !== undefined && o.createdBy === undefined && !o.before) {
            o.before = { state: o.state, attrs: o.attrs, retained: o.retained, by: this.wave.viewer };
            this.wave.modified.add(o.key);
        }
        apply(o);
    }

    private ramSharingSeen(): boolean {
        const before = this.wave?.ramSharing;
        if (before && this.mode !== "post" && before.by !== this.wave!.viewer) return before.before;
        return this.organization.ramSharing;
    }

    private setRamSharing(value: boolean): void {
        if (this.wave?.viewer !== undefined && !this.wave.ramSharing) this.wave.ramSharing = { before: this.organization.ramSharing, by: this.wave.viewer };
        this.organization.ramSharing = value;
    }

    /**
     * Ends the wave: applies every stack's changes together and returns the operations
     * another stack of the wave would have broken had it gone first — a create (or update)
     * whose requirement no longer holds, a delete that another stack's new object blocks.
     * Requirements about a state the object itself moves on (pendingAcceptance) are not
     * judged again.
     */
    commitWave(): Race[] {
        const wave = this.wave;
        if (!wave) return [];
        const races: Race[] = [];
        this.mode = "post";
        try {
            for (const [key, stack] of wave.rechecks) {
                const o = this.objects.get(key);
                if (!o || o.deletedBy !== undefined) continue;
                for (const rule of createRequirements.filter((r) => r.type === o.type && !transitionChecks.has(r.check) && !(r.states ?? []).includes("pendingAcceptance"))) {
                    try {
                        this.check(rule, o, "create");
                    } catch (err) {
                        if (!(err instanceof LifecycleError)) throw err;
                        const others = this.culprits(o, stack);
                        races.push({
                            stack,
                            urn: o.urn,
                            rule: err.rule,
                            message: `${err.message}; it held when ${stack} ran, but not once the other stacks of its wave ran too (${others.join(", ") || "another stack"}): the deploy runs a wave's stacks in parallel, so whichever goes first decides`,
                        });
                    }
                }
            }
            for (const key of wave.deleted) {
                const o = this.objects.get(key);
                if (!o) continue;
                const blocker = this.blockerOf(o, (b) => b.createdBy !== undefined && !(o.deletedBy ?? []).includes(b.createdBy));
                if (blocker) {
                    const by = o.deletedBy?.[0] ?? o.stack;
                    races.push({
                        stack: by,
                        urn: o.urn,
                        rule: blocker.rule.id,
                        message: `${by} deletes ${describe(o)} in the same wave as ${blocker.by.createdBy} creates ${describe(blocker.by)}, which uses it: whichever runs second fails — ${cite(blocker.rule)}`,
                    });
                }
            }
        } finally {
            this.mode = "viewer";
        }
        races.push(...this.commitSlots(wave.slotEvents));
        for (const key of wave.deleted) {
            const o = this.objects.get(key);
            if (o) this.remove(o);
        }
        for (const key of wave.created) {
            const o = this.objects.get(key);
            if (o) delete o.createdBy;
        }
        for (const key of wave.modified) {
            const o = this.objects.get(key);
            if (o) delete o.before;
        }
        this.wave = undefined;
        return races;
    }

    /** The other stacks of the wave whose changes touch what `o` needs (for messages). */
    private culprits(o: CloudObject, stack: string): string[] {
        const stacks = new Set<string>();
        for (const v of valuesOf(o.attrs)) {
            for (const key of this.byIdentifier.get(v) ?? []) {
                const x = this.objects.get(key)!;
                for (const s of [...(x.deletedBy ?? []), x.before?.by, x.createdBy]) if (s && s !== stack) stacks.add(s);
            }
        }
        if (this.wave?.ramSharing && this.wave.ramSharing.by !== stack) stacks.add(this.wave.ramSharing.by);
        return [...stacks].sort();
    }

    // ---- one-per-parent sub-resources (aws/lifecycle.ts singletons) -------------------------------

    /** Which object each slot (`<rule>\0<parent>`) holds now. */
    private readonly slots = new Map<string, string>();
    /** Slots that held something once: only those can be left empty. */
    private readonly established = new Set<string>();
    /** The delete that last emptied a slot. */
    private readonly emptiedBy = new Map<string, { stack: string; urn: string }>();

    private slotKeyOf(o: CloudObject): string | undefined {
        const rule = singletonOf(o.type);
        const parent = rule ? o.attrs[rule.parent] : undefined;
        return rule && isString(parent) ? `${rule.id}\u0000${parent}` : undefined;
    }

    private slotEvent(key: string, op: "puts" | "deletes", o: CloudObject): void {
        const stack = this.wave?.viewer;
        if (!this.wave || stack === undefined) return;
        if (!this.wave.slotEvents.has(key)) this.wave.slotEvents.set(key, { puts: new Map(), deletes: new Map() });
        this.wave.slotEvents.get(key)![op].set(stack, o.urn);
    }

    /** A put (create or update): `o` is what the parent holds now; what it held before is replaced. */
    private putSlot(o: CloudObject): void {
        const key = this.slotKeyOf(o);
        if (key === undefined) return;
        const previous = this.slots.get(key);
        if (previous !== undefined && previous !== o.key) {
            const old = this.objects.get(previous);
            // A forgotten one (retainOnDelete) was in no state: overwritten, it is gone.
            if (old?.retained) this.removeAsViewer(old);
            else if (old) old.superseded = true;
        }
        o.superseded = false;
        this.slots.set(key, o.key);
        this.established.add(key);
        this.emptiedBy.delete(key);
        this.slotEvent(key, "puts", o);
    }

    /** A delete of `o` removes whatever its parent holds, whoever put it: the side effect when that is another object. */
    private emptySlot(o: CloudObject): SideEffect[] {
        const key = this.slotKeyOf(o);
        if (key === undefined) return [];
        const rule = singletonOf(o.type)!;
        const effects: SideEffect[] = [];
        const holder = this.slots.get(key);
        const victim = holder !== undefined && holder !== o.key ? this.objects.get(holder) : undefined;
        if (victim) {
            victim.superseded = true;
            effects.push({
                rule: rule.id,
                message: `deleting ${describe(o)} deleted the policy of ${rule.parentKind} ${String(o.attrs[rule.parent])} that ${describe(victim)} put — ${cite(rule)}`,
                victim,
            });
        }
        if (holder !== undefined) {
            this.slots.delete(key);
            this.emptiedBy.set(key, { stack: o.stack, urn: o.urn });
        }
        this.slotEvent(key, "deletes", o);
        return effects;
    }

    /**
     * The wave's stacks ran in parallel: where one put a slot's sub-resource and another
     * deleted one of the same parent, whichever ran last decides — the pessimistic reading:
     * the delete, which leaves the parent with none.
     */
    private commitSlots(events: Map<string, { puts: Map<string, string>; deletes: Map<string, string> }>): Race[] {
        const races: Race[] = [];
        for (const [key, { puts, deletes }] of events) {
            for (const [deleter, urn] of deletes) {
                const putters = [...puts.keys()].filter((s) => s !== deleter);
                if (putters.length === 0) continue;
                const rule = lifecycleRule(key.split("\u0000")[0]);
                const parent = key.split("\u0000")[1];
                const holder = this.slots.get(key);
                if (holder !== undefined) {
                    const o = this.objects.get(holder);
                    if (o) o.superseded = true;
                    this.slots.delete(key);
                }
                this.emptiedBy.set(key, { stack: deleter, urn });
                races.push({
                    stack: deleter,
                    urn,
                    rule: rule.id,
                    message: `${deleter} deletes the policy of ${parent} in the same wave as ${putters.join(", ")} put${putters.length === 1 ? "s" : ""} one: the deploy runs a wave's stacks in parallel, and if the delete runs last the bucket is left with none — ${cite(rule)}`,
                });
                break;
            }
        }
        return races;
    }

    /**
     * The one-per-parent slot of `type` for `parent` (a bucket name): what holds it, or
     * `never` (nothing was ever put), or `emptied` (a delete removed it, and by whom).
     */
    slot(type: string, parent: string): { state: "held"; holder: CloudObject } | { state: "never" } | { state: "emptied"; by?: { stack: string; urn: string } } {
        const rule = singletonOf(type);
        if (!rule) throw new Error(`${type} is not a one-per-parent sub-resource (aws/lifecycle.ts singletons)`);
        const key = `${rule.id}\u0000${parent}`;
        const holder = this.slots.get(key);
        const o = holder !== undefined ? this.objects.get(holder) : undefined;
        if (o) return { state: "held", holder: o };
        if (!this.established.has(key)) return { state: "never" };
        return { state: "emptied", by: this.emptiedBy.get(key) };
    }

    // ---- lookups (what the current viewer sees) ------------------------------------------------

    /** The live object a value refers to. */
    lookup(identifier: unknown): CloudObject | undefined {
        if (!isString(identifier)) return undefined;
        const keys = this.byIdentifier.get(identifier);
        if (!keys) return undefined;
        for (const key of keys) {
            const o = this.objects.get(key)!;
            if (this.visible(o)) return this.seen(o);
        }
        return undefined;
    }

    /** True when `value` is an id the simulation issued (so a missing object was ours and is gone). */
    wasIssued(value: unknown): boolean {
        return isString(value) && this.issued.has(value);
    }

    ofType(type: string): CloudObject[] {
        const out: CloudObject[] = [];
        for (const k of this.byType.get(type) ?? []) {
            const o = this.objects.get(k)!;
            if (this.visible(o)) out.push(this.seen(o));
        }
        return out;
    }

    private referencing(type: string, value: string): CloudObject[] {
        const out: CloudObject[] = [];
        for (const k of this.byRef.get(`${type}\u0000${value}`) ?? []) {
            const o = this.objects.get(k)!;
            if (this.visible(o)) out.push(this.seen(o));
        }
        return out;
    }

    /** Transit gateway attachments by VPC id (routes look them up for every create). */
    private readonly attachmentsByVpc = new Map<string, Set<string>>();

    /** Objects by their physical name where AWS wants it unique (the `name-unique` rules): one lookup per create, not a scan of the type. */
    private readonly byName = new Map<string, Set<string>>();

    private namesOf(o: CloudObject): string[] {
        return (nameRulesByType.get(o.type) ?? []).flatMap((rule) => {
            const key = nameKey(rule, o);
            return key === undefined ? [] : [key];
        });
    }

    private refsOf(o: CloudObject): string[] {
        const input = refInputs[o.type];
        return input === undefined ? [] : refValues(o.attrs[input]).map((v) => `${o.type}\u0000${v}`);
    }

    private index(o: CloudObject): void {
        if (o.type === T.tgwVpcAttachment && isString(o.attrs.vpcId)) {
            if (!this.attachmentsByVpc.has(o.attrs.vpcId)) this.attachmentsByVpc.set(o.attrs.vpcId, new Set());
            this.attachmentsByVpc.get(o.attrs.vpcId)!.add(o.key);
        }
        for (const id of o.identifiers) {
            if (!this.byIdentifier.has(id)) this.byIdentifier.set(id, new Set());
            this.byIdentifier.get(id)!.add(o.key);
        }
        for (const ref of this.refsOf(o)) {
            if (!this.byRef.has(ref)) this.byRef.set(ref, new Set());
            this.byRef.get(ref)!.add(o.key);
        }
        for (const name of this.namesOf(o)) {
            if (!this.byName.has(name)) this.byName.set(name, new Set());
            this.byName.get(name)!.add(o.key);
        }
        if (!this.byType.has(o.type)) this.byType.set(o.type, new Set());
        this.byType.get(o.type)!.add(o.key);
    }

    private unindex(o: CloudObject): void {
        if (o.type === T.tgwVpcAttachment && isString(o.attrs.vpcId)) this.attachmentsByVpc.get(o.attrs.vpcId)?.delete(o.key);
        for (const id of o.identifiers) this.byIdentifier.get(id)?.delete(o.key);
        for (const ref of this.refsOf(o)) this.byRef.get(ref)?.delete(o.key);
        for (const name of this.namesOf(o)) this.byName.get(name)?.delete(o.key);
        this.byType.get(o.type)?.delete(o.key);
    }

    private remove(o: CloudObject): void {
        this.unindex(o);
        this.objects.delete(o.key);
    }

    /** Deletes as the viewer: within a wave the object stays for the other stacks until the commit. */
    private removeAsViewer(o: CloudObject): void {
        const real = this.objects.get(o.key);
        if (!real) return;
        const viewer = this.wave?.viewer;
        if (!this.wave || viewer === undefined) {
            this.remove(real);
            return;
        }
        if (real.createdBy === viewer) {
            this.wave.created.delete(real.key);
            this.wave.rechecks.delete(real.key);
            this.remove(real);
            return;
        }
        real.deletedBy = [...(real.deletedBy ?? []), viewer];
        this.wave.deleted.add(real.key);
    }

    // ---- create ------------------------------------------------------------------------------

    /** Creates an object after checking every rule of its type; throws a LifecycleError when one is broken. */
    create(o: CloudObject): CloudObject {
        this.initialState(o);
        for (const rule of createRequirements.filter((r) => r.type === o.type)) this.check(rule, o, "create");
        if (this.wave?.viewer !== undefined) {
            o.createdBy = this.wave.viewer;
            this.wave.created.add(o.key);
            this.wave.rechecks.set(o.key, this.wave.viewer);
        }
        this.objects.set(o.key, o);
        this.index(o);
        this.afterCreate(o);
        this.putSlot(o);
        return o;
    }

    /** Applies changed attributes in place, re-checking the rules whose input changed. */
    update(key: string, attrs: Record<string, unknown>, changed: string[]): void {
        const o = this.objects.get(key);
        if (!o) return;
        // A zone's associations change only when its update changes `vpcs` (ignoreChanges keeps
        // the state's inputs, which need not be what AWS holds).
        if (o.type === T.zone && !changed.includes("vpcs")) attrs = { ...attrs, vpcs: this.seen(o).attrs.vpcs };
        const next: CloudObject = { ...this.seen(o), attrs };
        for (const rule of createRequirements.filter((r) => r.type === o.type && changed.includes(r.input) && r.check !== "one-per-key" && r.check !== "one-per-pair" && r.check !== "name-unique")) this.check(rule, next, "update");
        this.unindex(o);
        this.change(o, (x) => (x.attrs = attrs));
        this.index(o);
        if (changed.length > 0) this.putSlot(o);
        // An update another stack of the wave could break is judged again at the commit.
        if (this.wave?.viewer !== undefined && changed.length > 0 && !this.wave.rechecks.has(o.key)) this.wave.rechecks.set(o.key, this.wave.viewer);
    }

    /** Marks an object forgotten by its stack (`retainOnDelete`): it stays in AWS. */
    retain(key: string): void {
        const o = this.objects.get(key);
        // A one-per-parent sub-resource another put replaced is no longer in AWS: forgetting it leaves nothing.
        if (o?.superseded) this.removeAsViewer(o);
        else if (o) this.change(o, (x) => (x.retained = true));
    }

    private initialState(o: CloudObject): void {
        if (o.type === T.tgwVpcAttachment) {
            const rule = createStates.find((r) => r.id === "tgw-attachment-pending-acceptance")!;
            const tgw = this.lookup(o.attrs.transitGatewayId);
            const cross = tgw !== undefined && tgw.account !== o.account;
            const autoAccept = tgw?.attrs.autoAcceptSharedAttachments === "enable";
            o.state = cross && !autoAccept ? rule.state : "available";
        } else if (o.type === T.tgwPeeringAttachment) {
            // Pending until the peer Region's accepter accepts it, in one account too.
            o.state = createStates.find((r) => r.id === "tgw-peering-attachment-pending-acceptance")!.state;
        } else if (o.type === T.vpcEndpoint) {
            const service = this.lookup(o.attrs.serviceName);
            o.state = service?.type === T.vpcEndpointService && service.attrs.acceptanceRequired === true ? "pendingAcceptance" : "available";
        } else if (o.type === T.vpnConnection || o.type === T.vpcEndpointService) {
            o.state = "available";
        }
    }

    private afterCreate(o: CloudObject): void {
        if (o.type === T.tgwVpcAttachmentAccepter || o.type === T.tgwPeeringAttachmentAccepter) {
            const attachment = this.lookup(o.attrs.transitGatewayAttachmentId);
            if (attachment) this.change(this.objects.get(attachment.key)!, (x) => (x.state = "available"));
        } else if (o.type === T.vpcEndpointConnectionAccepter) {
            const endpoint = this.lookup(o.attrs.vpcEndpointId);
            if (endpoint) this.change(this.objects.get(endpoint.key)!, (x) => (x.state = "available"));
        } else if (o.type === T.ramSharingWithOrganization) {
            this.setRamSharing(true);
        } else if (o.type === T.vpnConnection && isString(o.attrs.transitGatewayAttachmentId)) {
            // The VPN's transit gateway attachment: available, deleted with the connection.
            const id = o.attrs.transitGatewayAttachmentId;
            const attachment: CloudObject = { key: `${o.key}#attachment`, type: VPN_ATTACHMENT, id, account: o.account, region: o.region, attrs: { transitGatewayId: o.attrs.transitGatewayId }, identifiers: [id], state: "available", stack: o.stack, urn: o.urn };
            this.issue(id);
            if (o.createdBy !== undefined) {
                attachment.createdBy = o.createdBy;
                this.wave?.created.add(attachment.key);
            }
            this.objects.set(attachment.key, attachment);
            this.index(attachment);
        }
    }

    private fail(rule: CreateRequirement, o: CloudObject, why: string): never {
        throw new LifecycleError(rule.id, `${o.type.split(":").pop()} ${o.urn.split("::").pop()} in account ${o.account}: ${why} — ${cite(rule)}`);
    }

    /** The object `value` names; undefined when it is external (never issued here). Throws when it was ours and is gone. */
    private referenced(rule: CreateRequirement, o: CloudObject, value: unknown): CloudObject | undefined {
        const target = this.lookup(value);
        if (target) return target;
        if (this.wasIssued(value)) this.fail(rule, o, `${rule.input} ${String(value)} no longer exists`);
        return undefined;
    }

    // ---- private DNS names in a VPC ------------------------------------------------------------

    /** The names an interface endpoint's private DNS answers, when it is on (its hidden private hosted zones). */
    private privateDnsNames(endpoint: CloudObject): string[] {
        const on = endpoint.attrs.privateDnsEnabled === true || this.referencing(T.vpcEndpointPrivateDns, endpoint.id).some((p) => p.attrs.privateDnsEnabled === true);
        return on ? this.endpointDnsNames(endpoint) : [];
    }

    /** The private DNS names of the service an endpoint connects to (the catalog's zones; an endpoint service's private DNS name). */
    private endpointDnsNames(endpoint: CloudObject): string[] {
        const serviceName = endpoint.attrs.serviceName;
        if (!isString(serviceName)) return [];
        if (serviceName.startsWith("com.amazonaws.vpce.")) {
            const service = this.lookup(serviceName);
            return isString(service?.attrs.privateDnsName) ? [zoneName(service!.attrs.privateDnsName as string)] : [];
        }
        const region = isString(endpoint.attrs.serviceRegion) ? endpoint.attrs.serviceRegion : endpoint.region;
        const entry = Object.values(serviceCatalog).find((e) => e.serviceName(region) === serviceName);
        return entry ? entry.dnsZones(region).map((z) => zoneName(z.zone)) : [];
    }

    /** What holds `name` in VPC `vpcId` (a private hosted zone associated with it, an endpoint's private DNS), but `except`. */
    private holderOf(vpcId: string, name: string, except: string): CloudObject | undefined {
        for (const zone of this.referencing(T.zone, vpcId)) if (zone.key !== except && zoneName(zone.attrs.name) === name) return zone;
        for (const association of this.referencing(T.zoneAssociation, vpcId)) {
            if (association.key === except) continue;
            const zone = this.lookup(association.attrs.zoneId);
            if (zone && zone.key !== except && zoneName(zone.attrs.name) === name) return association;
        }
        for (const endpoint of this.referencing(T.vpcEndpoint, vpcId)) if (endpoint.key !== except && this.privateDnsNames(endpoint).includes(name)) return endpoint;
        return undefined;
    }

    private check(rule: CreateRequirement, o: CloudObject, _when: "create" | "update"): void {
        const value = o.attrs[rule.input];
        switch (rule.check) {
            case "referenced-exists": {
                this.referenced(rule, o, value);
                return;
            }
            case "referenced-state": {
                const target = this.referenced(rule, o, value);
                if (target && rule.states && !rule.states.includes(target.state ?? "available")) {
                    this.fail(rule, o, `${rule.input} ${String(value)} is ${target.state ?? "available"}, not ${rule.states.join(" or ")}`);
                }
                return;
            }
            case "vpc-attached-to-transit-gateway": {
                if (value === undefined || value === null) return;
                const table = this.lookup(o.attrs.routeTableId);
                const vpc = table?.attrs.vpcId;
                if (!table || vpc === undefined) return;
                const attachments = [...(this.attachmentsByVpc.get(String(vpc)) ?? [])]
                    .map((k) => this.objects.get(k)!)
                    .filter((a) => this.visible(a))
                    .map((a) => this.seen(a))
                    .filter((a) => a.attrs.transitGatewayId === value);
                if (!attachments.some((a) => a.state === "available")) {
                    const states = attachments.map((a) => `${a.id} ${a.state}`).join(", ") || "none";
                    this.fail(rule, o, `the route table's VPC ${String(vpc)} has no available attachment to ${String(value)} (attachments: ${states})`);
                }
                return;
            }
            case "shared-with-account": {
                const target = this.referenced(rule, o, value);
                if (!target || target.account === o.account) return;
                if (!this.sharedWith(target, o.account)) {
                    const unit = this.organization.units.get(o.account);
                    this.fail(
                        rule,
                        o,
                        `${target.type.split(":").pop()} ${target.id} of account ${target.account} is not shared with account ${o.account} (no RAM share of it reaches the account${unit ? `, which is in ${unit}` : ""}${this.ramSharingSeen() ? "" : "; RAM sharing with the organization is not enabled"})`,
                    );
                }
                return;
            }
            case "zone-association-authorized": {
                const zone = this.referenced(rule, o, value);
                if (!zone) return;
                const vpc = this.lookup(o.attrs.vpcId);
                const vpcAccount = vpc?.account ?? o.account;
                if (zone.account === vpcAccount) return;
                const authorized = this.ofType(T.vpcAssociationAuthorization).some((a) => zone.identifiers.includes(String(a.attrs.zoneId)) && a.attrs.vpcId === o.attrs.vpcId);
                if (!authorized) this.fail(rule, o, `zone ${zone.id} (account ${zone.account}) has not authorized VPC ${String(o.attrs.vpcId)} (account ${vpcAccount})`);
                return;
            }
            case "endpoint-service-allows-account": {
                if (!isString(value) || !value.startsWith("com.amazonaws.vpce.")) return; // an AWS service
                const service = this.referenced(rule, o, value);
                if (!service) return;
                // The service owner's own account too: AWS names no exception (pessimistic).
                const allowed = valuesOf(service.attrs.allowedPrincipals);
                if (!allowed.includes("*") && !allowed.some((p) => p.endsWith(`::${o.account}:root`))) {
                    this.fail(rule, o, `endpoint service ${service.id} (account ${service.account}) does not allow account ${o.account} (allowed: ${allowed.join(", ") || "none"})`);
                }
                return;
            }
            case "endpoint-service-region": {
                if (!isString(value) || !value.startsWith("com.amazonaws.vpce.")) return; // an AWS service
                const service = this.referenced(rule, o, value);
                if (!service) return;
                const named = isString(o.attrs.serviceRegion) ? o.attrs.serviceRegion : o.region;
                if (service.region !== named) {
                    this.fail(rule, o, `endpoint service ${service.id} is in ${service.region}, but the endpoint (in ${o.region}) connects to the service of ${named}`);
                }
                const supported = valuesOf(service.attrs.supportedRegions);
                if (service.region !== o.region && !supported.includes(o.region)) {
                    this.fail(rule, o, `endpoint service ${service.id} (${service.region}) is not cross-Region enabled for ${o.region} (supported Regions: ${supported.join(", ") || "none"})`);
                }
                return;
            }
            case "private-dns-after-acceptance": {
                if (value === true && o.state === "pendingAcceptance") this.fail(rule, o, "private DNS is enabled at creation but the connection waits for the owner's acceptance");
                return;
            }
            case "private-dns-name-free": {
                if (value !== true) return;
                const endpoint = o.type === T.vpcEndpoint ? o : this.referenced(rule, o, o.attrs.vpcEndpointId);
                if (!endpoint || !isString(endpoint.attrs.vpcId)) return;
                for (const name of this.endpointDnsNames(endpoint)) {
                    const holder = this.holderOf(endpoint.attrs.vpcId, name, endpoint.key);
                    if (holder) this.fail(rule, o, `VPC ${endpoint.attrs.vpcId} already resolves ${name} through ${describe(holder)}`);
                }
                return;
            }
            case "zone-name-free-in-vpc": {
                const zone = o.type === T.zone ? o : this.referenced(rule, o, o.attrs.zoneId);
                if (!zone || !isString(zone.attrs.name)) return;
                for (const vpcId of refValues(o.type === T.zone ? o.attrs.vpcs : o.attrs.vpcId)) {
                    const holder = this.holderOf(vpcId, zoneName(zone.attrs.name), zone.key);
                    if (holder && holder.key !== o.key) this.fail(rule, o, `VPC ${vpcId} is already associated with ${describe(holder)}, which holds ${zoneName(zone.attrs.name)} too`);
                }
                return;
            }
            case "vpc-not-associated-with-zone": {
                const zone = this.referenced(rule, o, o.attrs.zoneId);
                if (!zone || !isString(o.attrs.vpcId)) return;
                const holder = this.zoneVpcs(zone, o.key).find((h) => h.vpcId === o.attrs.vpcId);
                if (holder) this.fail(rule, o, `VPC ${o.attrs.vpcId} is already associated with ${describe(zone)} (${holder.through === zone ? "the VPC it was created with" : describe(holder.through)})`);
                return;
            }
            case "private-dns-on-accepted-endpoint": {
                if (value !== true) return;
                const endpoint = this.referenced(rule, o, o.attrs.vpcEndpointId);
                if (endpoint && endpoint.state === "pendingAcceptance") this.fail(rule, o, `endpoint ${endpoint.id} still waits for the owner's acceptance (pendingAcceptance)`);
                return;
            }
            case "org-sharing-enabled": {
                if (isString(value) && /^arn:[^:]+:organizations::/.test(value) && !this.ramSharingSeen()) {
                    this.fail(rule, o, `principal ${value} is the organization or an OU, and RAM sharing with the organization is not enabled`);
                }
                return;
            }
            case "policy-type-enabled": {
                const policy = this.referenced(rule, o, value);
                const type = policy?.attrs.type;
                if (isString(type) && !this.organization.policyTypes.has(type)) this.fail(rule, o, `policy type ${type} is not enabled in the organization's root`);
                return;
            }
            case "policies-per-target": {
                if (!isString(value)) return;
                const type = this.lookup(o.attrs.policyId)?.attrs.type;
                if (!isString(type)) return;
                // The AWS-managed policy of the type (FullAWSAccess, RCPFullAWSAccess) is attached to every target.
                const managed = (organizationPrerequisites.managedPolicyAttachedEverywhere as Record<string, string>)[type];
                const ours = this.ofType(o.type).filter((x) => x.key !== o.key && x.attrs.targetId === value && this.lookup(x.attrs.policyId)?.attrs.type === type);
                const total = ours.length + 1 + (managed ? 1 : 0);
                if (total > maxControlPoliciesPerTarget) {
                    this.fail(
                        rule,
                        o,
                        `target ${value} would hold ${total} ${type} policies: ${[...(managed ? [managed] : []), ...ours.map((x) => String(this.lookup(x.attrs.policyId)?.attrs.name ?? x.attrs.policyId))].join(", ")} and this one (at most ${maxControlPoliciesPerTarget})`,
                    );
                }
                return;
            }
            case "s3-destination-admits-account": {
                if (o.attrs.logDestinationType !== "s3" || !isString(value)) return;
                const bucket = /^arn:[^:]+:s3:::([^/]+)/.exec(value)?.[1];
                if (bucket === undefined) return;
                const found = this.ofType(T.s3Bucket).find((b) => b.attrs.bucket === bucket);
                if (!found) this.fail(rule, o, `bucket ${bucket} does not exist`);
                const policies = this.ofType(T.bucketPolicy).filter((p) => !p.superseded && (p.attrs.bucket === bucket || found.identifiers.includes(String(p.attrs.bucket))));
                if (!policies.some((p) => admitsLogDelivery(p.attrs.policy, o.account))) {
                    this.fail(rule, o, `bucket ${bucket} (account ${found.account}) has no policy letting delivery.logs.amazonaws.com write for account ${o.account}`);
                }
                return;
            }
            case "asn-differs-from-associated-gateway": {
                const gateway = this.referenced(rule, o, value);
                const associated = this.lookup(o.attrs.associatedGatewayId);
                const asn = (x: CloudObject | undefined) => (x?.attrs.amazonSideAsn === undefined ? undefined : String(x.attrs.amazonSideAsn));
                if (gateway && associated && asn(gateway) !== undefined && asn(gateway) === asn(associated)) {
                    this.fail(rule, o, `Direct Connect gateway ${gateway.id} and ${associated.type.split(":").pop()} ${associated.id} both use ASN ${asn(gateway)}`);
                }
                return;
            }
            case "name-unique": {
                const key = nameKey(rule, o);
                if (key === undefined) return;
                const within = rule.within ? String(o.attrs[rule.within.input] ?? rule.within.default) : undefined;
                // A retained object is still in AWS: it still holds the name.
                const other = [...(this.byName.get(key) ?? [])].map((k) => this.objects.get(k)!).find((x) => x.key !== o.key && this.visible(x));
                if (other) {
                    const where = rule.scope === "account" ? `account ${o.account}` : `account ${o.account}, Region ${o.region}`;
                    this.fail(rule, o, `${rule.input} ${value}${within ? ` (bus ${within})` : ""} is taken in ${where} by ${describe(other)}`);
                }
                return;
            }
            case "cidr-propagated-once": {
                const cidrOf = (propagation: CloudObject): string | undefined => {
                    const attachment = this.lookup(propagation.attrs.transitGatewayAttachmentId);
                    const vpc = attachment && this.lookup(attachment.attrs.vpcId);
                    return vpc && isString(vpc.attrs.cidrBlock) ? vpc.attrs.cidrBlock : undefined;
                };
                const cidr = cidrOf(o);
                if (cidr === undefined) return;
                const other = this.ofType(o.type).find(
                    (x) =>
                        x.key !== o.key &&
                        !x.retained &&
                        x.attrs.transitGatewayRouteTableId === o.attrs.transitGatewayRouteTableId &&
                        x.attrs.transitGatewayAttachmentId !== o.attrs.transitGatewayAttachmentId &&
                        (() => {
                            const c = cidrOf(x);
                            return c !== undefined && cidrsOverlap(c, cidr);
                        })(),
                );
                if (other) this.fail(rule, o, `route table ${String(o.attrs.transitGatewayRouteTableId)} already has ${cidrOf(other)} propagated by ${describe(other)}; ${cidr} of ${String(value)} would not be propagated`);
                return;
            }
            case "one-per-key": {
                if (value === undefined) return;
                // Per parent when the rule says so (an association: per transit gateway of its route table).
                // A parent the simulation does not know counts as the same parent (the pessimistic reading).
                const parent = (x: CloudObject): unknown => (rule.perParentOf ? this.lookup(x.attrs[rule.perParentOf.input])?.attrs[rule.perParentOf.attr] : undefined);
                const other = this.ofType(o.type).find((x) => x.key !== o.key && !x.retained && x.attrs[rule.input] === value && parent(x) === parent(o));
                if (other) this.fail(rule, o, `${rule.input} ${String(value)} already has one: ${describe(other)}`);
                return;
            }
            case "one-per-pair": {
                const mate = rule.pairWith === undefined ? undefined : o.attrs[rule.pairWith];
                if (value === undefined || mate === undefined) return;
                const pair = (x: CloudObject) => [String(x.attrs[rule.input]), String(x.attrs[rule.pairWith!])].sort().join(" ");
                const other = this.ofType(o.type).find((x) => x.key !== o.key && !x.retained && pair(x) === pair(o));
                if (other) this.fail(rule, o, `${String(mate)} and ${String(value)} already have one: ${describe(other)}`);
                return;
            }
        }
    }

    /**
     * True when a RAM share of `target` reaches `account`: shared with the account itself, or
     * with the organization (every member), or with an OU the account is in. The OU of an
     * account is known only where the rehearsal is told (RehearseOptions
     * `organization.accountUnits`: the definition does not record it); elsewhere the account
     * is taken to be in every OU. An account in a child OU of the shared one counts as not
     * reached (pessimistic: the OU tree is not modelled).
     */
    private sharedWith(target: CloudObject, account: string): boolean {
        const shares = this.ofType(T.ramResourceAssociation)
            .filter((a) => target.identifiers.includes(String(a.attrs.resourceArn)))
            .map((a) => String(a.attrs.resourceShareArn));
        return this.ofType(T.ramPrincipalAssociation).some((p) => {
            if (!shares.includes(String(p.attrs.resourceShareArn))) return false;
            const principal = String(p.attrs.principal);
            if (principal === account) return true;
            if (!/^arn:[^:]+:organizations::/.test(principal) || !this.ramSharingSeen() || !this.organization.members.has(account)) return false;
            const ou = /:ou\/o-[a-z0-9]+\/(ou-[a-z0-9-]+)$/.exec(principal)?.[1];
            const placed = this.organization.units.get(account);
            return ou === undefined || placed === undefined || placed === ou;
        });
    }

    /**
     * The VPCs a private hosted zone is associated with, and through what: the zone itself (its
     * `vpcs`: the VPC it was created with, or what its own updates associated) or a live
     * ZoneAssociation; `except` is left out.
     */
    zoneVpcs(zone: CloudObject, except?: string): { vpcId: string; through: CloudObject }[] {
        const seenZone = this.seen(zone);
        const own = refValues(seenZone.attrs.vpcs).map((vpcId) => ({ vpcId, through: zone }));
        const associations = this.ofType(T.zoneAssociation)
            .filter((a) => a.key !== except && isString(a.attrs.vpcId) && zone.identifiers.includes(String(a.attrs.zoneId)))
            .map((a) => ({ vpcId: String(a.attrs.vpcId), through: a }));
        return [...own, ...associations];
    }

    /**
     * Adopts an existing object into a stack (Pulumi's `import`): no AWS call, no create rule.
     * Supported for what the landing zone imports — a zone's association with a VPC — and
     * refused (importRule) when it does not exist or the inputs name another one.
     */
    adopt(o: CloudObject): CloudObject {
        if (o.type !== T.zoneAssociation) throw new LifecycleError(importRule.id, `${describe(o)}: the rehearsal cannot import a ${o.type} — ${cite(importRule)}`);
        const [zoneId, vpcId] = o.id.split(":");
        const zone = this.lookup(zoneId);
        if (!zone || !zone.identifiers.includes(String(o.attrs.zoneId)) || o.attrs.vpcId !== vpcId) {
            throw new LifecycleError(importRule.id, `${describe(o)}: import id ${o.id} names zone ${zoneId} and VPC ${vpcId}, the inputs zone ${String(o.attrs.zoneId)} and VPC ${String(o.attrs.vpcId)} — ${cite(importRule)}`);
        }
        if (!this.zoneVpcs(zone).some((v) => v.vpcId === vpcId)) throw new LifecycleError(importRule.id, `${describe(o)}: ${describe(zone)} is not associated with VPC ${vpcId} — ${cite(importRule)}`);
        if (this.wave?.viewer !== undefined) {
            o.createdBy = this.wave.viewer;
            this.wave.created.add(o.key);
        }
        this.objects.set(o.key, o);
        this.index(o);
        return o;
    }

    /**
     * Removes an object that goes with another's deletion (Pulumi's `deletedWith`: the
     * engine skips its delete): no AWS call, no rule.
     */
    vanish(key: string): void {
        const real = this.objects.get(key);
        if (real && this.visible(real)) this.removeAsViewer(real);
    }

    // ---- delete -----------------------------------------------------------------------------------

    /** What blocks deleting `o` now (the rule and the blocking object), if anything; `only` narrows the blockers looked at. */
    blockerOf(o: CloudObject, only: (by: CloudObject) => boolean = () => true): { rule: DeleteBlocker; by: CloudObject } | undefined {
        for (const rule of deleteBlockers.filter((r) => r.blocked === o.type)) {
            for (const other of this.ofType(rule.by)) {
                if (other.key === o.key || other.state === "rejected" || !only(other)) continue;
                if (valuesOf(other.attrs[rule.via]).some((v) => o.identifiers.includes(v))) return { rule, by: other };
            }
        }
        return undefined;
    }

    /**
     * Deletes an object: a LifecycleError (blocksDelete) when AWS refuses, else the side
     * effects of the delete (aws/lifecycle.ts deleteEffects).
     */
    delete(key: string): SideEffect[] {
        const real = this.objects.get(key);
        if (!real || !this.visible(real)) return [];
        const o = this.seen(real);
        const blocker = this.blockerOf(o);
        if (blocker) {
            throw new LifecycleError(blocker.rule.id, `${describe(o)} cannot be deleted while ${describe(blocker.by)} uses it — ${cite(blocker.rule)}`, true);
        }
        if (o.type === T.zoneAssociation) {
            // DisassociateVPCFromHostedZone: refused for the zone's last VPC; it removes the
            // association however it was made (the zone's own `vpcs` included).
            const zone = this.lookup(o.attrs.zoneId);
            if (zone && isString(o.attrs.vpcId)) {
                const left = this.zoneVpcs(zone, o.key).filter((v) => v.vpcId !== o.attrs.vpcId);
                if (left.length === 0) throw new LifecycleError(zoneLastVpcRule.id, `${describe(o)} cannot be deleted: VPC ${o.attrs.vpcId} is the last VPC of ${describe(zone)} — ${cite(zoneLastVpcRule)}`, true);
                const vpcs = this.seen(zone).attrs.vpcs;
                if (refValues(vpcs).includes(o.attrs.vpcId as string)) {
                    const real = this.objects.get(zone.key)!;
                    const kept = (Array.isArray(vpcs) ? vpcs : []).filter((v) => !refValues([v]).includes(o.attrs.vpcId as string));
                    this.unindex(real);
                    this.change(real, (x) => (x.attrs = { ...x.attrs, vpcs: kept }));
                    this.index(real);
                }
            }
        }
        const effects: SideEffect[] = [];
        const effect = deleteEffects.find((e) => e.type === o.type);
        if (effect?.effect === "deletes-referenced-attachment") {
            const attachment = this.lookup(o.attrs[effect.input!]);
            if (attachment && (attachment.type === T.tgwVpcAttachment || attachment.type === T.tgwPeeringAttachment)) {
                const blocked = this.blockerOf(attachment);
                if (blocked) {
                    throw new LifecycleError(blocked.rule.id, `${describe(o)} cannot be deleted: it deletes ${describe(attachment)}, which ${describe(blocked.by)} uses — ${cite(blocked.rule)}`, true);
                }
                this.removeAsViewer(attachment);
                effects.push({ rule: effect.id, message: `deleting ${describe(o)} deleted ${describe(attachment)} — ${cite(effect)}`, victim: attachment });
            }
        } else if (effect?.effect === "disables-organization-sharing") {
            this.setRamSharing(false);
            effects.push({ rule: effect.id, message: `deleting ${describe(o)} disabled RAM sharing with the whole organization — ${cite(effect)}` });
        } else if (effect?.effect === "rejects-endpoint-connection") {
            const endpoint = this.lookup(o.attrs[effect.input!]);
            if (endpoint) {
                this.change(this.objects.get(endpoint.key)!, (x) => (x.state = "rejected"));
                effects.push({ rule: effect.id, message: `deleting ${describe(o)} rejected the connection of ${describe(endpoint)} — ${cite(effect)}`, victim: endpoint });
            }
        }
        effects.push(...this.emptySlot(real));
        const dependent = this.objects.get(`${o.key}#attachment`);
        if (dependent) this.removeAsViewer(dependent);
        // An accepter is the attachment seen from the transit gateway's account: it goes with it.
        if (o.type === T.tgwVpcAttachment) {
            for (const view of this.ofType(T.tgwVpcAttachmentAccepter).filter((a) => o.identifiers.includes(String(a.attrs.transitGatewayAttachmentId)))) this.removeAsViewer(view);
        }
        // Likewise a peering attachment's accepter (the peer Region's side of the same attachment:
        // aws/lifecycle.ts tgw-peering-accepter-delete-deletes-attachment): the requester's delete removes it.
        if (o.type === T.tgwPeeringAttachment) {
            for (const view of this.ofType(T.tgwPeeringAttachmentAccepter).filter((a) => o.identifiers.includes(String(a.attrs.transitGatewayAttachmentId)))) this.removeAsViewer(view);
        }
        this.removeAsViewer(real);
        return effects;
    }
}

/** The `name-unique` rules by type. */
const nameRulesByType = new Map<string, CreateRequirement[]>();
for (const rule of createRequirements.filter((r) => r.check === "name-unique")) nameRulesByType.set(rule.type, [...(nameRulesByType.get(rule.type) ?? []), rule]);

/** Where a `name-unique` rule wants `o`'s name unique: type, account, Region (regional rules), bus (`within`), name; undefined without a name. */
function nameKey(rule: CreateRequirement, o: CloudObject): string | undefined {
    const name = o.attrs[rule.input];
    if (!isString(name) || name === "") return undefined;
    const region = rule.scope === "account" ? "*" : o.region;
    const within = rule.within ? String(o.attrs[rule.within.input] ?? rule.within.default) : "";
    return [rule.id, o.account, region, within, name].join("\u0000");
}

/** Checks about the object's own moment of creation, not judged again at a wave's commit. */
const transitionChecks = new Set<CreateRequirement["check"]>(["private-dns-after-acceptance"]);

/** The input by which objects of a type are found from what they refer to (byRef). */
const refInputs: Record<string, string> = {
    [T.zone]: "vpcs",
    [T.zoneAssociation]: "vpcId",
    [T.vpcEndpoint]: "vpcId",
    [T.vpcEndpointPrivateDns]: "vpcEndpointId",
};

/** The ids a reference input holds: a string, a list of them, or a zone's `vpcs` blocks (their `vpcId`). */
function refValues(v: unknown): string[] {
    if (isString(v)) return [v];
    if (Array.isArray(v)) return v.flatMap((x) => (x && typeof x === "object" && !Array.isArray(x) ? refValues((x as Record<string, unknown>).vpcId) : refValues(x)));
    return [];
}

/** A DNS name as Route 53 compares zone names: lower case, no trailing dot. */
function zoneName(name: unknown): string {
    return String(name).toLowerCase().replace(/\.$/, "");
}

/**
 * True when a bucket policy (JSON) has an Allow for delivery.logs.amazonaws.com to
 * s3:PutObject whose aws:SourceAccount condition names `account` (the statement AWS
 * documents for flow logs, aws/flow-log-delivery.ts).
 */
export function admitsLogDelivery(policy: unknown, account: string): boolean {
    let doc: { Statement?: unknown };
    try {
        doc = typeof policy === "string" ? JSON.parse(policy) : (policy as { Statement?: unknown });
    } catch {
        return false;
    }
    const statements = Array.isArray(doc?.Statement) ? (doc.Statement as Record<string, any>[]) : [];
    return statements.some((st) => {
        if (st.Effect !== "Allow") return false;
        if (!valuesOf(st.Principal?.Service).includes("delivery.logs.amazonaws.com")) return false;
        if (!valuesOf(st.Action).some((a) => a === "s3:PutObject" || a === "s3:*")) return false;
        const sources = valuesOf(st.Condition?.StringEquals?.["aws:SourceAccount"]);
        return sources.length === 0 || sources.includes(account);
    });
}

/** Pseudo type of the transit gateway attachment a VPN connection brings. */
export const VPN_ATTACHMENT = "aws:ec2transitgateway/vpnAttachment:VpnAttachment";

/** The values other resources may refer to an object by. */
/** The computed attribute, besides the id and ARN, that other resources name an object of a type by. */
const alsoKnownAs: Record<string, string> = {
    [T.zone]: "zoneId",
    // The association stands for its transit gateway attachment (routes and route table associations name it).
    [T.dxGatewayAssociation]: "transitGatewayAttachmentId",
    [T.vpcEndpointService]: "serviceName",
};

export function identifiersOf(type: string, id: string, attrs: Record<string, unknown>): string[] {
    const ids = [id];
    for (const key of ["arn", alsoKnownAs[type]]) {
        const v = key ? attrs[key] : undefined;
        if (isString(v) && v !== "") ids.push(v);
    }
    if (type === T.vpcEndpoint) {
        for (const entry of Array.isArray(attrs.dnsEntries) ? (attrs.dnsEntries as { dnsName?: string }[]) : []) if (entry.dnsName) ids.push(entry.dnsName);
    }
    // An accepter is the attachment seen from the transit gateway's account: its id is the
    // attachment's, which other resources must keep resolving to the attachment itself.
    if (type === T.tgwVpcAttachmentAccepter) return [`accepter:${id}`];
    return [...new Set(ids)];
}
