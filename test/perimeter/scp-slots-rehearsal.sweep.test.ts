/**
 * The SCP slots a change takes while it runs, judged two ways that must agree: the pure model
 * (perimeter/validate.ts `controlPolicySlotsDuringChange`, which `npm run deploy -- --from` refuses
 * by) and the offline rehearsal (the simulated AWS's `org-policies-per-target`, counting
 * FullAWSAccess, on the org stack's real update order). The changes: turning the Region guardrail
 * on and off while the perimeter fills every slot, and the two-change paths the refusal proposes.
 * A sweep (`npm run test:sweep`): six rehearsals of a three-account organization (~3 CPU-s here).
 */
import { strict as assert } from "assert";
import * as fs from "fs";
import * as os from "os";
import * as path from "path";
import { maxControlPoliciesPerTarget } from "../../aws/quotas";
import { loadDefinitionText } from "../../program/load";
import { sizingNetworks } from "../../perimeter/networks";
import { serviceControlPolicies } from "../../perimeter/scps";
import { controlPolicySlotsDuringChange } from "../../perimeter/validate";
import { rehearse } from "../../tools/rehearse/rehearse";
import { orgBase } from "../definition/helpers";

const cidrs = (n: number) => Array.from({ length: n }, (_, i) => `203.0.${Math.floor(i / 16)}.${(i % 16) * 16}/28`);

/** The fewest corporate ranges (steps of 20) with which the perimeter fills every SCP slot with the guardrail off and repacks with it on. */
function ranges(): string {
    const d = loadDefinitionText(orgBase, "oo.yaml").definition!;
    for (let n = 20; n <= 1000; n += 20) {
        const off = { ...d, perimeter: { ...d.perimeter, corporateCidrs: cidrs(n) } };
        const on = { ...off, perimeter: { ...off.perimeter, denyOtherRegions: true } };
        const names = (x: typeof d) => serviceControlPolicies(x, sizingNetworks(x)).map((p) => p.name);
        if (1 + names(off).length === maxControlPoliciesPerTarget && new Set([...names(off), ...names(on)]).size + 1 > maxControlPoliciesPerTarget) {
            return `perimeter:\n  corporateCidrs: [${cidrs(n).join(", ")}]\n`;
        }
    }
    throw new Error("no number of corporate ranges fills every slot");
}

describe("SCP slots during a change: the pure model and the rehearsal agree (sweep)", function () {
    this.timeout(600000);
    const base = orgBase + ranges();
    const texts: Record<string, string> = {
        off: base,
        on: `${base}  denyOtherRegions: true\n`,
        held: `${base}  existingPolicies:\n    scps: { workloads: 1 }\n`,
    };
    const changes: [from: string, to: string][] = [
        ["off", "on"],
        ["on", "off"],
        ["off", "held"],
        ["held", "on"],
        ["on", "held"],
        ["held", "off"],
    ];
    let dir: string;
    before(() => {
        dir = fs.mkdtempSync(path.join(os.tmpdir(), "scp-slots-rehearsal-"));
    });
    after(() => fs.rmSync(dir, { recursive: true, force: true }));

    for (const [from, to] of changes) {
        it(`${from} → ${to}`, async () => {
            const write = (name: string, text: string) => {
                fs.mkdirSync(path.join(dir, `${from}-${to}`, name), { recursive: true });
                const file = path.join(dir, `${from}-${to}`, name, "oo.yaml");
                fs.writeFileSync(file, text);
                return file;
            };
            const fromFile = write("from", texts[from]);
            const definitionFile = write("to", texts[to]);
            const refused = controlPolicySlotsDuringChange(loadDefinitionText(texts[to], "oo.yaml").definition!, loadDefinitionText(texts[from], "oo.yaml").definition!);
            const result = await rehearse({ definitionFile, fromFile });
            const found = result.findings.filter((f) => f.rule === "org-policies-per-target");
            assert.equal(found.length > 0, refused.length > 0, `model: ${refused.map((p) => p.message).join("; ") || "fits"}; rehearsal: ${found.map((f) => f.message).join("; ") || "fits"}`);
            assert.equal(["off→on", "on→off"].includes(`${from}→${to}`), refused.length > 0, "the guardrail switched in one change is refused; the two-change paths are not");
        });
    }
});
