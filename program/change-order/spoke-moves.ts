/**
 * Spokes a change moves to another account or Region, and the orderings of their moves: the
 * old stack is destroyed before the spoke is deployed again, and the network of the Region a
 * spoke moves into runs the change only once the old stack is gone. The rest of the change
 * orderings are in program/change-order/ (index.ts lists them); the waves in
 * program/stack-graph.ts.
 *
 * Pure: no Pulumi import.
 */
import { Definition } from "../../definition/schema";
import { networkUnitOf, spokeRegion } from "../../definition/regions";
import type { Change } from "./change";

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

/** A moved spoke's stack is destroyed in the old account or Region before its runs in the new one. */
export function orderMovedSpokeRedeploys(change: Change): void {
    const { schedule, moved } = change;
    for (const unit of moved) {
        for (const n of [...schedule.nodes.values()].filter((x) => x.unit === unit && (x.kind === "phase" || x.kind === "first"))) {
            schedule.edge(schedule.node(unit, "destroy"), n.id, "teardown:a spoke moved to another account or Region is destroyed in the old one, then deployed again in the new one", true);
        }
    }
}

/**
 * A spoke moving Region: its new Region's network stack reads the spoke's outputs on every
 * run, and until the old stack is destroyed they name the old VPC's attachment, in the old
 * Region, which it cannot accept (tgw-accept-needs-pending-attachment; in AWS the id is not
 * even in its Region). It runs the change only once the old stack is gone. Returns the
 * network units that receive a moved spoke.
 */
export function orderNetworksReceivingMovedSpokes(change: Change): Set<string> {
    const { schedule, definition, units, movedRegion } = change;
    const receivesMovedSpoke = new Set<string>();
    for (const spoke of definition.spokes.filter((s) => movedRegion.has(s.name))) {
        const network = networkUnitOf(definition, spokeRegion(definition, spoke));
        if (!units.has(network)) continue;
        receivesMovedSpoke.add(network);
        for (const n of [...schedule.nodes.values()].filter((x) => x.unit === network && (x.kind === "phase" || x.kind === "first"))) {
            schedule.edge(schedule.node(spoke.name, "destroy"), n.id, "teardown:a spoke moving Region is destroyed before its new Region's network reads its outputs", true);
        }
    }
    return receivesMovedSpoke;
}
