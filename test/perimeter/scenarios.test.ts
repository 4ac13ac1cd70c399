/**
 * The perimeter's promises, evaluated by an independent IAM evaluator
 * (`@cloud-copilot/iam-simulate`, a devDependency: tests and tools only) against the
 * documents generated for the shipped definitions.
 */
import * as assert from "assert";
import { runSimulation } from "@cloud-copilot/iam-simulate";
import * as fs from "fs";
import * as os from "os";
import * as path from "path";
import { perimeterScenarios, Scenario } from "../../perimeter/scenarios";
import { PolicyDocument } from "../../perimeter/types";
import { evaluateScenario, evaluateScenarios, loadScenarioFile, main, requestContext, simulationOf } from "../../tools/perimeter";
import { shipped } from "./helpers";

describe("perimeter: scenarios through an independent evaluator", function () {
    this.timeout(120000);
    const prod = shipped("prod");
    const dev = shipped("dev");

    for (const [env, definition] of [
        ["prod", prod],
        ["dev", dev],
    ] as const) {
        describe(env, () => {
            const scenarios = perimeterScenarios(definition);

            it("has unique scenario ids", () => {
                assert.strictEqual(new Set(scenarios.map((s) => s.id)).size, scenarios.length);
            });

            it("gets the promised verdict for every scenario", async () => {
                const results = await evaluateScenarios(definition, scenarios);
                const wrong = results.filter((r) => r.verdict !== r.scenario.expect).map((r) => `${r.scenario.id}: ${r.verdict} (${r.evaluation}), expected ${r.scenario.expect}`);
                assert.deepStrictEqual(wrong, []);
            });

            it("denies only through a perimeter layer, never for lack of a grant in the scenario", async () => {
                const results = await evaluateScenarios(definition, scenarios.filter((s) => s.expect === "denied"));
                const weak = results.filter((r) => r.blockedBy.length === 0).map((r) => r.scenario.id);
                assert.deepStrictEqual(weak, []);
            });
        });
    }

    it("runs at least 30 scenarios over the shipped definitions, covering the issue's list", () => {
        const ids = [...perimeterScenarios(prod), ...perimeterScenarios(dev)].map((s) => s.id);
        assert.ok(ids.length >= 30, `${ids.length} scenarios`);
        for (const required of [
            "org-identity-org-bucket-via-s3-gateway",
            "org-identity-outside-bucket-via-s3-gateway",
            "outside-identity-via-kms-endpoint",
            "ecr-layer-pull-via-s3-gateway",
            "org-identity-from-internet-denied",
            "break-glass-from-internet-allowed",
            "service-principal-writes-logs-to-org-bucket",
            "endpoint-to-unapproved-third-party-denied",
            "endpoint-to-approved-third-party-allowed",
            "endpoint-to-aws-service-allowed",
            "workload-modifies-endpoint-service-permissions-denied",
            "network-admin-modifies-endpoint-service-permissions-allowed",
            "ram-share-outside-org-denied",
        ]) {
            assert.ok(ids.includes(required), required);
        }
    });

    it("names who refused: the endpoint policy, the SCP, the RCP or the bucket policy", async () => {
        const byId = Object.fromEntries(perimeterScenarios(prod).map((s) => [s.id, s]));
        const blocked = async (id: string) => (await evaluateScenario(prod, byId[id])).blockedBy;
        assert.deepStrictEqual(await blocked("org-identity-outside-bucket-via-s3-gateway"), ["vpce"]);
        assert.deepStrictEqual(await blocked("workload-modifies-endpoint-service-permissions-denied"), ["scp"]);
        assert.deepStrictEqual(await blocked("service-principal-for-other-org-denied"), ["rcp"]);
        assert.deepStrictEqual(await blocked("protected-bucket-insecure-transport-denied"), ["resource"]);
    });

    it("builds the request context a real call carries", () => {
        const s = perimeterScenarios(prod).find((x) => x.id === "org-identity-org-bucket-via-s3-gateway")!;
        const ctx = requestContext(prod, s);
        assert.strictEqual(ctx["aws:PrincipalOrgID"], prod.organization!.id);
        assert.strictEqual(ctx["aws:ResourceOrgID"], prod.organization!.id);
        assert.strictEqual(ctx["aws:VpceOrgID"], prod.organization!.id);
        assert.match(String(ctx["aws:SourceVpce"]), /^vpce-[0-9a-f]{17}$/);
        assert.strictEqual(ctx["aws:SourceIp"], undefined, "requests through an endpoint carry no public source IP");
        const internet = requestContext(prod, perimeterScenarios(prod).find((x) => x.id === "org-identity-from-internet-denied")!);
        assert.strictEqual(internet["aws:SourceIp"], "192.0.2.77");
        assert.strictEqual(internet["aws:VpceOrgID"], undefined);
    });

    describe("the evaluator notices a broken guardrail (mutations of the generated documents)", () => {
        const byId = Object.fromEntries(perimeterScenarios(prod).map((s) => [s.id, s]));

        async function verdictWithScp(id: string, mutate: (doc: PolicyDocument) => PolicyDocument): Promise<string> {
            const simulation = simulationOf(prod, byId[id]);
            simulation.serviceControlPolicies = simulation.serviceControlPolicies.map((level) => ({
                ...level,
                policies: level.policies.map((p) => ({ ...p, policy: mutate(p.policy as PolicyDocument) })),
            }));
            const response = await runSimulation(simulation, {});
            assert.notStrictEqual(response.resultType, "error", JSON.stringify(response));
            return (response as { overallResult: string }).overallResult;
        }

        it("the vpc-endpoint/* bug lets a workload change endpoint-service permissions", async () => {
            const bug = (doc: PolicyDocument): PolicyDocument => ({
                ...doc,
                Statement: doc.Statement.map((s) =>
                    s.Sid === "DenyEndpointServiceAdminExceptNetworkAdmin" ? { ...s, Resource: "arn:aws:ec2:*:*:vpc-endpoint/*" } : s,
                ),
            });
            assert.strictEqual(await verdictWithScp("workload-modifies-endpoint-service-permissions-denied", (d) => d), "ExplicitlyDenied");
            assert.strictEqual(await verdictWithScp("workload-modifies-endpoint-service-permissions-denied", bug), "Allowed");
        });

        it("splitting the owner and name checks into two blocks would deny approved services", async () => {
            const split = (doc: PolicyDocument): PolicyDocument => ({
                ...doc,
                Statement: doc.Statement.flatMap((s) => {
                    if (s.Sid !== "DenyEndpointsToUntrustedServices") return [s];
                    const block = s.Condition!.StringNotEquals as Record<string, string | string[]>;
                    return [
                        { ...s, Sid: "OwnerOnly", Condition: { StringNotEquals: { "ec2:VpceServiceOwner": block["ec2:VpceServiceOwner"] } } },
                        { ...s, Sid: "NameOnly", Condition: { StringNotEquals: { "ec2:VpceServiceName": block["ec2:VpceServiceName"] } } },
                    ];
                }),
            });
            assert.strictEqual(await verdictWithScp("endpoint-to-approved-third-party-allowed", (d) => d), "Allowed");
            assert.strictEqual(await verdictWithScp("endpoint-to-approved-third-party-allowed", split), "ExplicitlyDenied");
        });

        it("without the endpoint policy, an outside bucket is reachable through our network", async () => {
            const simulation = simulationOf(prod, byId["org-identity-outside-bucket-via-s3-gateway"]);
            simulation.vpcEndpointPolicies = undefined;
            const response = await runSimulation(simulation, {});
            assert.strictEqual((response as { overallResult: string }).overallResult, "Allowed");
        });
    });

    describe("npm run perimeter", () => {
        let out = "";
        const write = process.stdout.write.bind(process.stdout);
        const capture = async (args: string[]) => {
            out = "";
            (process.stdout as { write: unknown }).write = (chunk: string) => {
                out += chunk;
                return true;
            };
            try {
                return await main(args);
            } finally {
                (process.stdout as { write: unknown }).write = write;
            }
        };

        it("prints every scenario with its verdict and exits 0 when all match (--stack dev)", async () => {
            assert.strictEqual(await capture(["--stack", "dev"]), 0);
            assert.match(out, /^ok {3}org-identity-org-bucket-via-s3-gateway +allowed/m);
            assert.match(out, /16\/16 scenarios got the verdict the perimeter promises \(dev\)|(\d+)\/\1 scenarios/);
        });

        it("runs a scenario file written elsewhere and exits 1 when a verdict differs", async () => {
            const scenarios: Scenario[] = [
                {
                    id: "outsider-through-our-s3-gateway",
                    description: "hand-written",
                    expect: "allowed", // wrong on purpose: the perimeter denies it
                    principal: "arn:aws:iam::123412341234:role/x",
                    action: "s3:GetObject",
                    resource: "arn:aws:s3:::someone-elses-bucket/k",
                    resourceAccount: "123412341234",
                    from: { endpoint: "gateway:s3", endpointAccount: prod.accounts["payments-prod"] },
                },
            ];
            const file = path.join(fs.mkdtempSync(path.join(os.tmpdir(), "perimeter-")), "scenarios.yaml");
            fs.writeFileSync(file, JSON.stringify({ scenarios }));
            assert.deepStrictEqual(loadScenarioFile(file).map((s) => s.id), ["outsider-through-our-s3-gateway"]);
            assert.strictEqual(await capture(["--definition", path.resolve(__dirname, "../../stacks/prod.yaml"), "--scenarios", file]), 1);
            assert.match(out, /FAIL outsider-through-our-s3-gateway +denied {2}by vpce \(expected allowed\)/);
        });

        it("rejects a malformed scenario file with exit 2, naming the entry", async () => {
            const file = path.join(fs.mkdtempSync(path.join(os.tmpdir(), "perimeter-")), "bad.yaml");
            fs.writeFileSync(file, "- id: x\n  expect: maybe\n  principal: a\n  action: s3:GetObject\n  resource: '*'\n  from: { ip: 1.2.3.4 }\n");
            assert.throws(() => loadScenarioFile(file), /scenarios\[0\]\.expect: expected "allowed" or "denied"/);
            const err = process.stderr.write.bind(process.stderr);
            (process.stderr as { write: unknown }).write = () => true;
            try {
                assert.strictEqual(await capture(["--definition", path.resolve(__dirname, "../../stacks/dev.yaml"), "--scenarios", file]), 2);
            } finally {
                (process.stderr as { write: unknown }).write = err;
            }
        });
    });
});
