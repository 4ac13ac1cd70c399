/**
 * The day-one keys of the definition — `logArchive`, `network.flowLogs.destination`,
 * `onPremises.directConnect`, `deployment.bootstrap` / `previewRoleName` / `trustedAccount` —
 * and the units they bring: every bad input is one error at its file, line and key, saying
 * what is wrong and what would be right; the held-out definition (test/fixtures/definitions/)
 * is valid as written.
 */
import * as assert from "assert";
import * as fs from "fs";
import * as path from "path";
import { directConnectAsnRanges } from "../../aws/direct-connect";
import { organizationCreatedRole } from "../../aws/deploy-roles";
import { flowLogDestinationOf, logArchiveBucketName } from "../../definition/log-archive";
import { accountOfUnit, ownerUnitOfAccount, unitsOf, unitsToBuild } from "../../definition/units";
import { main as validate } from "../../tools/validate";
import { at, edit, expectClean, expectDiagnostic, load } from "../definition/helpers";

const fixture = path.resolve(__dirname, "..", "fixtures", "definitions", "eu-adopter.yaml");
const text = fs.readFileSync(fixture, "utf8");
const FILE = "eu-adopter.yaml";
const eu = (t: string) => load(t, FILE);
const inFile = { file: FILE };
const DX = "network.transitGateway.onPremises.directConnect";

describe("day one: the held-out definition", () => {
    it("is valid with no warning", () => {
        expectClean(eu(text));
    });

    it("has a unit for bootstrap, the log archive and each account that holds a protected bucket and nothing else", () => {
        const d = eu(text).definition!;
        const units = unitsOf(d);
        assert.strictEqual(units[0], "bootstrap", "bootstrap comes first");
        for (const u of ["org", "network", "security", "log-archive", "account-shared-tools", "account-backup"]) assert.ok(units.includes(u), u);
        // payments-prod has a spoke: its bucket's policy is the spoke's, no account unit.
        assert.ok(!units.includes("account-payments-prod"));
        assert.strictEqual(ownerUnitOfAccount(d, "payments-prod"), "payments-prod");
        assert.strictEqual(ownerUnitOfAccount(d, "log-archive"), "log-archive");
        assert.strictEqual(ownerUnitOfAccount(d, "backup"), "account-backup");
        // The bootstrap unit deploys into management but owns nothing there: the org unit does.
        assert.strictEqual(accountOfUnit(d, "bootstrap"), "management");
        assert.strictEqual(ownerUnitOfAccount(d, "management"), "org");
        assert.ok(!unitsToBuild(d, "all").includes("bootstrap"), "unit all leaves the bootstrap stack alone");
    });

    it("sends flow logs to the log archive by default, to a bucket named from the definition", () => {
        const d = eu(text).definition!;
        assert.strictEqual(flowLogDestinationOf(d), "log-archive");
        assert.strictEqual(logArchiveBucketName(d), `eu-adopter-vpc-flow-logs-${d.accounts["log-archive"]}-eu-west-1`);
        const cloudwatch = eu(edit(text, "    fileFormat: parquet\n", "    destination: cloudwatch\n")).definition!;
        assert.strictEqual(flowLogDestinationOf(cloudwatch), "cloudwatch");
    });
});

describe("day one: bad input", () => {
    it("log-archive destination without a log archive", () => {
        const t = edit(edit(text, "logArchive:\n  account: log-archive\n  retentionDays: 400\n", ""), "    fileFormat: parquet\n", "    destination: log-archive\n");
        expectDiagnostic(eu(t), {
            ...inFile,
            path: "network.flowLogs.destination",
            message: /^flow logs cannot go to the log archive: there is no logArchive section\. Add logArchive: \{ account: <log archive account> \}, or use destination: cloudwatch$/,
            line: at(t, "destination: log-archive").line,
            col: at(t, "destination: log-archive").col + "destination: ".length,
        });
    });

    it("a log archive account that is not in accounts", () => {
        const t = edit(text, "  account: log-archive\n", "  account: log-archiv\n");
        expectDiagnostic(eu(t), { ...inFile, path: "logArchive.account", message: 'log archive account "log-archiv" is not in accounts — did you mean "log-archive"?', ...at(t, "log-archiv\n") });
    });

    it("a default bucket name over S3's 63 characters, and the log archive's bucket listed as a protected bucket", () => {
        const long = edit(edit(text, "environment: eu-adopter", "environment: eu-adopter-with-a-very-long-name"), "logArchive:", "logArchive:");
        const file = "eu-adopter-with-a-very-long-name.yaml";
        const result = load(long, file);
        const d = expectDiagnostic(result, { file, path: "logArchive", message: /^the default bucket name eu-adopter-with-a-very-long-name-vpc-flow-logs-510000000004-eu-west-1 is 69 characters, over S3's 63; set logArchive\.bucketName/ });
        assert.strictEqual(d.line, at(long, "logArchive:").line);
        const named = edit(text, "  retentionDays: 400\n", "  retentionDays: 400\n  bucketName: eu-adopter-backups\n");
        expectDiagnostic(eu(named), { ...inFile, path: "perimeter.protectedBuckets[1].name", message: /^bucket eu-adopter-backups is the log archive's bucket, whose policy the log-archive unit writes/ });
    });

    it("a Direct Connect ASN equal to the transit gateway's, or not private", () => {
        const same = edit(text, "amazonSideAsn: 64600", "amazonSideAsn: 64512");
        expectDiagnostic(eu(same), {
            ...inFile,
            path: `${DX}.amazonSideAsn`,
            message: /^64512 is the transit gateway's ASN too \(network\.transitGateway\.asn\); AWS refuses the association when the transit gateway and the Direct Connect gateway use the same ASN/,
            ...at(same, "64512", 2),
        });
        const publicAsn = edit(text, "amazonSideAsn: 64600", "amazonSideAsn: 7224");
        const ranges = directConnectAsnRanges.map(([l, h]) => `${l}-${h}`).join(" or ");
        expectDiagnostic(eu(publicAsn), { ...inFile, path: `${DX}.amazonSideAsn`, message: `7224 is not a private ASN; a Direct Connect gateway's Amazon-side ASN must be ${ranges}` });
    });

    it("an allowed prefix that would announce a domain onprem must not reach, naming the domain", () => {
        const t = edit(text, "        amazonSideAsn: 64600\n", "        amazonSideAsn: 64600\n        allowedPrefixes: [10.100.0.0/20, 10.110.0.0/16, 10.120.0.0/15]\n");
        const result = eu(t);
        expectDiagnostic(result, {
            ...inFile,
            path: `${DX}.allowedPrefixes[2]`,
            message: /^10\.120\.0\.0\/15 would announce domain "test" \(10\.120\.0\.0\/16\) to on-premises, but onprem does not reach "test": a transit gateway association advertises its allowed prefixes as they are\. Narrow the prefix to the domains onprem reaches \(shared, prod\)/,
            ...at(t, "10.120.0.0/15"),
        });
        // A summary of everything announces every domain: one error per forbidden domain, at the prefix.
        const all = edit(text, "        amazonSideAsn: 64600\n", "        amazonSideAsn: 64600\n        allowedPrefixes: [10.0.0.0/8]\n");
        const forbidden = eu(all).diagnostics.filter((d) => d.path === `${DX}.allowedPrefixes[0]` && d.severity === "error").map((d) => /domain "([^"]+)"/.exec(d.message)![1]);
        assert.deepStrictEqual(forbidden.sort(), ["analytics", "test"]);
    });

    it("allowed prefixes that leave out a domain onprem reaches: a warning", () => {
        const t = edit(text, "        amazonSideAsn: 64600\n", "        amazonSideAsn: 64600\n        allowedPrefixes: [10.110.0.0/16]\n");
        const result = eu(t);
        expectDiagnostic(result, {
            ...inFile,
            severity: "warning",
            path: `${DX}.allowedPrefixes`,
            message: 'no allowed prefix covers 10.100.0.0/20 of domain "shared", which onprem reaches: on-premises gets no route to it over Direct Connect',
        });
        assert.ok(result.definition, "a warning only");
    });

    it("bootstrap without an organization, with the role Organizations already created, or with an unknown OU", () => {
        const orgless = edit(text, text.slice(text.indexOf("organization:\n"), text.indexOf("accounts:\n")), "");
        const result = eu(orgless);
        expectDiagnostic(result, { ...inFile, path: "deployment.bootstrap", message: /^the bootstrap unit rolls the roles out with a service-managed CloudFormation StackSet, which targets an organization's OUs/ });
        const defaultRole = edit(text, "  roleName: LandingZoneDeploy\n", "");
        expectDiagnostic(eu(defaultRole), {
            ...inFile,
            path: "deployment.roleName",
            message: new RegExp(`^the bootstrap unit cannot roll out ${organizationCreatedRole}: AWS Organizations already created a role of that name in every account it created`),
            ...at(defaultRole, "deployment:"),
        });
        const typo = edit(text, "organizationalUnits: [infrastructure, security,", "organizationalUnits: [infrastructure, securty,");
        expectDiagnostic(eu(typo), { ...inFile, path: "deployment.bootstrap.organizationalUnits[1]", message: 'OU "securty" is not in organization.units — did you mean "security"?', ...at(typo, "securty") });
    });

    it("a preview role that is the deploy role, and a trusted account that is not in accounts", () => {
        const same = edit(text, "previewRoleName: LandingZonePreview", "previewRoleName: LandingZoneDeploy");
        expectDiagnostic(eu(same), { ...inFile, path: "deployment.previewRoleName", message: /^the preview role must be another role than the deploy role \(LandingZoneDeploy\)/ });
        const trusted = edit(text, "trustedAccount: cicd", "trustedAccount: ci");
        expectDiagnostic(eu(trusted), { ...inFile, path: "deployment.trustedAccount", message: /^trusted account "ci" is not in accounts/ });
    });

    it("reports every problem of one file in one run, exit code 2, no stack trace", () => {
        const t = edit(edit(edit(text, "amazonSideAsn: 64600", "amazonSideAsn: 64512"), "trustedAccount: cicd", "trustedAccount: ci"), "  account: log-archive\n", "  account: nowhere\n");
        const dir = fs.mkdtempSync(path.join(require("os").tmpdir(), "day-one-"));
        const file = path.join(dir, FILE);
        fs.writeFileSync(file, t);
        const out: string[] = [];
        const err: string[] = [];
        try {
            assert.strictEqual(validate([file], (l) => out.push(l), (l) => err.push(l)), 2);
        } finally {
            fs.rmSync(dir, { recursive: true, force: true });
        }
        const text2 = [...out, ...err].join("\n");
        for (const key of [`${DX}.amazonSideAsn`, "deployment.trustedAccount", "logArchive.account"]) assert.match(text2, new RegExp(`${FILE}:\\d+:\\d+ ${key.replace(/\./g, "\\.")}: `), key);
        assert.doesNotMatch(text2, /\n\s+at /, "no stack trace");
    });
});
