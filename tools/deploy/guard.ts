/**
 * What a step would do, read from the engine events of its preview, and whether it may:
 * a step that would delete (or replace) a resource the lifecycle model marks as
 * protective — whose deletion reaches beyond its stack, aws/lifecycle.ts `protective` —
 * is refused before it runs.
 *
 * The engine reports each planned operation as a `resourcePreEvent` whose `metadata.op` is
 * the step's operation (`create`, `update`, `replace`, `delete`, `delete-replaced`, ...)
 * with the resource's old state (`old.retainOnDelete`, `old.inputs`). A delete of a
 * resource with `retainOnDelete` only forgets it: the engine's DeleteStep skips the
 * provider's Delete for it (pulumi/pulumi pkg/resource/deploy/step.go, DeleteStep.Apply:
 * "Deleting a "drop on delete" is a no-op"), so it deletes nothing in AWS.
 *
 * Pure: the events are data.
 */
import { T, deleteEffects, keptBucketConfigurationOf, lifecycleRule, protective, singletonOf } from "../../aws/lifecycle";
import { logArchiveBucketName } from "../../definition/log-archive";
import { Definition } from "../../definition/schema";
import { stackName } from "../../definition/units";
import { spokesMovingAccountOrRegion } from "../../program/change-order/spoke-moves";
import { consumerEndpoints } from "../../program/privatelink-shared";
import { failoverProviderChanged, failoverProviderOf } from "../../program/failover-provider";

/** The part of an engine event this reads (`EngineEvent` of @pulumi/pulumi/automation). */
export interface EngineEventLike {
    resourcePreEvent?: {
        metadata: {
            op: string;
            urn: string;
            type: string;
            old?: { retainOnDelete?: boolean; protect?: boolean; inputs?: Record<string, unknown>; outputs?: Record<string, unknown> } | null;
            new?: { inputs?: Record<string, unknown> } | null;
        };
    };
    summaryEvent?: { resourceChanges?: Record<string, number> };
    diagnosticEvent?: { severity: string; message: string; urn?: string };
    policyEvent?: { policyName: string; enforcementLevel: string; message: string; resourceUrn?: string };
}

/** One planned operation on one resource. */
export interface PlannedChange {
    op: string;
    urn: string;
    type: string;
    /** The old state has `retainOnDelete`: a delete only forgets it. */
    retainOnDelete: boolean;
    /** The old state's tags (inputs, else outputs). */
    tags: Record<string, string>;
    /**
     * A replaced endpoint connection accepter whose new inputs name another endpoint than the
     * old ones: the old accepter accepted an endpoint its consumer has since replaced.
     */
    endpointChanged?: boolean;
    /**
     * The bucket of a bucket policy or other bucket configuration (old inputs): its delete
     * removes that from the bucket, whoever put it (aws/lifecycle.ts bucket-policy-one-per-bucket,
     * keptBucketConfiguration).
     */
    bucket?: string;
}

/** Operations that delete (or replace, deleting the old object) a resource the stack manages. */
const DELETING = new Set(["delete", "replace", "delete-replaced"]);

/** The planned operations of a preview, one per resource and operation. */
export function plannedChanges(events: EngineEventLike[]): PlannedChange[] {
    const seen = new Set<string>();
    const out: PlannedChange[] = [];
    for (const e of events) {
        const m = e.resourcePreEvent?.metadata;
        if (!m || m.op === "same") continue;
        const key = `${m.op}\u0000${m.urn}`;
        if (seen.has(key)) continue;
        seen.add(key);
        const tags = (m.old?.inputs?.tags ?? m.old?.outputs?.tags ?? {}) as Record<string, unknown>;
        const oldEndpoint = m.old?.inputs?.vpcEndpointId;
        const newEndpoint = m.new?.inputs?.vpcEndpointId;
        const bucket = isBucketConfiguration(m.type) ? m.old?.inputs?.bucket : undefined;
        out.push({
            op: m.op,
            urn: m.urn,
            type: m.type,
            retainOnDelete: m.old?.retainOnDelete === true,
            tags: Object.fromEntries(Object.entries(tags).filter(([, v]) => typeof v === "string")) as Record<string, string>,
            ...(typeof oldEndpoint === "string" && typeof newEndpoint === "string" && oldEndpoint !== newEndpoint ? { endpointChanged: true } : {}),
            ...(typeof bucket === "string" ? { bucket } : {}),
        });
    }
    return out;
}

/** A bucket's policy or another piece of its configuration: its `bucket` input names the bucket. */
export function isBucketConfiguration(type: string): boolean {
    return type === T.bucketPolicy || keptBucketConfigurationOf(type) !== undefined;
}

/** Counts for a progress line: creates, updates, replaces, deletes (a replacement counts once). */
export function changeCounts(changes: PlannedChange[]): { creates: number; updates: number; replaces: number; deletes: number } {
    const count = (op: string) => changes.filter((c) => c.op === op).length;
    return { creates: count("create"), updates: count("update"), replaces: count("replace"), deletes: count("delete") };
}

/** A planned delete the lifecycle model forbids. */
export interface Refusal {
    urn: string;
    type: string;
    op: string;
    /** The lifecycle rule that makes the delete reach beyond the stack. */
    rule: string;
    message: string;
}

/** What a delete is judged against. */
export interface GuardContext {
    /** Spokes whose stacks still stand when the step runs (plan.ts liveSpokesAt). */
    liveSpokes: Set<string>;
    /** The endpoint services of the definition being deployed: service → its consumers. */
    consumers: Map<string, Set<string>>;
    /** Every (service, consumer) pair of the definition and the earlier one: to read whose connection an accepter accepts. */
    pairs: { service: string; consumer: string }[];
    /**
     * Spokes whose VPC the change replaces (a new CIDR or account) and whose stack already ran
     * in an earlier wave: their endpoints were replaced with the VPC, so the old accepter of
     * their connection accepts an endpoint that is gone (plan.ts replacedSpokesBefore).
     */
    replacedVpcs?: Set<string>;
    /** The buckets the definition protects: deleting one's policy leaves it open (aws/lifecycle.ts bucket-policy-one-per-bucket). */
    protectedBuckets?: Set<string>;
    /**
     * Buckets the program keeps in AWS when their stack deletes them (the log archive's, of the
     * definition and of the earlier one): deleting their configuration leaves the kept bucket
     * without it (aws/lifecycle.ts keptBucketConfiguration).
     */
    keptBuckets?: Set<string>;
    /**
     * Owner spokes the change moves to another account or Region (their stacks are destroyed in
     * the old account or Region, then deployed again): stack name → the services they own. The
     * waves run every consumer of those services first, and a consumer drops its endpoints to a
     * service its owner's stack still publishes from the old account or Region
     * (program/privatelink-consumer.ts providerView), so the old stack's accepters accept connections
     * that are gone.
     */
    movedOwnerServices?: Map<string, Set<string>>;
    /**
     * Failover Regions the change takes from a service (service → the earlier failover.region,
     * when the definition's is another, or when the definition names another failover provider
     * there: its old provider's service goes): the waves run every consumer first, and a consumer
     * drops its endpoints to the old failover Region's service while the owner still publishes
     * it (program/privatelink-consumer.ts providerView), so the owner's accepters there
     * (`<service>-<region>-accept-…`) accept connections that are gone.
     */
    retiredFailoverRegions?: Map<string, string>;
    /**
     * Connection labels of consumers the change moves to another account or Region that the
     * definition no longer gives them (service → labels: a consumer moving Region connects from
     * its new Region under another label, program/privatelink-shared.ts consumerEndpoints). The old
     * label's endpoint went with the consumer's old stack, and the owner stops accepting it only
     * once that stack no longer publishes it, so deleting its accepter rejects nothing live.
     */
    retiredConnections?: Map<string, Set<string>>;
}

/**
 * Whether cutting `victim` — its transit gateway attachment, or (with `service`) its
 * endpoint connection to that service — cuts something the definition still relies on: the
 * spoke's stack stands and, for a connection, the spoke still consumes the service. The
 * deploy guard and the rehearsal (tools/rehearse) judge by this one rule.
 */
export function cutsLiveSpoke(victim: { spoke: string; service?: string }, context: Pick<GuardContext, "liveSpokes" | "consumers">): boolean {
    if (!context.liveSpokes.has(victim.spoke)) return false;
    if (victim.service !== undefined && !context.consumers.get(victim.service)?.has(victim.spoke)) return false;
    return true;
}

const escape = (s: string): string => s.replace(/[.*+?^${}()|[\]\\]/g, "\\$&");

/**
 * The spoke whose live connection or attachment deleting `change` would cut, when it can be
 * told: a transit gateway accepter names its spoke in the `landing-zone:spoke` tag; an
 * endpoint connection accepter (which takes no tags) is named by the program after the
 * service and the consumer whose connection it accepts — `<service>-accept-<consumer>…`, or
 * `<service>-<region>-accept-<consumer>…` for a failover Region (program/privatelink-provider.ts acceptConnections,
 * components/endpoint-service.ts EndpointConnectionAcceptance; test/deploy/guard.test.ts
 * checks it against the program's own resource names).
 */
export function victimOf(change: PlannedChange, context: Pick<GuardContext, "pairs">): { spoke: string; service?: string } | undefined {
    const tagged = change.tags["landing-zone:spoke"];
    if (tagged !== undefined) return { spoke: tagged };
    if (change.type !== T.vpcEndpointConnectionAccepter) return undefined;
    const name = change.urn.split("::").pop() ?? "";
    let best: { spoke: string; service: string } | undefined;
    for (const { service, consumer } of context.pairs) {
        const pattern = new RegExp(`^${escape(service)}-(?:[a-z0-9-]+-)?accept-${escape(consumer)}(?:-|$)`);
        if (pattern.test(name) && (!best || consumer.length > best.spoke.length)) best = { spoke: consumer, service };
    }
    return best;
}

/** Accepter types whose delete hurts only one spoke: the one whose attachment or connection it accepted. */
const PER_SPOKE = new Set<string>([T.tgwVpcAttachmentAccepter, T.vpcEndpointConnectionAccepter]);

/**
 * The planned deletes of `stack` that would delete something protective. A delete that
 * only forgets (`retainOnDelete`) is allowed; so is the delete of an accepter whose spoke is
 * not live — the change removes that spoke, or its stack is already destroyed — or, for an
 * endpoint connection, whose spoke the definition no longer lists as a consumer of that
 * service: taking that attachment or connection with it is what the change asks for.
 * Everything else is refused, naming the resource and the rule; an accepter whose spoke
 * cannot be told is refused too (the pessimistic reading).
 */
export function protectiveDeletes(stack: string, changes: PlannedChange[], context: GuardContext): Refusal[] {
    const refusals: Refusal[] = [];
    const refused = new Set<string>();
    for (const c of changes) {
        if (!DELETING.has(c.op) || c.retainOnDelete || refused.has(c.urn)) continue;
        const policy = bucketPolicyRefusal(stack, c, context);
        if (policy) {
            refused.add(c.urn);
            refusals.push(policy);
            continue;
        }
        const entry = protective.find((p) => p.type === c.type);
        if (!entry) continue;
        const victim = PER_SPOKE.has(c.type) ? victimOf(c, context) : undefined;
        if (victim && !cutsLiveSpoke(victim, context)) continue;
        if (c.op === "delete" && victim?.service !== undefined && context.movedOwnerServices?.get(stack)?.has(victim.service)) continue;
        if (c.op === "delete" && victim?.service !== undefined && retiredConnectionAccepter(c, victim.service, context)) continue;
        const retired = victim?.service !== undefined ? context.retiredFailoverRegions?.get(victim.service) : undefined;
        if (c.op === "delete" && retired !== undefined && (c.urn.split("::").pop() ?? "").startsWith(`${victim!.service}-${retired}-accept-`)) continue;
        // A replaced connection accepter whose consumer's endpoint was replaced already: the
        // new accepter accepts the new endpoint, the old one's delete rejects an endpoint that
        // is gone.
        if (c.type === T.vpcEndpointConnectionAccepter && c.op !== "delete" && (c.endpointChanged || (victim && context.replacedVpcs?.has(victim.spoke)))) continue;
        refused.add(c.urn);
        const rule = lifecycleRule(entry.rule);
        const effect = deleteEffects.find((d) => d.id === entry.rule);
        refusals.push({
            urn: c.urn,
            type: c.type,
            op: c.op,
            rule: entry.rule,
            message:
                `${stack} would ${c.op === "delete" ? "delete" : "replace"} ${c.urn} (${entry.why}${victim ? `, spoke ${victim.spoke} is still live` : ""}): ` +
                `[${entry.rule}] ${rule.statement} (${effect?.source ?? rule.source}). ` +
                `Keep it with retainOnDelete, or remove what relies on it first.`,
        });
    }
    return refusals;
}

/** An endpoint connection accepter of a label the change retires (GuardContext.retiredConnections): `<service>-[<region>-]accept-<label>`. */
function retiredConnectionAccepter(c: PlannedChange, service: string, context: GuardContext): boolean {
    const labels = context.retiredConnections?.get(service);
    if (!labels || c.type !== T.vpcEndpointConnectionAccepter) return false;
    const name = c.urn.split("::").pop() ?? "";
    return [...labels].some((label) => new RegExp(`^${escape(service)}-(?:[a-z0-9-]+-)?accept-${escape(label)}$`).test(name));
}

/**
 * A bucket policy's delete removes the bucket's one policy whoever put it — another stack's,
 * when another unit has taken the bucket over: refused while the definition still protects
 * the bucket (the program writes these policies with retainOnDelete; state written before
 * it did needs one `pulumi up` of the stack first).
 */
function bucketPolicyRefusal(stack: string, c: PlannedChange, context: GuardContext): Refusal | undefined {
    const kept = keptBucketConfigurationOf(c.type);
    if (kept && c.bucket !== undefined && context.keptBuckets?.has(c.bucket)) {
        return {
            urn: c.urn,
            type: c.type,
            op: c.op,
            rule: kept.id,
            message:
                `${stack} would ${c.op === "delete" ? "delete" : "replace"} ${c.urn} of bucket ${c.bucket}, which the program keeps in AWS (the log archive): it would be left with ${kept.leaves}. [${kept.id}] ${kept.statement} (${kept.source}). ` +
                `Its state predates retainOnDelete on the log archive's configuration: deploy the environment as it is now with this version first (npm run deploy -- --definition <the definition deployed now>; the log-archive stack's up writes it with retainOnDelete), then apply the change.`,
        };
    }
    const rule = singletonOf(c.type);
    if (!rule || c.bucket === undefined || !context.protectedBuckets?.has(c.bucket)) return undefined;
    return {
        urn: c.urn,
        type: c.type,
        op: c.op,
        rule: rule.id,
        message:
            `${stack} would ${c.op === "delete" ? "delete" : "replace"} ${c.urn}, the policy of protected bucket ${c.bucket}: [${rule.id}] ${rule.statement} (${rule.source}). ` +
            `Its state predates retainOnDelete on protected-bucket policies: deploy the environment as it is now with this version first (npm run deploy -- --definition <the definition deployed now>; every stack's up writes the policy with retainOnDelete), then apply the change.`,
    };
}

/** The guard's context for a step of wave `wave` (see GuardContext). */
export function guardContext(definition: Definition, earlier: Definition | undefined, liveSpokes: Set<string>, replacedVpcs: Set<string> = new Set()): GuardContext {
    const consumers = new Map(definition.endpointServices.map((s) => [s.name, new Set(s.consumers)]));
    const pairs = [...definition.endpointServices, ...(earlier?.endpointServices ?? [])].flatMap((s) => s.consumers.map((consumer) => ({ service: s.name, consumer })));
    const moved = earlier ? spokesMovingAccountOrRegion(definition, earlier) : [];
    const movedOwnerServices = new Map(
        moved.map((owner) => [stackName(definition.environment, owner), new Set(earlier!.endpointServices.filter((s) => s.spoke === owner).map((s) => s.name))]),
    );
    // Likewise a removed owner whose services stay with another spoke (the owner renamed): its
    // stack is destroyed only after every consumer dropped its endpoints to them
    // (program/change-order/teardown.ts: endpoint-service-delete-blocked-by-connections; a release run
    // with the earlier definition when the new owner takes over the connection topic).
    for (const s of earlier?.endpointServices ?? []) {
        const now = definition.endpointServices.find((d) => d.name === s.name);
        if (!now || now.spoke === s.spoke || definition.spokes.some((sp) => sp.name === s.spoke)) continue;
        const stack = stackName(definition.environment, s.spoke);
        movedOwnerServices.set(stack, new Set([...(movedOwnerServices.get(stack) ?? []), s.name]));
    }
    const keptBuckets = new Set([definition, earlier].map((d) => (d ? logArchiveBucketName(d) : undefined)).filter((b): b is string => b !== undefined));
    const retiredFailoverRegions = new Map<string, string>();
    for (const s of definition.endpointServices) {
        const was = earlier?.endpointServices.find((b) => b.name === s.name);
        const wasRegion = was?.failover?.region;
        if (s.failover && wasRegion !== undefined && wasRegion !== s.failover.region) retiredFailoverRegions.set(s.name, wasRegion);
        // A changed failover provider in the same Region retires the old provider's service there
        // alike: the consumers drop their endpoints to it first (failoverProviderChanged).
        else if (s.failover && wasRegion !== undefined && failoverProviderChanged(failoverProviderOf(was!), s) === true) retiredFailoverRegions.set(s.name, wasRegion);
    }
    const retiredConnections = new Map<string, Set<string>>();
    for (const s of earlier?.endpointServices ?? []) {
        const now = definition.endpointServices.find((d) => d.name === s.name);
        for (const consumer of s.consumers.filter((c) => moved.includes(c))) {
            const kept = new Set(now?.consumers.includes(consumer) ? consumerEndpoints(definition, now, consumer).map((e) => e.label) : []);
            for (const e of consumerEndpoints(earlier!, s, consumer)) {
                if (!kept.has(e.label)) retiredConnections.set(s.name, new Set([...(retiredConnections.get(s.name) ?? []), e.label]));
            }
        }
    }
    return {
        liveSpokes,
        consumers,
        pairs,
        replacedVpcs,
        protectedBuckets: new Set(definition.perimeter.protectedBuckets.map((b) => b.name)),
        keptBuckets,
        movedOwnerServices,
        retiredFailoverRegions,
        retiredConnections,
    };
}
