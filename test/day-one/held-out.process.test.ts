/**
 * What an adopter needs on day one, shown on held-out definitions: every file in
 * test/fixtures/definitions/ (drop more there; DAY_ONE_DEFINITIONS=<dir> adds another
 * folder) validates, plans — unit `all` and every unit on its own — with zero mandatory
 * policy violations through the real Analyzer protocol (each stack judged with the config
 * `npm run plan` gives it), and its plan has:
 *  - every VPC's flow log delivering to the log archive's bucket, one prefix per VPC;
 *  - a log archive bucket versioned, encrypted, expiring after the definition's retention,
 *    whose policy lets only the log delivery service of the environment's accounts write;
 *  - a Direct Connect gateway association whose allowed prefixes cover every CIDR of the
 *    domains `onprem` reaches and none of the others — checked against a computation from
 *    the YAML itself, not from the generator;
 *  - a cost report in the definition's Region's prices.
 * It also rehearses: deploy into an empty organization, converge, destroy — and a wave order
 * that creates flow logs before the log archive fails, naming the AWS rule.
 */
import * as assert from "assert";
import * as fs from "fs";
import * as path from "path";
import * as YAML from "yaml";
import { priceResources } from "../../analysis/cost";
import { PlannedResource } from "../../analysis/plan-records";
import { logArchiveEncryption, logDeliveryPrincipal } from "../../aws/flow-log-delivery";
import { T, keptBucketConfiguration } from "../../aws/lifecycle";
import { pricesFor } from "../../aws/prices";
import { Definition } from "../../definition/schema";
import { stackName, unitsOf } from "../../definition/units";
import { stackWaves } from "../../program/stack-graph";
import { PolicySession } from "../../tools/plan/analyzer";
import { PlanResult } from "../../tools/plan/model";
import { loadForPlan, planProgram } from "../../tools/plan/run";
import { policyConfigFor } from "../../tools/policy-config";
import { exitCodeOf, rehearse } from "../../tools/rehearse/rehearse";

const root = path.resolve(__dirname, "..", "..");
const packDir = path.join(root, "policypacks", "landing-zone");
const dirs = [path.join(root, "test", "fixtures", "definitions"), ...(process.env.DAY_ONE_DEFINITIONS ? [path.resolve(process.env.DAY_ONE_DEFINITIONS)] : [])];
const files = dirs.flatMap((d) => (fs.existsSync(d) ? fs.readdirSync(d).filter((f) => f.endsWith(".yaml")).map((f) => path.join(d, f)) : []));

// ---- an independent reading of the YAML (no project code) -------------------------------------

type Raw = Record<string, any>;

/** [first, last] address of an IPv4 CIDR, as numbers. */
function range(cidr: string): [number, number] {
    const [ip, len] = cidr.split("/");
    const start = ip.split(".").reduce((n, o) => n * 256 + Number(o), 0);
    const size = 2 ** (32 - Number(len));
    return [start, start + size - 1];
}
const inside = (inner: string, outer: string) => range(inner)[0] >= range(outer)[0] && range(inner)[1] <= range(outer)[1];
const overlap = (a: string, b: string) => range(a)[0] <= range(b)[1] && range(b)[0] <= range(a)[1];

/** Every CIDR of a domain as the YAML writes it: its summary blocks, its spokes' VPCs, and the hub for `shared`. */
function domainCidrsFromYaml(raw: Raw, domain: string): string[] {
    const declared: string[] = raw.network.transitGateway.domains[domain]?.cidrs ?? [];
    const vpcs: string[] = (raw.spokes ?? []).filter((s: Raw) => s.domain === domain).map((s: Raw) => s.cidr);
    if (domain === "shared") vpcs.push(raw.network.hub.cidr);
    return [...declared, ...vpcs];
}

const ofType = (resources: PlannedResource[], type: string) => resources.filter((r) => r.type === type);
const list = (v: unknown): string[] => (v === undefined ? [] : Array.isArray(v) ? (v as string[]) : [v as string]);

for (const file of files) {
    describe(`day one, held out: ${path.relative(root, file)}`, function () {
        this.timeout(600000);
        const raw: Raw = YAML.parse(fs.readFileSync(file, "utf8"));
        let definition: Definition;
        let all: PlanResult;
        // One pack process per distinct config: each stack is judged with its own (stack-group levels apply).
        const sessions = new Map<string, PolicySession>();

        before(async () => {
            definition = loadForPlan(file).definition;
            all = await planProgram({ definitionFile: file, unit: "all", definition });
        });
        after(() => {
            for (const s of sessions.values()) s.close();
        });

        const mandatory = async (plan: PlanResult) => {
            const config = policyConfigFor(definition, { stack: plan.stack });
            const key = JSON.stringify(config);
            let session = sessions.get(key);
            if (!session) sessions.set(key, (session = await PolicySession.start({ packDir, config })));
            return (await session.judge(plan)).violations.filter((v) => v.level === "mandatory").map((v) => `${v.policy} ${v.urn}: ${v.message}`);
        };

        it("plans every unit together (unit all) with zero mandatory violations", async () => {
            assert.ok(all.resources.length > 0);
            assert.deepStrictEqual(await mandatory(all), []);
        });

        it("plans every unit on its own with zero mandatory violations", async () => {
            const failures: string[] = [];
            for (const unit of unitsOf(definition)) {
                const plan = await planProgram({ definitionFile: file, unit, definition });
                assert.ok(plan.resources.some((r) => r.custom !== false && !r.type.startsWith("pulumi:")), `${unit} plans resources`);
                failures.push(...(await mandatory(plan)).map((m) => `${unit}: ${m}`));
            }
            assert.deepStrictEqual(failures, []);
        });

        it("delivers every VPC's flow log to the log archive's bucket, one prefix per VPC", () => {
            if (!raw.logArchive) return;
            const buckets = ofType(all.resources, T.s3Bucket);
            assert.strictEqual(buckets.length, 1, "one bucket: the log archive's");
            const bucket = String(buckets[0].inputs.bucket);
            const vpcs = ofType(all.resources, T.vpc);
            const flowLogs = ofType(all.resources, T.flowLog);
            assert.strictEqual(vpcs.length, 1 + (raw.spokes ?? []).length, "the hub and every spoke");
            assert.strictEqual(flowLogs.length, vpcs.length);
            const prefixes = new Set<string>();
            for (const f of flowLogs) {
                assert.strictEqual(f.inputs.logDestinationType, "s3", f.name);
                const destination = String(f.inputs.logDestination);
                assert.ok(destination.startsWith(`arn:aws:s3:::${bucket}/`), `${f.name} delivers to ${destination}`);
                prefixes.add(destination);
                assert.ok((f.dependencies.vpcId ?? []).some((u) => vpcs.some((v) => v.urn === u)), `${f.name} logs a VPC of the plan`);
                assert.strictEqual(f.inputs.iamRoleArn, undefined, "S3 delivery needs no role");
            }
            assert.strictEqual(prefixes.size, flowLogs.length, "each VPC writes under a prefix of its own");
            assert.strictEqual(ofType(all.resources, T.logGroup).filter((g) => /vpc-flow-logs/.test(String(g.inputs.name))).length, 0, "no CloudWatch flow-log group");
        });

        it("keeps the log archive versioned, encrypted, private and expiring after the definition's retention", () => {
            if (!raw.logArchive) return;
            const bucket = ofType(all.resources, T.s3Bucket)[0];
            const of = (type: string) => ofType(all.resources, type).find((r) => (r.dependencies.bucket ?? []).includes(bucket.urn))!;
            assert.deepStrictEqual(of(T.s3BucketVersioning).inputs.versioningConfiguration, { status: "Enabled" });
            const sse = of(T.s3BucketEncryption).inputs.rules as { applyServerSideEncryptionByDefault: { sseAlgorithm: string } }[];
            assert.strictEqual(sse[0].applyServerSideEncryptionByDefault.sseAlgorithm, logArchiveEncryption.sseAlgorithm);
            const rules = of(T.s3BucketLifecycle).inputs.rules as { status: string; expiration?: { days?: number } }[];
            assert.ok(rules.some((r) => r.status === "Enabled" && r.expiration?.days === (raw.logArchive.retentionDays ?? 365)));
            const block = of(T.s3BucketPublicAccessBlock).inputs;
            for (const k of ["blockPublicAcls", "blockPublicPolicy", "ignorePublicAcls", "restrictPublicBuckets"]) assert.strictEqual(block[k], true, k);
        });

        it("has a bucket policy that lets only the log delivery service of the environment's accounts write", () => {
            if (!raw.logArchive) return;
            const bucket = ofType(all.resources, T.s3Bucket)[0];
            const policy = ofType(all.resources, T.bucketPolicy).find((p) => (p.dependencies.bucket ?? []).includes(bucket.urn))!;
            const statements = JSON.parse(String(policy.inputs.policy)).Statement as Raw[];
            const accounts = [...new Set([raw.network.account, ...(raw.spokes ?? []).map((s: Raw) => s.account)].map((n: string) => raw.accounts[n]))].sort();
            const allows = statements.filter((s) => s.Effect === "Allow");
            assert.ok(allows.length > 0);
            for (const s of allows) {
                assert.deepStrictEqual(s.Principal, { Service: logDeliveryPrincipal });
                assert.deepStrictEqual(list(s.Condition.StringEquals["aws:SourceAccount"]).sort(), accounts);
            }
            const writes = allows.filter((s) => list(s.Action).some((a) => /^s3:(Put|Delete|\*)/.test(a)));
            assert.deepStrictEqual(writes.flatMap((s) => list(s.Action)), ["s3:PutObject"]);
            // And the perimeter's Denies are there (TLS, identities, networks).
            for (const sid of ["DenyInsecureTransport", "DenyIdentitiesOutsidePerimeter", "DenyOutsideExpectedNetworks"]) assert.ok(statements.some((s) => s.Sid === sid && s.Effect === "Deny"), sid);
        });

        it("has the pack judge the log archive's policy as a protected bucket's (a policy without its network Deny is refused)", async () => {
            if (!raw.logArchive) return;
            const plan = await planProgram({ definitionFile: file, unit: "log-archive", definition });
            const policy = ofType(plan.resources, T.bucketPolicy)[0];
            const doc = JSON.parse(String(policy.inputs.policy));
            doc.Statement = doc.Statement.filter((s: Raw) => s.Sid !== "DenyOutsideExpectedNetworks");
            // The stack rules read the planned state (outputs, which in a preview are the inputs): change both.
            const edited = (props: Record<string, unknown> | undefined) => (props ? { ...props, policy: JSON.stringify(doc) } : props);
            const broken: PlanResult = { ...plan, resources: plan.resources.map((r) => (r === policy ? { ...r, inputs: edited(r.inputs)!, outputs: edited(r.outputs) } : r)) };
            const found = await mandatory(broken);
            assert.ok(found.some((m) => m.startsWith("perimeter-s3-bucket-policy-protected-network")), found.join("\n"));
        });

        it("associates a Direct Connect gateway announcing exactly the domains onprem reaches", () => {
            const dx = raw.network.transitGateway.onPremises?.directConnect;
            if (!dx) return;
            const [association] = ofType(all.resources, T.dxGatewayAssociation);
            assert.ok(association, "a Direct Connect gateway association");
            const prefixes = list(association.inputs.allowedPrefixes);
            const reached: string[] = raw.network.transitGateway.domains.onprem.reaches.filter((d: string) => d !== "onprem");
            const others = Object.keys(raw.network.transitGateway.domains).filter((d) => d !== "onprem" && !reached.includes(d));
            for (const d of reached) for (const c of domainCidrsFromYaml(raw, d)) assert.ok(prefixes.some((p) => inside(c, p)), `${c} of ${d} is announced`);
            for (const d of others) for (const c of domainCidrsFromYaml(raw, d)) assert.ok(!prefixes.some((p) => overlap(c, p)), `${c} of ${d} is not announced`);
            // The gateway is the association's; the attachment joins the onprem route table.
            const [gateway] = ofType(all.resources, T.dxGateway);
            assert.strictEqual(gateway.inputs.amazonSideAsn, String(dx.amazonSideAsn));
            assert.ok((association.dependencies.dxGatewayId ?? []).includes(gateway.urn));
            assert.ok((association.dependencies.associatedGatewayId ?? []).some((u) => ofType(all.resources, T.transitGateway).some((t) => t.urn === u)));
            const onprem = ofType(all.resources, T.tgwRouteTable).find((t) => (t.inputs.tags as Raw)["landing-zone:domain"] === "onprem")!;
            const joined = ofType(all.resources, T.tgwRouteTableAssociation).find((a) => (a.dependencies.transitGatewayAttachmentId ?? []).includes(association.urn))!;
            assert.ok(joined && (joined.dependencies.transitGatewayRouteTableId ?? []).includes(onprem.urn), "the association's attachment is associated with the onprem route table");
        });

        it("prices the plan in the definition's Region", () => {
            const cost = priceResources(all.resources, { region: raw.region });
            assert.ok(cost.prices.startsWith(`${raw.region} `), cost.prices);
            const table = pricesFor(raw.region);
            const attachments = cost.lines.find((l) => l.item === "Transit gateway attachments")!;
            assert.strictEqual(attachments.unitUsd, table.transitGatewayAttachmentHour);
            // Hub and spokes, plus the Direct Connect gateway's attachment.
            assert.strictEqual(attachments.quantity, 1 + (raw.spokes ?? []).length + (raw.network.transitGateway.onPremises?.directConnect ? 1 : 0));
            if (raw.network.transitGateway.onPremises?.directConnect) assert.ok(cost.notes.some((n) => /Direct Connect gateway itself is free/.test(n)));
            // Every item another Region's price stands in for is named.
            for (const f of table.fallbacks.filter((x) => x.item === "transitGatewayAttachmentHour")) assert.ok(cost.notes.some((n) => n.includes(f.item)));
        });

        it("rehearses: deploys into an empty organization, converges and is destroyed, keeping only the log archive's bucket (with its policy and configuration) and RAM sharing", async () => {
            const result = await rehearse({ definitionFile: file, destroy: true });
            assert.strictEqual(exitCodeOf(result), 0, [...result.findings.map((f) => `[${f.rule}] ${f.message}`)].join("\n"));
            for (const unit of unitsOf(definition)) {
                const stack = stackName(definition.environment, unit);
                assert.ok(result.steps.some((s) => s.stack === stack && s.stage === "deploy" && s.creates > 0), `${stack} deployed`);
                assert.ok(result.steps.some((s) => s.stack === stack && s.operation === "destroy"), `${stack} destroyed`);
            }
            // The log archive's bucket is kept with every piece of its configuration (aws/lifecycle.ts keptBucketConfiguration).
            const kept = [T.ramSharingWithOrganization, T.s3Bucket, T.tgwVpcAttachmentAccepter, T.bucketPolicy, ...keptBucketConfiguration.map((k) => k.type)];
            for (const type of Object.keys(result.final.retainedInAws)) assert.ok(kept.includes(type as never), type);
            if (raw.logArchive) for (const k of keptBucketConfiguration) assert.ok((result.final.retainedInAws[k.type] ?? 0) >= 1, `the log archive keeps its ${k.type}`);
        });

        it("orders the stacks: bootstrap first and last, the log archive before every flow log and after every VPC", () => {
            const waves = stackWaves(definition);
            const firstWave = (stack: string) => waves.waves.findIndex((w) => w.stacks.some((s) => s.stack === stack));
            const destroyWave = (stack: string) => waves.destroyWaves.findIndex((w) => w.stacks.some((s) => s.stack === stack));
            const env = definition.environment;
            const producers = ["network", ...definition.spokes.map((s) => s.name)].map((u) => stackName(env, u));
            if (raw.deployment?.bootstrap) {
                assert.deepStrictEqual(waves.waves[0].stacks.map((s) => s.stack), [stackName(env, "bootstrap")]);
                assert.deepStrictEqual(waves.destroyWaves.at(-1)!.stacks.map((s) => s.stack), [stackName(env, "bootstrap")]);
            }
            if (raw.logArchive) {
                const archive = stackName(env, "log-archive");
                for (const p of producers) {
                    assert.ok(firstWave(archive) < firstWave(p), `${archive} before ${p}`);
                    assert.ok(destroyWave(archive) > destroyWave(p), `${archive} destroyed after ${p}`);
                }
            }
        });

        it("fails, naming the AWS rule, when flow logs are created before the log archive's bucket policy", async () => {
            if (!raw.logArchive) return;
            const archive = stackName(definition.environment, "log-archive");
            const result = await rehearse({
                definitionFile: file,
                wavesFor: (stage, waves) =>
                    stage !== "deploy" ? waves : [...waves.map((w) => ({ stacks: w.stacks.filter((s) => s.stack !== archive) })).filter((w) => w.stacks.length > 0), { stacks: waves.flatMap((w) => w.stacks).filter((s) => s.stack === archive) }],
            });
            const failed = result.steps.find((s) => s.outcome === "failed");
            assert.ok(failed, "a step fails");
            assert.match(failed!.message!, /\[flow-log-s3-needs-bucket-policy\]/);
            assert.strictEqual(exitCodeOf(result), 1);
        });
    });
}
