/**
 * Review (review-s3), held out: transit gateway peering quotas in multi-Region definitions,
 * expectations from https://docs.aws.amazon.com/vpc/latest/tgw/transit-gateway-quotas.html
 * (peering attachments per transit gateway 50 adjustable; pending peering attachments per
 * transit gateway 10 adjustable; peering attachments between two transit gateways 1, not
 * adjustable; route tables per transit gateway 20 adjustable). Full mesh: N Regions give each
 * transit gateway N-1 peering attachments, all pending at once on a first deploy, and one more
 * route table (the peering table). Definitions: quotas/<case>/rq.yaml (gen.py, gendom.py).
 */
import * as assert from "assert";
import * as path from "path";
import { loadDefinitionFile } from "../../program/load";

const dir = path.join(__dirname, "quotas");
type Expect = { errors: RegExp[]; warnings?: RegExp[]; exactErrors?: number };
const peers = (n: number, q: number) => new RegExp(`would have ${n} peering attachments .*more than ${q}`);
const cases: Record<string, Expect> = {
    r2: { errors: [], exactErrors: 0 },
    r3: { errors: [], exactErrors: 0 },
    r4: { errors: [], exactErrors: 0 },
    r5: { errors: [], exactErrors: 0 },
    // 4 Regions, quota raised... to 2: every transit gateway has 3 peerings.
    "q4-peer2": { errors: [peers(3, 2)], exactErrors: 4 },
    "q3-peer2": { errors: [], exactErrors: 0 },
    "q3-peer1": { errors: [peers(2, 1)], exactErrors: 3 },
    "q2-peer1": { errors: [], exactErrors: 0 },
    // pending: N-1 requested or accepted at once on a first deploy
    "q4-pend2": { errors: [], exactErrors: 0, warnings: [/3 peering attachments, more than 2 may be pending/] },
    "q4-pend3": { errors: [], exactErrors: 0 },
    "q3-pend1": { errors: [], exactErrors: 0, warnings: [/2 peering attachments, more than 1 may be pending/] },
    // not adjustable: it cannot be "raised" in the definition
    "q2-between2": { errors: [/tgwPeeringAttachmentsBetweenTransitGateways/], exactErrors: 1 },
    // a quota of 0 is not a raise; the message should not call 0 "not a whole number"
    "q3-peer0": { errors: [/at least 1|minimum|must be 1 or more|>= ?1/], exactErrors: 1 },
    // route tables: one per domain, plus the peering table with more than one Region
    "dom-1-20": { errors: [], exactErrors: 0 },
    "dom-1-21": { errors: [/21 route domains need 21 transit gateway route tables, more than 20/], exactErrors: 1 },
    "dom-2-19": { errors: [], exactErrors: 0 },
    "dom-2-20": { errors: [/needs 21 route tables .*more than 20/], exactErrors: 2 },
    "dom-2-20-q21": { errors: [], exactErrors: 0 },
    "dom-2-21": { errors: [/needs 22 route tables .*more than 20/], exactErrors: 2 },
};

describe("review-s3: peering and route-table quotas across 2-5 Regions (held out)", () => {
    for (const [name, expect] of Object.entries(cases)) {
        it(name, () => {
            const { diagnostics } = loadDefinitionFile(path.join(dir, name, "rq.yaml"));
            const errors = diagnostics.filter((d) => d.severity !== "warning").map((d) => `${d.path}: ${d.message}`);
            const warnings = diagnostics.filter((d) => d.severity === "warning").map((d) => `${d.path}: ${d.message}`);
            if (expect.exactErrors !== undefined) assert.equal(errors.length, expect.exactErrors, errors.join("\n"));
            for (const re of expect.errors) assert.ok(errors.some((e) => re.test(e)), `${re} not in:\n${errors.join("\n")}`);
            for (const re of expect.warnings ?? []) assert.ok(warnings.some((w) => re.test(w)), `${re} not in:\n${warnings.join("\n")}`);
        });
    }
});
