/**
 * Room for the policies an organization already has: AWS allows 5 SCPs and 5 RCPs per OU
 * (aws/quotas.ts), FullAWSAccess / RCPFullAWSAccess included. `perimeter.existingPolicies` says
 * how many others (AWS Control Tower's, the organization's own) each OU already holds: the
 * perimeter packs into the slots left, and validation names each OU that would exceed 5.
 */
import * as assert from "assert";
import { maxControlPoliciesPerTarget } from "../../aws/quotas";
import { resourceControlPolicies } from "../../perimeter/rcps";
import { serviceControlPolicies } from "../../perimeter/scps";
import { sizingNetworks } from "../../perimeter/networks";
import { at, edit, errors, expectClean, expectDiagnostic, load, orgBase } from "../definition/helpers";

const twoOus = edit(orgBase, "    workloads: ou-ab12-wrkld001\n", "    workloads: ou-ab12-wrkld001\n    sandbox: ou-ab12-sandbx01\n");
const withExisting = (lines: string) => `${twoOus}perimeter:\n  denyOtherRegions: true\n  existingPolicies:\n${lines}`;

describe("perimeter.existingPolicies: room for the SCPs and RCPs an organization already attaches", () => {
    it("assumes FullAWSAccess only by default, and the environment's policies fit", () => {
        const result = load(twoOus, "oo.yaml");
        expectClean(result);
        const d = result.definition!;
        assert.deepStrictEqual(d.perimeter.existingPolicies, { scps: {}, rcps: {} });
        assert.ok(serviceControlPolicies(d, sizingNetworks(d)).length + 1 <= maxControlPoliciesPerTarget);
    });

    it("packs the perimeter into the slots left: 3 existing SCPs leave 1 for the perimeter besides the Region guardrail", () => {
        const result = load(withExisting("    scps: { workloads: 2 }\n    rcps: { workloads: 3 }\n"), "oo.yaml");
        expectClean(result);
        const d = result.definition!;
        const scps = serviceControlPolicies(d, sizingNetworks(d));
        const rcps = resourceControlPolicies(d, sizingNetworks(d));
        // FullAWSAccess + 2 existing + ours (the guardrail and the perimeter packed into what is left).
        assert.ok(1 + 2 + scps.length <= maxControlPoliciesPerTarget, scps.map((p) => p.name).join(", "));
        assert.ok(1 + 3 + rcps.length <= maxControlPoliciesPerTarget, rcps.map((p) => p.name).join(", "));
        assert.strictEqual(rcps.length, 1, "the RCP themes merge into one policy");
    });

    it("reports each OU that would exceed 5, naming the OU and the count, at its key", () => {
        const text = withExisting("    scps: { workloads: 4, sandbox: 4 }\n    rcps: { sandbox: 4 }\n");
        const result = load(text, "oo.yaml");
        const found = errors(result).filter((e) => /would have \d+ (SCP|RCP)s attached/.test(e.message));
        assert.strictEqual(found.length, 3, found.map((e) => e.message).join("\n"));
        expectDiagnostic(result, { path: "perimeter.existingPolicies.scps.workloads", file: "oo.yaml", message: /^OU workloads would have 7 SCPs attached: FullAWSAccess, 4 already there/, ...at(text, "4, sandbox") });
        expectDiagnostic(result, { file: "oo.yaml", path: "perimeter.existingPolicies.scps.sandbox", message: /^OU sandbox would have 7 SCPs attached/ });
        expectDiagnostic(result, { file: "oo.yaml", path: "perimeter.existingPolicies.rcps.sandbox", message: /^OU sandbox would have 6 RCPs attached: RCPFullAWSAccess, 4 already there/ });
    });

    it("rejects an OU that is not in organization.units, and a count AWS could not hold", () => {
        const text = withExisting("    scps: { workload: 1, sandbox: 9 }\n");
        const result = load(text, "oo.yaml");
        expectDiagnostic(result, { file: "oo.yaml", path: "perimeter.existingPolicies.scps.workload", message: /OU "workload" is not in organization.units/ });
        assert.ok(errors(result).some((e) => e.path === "perimeter.existingPolicies.scps.sandbox"), errors(result).map((e) => `${e.path}: ${e.message}`).join("\n"));
    });
});
