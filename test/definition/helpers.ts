/**
 * Test helpers: small definitions as YAML text, and positions computed from the text
 * itself so the tests check real line/column numbers.
 */
import * as assert from "assert";
import { Diagnostic } from "../../definition/diagnostics";
import { LoadResult, loadDefinitionText } from "../../program/load";

/** A valid single-account definition (file name tt.yaml). */
export const base = `environment: tt
region: us-east-1
accounts:
  sandbox: "111111111111"
network:
  account: sandbox
  transitGateway:
    domains:
      shared:
        reaches: [apps]
      apps:
        reaches: [shared, apps]
  hub:
    cidr: 10.0.0.0/21
    availabilityZones: 2
  endpoints:
    services: [ssm, kms]
spokes:
  - name: app-a
    account: sandbox
    cidr: 10.1.0.0/16
    domain: apps
  - name: app-b
    account: sandbox
    cidr: 10.2.0.0/16
    domain: apps
`;

/** A valid definition with an organization and on-premises (file name oo.yaml). */
export const orgBase = `environment: oo
region: eu-west-1
organization:
  id: o-a1b2c3d4e5
  units:
    workloads: ou-ab12-wrkld001
accounts:
  management: "100000000001"
  network: "100000000002"
  app: "100000000003"
deployment:
  roleName: NetworkAdmin
network:
  account: network
  transitGateway:
    shareWith: [workloads]
    onPremises:
      vpn:
        customerGatewayIp: 198.51.100.7
    domains:
      shared:
        reaches: [prod, onprem]
      prod:
        reaches: [shared, prod, onprem]
        cidrs: [10.16.0.0/13]
      onprem:
        reaches: [shared, prod]
  hub:
    cidr: 10.0.0.0/21
  endpoints:
    services: [ssm, ecr.api, ecr.dkr]
  dns:
    onPremises:
      cidrs: [172.16.0.0/12]
      inboundResolver: true
      forwardedDomains:
        - domain: corp.example.com
          targetIps: [172.16.0.10]
spokes:
  - name: pay
    account: app
    cidr: 10.16.0.0/16
    domain: prod
  - name: shop
    account: app
    cidr: 10.17.0.0/16
    domain: prod
endpointServices:
  - name: pay-api
    spoke: pay
    targets: [10.16.0.10]
    consumers: [shop]
`;

export function load(text: string, file = "tt.yaml"): LoadResult {
    return loadDefinitionText(text, file);
}

/** Replaces exactly one occurrence of `from` (fails loudly when the fixture drifted). */
export function edit(text: string, from: string, to: string): string {
    const first = text.indexOf(from);
    assert.ok(first >= 0, `fixture does not contain ${JSON.stringify(from)}`);
    assert.strictEqual(text.indexOf(from, first + 1), -1, `fixture contains ${JSON.stringify(from)} more than once`);
    return text.slice(0, first) + to + text.slice(first + from.length);
}

/** 1-based line and column of the n-th occurrence of `needle` in `text`. */
export function at(text: string, needle: string, occurrence = 1): { line: number; col: number } {
    let index = -1;
    for (let i = 0; i < occurrence; i++) {
        index = text.indexOf(needle, index + 1);
        assert.ok(index >= 0, `text does not contain ${JSON.stringify(needle)} (${occurrence})`);
    }
    const before = text.slice(0, index).split("\n");
    return { line: before.length, col: before[before.length - 1].length + 1 };
}

export interface Expected {
    path: string;
    message: string | RegExp;
    /** Where the diagnostic must point. */
    line?: number;
    col?: number;
    severity?: "error" | "warning";
    file?: string;
}

/** Finds the diagnostic with this path and message, and checks its position. */
export function expectDiagnostic(result: LoadResult, expected: Expected): Diagnostic {
    const matches = result.diagnostics.filter(
        (d) =>
            d.path === expected.path &&
            (typeof expected.message === "string" ? d.message === expected.message : expected.message.test(d.message)),
    );
    assert.ok(
        matches.length > 0,
        `no diagnostic at ${expected.path} matching ${String(expected.message)}; got:\n${result.diagnostics.map((d) => `  ${d.line}:${d.col} ${d.path}: ${d.message}`).join("\n")}`,
    );
    const d = matches[0];
    if (expected.line !== undefined) assert.strictEqual(d.line, expected.line, `line of ${d.path}: ${d.message}`);
    if (expected.col !== undefined) assert.strictEqual(d.col, expected.col, `column of ${d.path}: ${d.message}`);
    assert.strictEqual(d.severity, expected.severity ?? "error", `severity of ${d.path}: ${d.message}`);
    assert.strictEqual(d.file, expected.file ?? "tt.yaml");
    return d;
}

/** Errors only. */
export function errors(result: LoadResult): Diagnostic[] {
    return result.diagnostics.filter((d) => d.severity === "error");
}

/** Asserts the text is valid: a definition, no errors, no warnings. */
export function expectClean(result: LoadResult): void {
    assert.deepStrictEqual(
        result.diagnostics.map((d) => `${d.line}:${d.col} ${d.path}: ${d.message}`),
        [],
    );
    assert.ok(result.definition);
}
