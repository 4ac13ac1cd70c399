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
} from "../../aws/lifecycle";

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

export class Cloud {
    /** The organization: policy types enabled in the root, RAM sharing, member accounts. */
    readonly organization: { policyTypes: Set<string>; ramSharing: boolean; members: Set<string> };
    private readonly objects = new Map<string, CloudObject>();
    private readonly byIdentifier = new Map<string, Set<string>>();
    private readonly byType = new Map<string, Set<string>>();
    /** Every id the simulation issued: one that is gone was ours, one never issued is external. */
    private readonly issued = new Set<string>();

    constructor(memberAccounts: string[], prerequisites: { policyTypes?: readonly string[]; ramSharing?: boolean } = {}) {
        this.organization = {
            policyTypes: new Set(prerequisites.policyTypes ?? organizationPrerequisites.policyTypesEnabled),
            ramSharing: prerequisites.ramSharing ?? organizationPrerequisites.ramSharingEnabled,
            members: new Set(memberAccounts),
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

    /** The live object a value refers to. */
    lookup(identifier: unknown): CloudObject | undefined {
        if (!isString(identifier)) return undefined;
        const keys = this.byIdentifier.get(identifier);
        if (!keys) return undefined;
        for (const key of keys) return this.objects.get(key);
        return undefined;
    }

    /** True when `value` is an id the simulation issued (so a missing object was ours and is gone). */
    wasIssued(value: unknown): boolean {
        return isString(value) && this.issued.has(value);
    }

    ofType(type: string): CloudObject[] {
        return [...(this.byType.get(type) ?? [])].map((k) => this.objects.get(k)!);
    }

    /** Transit gateway attachments by VPC id (routes look them up for every create). */
    private readonly attachmentsByVpc = new Map<string, Set<string>>();

    private index(o: CloudObject): void {
        if (o.type === T.tgwVpcAttachment && isString(o.attrs.vpcId)) {
            if (!this.attachmentsByVpc.has(o.attrs.vpcId)) this.attachmentsByVpc.set(o.attrs.vpcId, new Set());
            this.attachmentsByVpc.get(o.attrs.vpcId)!.add(o.key);
        }
        for (const id of o.identifiers) {
            if (!this.byIdentifier.has(id)) this.byIdentifier.set(id, new Set());
            this.byIdentifier.get(id)!.add(o.key);
        }
        if (!this.byType.has(o.type)) this.byType.set(o.type, new Set());
        this.byType.get(o.type)!.add(o.key);
    }

    private unindex(o: CloudObject): void {
        if (o.type === T.tgwVpcAttachment && isString(o.attrs.vpcId)) this.attachmentsByVpc.get(o.attrs.vpcId)?.delete(o.key);
        for (const id of o.identifiers) this.byIdentifier.get(id)?.delete(o.key);
        this.byType.get(o.type)?.delete(o.key);
    }

    private remove(o: CloudObject): void {
        this.unindex(o);
        this.objects.delete(o.key);
    }

    // ---- create ------------------------------------------------------------------------------

    /** Creates an object after checking every rule of its type; throws a LifecycleError when one is broken. */
    create(o: CloudObject): CloudObject {
        this.initialState(o);
        for (const rule of createRequirements.filter((r) => r.type === o.type)) this.check(rule, o, "create");
        this.objects.set(o.key, o);
        this.index(o);
        this.afterCreate(o);
        return o;
    }

    /** Applies changed attributes in place, re-checking the rules whose input changed. */
    update(key: string, attrs: Record<string, unknown>, changed: string[]): void {
        const o = this.objects.get(key);
        if (!o) return;
        const next: CloudObject = { ...o, attrs };
        for (const rule of createRequirements.filter((r) => r.type === o.type && changed.includes(r.input) && r.check !== "one-per-key")) this.check(rule, next, "update");
        o.attrs = attrs;
    }

    /** Marks an object forgotten by its stack (`retainOnDelete`): it stays in AWS. */
    retain(key: string): void {
        const o = this.objects.get(key);
        if (o) o.retained = true;
    }

    private initialState(o: CloudObject): void {
        if (o.type === T.tgwVpcAttachment) {
            const rule = createStates.find((r) => r.id === "tgw-attachment-pending-acceptance")!;
            const tgw = this.lookup(o.attrs.transitGatewayId);
            const cross = tgw !== undefined && tgw.account !== o.account;
            const autoAccept = tgw?.attrs.autoAcceptSharedAttachments === "enable";
            o.state = cross && !autoAccept ? rule.state : "available";
        } else if (o.type === T.vpcEndpoint) {
            const service = this.lookup(o.attrs.serviceName);
            o.state = service?.type === T.vpcEndpointService && service.attrs.acceptanceRequired === true ? "pendingAcceptance" : "available";
        } else if (o.type === T.vpnConnection || o.type === T.vpcEndpointService) {
            o.state = "available";
        }
    }

    private afterCreate(o: CloudObject): void {
        if (o.type === T.tgwVpcAttachmentAccepter) {
            const attachment = this.lookup(o.attrs.transitGatewayAttachmentId);
            if (attachment) attachment.state = "available";
        } else if (o.type === T.vpcEndpointConnectionAccepter) {
            const endpoint = this.lookup(o.attrs.vpcEndpointId);
            if (endpoint) endpoint.state = "available";
        } else if (o.type === T.ramSharingWithOrganization) {
            this.organization.ramSharing = true;
        } else if (o.type === T.vpnConnection && isString(o.attrs.transitGatewayAttachmentId)) {
            // The VPN's transit gateway attachment: available, deleted with the connection.
            const id = o.attrs.transitGatewayAttachmentId;
            const attachment: CloudObject = { key: `${o.key}#attachment`, type: VPN_ATTACHMENT, id, account: o.account, region: o.region, attrs: { transitGatewayId: o.attrs.transitGatewayId }, identifiers: [id], state: "available", stack: o.stack, urn: o.urn };
            this.issue(id);
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
                const attachments = [...(this.attachmentsByVpc.get(String(vpc)) ?? [])].map((k) => this.objects.get(k)!).filter((a) => a.attrs.transitGatewayId === value);
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
                    this.fail(rule, o, `${target.type.split(":").pop()} ${target.id} of account ${target.account} is not shared with account ${o.account} (no RAM share of it reaches the account${this.organization.ramSharing ? "" : "; RAM sharing with the organization is not enabled"})`);
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
                if (!service || service.account === o.account) return;
                const allowed = valuesOf(service.attrs.allowedPrincipals);
                if (!allowed.includes("*") && !allowed.some((p) => p.endsWith(`::${o.account}:root`))) {
                    this.fail(rule, o, `endpoint service ${service.id} (account ${service.account}) does not allow account ${o.account} (allowed: ${allowed.join(", ") || "none"})`);
                }
                return;
            }
            case "private-dns-after-acceptance": {
                if (value === true && o.state === "pendingAcceptance") this.fail(rule, o, "private DNS is enabled at creation but the connection waits for the owner's acceptance");
                return;
            }
            case "private-dns-on-accepted-endpoint": {
                if (value !== true) return;
                const endpoint = this.referenced(rule, o, o.attrs.vpcEndpointId);
                if (endpoint && endpoint.state === "pendingAcceptance") this.fail(rule, o, `endpoint ${endpoint.id} still waits for the owner's acceptance (pendingAcceptance)`);
                return;
            }
            case "org-sharing-enabled": {
                if (isString(value) && /^arn:[^:]+:organizations::/.test(value) && !this.organization.ramSharing) {
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
            case "s3-destination-admits-account": {
                if (o.attrs.logDestinationType !== "s3" || !isString(value)) return;
                const bucket = /^arn:[^:]+:s3:::([^/]+)/.exec(value)?.[1];
                if (bucket === undefined) return;
                const found = this.ofType(T.s3Bucket).find((b) => b.attrs.bucket === bucket);
                if (!found) this.fail(rule, o, `bucket ${bucket} does not exist`);
                const policies = this.ofType(T.bucketPolicy).filter((p) => p.attrs.bucket === bucket || found.identifiers.includes(String(p.attrs.bucket)));
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
            case "one-per-key": {
                if (value === undefined) return;
                const other = this.ofType(o.type).find((x) => x.key !== o.key && !x.retained && x.attrs[rule.input] === value);
                if (other) this.fail(rule, o, `${rule.input} ${String(value)} already has one: ${describe(other)}`);
                return;
            }
        }
    }

    /** True when a RAM share of `target` reaches `account`. */
    private sharedWith(target: CloudObject, account: string): boolean {
        const shares = this.ofType(T.ramResourceAssociation)
            .filter((a) => target.identifiers.includes(String(a.attrs.resourceArn)))
            .map((a) => String(a.attrs.resourceShareArn));
        return this.ofType(T.ramPrincipalAssociation).some((p) => {
            if (!shares.includes(String(p.attrs.resourceShareArn))) return false;
            const principal = String(p.attrs.principal);
            if (principal === account) return true;
            return /^arn:[^:]+:organizations::/.test(principal) && this.organization.ramSharing && this.organization.members.has(account);
        });
    }

    // ---- delete -----------------------------------------------------------------------------------

    /** What blocks deleting `o` now (the rule and the blocking object), if anything. */
    blockerOf(o: CloudObject): { rule: DeleteBlocker; by: CloudObject } | undefined {
        for (const rule of deleteBlockers.filter((r) => r.blocked === o.type)) {
            for (const other of this.ofType(rule.by)) {
                if (other.key === o.key || other.state === "rejected") continue;
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
        const o = this.objects.get(key);
        if (!o) return [];
        const blocker = this.blockerOf(o);
        if (blocker) {
            throw new LifecycleError(blocker.rule.id, `${describe(o)} cannot be deleted while ${describe(blocker.by)} uses it — ${cite(blocker.rule)}`, true);
        }
        const effects: SideEffect[] = [];
        const effect = deleteEffects.find((e) => e.type === o.type);
        if (effect?.effect === "deletes-referenced-attachment") {
            const attachment = this.lookup(o.attrs[effect.input!]);
            if (attachment && attachment.type === T.tgwVpcAttachment) {
                const blocked = this.blockerOf(attachment);
                if (blocked) {
                    throw new LifecycleError(blocked.rule.id, `${describe(o)} cannot be deleted: it deletes ${describe(attachment)}, which ${describe(blocked.by)} uses — ${cite(blocked.rule)}`, true);
                }
                this.remove(attachment);
                effects.push({ rule: effect.id, message: `deleting ${describe(o)} deleted ${describe(attachment)} — ${cite(effect)}`, victim: attachment });
            }
        } else if (effect?.effect === "disables-organization-sharing") {
            this.organization.ramSharing = false;
            effects.push({ rule: effect.id, message: `deleting ${describe(o)} disabled RAM sharing with the whole organization — ${cite(effect)}` });
        } else if (effect?.effect === "rejects-endpoint-connection") {
            const endpoint = this.lookup(o.attrs[effect.input!]);
            if (endpoint) {
                endpoint.state = "rejected";
                effects.push({ rule: effect.id, message: `deleting ${describe(o)} rejected the connection of ${describe(endpoint)} — ${cite(effect)}`, victim: endpoint });
            }
        }
        const dependent = this.objects.get(`${o.key}#attachment`);
        if (dependent) this.remove(dependent);
        // An accepter is the attachment seen from the transit gateway's account: it goes with it.
        if (o.type === T.tgwVpcAttachment) {
            for (const view of this.ofType(T.tgwVpcAttachmentAccepter).filter((a) => o.identifiers.includes(String(a.attrs.transitGatewayAttachmentId)))) this.remove(view);
        }
        this.remove(o);
        return effects;
    }
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
