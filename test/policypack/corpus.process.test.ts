/**
 * The adversarial and real-program corpus: every program under test/policypack/corpus/ (and
 * under each folder of LZ_PACK_CORPUS, colon-separated, for held-out programs) is judged by the
 * pack through the real Analyzer protocol, configured with the config generated for
 * stacks/prod.yaml, and must get exactly the mandatory violations its file expects, and the
 * advisory notes it names. Nothing may crash.
 */
import { strict as assert } from "assert";
import * as path from "path";
import { loadForPlan } from "../../tools/plan/run";
import { PolicySession } from "../../tools/plan/analyzer";
import { policyConfigFor } from "../../tools/policy-config";
import { CorpusProgram, corpusFiles, loadProgram, planOf } from "./corpus/load";

const root = path.resolve(__dirname, "../..");
const dirs = [path.join(__dirname, "corpus"), ...(process.env.LZ_PACK_CORPUS ?? "").split(":").filter(Boolean).map((d) => path.resolve(d))];
const files = dirs.flatMap(corpusFiles);

describe("policy pack: adversarial and real-program corpus (Analyzer protocol, prod config)", function () {
    this.timeout(300000);
    let session: PolicySession | undefined;

    before(async () => {
        const { definition } = loadForPlan(path.join(root, "stacks", "prod.yaml"));
        session = await PolicySession.start({ packDir: path.join(root, "policypacks", "landing-zone"), config: policyConfigFor(definition) });
    });
    after(() => session?.close());

    it("has programs for every class", () => {
        const classes = new Set(files.map((f) => path.relative(path.join(__dirname, "corpus"), f).split(path.sep)[0]));
        for (const c of ["aws-owned", "consumers", "conditions", "never-matching-deny", "modifiers", "provenance", "matching", "bucket-policies", "false-positives", "third-party"]) assert.ok(classes.has(c), `no programs in corpus/${c}`);
    });

    for (const file of files) {
        const label = path.relative(root, file);
        it(label, async () => {
            const program: CorpusProgram = loadProgram(file);
            const { violations } = await session!.judge(planOf(program));
            const name = (urn?: string) => urn?.split("::").pop() ?? "(stack)";
            const mandatory = violations.filter((v) => v.level === "mandatory");
            assert.deepEqual(
                mandatory.map((v) => `${v.policy} ${name(v.urn)}`).sort(),
                program.mandatory,
                `${program.description}\n${mandatory.map((v) => `  ${v.policy} ${name(v.urn)}: ${v.message.split("\n").pop()}`).join("\n")}`,
            );
            for (const rule of program.advisory) {
                assert.ok(violations.some((v) => v.level === "advisory" && v.policy === rule), `no advisory note from ${rule}`);
            }
        });
    }
});
