/**
 * What a change touches, and what a resource belongs to — so the rehearsal can check that
 * no step of a change deletes or replaces a resource of a spoke, route domain or endpoint
 * service the change did not touch.
 *
 * A resource belongs to the spoke whose stack holds it, to the spokes, domains and
 * services its tags name (`landing-zone:spoke`, `:domain`, `:endpoint-service`), and to
 * whatever its inputs point at: another spoke's VPC or attachment, a domain's route table,
 * a service's endpoint service, a spoke's or domain's CIDR. The transit gateway peerings,
 * and a Region's peering route table of its own, belong to `peering`: a change of route
 * domains that moves a Region's peerings to or from a domain's table touches it
 * (network/domains.ts `peeringLookupDomain`). A resource that belongs to none of them
 * belongs to the environment as a whole.
 */
import { Definition } from "../../definition/schema";
import { forwarderNames } from "../../definition/governance-names";
import { ownerUnitOfAccount } from "../../definition/units";
import { hubRegions } from "../../definition/regions";
import { peeringLookupDomain } from "../../network/domains";
import { StateBackend, StateResource } from "./engine";

/** `spoke:<name>`, `domain:<name>`, `service:<name>`, `peering`, or `environment`. */
export type Entity = string;

const ENVIRONMENT = "environment";
const PEERING = "peering";

function strip(definition: Definition): unknown {
    const copy = JSON.parse(JSON.stringify(definition)) as Record<string, any>;
    delete copy.spokes;
    delete copy.endpointServices;
    delete copy.accounts;
    if (copy.network?.transitGateway) delete copy.network.transitGateway.domains;
    if (copy.perimeter) delete copy.perimeter.protectedBuckets;
    return copy;
}

const json = (v: unknown): string => JSON.stringify(v);

/** The spokes, domains and services a change from `before` to `after` touches (`environment` when anything else changed). */
export function touchedBy(before: Definition, after: Definition): Set<Entity> {
    const touched = new Set<Entity>();
    const spokesBefore = new Map(before.spokes.map((s) => [s.name, s]));
    const spokesAfter = new Map(after.spokes.map((s) => [s.name, s]));
    for (const name of new Set([...spokesBefore.keys(), ...spokesAfter.keys()])) {
        const a = spokesBefore.get(name);
        const b = spokesAfter.get(name);
        if (json(a) === json(b)) continue;
        touched.add(`spoke:${name}`);
        // A spoke joining or leaving a domain changes that domain's members.
        if (a) touched.add(`domain:${a.domain}`);
        if (b) touched.add(`domain:${b.domain}`);
    }
    const domainsBefore = before.network.transitGateway.domains;
    const domainsAfter = after.network.transitGateway.domains;
    for (const name of new Set([...Object.keys(domainsBefore), ...Object.keys(domainsAfter)])) {
        if (json(domainsBefore[name]) !== json(domainsAfter[name])) touched.add(`domain:${name}`);
    }
    // Route domains that move a Region's peerings to or from a domain's table touch the peerings.
    const regions = new Set([...hubRegions(before), ...hubRegions(after)].map((r) => r.region));
    if ([...regions].some((r) => peeringLookupDomain(before, r) !== peeringLookupDomain(after, r))) touched.add(PEERING);
    const servicesBefore = new Map(before.endpointServices.map((s) => [s.name, s]));
    const servicesAfter = new Map(after.endpointServices.map((s) => [s.name, s]));
    for (const name of new Set([...servicesBefore.keys(), ...servicesAfter.keys()])) {
        if (json(servicesBefore.get(name)) !== json(servicesAfter.get(name))) touched.add(`service:${name}`);
    }
    // A service whose owner or a consumer is touched is touched through it.
    for (const s of [...before.endpointServices, ...after.endpointServices]) {
        if ([s.spoke, ...s.consumers].some((n) => touched.has(`spoke:${n}`))) touched.add(`service:${s.name}`);
    }
    // An account whose first unit changes is handed over: the old owner deletes its
    // account-level resources (governance forwarder) once the new one has made its own.
    // Only the account-level hand-off: it does not touch their domains or services.
    for (const account of new Set([...Object.keys(before.accounts), ...Object.keys(after.accounts)])) {
        const was = ownerUnitOfAccount(before, account);
        const now = ownerUnitOfAccount(after, account);
        if (was === now) continue;
        for (const unit of [was, now]) if (unit && [...spokesBefore.keys(), ...spokesAfter.keys()].includes(unit)) touched.add(`spoke:${unit}`);
    }
    if (json(strip(before)) !== json(strip(after)) || json(before.accounts) !== json(after.accounts) || json(before.perimeter.protectedBuckets) !== json(after.perimeter.protectedBuckets)) {
        touched.add(ENVIRONMENT);
    }
    return touched;
}

function stringsOf(v: unknown, out: string[] = []): string[] {
    if (typeof v === "string") out.push(v);
    else if (Array.isArray(v)) for (const x of v) stringsOf(x, out);
    else if (v && typeof v === "object") for (const x of Object.values(v)) stringsOf(x, out);
    return out;
}

/** Who owns which ids, ARNs and CIDRs, built from the state and both definitions. */
export class Ownership {
    private readonly owners = new Map<string, Set<Entity>>();
    private readonly spokes: Set<string>;
    /** Physical names of a spoke-owned governance forwarder → that spoke. */
    private readonly forwarders = new Map<string, Entity>();

    constructor(
        backend: StateBackend,
        definitions: Definition[],
        private readonly unitOfStack: (stack: string) => string | undefined,
    ) {
        const add = (value: unknown, entity: Entity) => {
            if (typeof value !== "string" || value === "") return;
            if (!this.owners.has(value)) this.owners.set(value, new Set());
            this.owners.get(value)!.add(entity);
        };
        for (const d of definitions) {
            for (const s of d.spokes) add(s.cidr, `spoke:${s.name}`);
            for (const [name, domain] of Object.entries(d.network.transitGateway.domains)) for (const cidr of domain.cidrs ?? []) add(cidr, `domain:${name}`);
        }
        const spokes = new Set(definitions.flatMap((d) => d.spokes.map((s) => s.name)));
        this.spokes = spokes;
        // An account's governance forwarder belongs to the spoke that owns it (the account's
        // first unit), in unit `all` too, where no stack says so: its physical names carry
        // that owner's tag (definition/governance-names.ts forwarderNames). When the owner
        // changes (its first spoke removed), unit `all` replaces the set — new names, so the
        // replacement is create-before-delete (Pulumi's default) with nothing colliding (IAM
        // role, Lambda function, EventBridge and Config rule names are unique per account and
        // Region: aws/lifecycle.ts `*-name-unique`), and the new set forwards before the old
        // one goes: the account is never unwatched (both forward for a moment: duplicate
        // events, never a gap). That is the hand-off the per-unit waves order between stacks,
        // done by the engine inside one: the change touches the spokes it hands over between
        // (touchedBy), so the replacement is the change's, not a finding. (The program keeps
        // the owner in the names in unit `all` too: the names then do not depend on how the
        // environment is deployed, and moving from unit `all` to per-unit stacks keeps them.)
        for (const d of definitions) {
            for (const account of Object.keys(d.accounts)) {
                const owner = ownerUnitOfAccount(d, account);
                if (owner === undefined || !spokes.has(owner)) continue;
                for (const name of Object.values(forwarderNames(d.environment, owner))) this.forwarders.set(name, `spoke:${owner}`);
            }
        }
        for (const [stack, state] of backend.stacks) {
            const unit = this.unitOfStack(stack);
            for (const r of state.resources.values()) {
                const own = this.tagged(r);
                if (unit && spokes.has(unit)) own.add(`spoke:${unit}`);
                if (own.size === 0) continue;
                for (const v of [r.id, r.outputs.arn, r.outputs.zoneId, r.outputs.serviceName, ...stringsOf(r.outputs.dnsEntries)]) for (const e of own) add(v, e);
            }
        }
    }

    private tagged(r: StateResource): Set<Entity> {
        const tags = (r.inputs.tags ?? {}) as Record<string, unknown>;
        const own = new Set<Entity>();
        if (typeof tags["landing-zone:spoke"] === "string") own.add(`spoke:${tags["landing-zone:spoke"]}`);
        if (typeof tags["landing-zone:domain"] === "string" && r.type === "aws:ec2transitgateway/routeTable:RouteTable") own.add(`domain:${tags["landing-zone:domain"]}`);
        if (typeof tags["landing-zone:endpoint-service"] === "string") own.add(`service:${tags["landing-zone:endpoint-service"]}`);
        const peeringTable = tags["landing-zone:role"] === "peering" && r.type === "aws:ec2transitgateway/routeTable:RouteTable";
        if (peeringTable || typeof tags["landing-zone:peering"] === "string") own.add(PEERING);
        return own;
    }

    /** The entities a resource of `stack` belongs to (`environment` when none). */
    entitiesOf(stack: string, r: StateResource): Set<Entity> {
        const own = this.tagged(r);
        const unit = this.unitOfStack(stack);
        if (unit && this.spokes.has(unit)) own.add(`spoke:${unit}`);
        const strings = [...stringsOf(r.inputs), r.id ?? ""];
        for (const v of strings) for (const e of this.owners.get(v) ?? []) own.add(e);
        // A forwarder's resources name it, or hold it in a longer name (its function's log group).
        for (const [name, e] of this.forwarders) if (strings.some((v) => v.includes(name))) own.add(e);
        if (own.size === 0) own.add(ENVIRONMENT);
        return own;
    }
}

/** Why deleting or replacing `r` is not explained by the change, or undefined when it is. */
export function untouchedReason(touched: Set<Entity>, entities: Set<Entity>): string | undefined {
    if (touched.has(ENVIRONMENT)) return undefined;
    if ([...entities].some((e) => touched.has(e))) return undefined;
    return `it belongs to ${[...entities].join(", ")}, which the change does not touch (it touches ${[...touched].join(", ") || "nothing"})`;
}
