/**
 * Independent check of the data perimeter (review-perimeter).
 *
 * For each case file in test/perimeter/review/cases/<env>.cases.yaml:
 *  1. builds the request context itself, from AWS's documentation (the global condition keys
 *     page; aws-samples/data-perimeter-policy-examples' list of services that send
 *     aws:VpceOrgID), never from the project's aws/ or perimeter/ modules;
 *  2. takes the documents from `npm run plan -- --json` (unit all for endpoint, bucket and role
 *     policies; unit org for the SCPs/RCPs and their attachments) and evaluates with
 *     @cloud-copilot/iam-simulate;
 *  3. writes the same cases in the `npm run perimeter --scenarios` format and runs the project's
 *     engine on them;
 *  4. prints expected / independent / engine per case.
 *
 * Usage: ts-node --transpile-only test/perimeter/review/independent.ts <cases.yaml>... [--json out]
 */
import * as fs from "fs";
import * as os from "os";
import * as path from "path";
import * as YAML from "yaml";
import { rcpSupportedServices } from "../../../aws/rcp-supported-services";
import { runScript } from "../../support/processes";
// eslint-disable-next-line @typescript-eslint/no-var-requires
const { runSimulation, anonymousPrincipal } = require("@cloud-copilot/iam-simulate");
const simDir = path.join(path.dirname(require.resolve("@cloud-copilot/iam-simulate")));
// eslint-disable-next-line @typescript-eslint/no-var-requires
const { authorize } = require(path.join(simDir, "core_engine/CoreSimulatorEngine.js"));
// eslint-disable-next-line @typescript-eslint/no-var-requires
const { AwsRequestImpl } = require(path.join(simDir, "request/request.js"));
// eslint-disable-next-line @typescript-eslint/no-var-requires
const { RequestContextImpl } = require(path.join(simDir, "requestContext.js"));
// eslint-disable-next-line @typescript-eslint/no-var-requires
const { DiscoveryContextKeyConstraints } = require(path.join(simDir, "context_keys/discoveryContextKeyConstraints.js"));
// eslint-disable-next-line @typescript-eslint/no-var-requires
const { loadPolicy } = require("@cloud-copilot/iam-policy");

/** iam-simulate's core evaluator on exactly the given context (no validation, no key filtering). */
function evaluateExact(sim: any): { result: string; analysis: any } {
    const load = (list: any[]) => list.map((o: any) => ({ orgIdentifier: o.orgIdentifier, policies: o.policies.map((v: any) => loadPolicy(v.policy, { name: v.name })) }));
    const analysis = authorize({
        request: new AwsRequestImpl(sim.request.principal, sim.request.resource, sim.request.action, new RequestContextImpl(sim.request.contextVariables)),
        sessionPolicy: undefined,
        identityPolicies: sim.identityPolicies.map((p: any) => loadPolicy(p.policy, { name: p.name })),
        serviceControlPolicies: load(sim.serviceControlPolicies),
        resourceControlPolicies: load(sim.resourceControlPolicies),
        resourcePolicy: sim.resourcePolicy ? loadPolicy(sim.resourcePolicy, { name: "resource-policy" }) : undefined,
        permissionBoundaries: undefined,
        vpcEndpointPolicies: sim.vpcEndpointPolicies ? sim.vpcEndpointPolicies.map((p: any) => loadPolicy(p.policy, { name: p.name })) : undefined,
        simulationParameters: { simulationMode: "Strict", discoveryContextKeyConstraints: new DiscoveryContextKeyConstraints([]) },
        serviceSettings: { s3: { blockPublicAccess: undefined } },
    });
    return { result: analysis.result, analysis };
}

const repo = path.resolve(__dirname, "../../..");

/** aws-samples/data-perimeter-policy-examples@8e0d3c5, service_control_policies/network_perimeter_vpceorgid_scp.json, Action list. */
const VPCE_ORG_ID_PREFIXES = new Set(
    "acm-pca applicationinsights apprunner athena b2bi cassandra cloudformation cognito-identity comprehendmedical compute-optimizer datasync discovery dms ds-data ebs ecr ecs firehose healthlake identitystore iotfleetwise iottwinmaker iotwireless kinesisanalytics kms lambda medical-imaging network-firewall omics payment-cryptography polly pricing rbin rekognition route53 s3 scheduler servicediscovery servicequotas ses sms-voice sqs ssm-contacts storagegateway textract transcribe transfer workmail".split(" "),
);
/**
 * RCP-supported services (AWS Organizations, "List of AWS services that support RCPs"): the
 * sourced list in aws/rcp-supported-services.ts (from the Service Authorization Reference data's
 * `servicesWithRcpSupport()`; a test fails when an entry leaves it). A hand-kept copy here went stale
 * (it lacked codeartifact and xray, which AWS lists).
 */
const RCP_PREFIXES = new Set(rcpSupportedServices);
/** Catalog endpoint name -> IAM prefix (service authorization reference). */
const IAM_PREFIX: Record<string, string> = { monitoring: "cloudwatch", "ecr.api": "ecr", "ecr.dkr": "ecr", "bedrock-runtime": "bedrock", "kinesis-firehose": "firehose", "kinesis-streams": "kinesis", "sagemaker.api": "sagemaker", "sagemaker.runtime": "sagemaker", "email-smtp": "ses", elasticfilesystem: "elasticfilesystem" };
const AWS_IP = "52.94.133.131"; // an address in AWS's published ranges (service network)

type Case = {
    id: string;
    source?: string;
    note?: string;
    expect: "allowed" | "denied";
    principal: string; // role ARN | service:<name> | anonymous
    tags?: Record<string, string>;
    principalOrgId?: string;
    action: string;
    resource: string;
    resourceAccount?: string; // account id or logical name; omit for AWS-owned ARNs without account
    resourceOrgId?: string;
    region?: string;
    via: any; // { endpoint: svc, spoke? } | { gateway: s3|dynamodb, spoke } | { internet: ip } | { awsNetwork: true } | { networkInterface: true } | { fas: [..] } | { foreignEndpoint: svc, account, orgId?, vpc? }
    context?: Record<string, string | string[]>;
    resourcePolicy?: any; // inline | "bucket:<name>" | "role:<plan resource name>"
    engine?: boolean; // false: do not send to the project's engine
};

type CaseFile = {
    definition: string;
    /** account name -> OU name, for accounts not under the first attachTo OU. */
    ouOf?: Record<string, string>;
    cases: Case[];
};

function plan(def: string, unit: string | undefined, out: string) {
    const args = ["--definition", def, "--json", out, "--no-tree", "--no-policy"];
    if (unit) args.push("--unit", unit);
    const r = runScript(path.join(repo, "tools/plan/cli.ts"), args, { cwd: repo });
    if (!fs.existsSync(out)) throw new Error(`plan failed for ${def} ${unit ?? "all"}: ${(r.stdout + r.stderr).slice(-2000)}`);
    return JSON.parse(fs.readFileSync(out, "utf8"));
}

function main() {
    const argv = process.argv.slice(2);
    const jsonOut = argv.includes("--json") ? argv[argv.indexOf("--json") + 1] : undefined;
    const files = argv.filter((a, i) => !a.startsWith("--") && argv[i - 1] !== "--json");
    const all: any[] = [];
    return (async () => {
        for (const f of files) all.push(...(await runFile(f)));
        if (jsonOut) fs.writeFileSync(jsonOut, JSON.stringify(all, null, 2));
        const bad = all.filter((r) => r.independent !== r.expect || r.engine !== r.expect);
        console.log(`\n${all.length} cases; independent != expected: ${all.filter((r) => r.independent !== r.expect).length}; engine != expected: ${all.filter((r) => r.engine !== undefined && r.engine !== r.expect).length}; engine != independent: ${all.filter((r) => r.engine !== undefined && r.engine !== r.independent).length}`);
        process.exitCode = bad.length ? 1 : 0;
    })();
}

export async function runFile(file: string, opts: { quiet?: boolean } = {}) {
    const cf: CaseFile = YAML.parse(fs.readFileSync(file, "utf8"));
    const defPath = path.resolve(path.dirname(file), cf.definition);
    const def = YAML.parse(fs.readFileSync(defPath, "utf8"));
    const env: string = def.environment;
    const tmp = fs.mkdtempSync(path.join(os.tmpdir(), `rp-${env}-`));
    const pAll = plan(defPath, undefined, path.join(tmp, "all.json"));
    const hasOrg = !!def.organization;
    const pOrg = hasOrg ? plan(defPath, "org", path.join(tmp, "org.json")) : undefined;

    const accounts: Record<string, string> = def.accounts;
    const idOf = (a: string | undefined) => (a === undefined ? undefined : accounts[a] ?? a);
    const ourIds = new Set(Object.values(accounts));
    const orgId: string | undefined = def.organization?.id;
    const region: string = def.region;
    const units: Record<string, string> = def.organization?.units ?? {};
    const attachTo: string[] = def.perimeter?.attachTo ?? Object.keys(units);
    const ouOfAccount = (acct: string): string | undefined => {
        const name = Object.entries(accounts).find(([, v]) => v === acct)?.[0];
        if (!name) return undefined;
        if (name === "management") return "ROOT";
        return cf.ouOf?.[name] ?? attachTo[0];
    };

    // Documents
    const byName = new Map<string, any>(pAll.resources.map((r: any) => [r.name, r]));
    const orgPolicies: { name: string; type: string; content: any; targets: string[] }[] = [];
    if (pOrg) {
        const urnName = new Map<string, string>(pOrg.resources.map((r: any) => [r.urn, r.name]));
        for (const r of pOrg.resources.filter((r: any) => r.type === "aws:organizations/policy:Policy")) {
            orgPolicies.push({ name: r.name, type: r.inputs.type, content: JSON.parse(r.inputs.content), targets: [] });
        }
        for (const a of pOrg.resources.filter((r: any) => r.type === "aws:organizations/policyAttachment:PolicyAttachment")) {
            const pol = urnName.get(a.dependencies.policyId[0]);
            orgPolicies.find((p) => p.name === pol)!.targets.push(a.inputs.targetId);
        }
    }
    const hubVpc = (() => {
        for (const p of orgPolicies) for (const s of p.content.Statement) { const v = s.Condition?.StringEquals?.["aws:SourceVpc"]; if (v) return Array.isArray(v) ? v[0] : v; }
        return "vpc-0hub0000000000000";
    })();
    const endpointsByService = new Map<string, any[]>();
    for (const r of pAll.resources.filter((r: any) => r.type === "aws:ec2/vpcEndpoint:VpcEndpoint")) {
        const svc = String(r.inputs.serviceName ?? "").replace(`com.amazonaws.${region}.`, "");
        if (!endpointsByService.has(svc)) endpointsByService.set(svc, []);
        endpointsByService.get(svc)!.push(r);
    }
    const spokeVpc = (spoke: string) => `vpc-0${Buffer.from(spoke).toString("hex").padEnd(16, "0").slice(0, 16)}`;

    const engineScenarios: any[] = [];
    const rows: any[] = [];
    for (const c of cf.cases) {
        const ctx: Record<string, string | string[]> = {};
        const reqRegion = c.region ?? region;
        ctx["aws:RequestedRegion"] = reqRegion;
        ctx["aws:SecureTransport"] = "true";
        ctx["aws:CurrentTime"] = "2026-11-27T10:00:00Z";
        ctx["aws:EpochTime"] = "1795773600";
        // Principal (global condition keys: "Properties of the principal")
        let principal: any;
        let principalAcct: string | undefined;
        const identityPolicies: any[] = [];
        if (c.principal === "anonymous") {
            principal = anonymousPrincipal;
        } else if (c.principal.startsWith("service:")) {
            principal = c.principal.slice(8);
            ctx["aws:PrincipalIsAWSService"] = "true";
            ctx["aws:PrincipalServiceName"] = principal;
        } else {
            principal = c.principal;
            principalAcct = c.principal.split(":")[4];
            ctx["aws:PrincipalArn"] = c.principal;
            ctx["aws:PrincipalAccount"] = principalAcct;
            ctx["aws:PrincipalType"] = "AssumedRole";
            ctx["aws:PrincipalIsAWSService"] = "false";
            ctx["aws:ViaAWSService"] = "false";
            const pOrgId = c.principalOrgId ?? (ourIds.has(principalAcct) ? orgId : undefined);
            if (pOrgId) ctx["aws:PrincipalOrgID"] = pOrgId;
            for (const [k, v] of Object.entries(c.tags ?? {})) ctx[`aws:PrincipalTag/${k}`] = v;
            identityPolicies.push({ name: "AllowAll", policy: { Version: "2012-10-17", Statement: [{ Effect: "Allow", Action: "*", Resource: "*" }] } });
        }
        // Resource owner (aws:ResourceAccount / aws:ResourceOrgID)
        const resAcct = idOf(c.resourceAccount);
        if (resAcct) {
            ctx["aws:ResourceAccount"] = resAcct;
            const rOrg = c.resourceOrgId ?? (ourIds.has(resAcct) ? orgId : undefined);
            if (rOrg) ctx["aws:ResourceOrgID"] = rOrg;
        }
        // Network path
        const prefix = c.action.split(":")[0];
        const vpceKeys = (acct: string, org: string | undefined) => {
            if (!VPCE_ORG_ID_PREFIXES.has(prefix)) return;
            ctx["aws:VpceAccount"] = acct;
            if (org) { ctx["aws:VpceOrgID"] = org; ctx["aws:VpceOrgPaths"] = [`${org}/r-abcd/`]; }
        };
        const endpointPolicies: any[] = [];
        const v = c.via;
        let engineFrom: any;
        if (v.endpoint) {
            const distributed = def.network?.endpoints?.mode === "distributed";
            const eps = endpointsByService.get(v.endpoint) ?? [];
            const ep = distributed ? eps.find((e) => e.name.startsWith(`${v.spoke}-`)) : eps.find((e) => e.name.startsWith(`${env}-endpoints-`));
            if (!ep) throw new Error(`${c.id}: no endpoint for ${v.endpoint}`);
            const vpc = distributed ? spokeVpc(v.spoke) : hubVpc;
            const acct = distributed ? accounts[def.spokes.find((s: any) => s.name === v.spoke).account] : accounts[def.network.account];
            ctx["aws:SourceVpc"] = vpc;
            ctx["aws:SourceVpcArn"] = `arn:aws:ec2:${region}:${acct}:vpc/${vpc}`;
            ctx["aws:SourceVpce"] = "vpce-0a1b2c3d4e5f60001";
            ctx["aws:VpcSourceIp"] = "10.16.1.25";
            vpceKeys(acct, orgId);
            if (ep.inputs.policy) endpointPolicies.push({ name: ep.name, policy: JSON.parse(ep.inputs.policy) });
            engineFrom = { endpoint: v.endpoint };
        } else if (v.gateway) {
            const ep = (endpointsByService.get(v.gateway) ?? []).find((e) => e.name === `${v.spoke}-${v.gateway}`);
            if (!ep) throw new Error(`${c.id}: no gateway endpoint ${v.spoke}-${v.gateway}`);
            const acct = accounts[def.spokes.find((s: any) => s.name === v.spoke).account];
            const vpc = spokeVpc(v.spoke);
            ctx["aws:SourceVpc"] = vpc;
            ctx["aws:SourceVpcArn"] = `arn:aws:ec2:${region}:${acct}:vpc/${vpc}`;
            ctx["aws:SourceVpce"] = "vpce-0a1b2c3d4e5f60002";
            ctx["aws:VpcSourceIp"] = "10.16.2.25";
            vpceKeys(acct, orgId);
            if (ep.inputs.policy) endpointPolicies.push({ name: ep.name, policy: JSON.parse(ep.inputs.policy) });
            engineFrom = { endpoint: `gateway:${v.gateway}` };
        } else if (v.internet) {
            ctx["aws:SourceIp"] = v.internet;
            engineFrom = { ip: v.internet };
        } else if (v.networkInterface) {
            // Inside a VPC to the service's network interface (an EFS mount target): no endpoint, no network key.
            engineFrom = { networkInterface: true };
        } else if (v.awsNetwork) {
            ctx["aws:SourceIp"] = AWS_IP;
            engineFrom = { awsNetwork: true };
        } else if (v.fas) {
            ctx["aws:SourceIp"] = AWS_IP;
            ctx["aws:ViaAWSService"] = "true";
            ctx["aws:CalledVia"] = v.fas;
            ctx["aws:CalledViaFirst"] = v.fas[0];
            ctx["aws:CalledViaLast"] = v.fas[v.fas.length - 1];
            engineFrom = { awsNetwork: true, forwardAccessSession: true, calledVia: v.fas };
        } else if (v.foreignEndpoint) {
            const vpc = v.vpc ?? "vpc-0f0e0d0c0b0a09080";
            ctx["aws:SourceVpc"] = vpc;
            ctx["aws:SourceVpcArn"] = `arn:aws:ec2:${reqRegion}:${v.account}:vpc/${vpc}`;
            ctx["aws:SourceVpce"] = "vpce-0ffffffffffff0001";
            ctx["aws:VpcSourceIp"] = "10.9.9.9";
            vpceKeys(v.account, v.orgId);
            engineFrom = { endpoint: v.foreignEndpoint, endpointAccount: v.account, ...(v.region ? { region: v.region } : {}), ...(v.vpc ? { vpcId: v.vpc } : {}) };
        } else throw new Error(`${c.id}: bad via`);
        Object.assign(ctx, c.context ?? {});
        for (const [k, val] of Object.entries(ctx)) if (val === null) delete ctx[k];

        // Resource policy
        let resourcePolicy: any;
        if (typeof c.resourcePolicy === "string") {
            const [kind, name] = c.resourcePolicy.split(/:(.*)/);
            if (kind === "bucket") {
                const bp = pAll.resources.find((r: any) => r.type === "aws:s3/bucketPolicy:BucketPolicy" && r.inputs.bucket === name);
                if (!bp) throw new Error(`${c.id}: no planned bucket policy for ${name}`);
                resourcePolicy = JSON.parse(bp.inputs.policy);
            } else if (kind === "role") {
                const rr = byName.get(name);
                if (!rr) throw new Error(`${c.id}: no planned role ${name}`);
                resourcePolicy = JSON.parse(rr.inputs.assumeRolePolicy);
            } else throw new Error(`${c.id}: resourcePolicy ${c.resourcePolicy}`);
        } else resourcePolicy = c.resourcePolicy;

        // SCPs apply to the principal's account (not the management account); RCPs to the resource's account.
        const ouIdOf = (ouName: string | undefined) => (ouName ? units[ouName] : undefined);
        const scps: any[] = [];
        const full = { Version: "2012-10-17", Statement: [{ Effect: "Allow", Action: "*", Resource: "*" }] };
        if (hasOrg && principalAcct && ourIds.has(principalAcct) && ouOfAccount(principalAcct) !== "ROOT") {
            const ou = ouIdOf(ouOfAccount(principalAcct));
            scps.push({ orgIdentifier: "r-root", policies: [{ name: "FullAWSAccess", policy: full }] });
            scps.push({ orgIdentifier: ou ?? "ou-none", policies: [{ name: "FullAWSAccess", policy: full }, ...orgPolicies.filter((p) => p.type === "SERVICE_CONTROL_POLICY" && ou && p.targets.includes(ou)).map((p) => ({ name: p.name, policy: p.content }))] });
            scps.push({ orgIdentifier: principalAcct, policies: [{ name: "FullAWSAccess", policy: full }] });
        }
        const rcpFull = { Version: "2012-10-17", Statement: [{ Effect: "Allow", Principal: "*", Action: "*", Resource: "*" }] };
        const rcps: any[] = [];
        if (hasOrg && resAcct && ourIds.has(resAcct) && ouOfAccount(resAcct) !== "ROOT" && RCP_PREFIXES.has(prefix)) {
            const ou = ouIdOf(ouOfAccount(resAcct));
            const mine = orgPolicies.filter((p) => p.type === "RESOURCE_CONTROL_POLICY" && ou && p.targets.includes(ou)).map((p) => ({ name: p.name, policy: p.content }));
            rcps.push({ orgIdentifier: "r-root", policies: [{ name: "RCPFullAWSAccess", policy: rcpFull }] });
            rcps.push({ orgIdentifier: ou ?? "ou-none", policies: [{ name: "RCPFullAWSAccess", policy: rcpFull }, ...mine] });
            rcps.push({ orgIdentifier: resAcct, policies: [{ name: "RCPFullAWSAccess", policy: rcpFull }] });
        }
        const sim: any = {
            request: { principal, action: c.action, resource: { resource: c.resource, accountId: resAcct ?? (c.resource === "*" && principalAcct ? principalAcct : "000000000000") }, contextVariables: ctx },
            identityPolicies,
            serviceControlPolicies: scps,
            resourceControlPolicies: rcps,
            resourcePolicy,
            vpcEndpointPolicies: endpointPolicies.length ? endpointPolicies : undefined,
        };
        // Verdict: the unsafe engine evaluates exactly the context given (no key filtering, and it
        // accepts AWS-owned ARNs with an empty account, which the validating entry point rejects).
        const exact = evaluateExact(sim);
        const independent: string = exact.result === "Allowed" ? "allowed" : "denied";
        let why = "";
        const res = await runSimulation({ ...sim, resourceControlPolicies: sim.resourceControlPolicies.map((o: any) => ({ ...o, policies: o.policies.filter((p: any) => p.name !== "RCPFullAWSAccess") })).filter((o: any) => o.policies.length) }, {});
        if (res.resultType === "error") why = `(validator: ${res.errors.message})`;
        else {
            const safe = res.overallResult === "Allowed" ? "allowed" : "denied";
            if (safe !== independent) why += `(validated engine says ${safe}; ignored keys ${JSON.stringify(res.result?.ignoredContextKeys ?? res.results?.[0]?.ignoredContextKeys)}) `;
        }
        if (independent === "denied") why += explainDeny({ result: { analysis: exact.analysis } });
        rows.push({ env, id: c.id, expect: c.expect, independent, why, note: c.note, source: c.source });

        if (c.engine !== false) {
            const sc: any = { id: c.id, description: c.note ?? c.id, expect: c.expect, principal: c.principal.startsWith("service:") ? c.principal.slice(8) : c.principal, action: c.action, resource: c.resource, from: engineFrom };
            if (c.tags) sc.principalTags = c.tags;
            if (c.principalOrgId) sc.principalOrgId = c.principalOrgId;
            if (resAcct) sc.resourceAccount = resAcct;
            if (c.resourceOrgId) sc.resourceOrgId = c.resourceOrgId;
            if (c.region) sc.region = c.region;
            const extra: Record<string, any> = { ...(c.context ?? {}) };
            for (const [k, val] of Object.entries(extra)) if (val === null) delete extra[k];
            if (Object.keys(extra).length) sc.context = extra;
            if (resourcePolicy) sc.resourcePolicy = resourcePolicy;
            engineScenarios.push(sc);
        }
    }
    // The project's engine
    const scenFile = path.join(tmp, `${path.basename(file).replace(/\.cases\.yaml$/, "")}.scenarios.yaml`);
    fs.mkdirSync(path.dirname(scenFile), { recursive: true });
    fs.writeFileSync(scenFile, YAML.stringify(engineScenarios));
    let engine: any[] = [];
    const engineErrors = new Map<string, string>();
    let remaining = engineScenarios;
    for (let attempt = 0; attempt < 5 && remaining.length; attempt++) {
        fs.writeFileSync(scenFile, YAML.stringify(remaining));
        const p = runScript(path.join(repo, "tools/perimeter.ts"), ["--definition", defPath, "--scenarios", scenFile, "--json"], { cwd: repo });
        const r = { code: p.status ?? 1, out: p.stdout + p.stderr };
        if (r.code === 2) {
            const failing = remaining.filter((sc) => r.out.includes(`(${sc.id})`) || r.out.includes(`scenario ${sc.id}:`));
            if (!failing.length) { console.log(`engine exit 2: ${r.out.slice(0, 3000)}`); break; }
            for (const sc of failing) engineErrors.set(sc.id, (r.out.split("\n").find((l: string) => l.includes(sc.id)) ?? "").slice(0, 300));
            remaining = remaining.filter((sc) => !failing.includes(sc));
            continue;
        }
        try { engine = JSON.parse(r.out.slice(r.out.indexOf("["))); } catch { console.log(`engine exit ${r.code}: ${r.out.slice(0, 3000)}`); }
        break;
    }
    fs.writeFileSync(scenFile, YAML.stringify(engineScenarios));
    for (const row of rows) {
        const e = engine.find((x) => x.id === row.id);
        row.engine = e?.verdict ?? (engineErrors.has(row.id) ? "error" : undefined);
        row.engineWhy = e?.decidedBy ?? engineErrors.get(row.id);
    }
    for (const row of opts.quiet ? [] : rows) {
        const mark = row.independent === row.expect && (row.engine === undefined || row.engine === row.expect) ? "ok  " : "DIFF";
        console.log(`${mark} ${env.padEnd(12)} ${row.id.padEnd(58)} expect=${row.expect.padEnd(7)} indep=${row.independent.padEnd(7)} engine=${String(row.engine).padEnd(7)} ${row.independent !== row.expect ? "[indep: " + row.why + "]" : ""} ${row.engine !== undefined && row.engine !== row.expect ? "[engine: " + row.engineWhy + "]" : ""}`);
    }
    return rows;
}

function explainDeny(res: any): string {
    const a = res.result?.analysis ?? res.results?.[0]?.analysis;
    if (!a) return "";
    const parts: string[] = [];
    const walk = (o: any, label: string) => {
        if (!o || typeof o !== "object") return;
        for (const s of o.denyStatements ?? []) parts.push(`${label}:${s.policyId ?? s.policyName ?? ""}/${s.statementId ?? s.explain?.identifier ?? "?"}`);
    };
    walk(a.identityAnalysis, "identity");
    walk(a.resourceAnalysis, "resource");
    walk(a.endpointAnalysis ?? a.vpcEndpointAnalysis, "endpoint");
    for (const s of a.scpAnalysis?.ouAnalysis ?? []) walk(s, "SCP");
    for (const s of a.rcpAnalysis?.ouAnalysis ?? []) walk(s, "RCP");
    const denied = Object.entries(a).filter(([k, v]: any) => v && typeof v === "object" && /Denied/.test(String(v.result))).map(([k, v]: any) => `${k}=${v.result}`);
    return [...parts, ...denied].join(" ") || String(a.result);
}

if (require.main === module) main();
