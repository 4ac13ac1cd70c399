/**
 * Every path through the transit gateway carries a conversation: where one attachment's
 * packets get to another, the other's replies get back. A transit gateway routes each
 * packet on its own by its destination (it keeps no connection state), so a path whose
 * return has no route carries no TCP, ping or DNS answer — a forgotten propagation, a
 * blackhole over the source, a VPC route table that sends the source elsewhere.
 *
 * A pair that converses between some of its addresses only (per CIDR: one side gets to
 * part of the other's range, a more specific route sending the rest elsewhere or into a
 * blackhole) is a violation too: it is never two-way, and nothing declares it.
 *
 * A one-way path is a violation, unless the source's route domain declares it: its TGW
 * route table is tagged `landing-zone:one-way-to:<destination's domain>` (what the
 * definition's `oneWay` produces); a declared one is reported as an advisory note.
 * Judged from the stack's own resources (lib/reachability.ts); a VPC in another stack is
 * taken to route everything to the transit gateway, and an attachment whose address range
 * is unknown is not judged.
 *
 * Across Regions (transit gateways peered): a packet routed to a peering attachment is
 * looked up, on the other side, in the table associated with the peering there. When the
 * stack holds both sides (a whole-environment plan), paths across Regions are judged like
 * any other. A per-Region network stack holds one side only: what crosses its peerings is
 * not judged here (the whole-environment plan judges it), but two things are, from this
 * side's own tables: a route in the table associated with a peering that sends what
 * arrived over it out over another peering (a violation: peering is not transitive, so it
 * never delivers — AWS does not say so in one sentence, the pessimistic reading — unless
 * the table is the one of the domain the config's `peeringLookupDomains` names for its
 * Region, which routes that domain's own VPCs with such routes), and a
 * peering this stack routes to but has not associated with any of its tables (an advisory
 * note: whatever arrives over it is dropped until the association exists).
 */
import { ReportViolation, StackValidation, StackValidationArgs, StackValidationPolicy } from "@pulumi/policy";
import { ONE_WAY_TAG_PREFIX, RT, stackReachability } from "../lib/reachability";
import { reportAdvisory } from "../lib/rule";
import { configSchema, PackConfig } from "../lib/config";
import { StackIndex } from "../lib/stack-index";
import { isUnknownValueError } from "../lib/values";

const domainText = (d: string | undefined) => (d ? `domain ${d}` : "no route domain");

const coverageText = (c: string, whose: string) => (c === "full" ? `every address of ${whose}` : `only part of ${whose}'s addresses`);

/** Judges the stack: one violation per undeclared one-way path and per partial pair, one advisory note per declared one-way path. */
const validate: StackValidation = (args: StackValidationArgs, report: ReportViolation): void => {
    try {
        const { oneWay, partial, graph } = stackReachability(new StackIndex(args.resources), args.getConfig<PackConfig>().peeringLookupDomains ?? {});
        for (const p of partial) {
            const route = `${p.a.name} (${domainText(graph.domainOf(p.a))}) ↔ ${p.b.name} (${domainText(graph.domainOf(p.b))})`;
            report(
                `partial path ${route}: packets and replies get through between some of their addresses only ` +
                    `(${p.a.name} gets to ${coverageText(p.aToB, p.b.name)}, ${p.b.name} to ${coverageText(p.bToA, p.a.name)}): a route more specific than the other's range ` +
                    `(a static route, a blackhole, a VPC route table's route) sends part of it elsewhere or drops it. Remove that route, or make it cover the whole range.`,
                p.a.table ?? p.a.urn,
            );
        }
        for (const path of oneWay) {
            const fromDomain = graph.domainOf(path.from);
            const toDomain = graph.domainOf(path.to);
            // On the sender's route table: where its packets are routed, and where a declaration lives.
            const urn = path.from.table ?? path.from.urn;
            const route = `${path.from.name} (${domainText(fromDomain)}) → ${path.to.name} (${domainText(toDomain)})`;
            if (path.declared) {
                reportAdvisory(report, `one-way path ${route} by intent (tag ${ONE_WAY_TAG_PREFIX}${toDomain}): packets get there, replies have no route back.`, urn);
                continue;
            }
            report(
                `one-way path ${route}: packets get there, but the replies have no route back (${path.to.name}'s route table or its VPC sends nothing back to ${path.from.name}), ` +
                    `so no conversation (TCP, ping, DNS) works. Route the replies (in the definition: add ${fromDomain ?? "the sender's domain"} to the reaches of ` +
                    `${toDomain ?? "the destination's domain"}), or declare the one-way path (oneWay in the definition: tag ${ONE_WAY_TAG_PREFIX}${toDomain ?? "<domain>"} on the route table of ${fromDomain ?? "the sender's domain"}).`,
                urn,
            );
        }
        for (const t of graph.transitiveRoutes) {
            report(
                `route ${t.route.name} in ${graph.tables.get(t.table)!.node.name}, the table associated with peering ${t.arrivedOver.urn.split("::").pop()}, ` +
                    `sends what arrives over that peering out over peering ${t.sentOver.urn.split("::").pop()}: transit gateway peering is not transitive (at most one peering hop), ` +
                    `so it never delivers. Peer the two Regions directly (full mesh) and route only this Region's own CIDRs in a peering's table.`,
                t.route.urn,
            );
        }
        for (const link of graph.peerings.values()) {
            for (const side of link.present) {
                if (link.tables[side] === undefined && link.routedFrom.has(side)) {
                    reportAdvisory(report, `peering ${link.urn.split("::").pop()} is associated with no route table of this side (${side}): whatever arrives over it is dropped until one is (AWS: one association per attachment).`, link.urn);
                }
            }
        }
        for (const [urn, values] of graph.undecided) reportAdvisory(report, `could not decide during preview: ${values.join("; ")}`, urn);
    } catch (error) {
        if (!isUnknownValueError(error)) throw error;
        reportAdvisory(report, `could not decide during preview: ${(error as Error).message}`);
    }
};
// The server skips the rule for stacks without a transit gateway route table.
(validate as unknown as { __pulumiType: string }).__pulumiType = RT.tgwRouteTable;

export const networkTransitGatewayTwoWayReachability: StackValidationPolicy = {
    name: "network-transit-gateway-two-way-reachability",
    description: "Every path through the transit gateway has a route back for every address: replies reach the sender, or the one-way path is declared.",
    enforcementLevel: "mandatory",
    severity: "medium",
    remediationSteps:
        "Route the replies: propagate the sender's attachment into the route table of the destination's domain (in the definition, list the sender's " +
        "domain in the destination domain's reaches) and keep the sender's range out of that table's blackholes; check the destination VPC's route " +
        `tables send the sender's range to the transit gateway. If one-way traffic is intended, declare it (the definition's oneWay: the tag ${ONE_WAY_TAG_PREFIX}<domain> on the sender's domain route table).`,
    configSchema: configSchema("peeringLookupDomains"),
    validateStack: validate,
};
