import * as assert from "assert";
import * as fs from "fs";
import * as os from "os";
import * as path from "path";
import { loadDefinitionFile } from "../../program/load";
import { at, base, edit, errors, expectClean, expectDiagnostic, load, orgBase } from "./helpers";

describe("definition loader: syntax and shape", () => {
    it("accepts the base fixtures and applies defaults", () => {
        const result = load(base);
        expectClean(result);
        const def = result.definition!;
        assert.strictEqual(def.network.endpoints.mode, "centralized");
        assert.strictEqual(def.network.dns.sharing, "profile");
        assert.strictEqual(def.spokes[0].internet, "none");
        assert.deepStrictEqual(def.spokes[0].gatewayEndpoints, ["s3", "dynamodb"]);
        expectClean(load(orgBase, "oo.yaml"));
    });

    it("reports YAML syntax errors with their position", () => {
        const text = edit(base, "  hub:\n    cidr: 10.0.0.0/21\n", "  hub:\n    cidr: [10.0.0.0/21\n");
        const result = load(text);
        assert.strictEqual(result.definition, undefined);
        assert.ok(errors(result).length > 0);
        for (const d of errors(result)) {
            assert.match(d.message, /^YAML: /);
            assert.ok(d.line >= at(text, "cidr: [").line, `syntax error located at ${d.line}:${d.col}`);
            assert.strictEqual(d.file, "tt.yaml");
        }
    });

    it("reports a duplicate key at the second occurrence and keeps checking the rest", () => {
        const text = edit(base, "region: us-east-1\n", "region: us-east-1\nregion: eu-west-1\nbogus: 1\n");
        const result = load(text);
        const d = expectDiagnostic(result, { path: "region", message: /duplicate key "region"/, ...at(text, "region: eu-west-1") });
        assert.ok(d);
        expectDiagnostic(result, { path: "bogus", message: /^unknown key "bogus"; allowed keys here: environment, region/, ...at(text, "bogus") });
    });

    it("rejects an empty file and a file that is not a mapping", () => {
        expectDiagnostic(load(""), { path: "", message: /the definition is empty/, line: 1, col: 1 });
        expectDiagnostic(load("- a\n- b\n"), { path: "", message: /must be a mapping .* got a list/, line: 1, col: 1 });
        expectDiagnostic(load("just text\n"), { path: "", message: /must be a mapping .* got a single value/, line: 1, col: 1 });
    });

    it("names an unknown key with the close known key", () => {
        const text = edit(base, "    cidr: 10.1.0.0/16", "    cidrs: 10.1.0.0/16");
        const result = load(text);
        expectDiagnostic(result, { path: "spokes[0].cidrs", message: 'unknown key "cidrs" — did you mean "cidr"?', ...at(text, "cidrs:") });
        // The suggestion covers the key it replaces: no second error "missing required key cidr".
        assert.deepStrictEqual(errors(result).map((d) => d.path), ["spokes[0].cidrs"]);
        assert.strictEqual(result.definition, undefined);
    });

    it("still reports a missing key when the unknown key is not a spelling of it", () => {
        const text = edit(base, "    cidr: 10.1.0.0/16", "    size: 10.1.0.0/16");
        const result = load(text);
        expectDiagnostic(result, { path: "spokes[0].size", message: /^unknown key "size"; allowed keys here: name, account, cidr/ });
        expectDiagnostic(result, { path: "spokes[0].cidr", message: 'missing required key "cidr"', ...at(text, "name: app-a") });
    });

    it("lists the allowed keys when no known key is close", () => {
        const text = edit(base, "  hub:\n", "  hub:\n    size: big\n");
        expectDiagnostic(load(text), {
            path: "network.hub.size",
            message: 'unknown key "size"; allowed keys here: cidr, availabilityZones',
            ...at(text, "size"),
        });
    });

    it("suggests keys case-insensitively and inside a union (onPremises)", () => {
        const text = edit(orgBase, "      vpn:\n", "      Vpn:\n");
        expectDiagnostic(load(text, "oo.yaml"), {
            path: "network.transitGateway.onPremises.Vpn",
            message: 'unknown key "Vpn" — did you mean "vpn"?',
            file: "oo.yaml",
            ...at(text, "Vpn"),
        });
    });

    it("reports wrong types with what was found", () => {
        const text = edit(base, "    domains:\n", "    asn: abc\n    domains:\n");
        expectDiagnostic(load(text), {
            path: "network.transitGateway.asn",
            message: 'expected a private BGP ASN (64512-65534 or 4200000000-4294967294), got the string "abc"',
            ...at(text, "abc"),
        });
        const list = edit(base, "    availabilityZones: 2", "    availabilityZones: two");
        expectDiagnostic(load(list), {
            path: "network.hub.availabilityZones",
            message: 'expected a number or a list, got the string "two"',
            ...at(list, "two\n"),
        });
        const spokes = edit(base, "  endpoints:\n    services: [ssm, kms]\n", "  endpoints:\n    services: ssm\n");
        expectDiagnostic(load(spokes), { path: "network.endpoints.services", message: 'expected a list, got the string "ssm" (a list is written in brackets, [ssm], or one "- item" per line)', ...at(spokes, "ssm\n") });
    });

    it("explains an account id written without quotes", () => {
        const text = edit(base, 'sandbox: "111111111111"', "sandbox: 111111111111");
        expectDiagnostic(load(text), {
            path: "accounts.sandbox",
            message: /^expected a 12-digit account id as a quoted string.*got the number 111111111111 \(put the value in quotes/,
            ...at(text, "111111111111"),
        });
    });

    it("reports a missing required key at its parent", () => {
        const text = edit(base, "    account: sandbox\n    cidr: 10.2.0.0/16\n", "    cidr: 10.2.0.0/16\n");
        expectDiagnostic(load(text), { path: "spokes[1].account", message: 'missing required key "account"', ...at(text, "name: app-b") });
        const noNetwork = base.slice(0, base.indexOf("network:"));
        expectDiagnostic(load(noNetwork), { path: "network", message: 'missing required key "network"', line: 1, col: 1 });
        const noHub = edit(base, "  hub:\n    cidr: 10.0.0.0/21\n    availabilityZones: 2\n", "");
        expectDiagnostic(load(noHub), { path: "network.hub", message: 'missing required key "hub"', ...at(noHub, "network:") });
    });

    it("lists the allowed values of an enum", () => {
        const text = edit(base, "    domain: apps\n  - name: app-b", "    domain: apps\n    internet: public\n  - name: app-b");
        expectDiagnostic(load(text), {
            path: "spokes[0].internet",
            message: 'expected one of "none", "nat", got the string "public"',
            ...at(text, "public"),
        });
        const close = edit(base, "  endpoints:\n", "  endpoints:\n    mode: distribute\n");
        expectDiagnostic(load(close), {
            path: "network.endpoints.mode",
            message: 'expected one of "centralized", "distributed", got the string "distribute" — did you mean "distributed"?',
            ...at(close, "distribute\n"),
        });
    });

    it("reports format errors from the schema with the value", () => {
        const text = edit(orgBase, "id: o-a1b2c3d4e5", "id: o-123");
        expectDiagnostic(load(text, "oo.yaml"), {
            path: "organization.id",
            message: 'expected an organization id like "o-a1b2c3d4e5" (got "o-123")',
            file: "oo.yaml",
            ...at(text, "o-123"),
        });
        const ou = edit(orgBase, "ou-ab12-wrkld001", "ou-12");
        expectDiagnostic(load(ou, "oo.yaml"), { path: "organization.units.workloads", message: /^expected an OU id like/, file: "oo.yaml", ...at(ou, "ou-12") });
        const cidr = edit(base, "cidr: 10.1.0.0/16", "cidr: 10.1.0.0");
        expectDiagnostic(load(cidr), { path: "spokes[0].cidr", message: 'expected an IPv4 CIDR block such as "10.0.0.0/16" (got "10.1.0.0")', ...at(cidr, "10.1.0.0\n") });
        const acct = edit(base, '"111111111111"', '"1111"');
        expectDiagnostic(load(acct), { path: "accounts.sandbox", message: /^expected a 12-digit account id/, ...at(acct, '"1111"') });
    });

    it("reports refinements (flow log retention) with the value", () => {
        const text = edit(base, "  endpoints:\n", "  flowLogs:\n    retentionDays: 10\n  endpoints:\n");
        expectDiagnostic(load(text), { path: "network.flowLogs.retentionDays", message: /^expected a CloudWatch Logs retention: 1, 3, 5, .* or 3653, got the number 10$/, ...at(text, "10\n") });
    });

    it("checks a badly named record key and still checks its value", () => {
        const text = edit(base, '  sandbox: "111111111111"\n', '  sandbox: "111111111111"\n  Team_A: "12"\n');
        const result = load(text);
        expectDiagnostic(result, { path: "accounts.Team_A", message: /^invalid name "Team_A": expected a name of 2-40 lower-case/, ...at(text, "Team_A") });
        expectDiagnostic(result, { path: "accounts.Team_A", message: /^expected a 12-digit account id/, ...at(text, '"12"') });
    });

    it("requires environment to equal the file's base name", () => {
        const result = load(base, "stacks/prod.yaml");
        expectDiagnostic(result, {
            path: "environment",
            message: 'environment is "tt" but the file is named prod.yaml; they must match (rename the file to tt.yaml or set environment: prod)',
            file: "stacks/prod.yaml",
            ...at(base, "tt\n"),
        });
    });

    it("reports shape and cross-reference problems of one file in one run, sorted by line", () => {
        let text = edit(base, "    cidr: 10.1.0.0/16", "    cidrz: 10.1.0.0/16"); // shape: unknown key + missing cidr
        text = edit(text, "    domain: apps\n  - name: app-b", "    domain: appz\n  - name: app-b"); // reference
        text = edit(text, "cidr: 10.2.0.0/16", "cidr: 10.2.0.1/16"); // CIDR arithmetic
        text = edit(text, "services: [ssm, kms]", "services: [ssm, kmz]"); // catalog
        const result = load(text);
        assert.strictEqual(result.definition, undefined);
        expectDiagnostic(result, { path: "spokes[0].cidrz", message: /did you mean "cidr"/, ...at(text, "cidrz") });
        expectDiagnostic(result, { path: "spokes[0].domain", message: 'domain "appz" is not defined in network.transitGateway.domains — did you mean "apps"?', ...at(text, "appz") });
        expectDiagnostic(result, { path: "spokes[1].cidr", message: "10.2.0.1/16 is not a network address (host bits are set); did you mean 10.2.0.0/16?", ...at(text, "10.2.0.1/16") });
        expectDiagnostic(result, { path: "network.endpoints.services[1]", message: /"kmz" is not an AWS service .* did you mean "kms"\?/, ...at(text, "kmz") });
        const lines = result.diagnostics.map((d) => d.line);
        assert.deepStrictEqual(lines, [...lines].sort((a, b) => a - b));
    });

    it("never throws, whatever the values' types", () => {
        const weird = [
            "environment: tt\naccounts: null\nnetwork: []\nspokes: 5\n",
            "environment: tt\nnetwork:\n  transitGateway: 3\n  hub: {cidr: 7}\nspokes: [1, null, {name: 3, cidr: []}]\n",
            "environment: tt\nnetwork:\n  transitGateway:\n    domains: {shared: null, a: {reaches: 5}, b: {reaches: [1, null]}}\n  dns: {onPremises: {cidrs: [1], forwardedDomains: [null, {targetIps: 3}]}}\n",
            "environment: tt\nendpointServices: [{spoke: 1, consumers: [null], targets: 3}]\nperimeter: {protectedBuckets: [3], trustedAccounts: 1}\norganization: 5\n",
            "? [a, b]\n: 1\n",
            "&a [*a]\n",
        ];
        for (const text of weird) {
            const result = load(text);
            assert.strictEqual(result.definition, undefined);
            assert.ok(errors(result).length > 0, text);
            for (const d of result.diagnostics) assert.doesNotMatch(d.message, /internal error/, d.message);
        }
    });

    it("reads files and reports an unreadable one", () => {
        const dir = fs.mkdtempSync(path.join(os.tmpdir(), "lz-def-"));
        const file = path.join(dir, "tt.yaml");
        fs.writeFileSync(file, base);
        assert.ok(loadDefinitionFile(file).definition);
        const missing = loadDefinitionFile(path.join(dir, "nope.yaml"));
        assert.deepStrictEqual(missing.diagnostics.map((d) => d.message), ["cannot read the definition: no such file"]);
        fs.rmSync(dir, { recursive: true });
    });
});

describe("definition loader: messages for common beginner mistakes", () => {
    it("says when a key has no value", () => {
        const text = edit(base, "environment: tt\n", "environment:\n");
        expectDiagnostic(load(text), { path: "environment", message: "no value given; expected a string", line: 1, col: 13 });
    });

    it("explains a mapping written where a list belongs", () => {
        const text = base.slice(0, base.indexOf("spokes:")) + "spokes:\n  app-a:\n    account: sandbox\n";
        expectDiagnostic(load(text), { path: "spokes", message: 'expected a list, got a mapping (write each item on its own line starting with "- ")', ...at(text, "app-a:") });
    });

    it("reports a list item that is not a mapping", () => {
        const text = edit(base, "  - name: app-b\n", "  - app-x\n  - name: app-b\n");
        expectDiagnostic(load(text), { path: "spokes[1]", message: 'expected a mapping, got the string "app-x"', ...at(text, "app-x") });
    });

    it("reports tabs used for indentation", () => {
        const text = edit(base, '  sandbox: "111111111111"', '\tsandbox: "111111111111"');
        const result = load(text);
        expectDiagnostic(result, { path: "", message: 'YAML: a tab is used for indentation; YAML indents with spaces only (two per level) (line 4: "\\tsandbox: \\"111111111111\\"")', ...at(text, "\t") });
        // The parser's recovery errors on the following lines are echoes of the tab: not shown.
        assert.strictEqual(errors(result).length, 1, result.diagnostics.map((d) => d.message).join("\n"));
    });
});

describe("definition loader: a newcomer's malformed definitions", () => {
    it("names a duplicate key by its path", () => {
        const text = edit(base, "    cidr: 10.1.0.0/16\n", "    cidr: 10.1.0.0/16\n    cidr: 10.5.0.0/16\n");
        expectDiagnostic(load(text), { path: "spokes[0].cidr", message: /^YAML: duplicate key "cidr"/, ...at(text, "cidr: 10.5.0.0/16") });
    });

    it("shows one error for a badly indented key, with the line, not the parser's follow-on errors", () => {
        const text = edit(base, "  - name: app-b\n    account: sandbox", "  - name: app-b\n  account: sandbox");
        const result = load(text);
        assert.deepStrictEqual(
            result.diagnostics.map((d) => `${d.line}:${d.col} ${d.message}`),
            [`${at(text, "  account: sandbox\n    cidr: 10.2").line}:1 YAML: this line is indented differently from the keys above it; the keys of one mapping must start in the same column (indent with spaces, two per level) (line 24: "  account: sandbox")`],
        );
    });

    it("points at the opening of an unclosed list or quote, and explains a missing colon", () => {
        const list = edit(base, "services: [ssm, kms]", "services: [ssm, kms");
        expectDiagnostic(load(list), { path: "", message: /^YAML: this list in \[brackets\] is not closed: add \] after its last item/, ...at(list, "[ssm") });
        const quote = edit(base, "cidr: 10.1.0.0/16", 'cidr: "10.1.0.0/16');
        expectDiagnostic(load(quote), { path: "", message: /^YAML: a quoted value is not closed: add the closing "/, ...at(quote, '"10.1.0.0/16') });
        const colon = edit(base, "    availabilityZones: 2", "    availabilityZones 2");
        expectDiagnostic(load(colon), { path: "", message: /^YAML: expected "key: value" — this line has no colon after its key/, ...at(colon, "availabilityZones 2") });
    });

    it("reports an alias without an anchor instead of failing", () => {
        const text = edit(base, "reaches: [apps]", "reaches: *apps");
        expectDiagnostic(load(text), { path: "", message: /^YAML: alias \*apps has no anchor: write &apps on a value above this line/, ...at(text, "*apps") });
    });

    it("merges YAML anchors with <<, and says where an anchor can live", () => {
        const merged = edit(base, "  - name: app-a\n    account: sandbox\n", "  - &spoke\n    name: app-a\n    account: sandbox\n").replace("  - name: app-b\n    account: sandbox\n", "  - <<: *spoke\n    name: app-b\n");
        const result = load(merged);
        expectClean(result);
        assert.strictEqual(result.definition!.spokes[1].account, "sandbox");
        assert.strictEqual(result.definition!.spokes[1].domain, "apps");
        const block = `${base}defaults: &d\n  account: sandbox\n`;
        expectDiagnostic(load(block), { path: "defaults", message: /^unknown key "defaults"; allowed keys here: .*\. To reuse values, put the anchor on a value the definition has \(e\.g\. the first spoke: "- &d" before its keys\) and merge it into the others with "<<: \*d"$/, ...at(block, "defaults") });
    });

    it("explains a list written without brackets and a number in quotes", () => {
        const reaches = edit(base, "reaches: [shared, apps]", "reaches: shared, apps");
        const result = load(reaches);
        expectDiagnostic(result, { path: "network.transitGateway.domains.apps.reaches", message: 'expected a list, got the string "shared, apps" (a list is written in brackets, [shared, apps], or one "- item" per line)', ...at(reaches, "shared, apps") });
        // No "return traffic has no route" warning built on the unreadable list.
        assert.deepStrictEqual(result.diagnostics.filter((d) => d.severity === "warning"), []);
        const asn = edit(base, "  transitGateway:\n", '  transitGateway:\n    asn: "64512"\n');
        expectDiagnostic(load(asn), { path: "network.transitGateway.asn", message: /got the string "64512" \(remove the quotes to make it a number\)$/ });
    });

    it("says a misspelt key once, without echoes from the checks that depend on it", () => {
        const reach = edit(base, "        reaches: [shared, apps]", "        reach: [shared, apps]");
        assert.deepStrictEqual(
            load(reach).diagnostics.map((d) => `${d.path}: ${d.message}`),
            ['network.transitGateway.domains.apps.reach: unknown key "reach" — did you mean "reaches"?'],
        );
        const accounts = edit(base, 'accounts:\n  sandbox: "111111111111"', 'accounts:\n  - sandbox: "111111111111"');
        assert.deepStrictEqual(
            load(accounts).diagnostics.map((d) => `${d.line}:${d.col} ${d.path}: ${d.message}`),
            [`${at(accounts, "- sandbox").line}:3 accounts: expected a mapping, got a list`],
        );
    });

    it("does not advise renaming the file after an invalid environment name", () => {
        const text = edit(base, "environment: tt", "environment: Test_Env");
        assert.deepStrictEqual(load(text).diagnostics.map((d) => `${d.path}: ${d.message}`), [
            `environment: expected a name of 2-40 lower-case letters, digits and '-', starting with a letter (got "Test_Env")`,
        ]);
    });
});
