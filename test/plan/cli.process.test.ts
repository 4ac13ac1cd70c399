/**
 * `npm run plan` as a user runs it (a child process): exit codes, the printed tree, the
 * `--json` document, and errors without stack traces.
 */
import * as assert from "assert";
import * as fs from "fs";
import * as os from "os";
import * as path from "path";
import * as YAML from "yaml";
import { runScript } from "../support/processes";

const root = path.resolve(__dirname, "..", "..");

function plan(args: string[]): { code: number | null; stdout: string; stderr: string } {
    const result = runScript(path.join(root, "tools", "plan", "cli.ts"), args, { cwd: root });
    return { code: result.status, stdout: result.stdout, stderr: result.stderr };
}

const noStackTrace = (text: string) => assert.doesNotMatch(text, /\n\s+at .+:\d+:\d+\)?\n/, "no stack trace");

describe("plan: command line", function () {
    this.timeout(240000);
    let tmp: string;
    before(() => {
        tmp = fs.mkdtempSync(path.join(os.tmpdir(), "plan-cli-"));
    });
    after(() => fs.rmSync(tmp, { recursive: true, force: true }));

    it("--stack dev prints the preview tree, the counts and a clean policy verdict, and exits 0", () => {
        const { code, stdout, stderr } = plan(["--stack", "dev"]);
        assert.strictEqual(code, 0, `${stderr}\n${stdout.split("\n").filter((l) => /\[mandatory\]/.test(l)).join("\n")}`);
        assert.match(stdout, /Previewing update \(dev\)/);
        assert.match(stdout, /^ \+ {2}pulumi:pulumi:Stack +landing-zone-dev +create$/m);
        assert.match(stdout, /^ \+ {2}├─ landing-zone:network:NetworkHub +\S+ +create$/m);
        assert.match(stdout, /^ \+ {2}│ {2}[├└]─ .*aws:ec2transitgateway\/transitGateway:TransitGateway +\S+ +create$/m);
        assert.match(stdout, /^Resources: \d+ to create$/m);
        assert.match(stdout, /^ +1 +aws:ec2transitgateway\/transitGateway:TransitGateway$/m);
        assert.match(stdout, /^Policies \(landing-zone@v[\d.]+\): 0 mandatory/m);
        assert.match(stderr, /\[plan\] \d+ resources planned/, "progress goes to stderr");
    });

    it("--json writes exactly the documented document", () => {
        const out = path.join(tmp, "prod.json");
        const { code, stderr } = plan(["--definition", "stacks/prod.yaml", "--json", out, "--no-tree"]);
        const doc = JSON.parse(fs.readFileSync(out, "utf8"));
        const mandatory = (doc.violations as { level: string; policy: string; message: string }[]).filter((v) => v.level === "mandatory");
        assert.deepStrictEqual(mandatory, [], stderr);
        assert.strictEqual(code, 0, stderr);
        assert.deepStrictEqual(Object.keys(doc), ["stack", "units", "resources", "violations", "summary", "reachability", "reachabilityPartial", "reachabilityOneWay", "cost"]);
        assert.strictEqual(doc.stack, "prod-all");
        assert.ok(doc.units.includes("network") && doc.units.includes("org"));
        const urns = new Set(doc.resources.map((r: { urn: string }) => r.urn));
        for (const r of doc.resources) {
            assert.deepStrictEqual(
                Object.keys(r).filter((k) => !["urn", "type", "name", "parent", "inputs", "dependencies"].includes(k)),
                [],
                `${r.urn} has only the documented keys`,
            );
            if (r.parent !== undefined) assert.ok(urns.has(r.parent));
            for (const deps of Object.values(r.dependencies) as string[][]) for (const d of deps) assert.ok(urns.has(d));
        }
        assert.ok(doc.resources.some((r: { inputs: object }) => JSON.stringify(r.inputs).includes('"<unknown>"')), "unknowns appear as <unknown>");
        assert.ok(doc.resources.some((r: { dependencies: object }) => Object.keys(r.dependencies).length > 0), "dependencies are recorded");
        assert.strictEqual(doc.summary.resources, doc.resources.length);
        // Nothing but what unit `all` cannot know at preview by design: the network perimeter's
        // SCP/RCP name the hub VPC created in the same deployment, and a consumer endpoint to the
        // organization's own PrivateLink service has an AWS-assigned service name (and, rightly, no policy).
        const unexplained = (doc.violations as { level: string; policy: string; message: string; urn: string }[]).filter(
            (v) =>
                !(
                    v.level === "advisory" &&
                    ((/^could not decide during preview: /.test(v.message) && /-(scp|rcp)-network-perimeter$/.test(v.urn)) ||
                        (v.policy === "endpoints-vpc-endpoint-policy-required" &&
                            /::payments-api-orders-prod-endpoint$/.test(v.urn) &&
                            /needs an endpoint policy: its serviceName is computed from VpcEndpointService \S+ of this stack, whose name AWS assigns when it creates the service/.test(v.message)))
                ),
        );
        assert.deepStrictEqual(unexplained, []);
        assert.ok(Array.isArray(doc.reachability.hub));
        assert.deepStrictEqual(doc.reachabilityOneWay, {}, "prod has no one-way path");
        assert.deepStrictEqual(doc.reachabilityPartial, {}, "prod has no partial pair");
        assert.ok(doc.cost.monthlyUsd > 0);
        assert.deepStrictEqual(Object.keys(doc.cost), ["region", "prices", "monthlyUsd", "lines", "notes"]);
        for (const line of doc.cost.lines) assert.deepStrictEqual(Object.keys(line), ["item", "quantity", "unitUsd", "per", "monthlyUsd"]);
    });

    it("exits 1 when a mandatory policy is violated, and names it", () => {
        // dev.yaml with its hub outside 10.0.0.0/8, judged by the fixture pack whose mandatory rule forbids that.
        const file = path.join(tmp, "dev.yaml");
        fs.writeFileSync(file, fs.readFileSync(path.join(root, "stacks", "dev.yaml"), "utf8").replace("cidr: 10.0.0.0/21", "cidr: 172.16.0.0/21"));
        const { code, stdout, stderr } = plan(["--definition", file, "--pack", "test/plan/fixtures/pack", "--no-tree"]);
        assert.strictEqual(code, 1, stderr);
        assert.match(stdout, /^ {2}- \[mandatory\] fixture-vpc-private-cidr {2}\(aws:ec2\/vpc:Vpc: \S+\)$/m);
        assert.match(stdout, /uses 172\.16\.0\.0\/21/);
    });

    it("applies the policyPack stack group that matches the planned stack: its level decides the verdict and the exit code", () => {
        // dev.yaml plus a `callers: any` exception of its own: the pack accepts only AWS's documented
        // AWS-owned exceptions without an identity condition, so the S3 endpoint's statement is a
        // finding of the trusted-identities rule (mandatory by default).
        const rule = "endpoints-vpc-endpoint-policy-trusted-identities";
        const withGroup = (stacks: string[]): string => {
            const doc = YAML.parse(fs.readFileSync(path.join(root, "stacks", "dev.yaml"), "utf8"));
            doc.perimeter = {
                ...(doc.perimeter ?? {}),
                exceptions: [{ name: "PartnerDrop", service: "s3", actions: ["s3:GetObject"], resources: ["arn:aws:s3:::partner-drop-bucket/*"], callers: "any", reason: "a partner's presigned drop bucket" }],
            };
            doc.policyPack = { stackGroups: [{ stacks, levels: { [rule]: "advisory" } }] };
            const dir = fs.mkdtempSync(path.join(tmp, "group-"));
            fs.writeFileSync(path.join(dir, "dev.yaml"), YAML.stringify(doc));
            return path.join(dir, "dev.yaml");
        };
        const finding = new RegExp(`^ {2}- \\[(mandatory|advisory)\\] ${rule} {2}\\(aws:ec2/vpcEndpoint:VpcEndpoint: \\S*batch\\S*\\)$`, "m");

        // The group names the stack planned (`--definition` plans <env>-all): advisory, exit 0.
        const matched = plan(["--definition", withGroup(["dev-a*"]), "--no-tree"]);
        assert.strictEqual(matched.code, 0, matched.stderr);
        assert.strictEqual(finding.exec(matched.stdout)?.[1], "advisory", matched.stdout);
        assert.match(matched.stdout, /"PartnerDrop"/);

        // A group for other stacks leaves the rule's own level: mandatory, exit 1.
        const other = plan(["--definition", withGroup(["prod-*"]), "--no-tree"]);
        assert.strictEqual(other.code, 1, other.stderr);
        assert.strictEqual(finding.exec(other.stdout)?.[1], "mandatory", other.stdout);
    });

    it("exits 2 on an invalid definition, every problem as file:line:col, no stack trace", () => {
        const file = path.join(tmp, "broken.yaml");
        fs.writeFileSync(
            file,
            fs
                .readFileSync(path.join(root, "stacks", "dev.yaml"), "utf8")
                .replace("environment: dev", "environment: broken")
                .replace("region: us-east-1", "region: us-east-1\nregoin: eu-west-1")
                .replace("cidr: 10.2.0.0/16", "cidr: 10.2.0.0/99"),
        );
        const { code, stdout, stderr } = plan(["--definition", file]);
        assert.strictEqual(code, 2);
        assert.strictEqual(stdout, "");
        assert.match(stderr, new RegExp(`broken\\.yaml:\\d+:\\d+ regoin`));
        assert.match(stderr, new RegExp(`broken\\.yaml:\\d+:\\d+ spokes\\[1\\]\\.cidr`));
        noStackTrace(stderr);
    });

    it("exits 2 with usage on bad arguments and unknown stacks", () => {
        for (const args of [[], ["--stack", "dev", "--definition", "stacks/dev.yaml"], ["--bogus"], ["--stack", "dev", "--unit", "web"]]) {
            const { code, stderr } = plan(args);
            assert.strictEqual(code, 2, args.join(" "));
            assert.match(stderr, /usage:/, args.join(" "));
        }
        const missing = plan(["--stack", "nope"]);
        assert.strictEqual(missing.code, 2);
        assert.match(missing.stderr, /Pulumi\.nope\.yaml:0:0 \(file\): no stack file for stack "nope"; stacks with a file: .*dev/);
        noStackTrace(missing.stderr);
    });
});
