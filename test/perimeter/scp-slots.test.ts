/**
 * SCP and RCP slots per target: AWS attaches at most `maxControlPoliciesPerTarget` policies of a
 * type to a root, OU or account, the AWS-managed FullAWSAccess / RCPFullAWSAccess included
 * (aws/quotas.ts). Validation counts, OU by OU, the policies the program would attach — from the
 * same packs perimeter/scps.ts and perimeter/rcps.ts build, not a re-count — and refuses a
 * definition over the quota at the setting that tipped it over. The expected counts come from the
 * sourced quota and the packs themselves, never from literals.
 */
import * as assert from "assert";
import * as fs from "fs";
import * as os from "os";
import * as path from "path";
import { maxControlPoliciesPerTarget, policySizeLimits } from "../../aws/quotas";
import { formatDiagnostics } from "../../definition/diagnostics";
import { Definition } from "../../definition/schema";
import { sizingNetworks } from "../../perimeter/networks";
import { resourceControlPolicies } from "../../perimeter/rcps";
import { regionDenyStatement } from "../../perimeter/region-deny";
import { serviceControlPolicies } from "../../perimeter/scps";
import { controlPolicySlotsDuringChange, oversizedPolicies } from "../../perimeter/validate";
import { main as deploy } from "../../tools/deploy/cli";
import { main as validate } from "../../tools/validate";
import { at, edit, errors, expectClean, expectDiagnostic, load, orgBase } from "../definition/helpers";

const max = maxControlPoliciesPerTarget;
const cidrs = (n: number) => Array.from({ length: n }, (_, i) => `203.0.${Math.floor(i / 16)}.${(i % 16) * 16}/28`);
const withPerimeter = (lines: string, text = orgBase) => `${text}perimeter:\n${lines}`;
const oo = (text: string) => load(text, "oo.yaml");
/** The SCPs attached to OU workloads (every SCP here: one OU, the guardrail's default targets included). */
const scpsOf = (d: Definition) => serviceControlPolicies(d, sizingNetworks(d), "keep");

/**
 * The fewest corporate ranges (in steps of 20) that make the perimeter, with the Region guardrail
 * on, need more slots than OU workloads has: found from the packs, so the test follows the generator.
 */
function rangesOverTheQuota(): number {
    const d = oo(withPerimeter("  denyOtherRegions: true\n")).definition!;
    for (let n = 20; n <= 1000; n += 20) {
        const grown = { ...d, perimeter: { ...d.perimeter, corporateCidrs: cidrs(n) } };
        const off = { ...grown, perimeter: { ...grown.perimeter, denyOtherRegions: false } };
        if (1 + scpsOf(grown).length > max && 1 + scpsOf(off).length <= max) return n;
    }
    throw new Error("no number of corporate ranges makes the guardrail tip the SCPs over the quota");
}

describe("validation: SCP and RCP slots per OU, counted from the packs the program builds", () => {
    it("accepts a definition whose OU holds exactly the quota: FullAWSAccess, the perimeter's SCPs and the Region guardrail", () => {
        const text = withPerimeter("  denyOtherRegions: true\n");
        const result = oo(text);
        expectClean(result);
        const scps = scpsOf(result.definition!);
        assert.strictEqual(1 + scps.length, max, `FullAWSAccess + ${scps.map((p) => p.name).join(", ")}`);
        assert.ok(scps.some((p) => p.attachment === "region-guardrail"));
    });

    it("refuses, at perimeter.denyOtherRegions, the guardrail that takes an OU over the quota: n of the slots, FullAWSAccess counted, what would work", () => {
        const n = rangesOverTheQuota();
        const off = withPerimeter(`  corporateCidrs: [${cidrs(n).join(", ")}]\n`);
        expectClean(oo(off));
        const text = withPerimeter(`  corporateCidrs: [${cidrs(n).join(", ")}]\n  denyOtherRegions: true\n`);
        const result = oo(text);
        // The pack the program would build with the guardrail on (a refused definition has none: built from the accepted one).
        const offDefinition = oo(off).definition!;
        const total = 1 + scpsOf({ ...offDefinition, perimeter: { ...offDefinition.perimeter, denyOtherRegions: true } }).length;
        const d = expectDiagnostic(result, {
            file: "oo.yaml",
            path: "perimeter.denyOtherRegions",
            message: new RegExp(
                `^OU workloads would have ${total} SCPs attached: FullAWSAccess, 0 already there .*: ${total} of the ${max} SCP slots AWS allows per OU, FullAWSAccess counted.*` +
                    `perimeter.denyOtherRegions tipped it over.*What would work: leave workloads out of perimeter.regionGuardrailAttachTo, shorten the perimeter so it packs into ${max - 2} SCP\\(s\\) \\(perimeter.corporateCidrs\\)`,
            ),
            line: at(text, "denyOtherRegions: true").line,
        });
        assert.ok(total > max);
        assert.ok(d.message.includes("-scp-region-deny"), d.message);
        assert.strictEqual(errors(result).length, 1, errors(result).map((e) => e.message).join("\n"));
    });

    it("refuses the guardrail on an OU the perimeter does not use when its existing SCPs leave no slot, and accepts one slot less", () => {
        const twoOus = edit(orgBase, "    workloads: ou-ab12-wrkld001\n", "    workloads: ou-ab12-wrkld001\n    sandbox: ou-ab12-sandbx01\n");
        const at_ = (existing: number) => withPerimeter(`  attachTo: [workloads]\n  denyOtherRegions: true\n  existingPolicies:\n    scps: { sandbox: ${existing} }\n`, twoOus);
        expectClean(oo(at_(max - 2)));
        const text = at_(max - 1);
        const d = expectDiagnostic(oo(text), {
            file: "oo.yaml",
            path: "perimeter.denyOtherRegions",
            message: new RegExp(`^OU sandbox would have ${max + 1} SCPs attached: FullAWSAccess, ${max - 1} already there .*\\(oo-scp-region-deny\\).*without it OU sandbox would hold ${max} of ${max}`),
        });
        assert.match(d.message, new RegExp(`What would work: leave sandbox out of perimeter.regionGuardrailAttachTo, detach one of the ${max - 1} already there, or leave perimeter.denyOtherRegions off$`));
    });

    it("RCPs: the same count (RCPFullAWSAccess counted) — exactly the quota passes, one more fails at the OU's existingPolicies count", () => {
        const fill = (existing: number) => withPerimeter(`  existingPolicies:\n    rcps: { workloads: ${existing} }\n`);
        const exact = oo(fill(max - 2));
        expectClean(exact);
        const d = exact.definition!;
        assert.strictEqual(1 + (max - 2) + resourceControlPolicies(d, sizingNetworks(d)).length, max);
        const text = fill(max - 1);
        expectDiagnostic(oo(text), {
            file: "oo.yaml",
            path: "perimeter.existingPolicies.rcps.workloads",
            message: new RegExp(`^OU workloads would have ${max + 1} RCPs attached: RCPFullAWSAccess, ${max - 1} already there .*${max + 1} of the ${max} RCP slots AWS allows per OU, RCPFullAWSAccess counted`),
            line: at(text, "rcps:").line,
        });
    });

    it("reports every OU and kind over the quota in one run, and npm run validate exits 2 with file:line:col", () => {
        const n = rangesOverTheQuota();
        const twoOus = edit(orgBase, "    workloads: ou-ab12-wrkld001\n", "    workloads: ou-ab12-wrkld001\n    sandbox: ou-ab12-sandbx01\n");
        const text = withPerimeter(`  corporateCidrs: [${cidrs(n).join(", ")}]\n  denyOtherRegions: true\n  existingPolicies:\n    rcps: { sandbox: ${max - 1} }\n`, twoOus);
        const result = oo(text);
        const found = errors(result).map((e) => `${e.path}: ${e.message.split(":")[0]}`);
        const accepted = oo(withPerimeter(`  corporateCidrs: [${cidrs(n).join(", ")}]\n`, twoOus)).definition!;
        const refused = { ...accepted, perimeter: { ...accepted.perimeter, denyOtherRegions: true, existingPolicies: { scps: {}, rcps: { sandbox: max - 1 } } } };
        const total = 1 + scpsOf(refused).length;
        assert.ok(total > max);
        assert.deepStrictEqual(found.sort(), [
            `perimeter.denyOtherRegions: OU sandbox would have ${total} SCPs attached`,
            `perimeter.denyOtherRegions: OU workloads would have ${total} SCPs attached`,
            `perimeter.existingPolicies.rcps.sandbox: OU sandbox would have ${1 + (max - 1) + resourceControlPolicies(refused, sizingNetworks(refused), "keep").length} RCPs attached`,
        ].sort());
        assert.match(formatDiagnostics(result.diagnostics), /^oo\.yaml:\d+:\d+ perimeter\.denyOtherRegions: OU sandbox/m);

        const dir = fs.mkdtempSync(path.join(os.tmpdir(), "scp-slots-"));
        try {
            const file = path.join(dir, "oo.yaml");
            fs.writeFileSync(file, text);
            const err: string[] = [];
            assert.strictEqual(validate([file], () => undefined, (line) => err.push(line)), 2);
            const printed = err.join("\n");
            assert.match(printed, new RegExp(`${file.replace(/[.*+?^${}()|[\]\\]/g, "\\$&")}:${at(text, "denyOtherRegions: true").line}:\\d+ perimeter\\.denyOtherRegions: OU workloads would have`));
            assert.match(printed, /perimeter\.existingPolicies\.rcps\.sandbox: OU sandbox would have/);
            assert.match(printed, /3 errors/);
        } finally {
            fs.rmSync(dir, { recursive: true, force: true });
        }
    });

    it("finds a generated policy over its size limit (the Region guardrail is not packed, so its size is checked)", () => {
        const regions = Array.from({ length: 400 }, (_, i) => `xx-region-${i}`);
        const guardrail = { name: "oo-scp-region-deny", description: "", attachment: "region-guardrail" as const, document: { Version: "2012-10-17" as const, Statement: [regionDenyStatement(regions)] } };
        const small = { ...guardrail, document: { Version: "2012-10-17" as const, Statement: [regionDenyStatement(["eu-west-1"])] } };
        const over = oversizedPolicies([small, guardrail], "scp");
        assert.deepStrictEqual(over.map((o) => o.policy.name), ["oo-scp-region-deny"]);
        assert.ok(over[0].size > policySizeLimits.scp && over[0].limit === policySizeLimits.scp);
    });

    describe("while a change runs: one pulumi up attaches new policies before it deletes old ones", () => {
        /**
         * The fewest corporate ranges (steps of 20) with which the perimeter fills every slot of OU
         * workloads with the guardrail off, fits with it on (repacked), and the two together do not:
         * turning the guardrail on is then the change of the rehearsal's org-policies-per-target finding.
         */
        function fillingEverySlot(): { off: string; on: string; n: number } {
            const d = oo(orgBase).definition!;
            for (let n = 20; n <= 1000; n += 20) {
                const off = { ...d, perimeter: { ...d.perimeter, corporateCidrs: cidrs(n) } };
                const on = { ...off, perimeter: { ...off.perimeter, denyOtherRegions: true } };
                const offNames = scpsOf(off).map((p) => p.name);
                const onNames = scpsOf(on).map((p) => p.name);
                if (1 + offNames.length === max && 1 + onNames.length <= max && 1 + new Set([...offNames, ...onNames]).size > max) {
                    const ranges = `  corporateCidrs: [${cidrs(n).join(", ")}]\n`;
                    return { off: withPerimeter(ranges), on: withPerimeter(`${ranges}  denyOtherRegions: true\n`), n };
                }
            }
            throw new Error("no number of corporate ranges fills every slot");
        }

        it("refuses turning perimeter.denyOtherRegions on while the perimeter fills every slot, and the two changes it proposes pass", () => {
            const { off, on } = fillingEverySlot();
            const before = oo(off).definition!;
            const after = oo(on).definition!;
            const problems = controlPolicySlotsDuringChange(after, before);
            assert.strictEqual(problems.length, 1, problems.map((p) => p.message).join("\n"));
            assert.deepStrictEqual(problems[0].path, ["perimeter", "denyOtherRegions"]);
            assert.match(problems[0].message, new RegExp(`^turning perimeter.denyOtherRegions on would take OU workloads to ${max + 1} of the ${max} SCP slots AWS allows per OU \\(FullAWSAccess counted\\)`));
            assert.match(problems[0].message, /creates and attaches oo-scp-region-deny before it deletes oo-scp-/);
            // The proposal: first hold a slot (existingPolicies + 1), then turn the guardrail on and give it back.
            const held = oo(`${off}  existingPolicies:\n    scps: { workloads: 1 }\n`);
            expectClean(held);
            assert.deepStrictEqual(controlPolicySlotsDuringChange(held.definition!, before), []);
            assert.deepStrictEqual(controlPolicySlotsDuringChange(after, held.definition!), []);
            // Turning it off again is the mirror: the perimeter spreads back into 4 slots before the guardrail goes.
            const back = controlPolicySlotsDuringChange(before, after);
            assert.strictEqual(back.length, 1, back.map((p) => p.message).join("\n"));
            assert.match(back[0].message, new RegExp(`^turning perimeter.denyOtherRegions off would take OU workloads to ${max + 1} of the ${max} SCP slots`));
            const offHeld = oo(`${off}  existingPolicies:\n    scps: { workloads: 1 }\n`).definition!;
            assert.deepStrictEqual(controlPolicySlotsDuringChange(offHeld, after), [], "off, holding a slot: the guardrail goes, the perimeter keeps its policies");
            assert.deepStrictEqual(controlPolicySlotsDuringChange(before, offHeld), [], "then the count back: the perimeter spreads into the freed slot");
        });

        it("validation warns about it at perimeter.denyOtherRegions, as it cannot know the guardrail is off today", () => {
            const { on } = fillingEverySlot();
            const result = oo(on);
            assert.ok(!errors(result).length, errors(result).map((e) => e.message).join("\n"));
            expectDiagnostic(result, {
                severity: "warning",
                file: "oo.yaml",
                path: "perimeter.denyOtherRegions",
                message: /^if this environment is deployed with perimeter.denyOtherRegions off today, turning perimeter.denyOtherRegions on would take OU workloads to/,
                line: at(on, "denyOtherRegions: true").line,
            });
        });

        it("npm run deploy -- --from refuses the change with exit 2 before anything runs, at the key", async () => {
            const { off, on } = fillingEverySlot();
            const dir = fs.mkdtempSync(path.join(os.tmpdir(), "scp-slots-deploy-"));
            try {
                fs.mkdirSync(path.join(dir, "deployed"));
                const definitionFile = path.join(dir, "oo.yaml");
                const fromFile = path.join(dir, "deployed", "oo.yaml");
                fs.writeFileSync(definitionFile, on);
                fs.writeFileSync(fromFile, off);
                const out: string[] = [];
                const err: string[] = [];
                const code = await deploy(["--definition", definitionFile, "--from", fromFile, "--plan-json", path.join(dir, "plan.json")], { out: (l) => out.push(l), err: (l) => err.push(l) }, { projectDir: dir });
                assert.strictEqual(code, 2, err.join("\n"));
                assert.match(err.join("\n"), new RegExp(`${definitionFile.replace(/[.*+?^${}()|[\]\\]/g, "\\$&")}:${at(on, "denyOtherRegions: true").line}:\\d+ perimeter\\.denyOtherRegions: turning perimeter.denyOtherRegions on would take OU workloads`));
                assert.ok(!fs.existsSync(path.join(dir, "plan.json")), "nothing written");
            } finally {
                fs.rmSync(dir, { recursive: true, force: true });
            }
        });
    });
});
