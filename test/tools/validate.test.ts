import * as assert from "assert";
import * as fs from "fs";
import * as os from "os";
import * as path from "path";
import { main } from "../../tools/validate";
import { base, edit } from "../definition/helpers";

function run(args: string[]) {
    const out: string[] = [];
    const err: string[] = [];
    const code = main(args, (l) => out.push(l), (l) => err.push(l));
    return { code, out: out.join("\n"), err: err.join("\n") };
}

describe("npm run validate (tools/validate.ts)", () => {
    let dir: string;
    before(() => {
        dir = fs.mkdtempSync(path.join(os.tmpdir(), "lz-cli-"));
    });
    after(() => fs.rmSync(dir, { recursive: true }));

    it("exits 0 for valid files", () => {
        const r = run(["stacks/dev.yaml", "stacks/prod.yaml"]);
        assert.strictEqual(r.code, 0);
        assert.match(r.out, /stacks\/dev\.yaml: valid/);
        assert.strictEqual(r.err, "");
    });

    it("exits 2 and prints file:line:col path: message for every problem", () => {
        const file = path.join(dir, "tt.yaml");
        fs.writeFileSync(file, edit(edit(base, "cidr: 10.1.0.0/16", "cidr: 10.1.0.1/16"), "    domain: apps\n  - name: app-b", "    domian: apps\n  - name: app-b"));
        const r = run([file]);
        assert.strictEqual(r.code, 2);
        const lines = r.err.split("\n");
        assert.ok(lines.includes(`${file}:21:11 spokes[0].cidr: 10.1.0.1/16 is not a network address (host bits are set); did you mean 10.1.0.0/16?`), r.err);
        assert.ok(lines.includes(`${file}:22:5 spokes[0].domian: unknown key "domian" — did you mean "domain"?`), r.err);
        // The misspelt key is one problem: no separate "missing required key domain".
        assert.ok(lines.includes(`${file}: 2 errors`), r.err);
    });

    it("exits 2 for each of a newcomer's malformed definitions, naming every problem with file:line:col and key", () => {
        // [file name, text, a line the output must contain (after the file name)]
        const cases: [string, string, string][] = [
            ["typo", edit(base, "region: us-east-1", "regoin: us-east-1"), ':2:1 regoin: unknown key "regoin" — did you mean "region"?'],
            ["cidr33", edit(base, "cidr: 10.1.0.0/16", "cidr: 10.1.0.0/33"), ":21:11 spokes[0].cidr: 10.1.0.0/33: prefix /33 is out of range (0-32)"],
            ["unquoted", edit(base, '"111111111111"', "123456789012"), ':4:12 accounts.sandbox: expected a 12-digit account id as a quoted string, e.g. "123456789012", got the number 123456789012 (put the value in quotes to make it a string)'],
            ["eleven", edit(base, '"111111111111"', '"12345678901"'), ':4:12 accounts.sandbox: expected a 12-digit account id, e.g. "123456789012" (got "12345678901")'],
            ["nonetwork", base.slice(0, base.indexOf("network:")) + base.slice(base.indexOf("spokes:")), ':1:1 network: missing required key "network"'],
            ["az0", edit(base, "availabilityZones: 2", "availabilityZones: 0"), ":15:24 network.hub.availabilityZones: must be at least 1, got 0"],
            ["ssmm", edit(base, "services: [ssm, kms]", "services: [ssmm, kms]"), ':17:16 network.endpoints.services[0]: "ssmm" is not an AWS service with an interface VPC endpoint in the service catalog — did you mean "ssm"?'],
            ["s4", edit(base, "    domain: apps\n  - name: app-b", "    domain: apps\n    gatewayEndpoints: [s4]\n  - name: app-b"), ':23:24 spokes[0].gatewayEndpoints[0]: expected one of "s3", "dynamodb", got the string "s4" — did you mean "s3"?'],
            ["yes", edit(base, "    domain: apps\n  - name: app-b", "    domain: apps\n    internet: yes\n  - name: app-b"), ':23:15 spokes[0].internet: expected one of "none", "nat", got the string "yes"'],
            ["extra", `${base}tags:\n  team: net\n`, ':27:1 tags: unknown key "tags"; allowed keys here: environment, region, organization, accounts, deployment, network, spokes, perimeter, endpointServices, security, logArchive, quotas, policyPack'],
        ];
        const files = cases.map(([name, text]) => {
            const file = path.join(dir, `${name}.yaml`);
            fs.writeFileSync(file, text.replace("environment: tt", `environment: ${name}`));
            return file;
        });
        const r = run(files);
        assert.strictEqual(r.code, 2);
        const lines = r.err.split("\n");
        cases.forEach(([name, , expected], i) => {
            assert.ok(lines.includes(`${files[i]}${expected}`), `${name}: ${expected}\n${r.err}`);
            assert.ok(lines.includes(`${files[i]}: 1 error`), `${name} has exactly one error\n${r.err}`);
        });
    });

    it("exits 2 on a bad command line", () => {
        assert.strictEqual(run([]).code, 2);
        // Every problem of the command line in one message, then the usage.
        assert.strictEqual(run(["--nope"]).err, "error: unknown option --nope\nerror: no definition file given\nusage: npm run validate -- [--quiet] <stacks/env.yaml>...");
    });
});
