/**
 * Which spoke VPCs the network stack accepted (their transit gateway attachments) and
 * authorized (on the private hosted zones), as it publishes them, and whether a spoke's
 * stack may rely on that for the VPC it deploys now. Pure.
 *
 * AWS keys both by the object's id, not by its CIDR: AcceptTransitGatewayVpcAttachment takes
 * the TransitGatewayAttachmentId
 * (https://docs.aws.amazon.com/AWSEC2/latest/APIReference/API_AcceptTransitGatewayVpcAttachment.html),
 * CreateVPCAssociationAuthorization the HostedZoneId and the VPC's VPCId and VPCRegion
 * (https://docs.aws.amazon.com/Route53/latest/APIReference/API_CreateVPCAssociationAuthorization.html).
 * A VPC in another account, or with another CIDR, is another VPC with another id and
 * another attachment — even with the same CIDR, as when a spoke moves to another account.
 *
 * A spoke's program cannot know the ids of a VPC it is about to create, but it knows which
 * VPC it keeps: the one its stack published last (its own outputs), unless this run replaces
 * it — another CIDR (aws/lifecycle.ts replacements: Vpc cidrBlock) or another account (the
 * deploy waves destroy the stack first: program/change-order/spoke-moves.ts spokesMovingAccount).
 */
import { Spoke } from "../definition/schema";

/** A spoke VPC as the network stack accepted or authorized it (network outputs `acceptedVpcs`, `authorizedVpcs`). */
export interface NetworkVpcRecord {
    vpcId: string;
    transitGatewayAttachmentId?: string;
    /** The account the VPC is in, as its stack published it (absent when its stack predates the output). */
    accountId?: string;
    cidr?: string;
}

/** The VPC a spoke's stack published last (its own outputs; empty on a first run or after a destroy). */
export interface PublishedVpc {
    vpcId?: string;
    transitGatewayAttachmentId?: string;
    accountId?: string;
    cidr?: string;
}

const isRecord = (v: unknown): v is Record<string, unknown> => v !== null && typeof v === "object" && !Array.isArray(v);
const text = (v: unknown): string | undefined => (typeof v === "string" ? v : undefined);

/** The network's record of `spoke` in an `acceptedVpcs` / `authorizedVpcs` output, if it has one. */
export function recordOf(output: unknown, spoke: string): NetworkVpcRecord | undefined {
    if (!isRecord(output)) return undefined;
    const entry = output[spoke];
    if (!isRecord(entry) || typeof entry.vpcId !== "string") return undefined;
    return { vpcId: entry.vpcId, transitGatewayAttachmentId: text(entry.transitGatewayAttachmentId), accountId: text(entry.accountId), cidr: text(entry.cidr) };
}

/** A spoke stack's own last outputs, read as a PublishedVpc. */
export function publishedVpcOf(outputs: Record<string, unknown>): PublishedVpc {
    return { vpcId: text(outputs.vpcId), transitGatewayAttachmentId: text(outputs.transitGatewayAttachmentId), accountId: text(outputs.accountId), cidr: text(outputs.cidr) };
}

/**
 * Whether the VPC this run of `spoke`'s stack keeps (in account `accountId`) is the one the
 * network recorded, by `key` — the attachment id (accepted) or the VPC id (authorized):
 *  - the record's CIDR and account are the spoke's now (else this run builds another VPC);
 *  - the stack's own last VPC, when it published one, is the recorded one, in the same
 *    account and CIDR (else the record is of an earlier VPC of the spoke).
 * Without own outputs (a first run, a stack destroyed to move, outputs lost by a failed
 * update) the record's account and CIDR decide.
 */
export function keepsRecordedVpc(record: NetworkVpcRecord | undefined, own: PublishedVpc, spoke: Spoke, accountId: string, key: "transitGatewayAttachmentId" | "vpcId"): boolean {
    if (!record || record[key] === undefined) return false;
    if (record.cidr !== spoke.cidr) return false;
    if (record.accountId !== undefined && record.accountId !== accountId) return false;
    if (own[key] !== undefined && own[key] !== record[key]) return false;
    if (own.accountId !== undefined && own.accountId !== accountId) return false;
    if (own.cidr !== undefined && own.cidr !== spoke.cidr) return false;
    return true;
}
