/**
 * The perimeter's promises, evaluated by an independent IAM evaluator
 * (`@cloud-copilot/iam-simulate`, a devDependency: tests and tools only) against the
 * documents generated for the shipped definitions, with request contexts built from AWS's
 * sourced behaviour (aws/request-context.ts).
 */
import * as assert from "assert";
import { runSimulation } from "@cloud-copilot/iam-simulate";
import * as fs from "fs";
import * as os from "os";
import * as path from "path";
import { rcpSupportedServices } from "../../aws/rcp-supported-services";
import { sendsVpceOrgId, vpceOrgIdServices } from "../../aws/request-context";
import { catalogEntry } from "../../aws/service-catalog";
import { networkPerimeterPlan } from "../../perimeter/network-perimeter";
import { ordinaryCall } from "../../perimeter/ordinary-calls";
import { requestContext, scenarioEnvironment } from "../../perimeter/request-contexts";
import { Scenario } from "../../perimeter/scenario-types";
import { perimeterScenarios, programServiceRoles } from "../../perimeter/scenarios";
import { PolicyDocument } from "../../perimeter/types";
import { evaluateScenario, evaluateScenarios, loadScenarioFile, main, ScenarioResult, simulationOf } from "../../tools/perimeter";
import { allShipped, loadDefinition, shipped } from "./helpers";

describe("perimeter: scenarios through an independent evaluator", function () {
    this.timeout(180000);
    // The shipped definitions, and the review's held-out one (ap-southeast-2: bedrock-runtime, eks, lambda, execute-api ...).
    const definitions = {
        ...allShipped(),
        syd: loadDefinition(path.join(__dirname, "review", "definitions", "syd.yaml")),
        // The second review's distributed-mode definition: every service through the spokes' own endpoints.
        yul: loadDefinition(path.join(__dirname, "review2", "definitions", "yul.yaml")),
    };

    for (const [name, definition] of Object.entries(definitions)) {
        describe(name, () => {
            const env = scenarioEnvironment(definition);
            let scenarios: Scenario[] = [];
            let results: ScenarioResult[] = [];
            before(async () => {
                scenarios = await perimeterScenarios(env);
                results = await evaluateScenarios(env, scenarios);
            });

            it("has unique scenario ids", () => {
                assert.strictEqual(new Set(scenarios.map((s) => s.id)).size, scenarios.length);
            });

            it("gets the promised verdict for every scenario", () => {
                const wrong = results.filter((r) => r.verdict !== r.scenario.expect).map((r) => `${r.scenario.id}: ${r.verdict} (${r.decidedBy}), expected ${r.scenario.expect}`);
                assert.deepStrictEqual(wrong, []);
            });

            it("names RCPs as a deciding or admitting layer only for services RCPs apply to", () => {
                const wrong = results
                    .filter((r) => /\bRCP\b/.test(r.decidedBy) && !rcpSupportedServices.includes(r.scenario.action.split(":")[0].toLowerCase()))
                    .map((r) => `${r.scenario.id}: ${r.decidedBy}`);
                assert.deepStrictEqual(wrong, []);
                if (definition.organization) assert.ok(results.some((r) => /\bRCP\b/.test(r.decidedBy)), "some scenario crosses an RCP");
            });

            it("denies only through a perimeter layer, never for lack of a grant in the scenario", () => {
                const weak = results.filter((r) => r.scenario.expect === "denied" && (r.blockedBy.length === 0 || r.blockedBy.every((b) => b === "identity"))).map((r) => r.scenario.id);
                assert.deepStrictEqual(weak, []);
            });

            it("lets one ordinary call of every configured endpoint service through the environment's endpoint", async () => {
                const ids = new Set(results.filter((r) => r.verdict === "allowed").map((r) => r.scenario.id));
                for (const service of definition.network.endpoints.services) {
                    if (!(await ordinaryCall(service))) continue; // no IAM-signed API (SMTP)
                    assert.ok(ids.has(`ordinary-${service}-via-endpoint`), `no allowed ordinary call through the ${service} endpoint`);
                }
                for (const gateway of new Set(definition.spokes.flatMap((s) => s.gatewayEndpoints))) {
                    assert.ok(ids.has(`ordinary-${gateway}-via-gateway-endpoint`), `no allowed ordinary call through the ${gateway} gateway endpoint`);
                }
            });

            it("lets the program's own service roles, used by AWS services from their networks, work (those this definition makes)", () => {
                const roles = programServiceRoles(definition, definition.spokes[0]?.account ?? definition.network.account);
                const ids = [
                    ...(roles.flowLogs ? ["flow-logs-delivery-role-writes-logs-allowed"] : []),
                    ...(roles.governance ? ["governance-evaluator-writes-logs-allowed", "governance-evaluator-assumes-inspector-allowed"] : []),
                    ...(roles.governance?.configRule ? ["config-rule-reports-evaluations-allowed"] : []),
                    "forward-access-session-kms-allowed",
                ];
                // A role the program does not make is not acted as (test/perimeter/scenario-roles.test.ts checks the names).
                if (!roles.governance) assert.ok(!scenarios.some((s) => s.id.startsWith("governance-evaluator-")), "governance scenarios without a security account");
                for (const id of ids) {
                    const r = results.find((x) => x.scenario.id === id);
                    assert.ok(r, `${id} is missing`);
                    assert.strictEqual(r!.verdict, "allowed", `${id}: ${r!.decidedBy}`);
                }
            });

            if (definition.organization) {
                it("denies, from the internet and through somebody else's endpoint, every service the network perimeter holds", () => {
                    const plan = networkPerimeterPlan(definition, env.networks);
                    const represented = scenarios.filter((s) => s.id.startsWith("internet-")).map((s) => s.id.replace(/^internet-/, "").replace(/-(denied|not-held)$/, ""));
                    for (const prefix of [...plan.byEndpointOwner, ...plan.bySourceVpc]) {
                        if (!represented.includes(prefix)) continue; // a held service with no ordinary call
                        for (const id of [`internet-${prefix}-denied`, `foreign-endpoint-${prefix}-denied`]) {
                            const r = results.find((x) => x.scenario.id === id)!;
                            assert.strictEqual(r.verdict, "denied", id);
                            assert.ok(r.blockedBy.includes("scp"), `${id} is decided by ${r.decidedBy}, not the SCP`);
                        }
                    }
                    for (const prefix of plan.byAnyVpc) {
                        // Reached through the spokes' endpoints: from the internet denied (no aws:SourceVpc at all), by the SCP.
                        const r = results.find((x) => x.scenario.id === `internet-${prefix}-denied`);
                        if (!represented.includes(prefix)) continue;
                        assert.ok(r, `internet-${prefix}-denied is missing`);
                        assert.strictEqual(r!.verdict, "denied", r!.scenario.id);
                        assert.ok(r!.blockedBy.includes("scp"), `${r!.scenario.id} is decided by ${r!.decidedBy}, not the SCP`);
                    }
                    for (const { prefix } of plan.leftOut) {
                        const r = results.find((x) => x.scenario.id === `internet-${prefix}-not-held`);
                        if (r) assert.strictEqual(r.verdict, "allowed", `${prefix} is left out of the network perimeter, with a reason`);
                    }
                });
            }
        });
    }

    describe("request contexts come from AWS's table, not from the generators", () => {
        const prod = shipped("prod");
        const env = scenarioEnvironment(prod);
        const base = (action: string, from: Scenario["from"]): Scenario => ({
            id: "t",
            description: "t",
            expect: "allowed",
            principal: `arn:aws:iam::${prod.accounts["payments-prod"]}:role/app`,
            action,
            resource: "*",
            resourceAccount: prod.accounts["payments-prod"],
            from,
        });

        it("carries aws:VpceOrgID through an endpoint only for the services on AWS's list", () => {
            for (const [action, service] of [["kms:Decrypt", "kms"], ["sts:AssumeRole", "sts"], ["ssm:GetParameter", "ssm"], ["logs:PutLogEvents", "logs"], ["s3:GetObject", "gateway:s3"], ["dynamodb:Query", "gateway:dynamodb"], ["ecr:BatchGetImage", "ecr.dkr"]]) {
                const ctx = requestContext(env, base(action, { endpoint: service }));
                const prefix = action.split(":")[0];
                assert.strictEqual(ctx["aws:VpceOrgID"] !== undefined, vpceOrgIdServices.includes(prefix), `${action}: aws:VpceOrgID`);
                assert.strictEqual(ctx["aws:VpceAccount"] !== undefined, sendsVpceOrgId(prefix), `${action}: aws:VpceAccount`);
                assert.strictEqual(ctx["aws:SourceIp"], undefined, `${action}: a request through an endpoint has no aws:SourceIp`);
                assert.match(String(ctx["aws:SourceVpce"]), /^vpce-[0-9a-f]{17}$/);
            }
            assert.ok(!sendsVpceOrgId("ssm") && !sendsVpceOrgId("sts") && sendsVpceOrgId("kms") && sendsVpceOrgId("s3"), "AWS's list as of the cited commit");
        });

        it("names the endpoint's VPC, not the caller's: the hub for central endpoints, the spoke for its gateway endpoint", () => {
            assert.strictEqual(requestContext(env, base("sts:AssumeRole", { endpoint: "sts" }))["aws:SourceVpc"], env.hubVpcId);
            assert.notStrictEqual(requestContext(env, base("s3:GetObject", { endpoint: "gateway:s3" }))["aws:SourceVpc"], env.hubVpcId);
        });

        it("carries only aws:SourceIp from the internet, and an AWS address from AWS's network", () => {
            const internet = requestContext(env, base("kms:Decrypt", { ip: "192.0.2.77" }));
            assert.strictEqual(internet["aws:SourceIp"], "192.0.2.77");
            for (const k of ["aws:SourceVpc", "aws:SourceVpce", "aws:VpceOrgID", "aws:VpceAccount"]) assert.strictEqual(internet[k], undefined, k);
            const fas = requestContext(env, base("kms:Decrypt", { awsNetwork: true, forwardAccessSession: true, calledVia: "s3.amazonaws.com" }));
            assert.strictEqual(fas["aws:ViaAWSService"], "true");
            assert.ok(!prod.perimeter.corporateCidrs.some((c) => String(fas["aws:SourceIp"]).startsWith(c.split(".")[0] + ".")));
        });

        it("leaves the resource owner out when the resource names none, and the principal out when the request is unsigned", () => {
            const model = requestContext(env, { ...base("bedrock:InvokeModel", { endpoint: "bedrock-runtime" }), resource: "arn:aws:bedrock:us-east-1::foundation-model/m", resourceAccount: undefined });
            assert.strictEqual(model["aws:ResourceAccount"], undefined);
            const anonymous = requestContext(env, { ...base("s3:GetObject", { endpoint: "gateway:s3" }), principal: "anonymous" });
            assert.strictEqual(anonymous["aws:PrincipalOrgID"], undefined);
            assert.strictEqual(anonymous["aws:PrincipalAccount"], undefined);
        });
    });

    describe("the evaluator notices a broken guardrail (mutations of the generated documents)", () => {
        const prod = shipped("prod");
        const env = scenarioEnvironment(prod);
        let byId: Record<string, Scenario> = {};
        before(async () => {
            byId = Object.fromEntries((await perimeterScenarios(env)).map((s) => [s.id, s]));
        });

        async function verdictWith(id: string, mutate: { scp?: (d: PolicyDocument) => PolicyDocument; endpoint?: (d: PolicyDocument) => PolicyDocument }): Promise<string> {
            const simulation = simulationOf(env, byId[id]);
            if (mutate.scp) {
                simulation.serviceControlPolicies = simulation.serviceControlPolicies.map((level) => ({ ...level, policies: level.policies.map((p) => ({ ...p, policy: mutate.scp!(p.policy as PolicyDocument) })) }));
            }
            if (mutate.endpoint) simulation.vpcEndpointPolicies = simulation.vpcEndpointPolicies?.map((p) => ({ ...p, policy: mutate.endpoint!(p.policy as PolicyDocument) }));
            const response = await runSimulation(simulation, {});
            assert.notStrictEqual(response.resultType, "error", JSON.stringify(response));
            return (response as { overallResult: string }).overallResult;
        }

        it("keying SSM on aws:VpceOrgID (which SSM never sends) would deny every SSM call through our own endpoint", async () => {
            const everyServiceByOwner = (doc: PolicyDocument): PolicyDocument => ({
                ...doc,
                Statement: doc.Statement.map((s) => (s.Sid === "EnforceNetworkPerimeterVpceOrgID" ? { ...s, Action: [...(s.Action as string[]), "ssm:*"] } : s)),
            });
            assert.strictEqual(await verdictWith("ordinary-ssm-via-endpoint", {}), "Allowed");
            assert.strictEqual(await verdictWith("ordinary-ssm-via-endpoint", { scp: everyServiceByOwner }), "ExplicitlyDenied");
        });

        it("an identity condition on the ECR layer bucket would break every image pull (the URL is presigned by an ECR account)", async () => {
            const conditioned = (doc: PolicyDocument): PolicyDocument => ({
                ...doc,
                Statement: doc.Statement.map((s) => (s.Sid === "EcrImageLayers" ? { ...s, Condition: { StringEquals: { "aws:PrincipalOrgID": prod.organization!.id } } } : s)),
            });
            assert.strictEqual(await verdictWith("aws-owned-ecr-image-layers-allowed", {}), "Allowed");
            assert.strictEqual(await verdictWith("aws-owned-ecr-image-layers-allowed", { endpoint: conditioned }), "ImplicitlyDenied");
        });

        it("the vpc-endpoint/* bug lets a workload change endpoint-service permissions", async () => {
            const bug = (doc: PolicyDocument): PolicyDocument => ({
                ...doc,
                Statement: doc.Statement.map((s) => (s.Sid === "DenyEndpointServiceAdminExceptNetworkAdmin" ? { ...s, Resource: "arn:aws:ec2:*:*:vpc-endpoint/*" } : s)),
            });
            assert.strictEqual(await verdictWith("workload-modifies-endpoint-service-permissions-denied", {}), "ExplicitlyDenied");
            assert.strictEqual(await verdictWith("workload-modifies-endpoint-service-permissions-denied", { scp: bug }), "Allowed");
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
            assert.strictEqual(await verdictWith("endpoint-to-approved-third-party-allowed", {}), "Allowed");
            assert.strictEqual(await verdictWith("endpoint-to-approved-third-party-allowed", { scp: split }), "ExplicitlyDenied");
        });

        it("without the endpoint policy, an outside bucket is reachable through our network", async () => {
            const simulation = simulationOf(env, byId["exfiltration-to-outside-bucket-via-s3-gateway-denied"]);
            simulation.vpcEndpointPolicies = undefined;
            const response = await runSimulation(simulation, {});
            assert.strictEqual((response as { overallResult: string }).overallResult, "Allowed");
        });
    });

    it("names the layer that decided: endpoint policy, SCP, RCP or bucket policy", async () => {
        const prod = shipped("prod");
        const env = scenarioEnvironment(prod);
        const byId = Object.fromEntries((await perimeterScenarios(env)).map((s) => [s.id, s]));
        const decided = async (id: string) => (await evaluateScenario(env, byId[id])).decidedBy;
        assert.strictEqual(await decided("exfiltration-to-outside-bucket-via-s3-gateway-denied"), "endpoint policy");
        assert.strictEqual(await decided("workload-modifies-endpoint-service-permissions-denied"), "SCP (DenyEndpointServiceAdminExceptNetworkAdmin)");
        assert.strictEqual(await decided("service-principal-for-other-org-denied"), "RCP (DenyServicesForOtherOrgs)");
        assert.strictEqual(await decided("protected-bucket-insecure-transport-denied"), "resource policy (DenyInsecureTransport)");
        assert.match(await decided("internet-ssm-denied"), /^SCP \(EnforceNetworkPerimeterSourceVpc\)$/);
        assert.match(await decided("internet-kms-denied"), /^SCP \(EnforceNetworkPerimeterVpceOrgID\) \+ RCP \(EnforceNetworkPerimeterVpceOrgID\)$/);
        assert.match(await decided("ordinary-kms-via-endpoint"), /grants it; SCP, RCP, endpoint policy admit it$/);
        // ssm is not among the services RCPs apply to: no RCP is evaluated or named.
        assert.match(await decided("ordinary-ssm-via-endpoint"), /grants it; SCP, endpoint policy admit it$/);
    });

    it("accepts AWS-owned ARNs with no Region (Bedrock global cross-Region inference's destination) and still rejects a resource of the wrong type", async () => {
        const syd = loadDefinition(path.join(__dirname, "review", "definitions", "syd.yaml"));
        const env = scenarioEnvironment(syd);
        const account = syd.accounts[syd.spokes[0].account];
        const base: Scenario = {
            id: "global-inference-destination",
            description: "the destination model of a global. inference profile",
            expect: "allowed",
            principal: `arn:aws:iam::${account}:role/ml-app`,
            action: "bedrock:InvokeModel",
            resource: "arn:aws:bedrock:::foundation-model/anthropic.claude-sonnet-4-5-20250929-v1:0",
            region: "unspecified",
            from: { endpoint: "bedrock-runtime" },
            context: { "bedrock:InferenceProfileArn": `arn:aws:bedrock:${syd.region}:${account}:inference-profile/global.anthropic.claude-sonnet-4-5-20250929-v1:0` },
        };
        const r = await evaluateScenario(env, base);
        assert.strictEqual(r.verdict, "allowed", r.decidedBy);
        await assert.rejects(evaluateScenario(env, { ...base, resource: "arn:aws:bedrock:::knowledge-base/KB1234567" }), /takes no resource like/);
    });

    it("derives an ordinary call for every catalog service with an IAM-signed API, from AWS's reference when none is curated", async () => {
        const missing: string[] = [];
        for (const service of ["ssm", "acm-pca", "grafana", "kendra", "batch", "license-manager", "transfer", "datasync", "rekognition"]) {
            const call = await ordinaryCall(service);
            if (!call || !catalogEntry(service)!.iamPrefixes.includes(call.action.split(":")[0])) missing.push(service);
        }
        assert.deepStrictEqual(missing, []);
        assert.strictEqual(await ordinaryCall("email-smtp"), undefined, "SMTP is not an IAM-signed API");
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
        const prod = shipped("prod");

        it("prints one line per scenario with its verdict and the layer that decided it, and exits 0 when all match (--stack dev)", async () => {
            assert.strictEqual(await capture(["--stack", "dev"]), 0);
            assert.match(out, /^ok {3}ordinary-ssm-via-endpoint +allowed {2}identity policy grants it; endpoint policy admits it$/m);
            assert.match(out, /^ok {3}exfiltration-to-outside-bucket-via-s3-gateway-denied +denied {3}endpoint policy$/m);
            const [, passed, total] = /(\d+)\/(\d+) scenarios got the verdict the perimeter promises \(dev\)/.exec(out)!;
            assert.strictEqual(passed, total);
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
            assert.match(out, /FAIL outsider-through-our-s3-gateway +denied {3}endpoint policy {2}\(expected allowed\)/);
        });

        it("rejects a malformed scenario file with exit 2, naming every problem and its entry", async () => {
            const file = path.join(fs.mkdtempSync(path.join(os.tmpdir(), "perimeter-")), "bad.yaml");
            fs.writeFileSync(
                file,
                "- id: x\n  expect: maybe\n  principal: a\n  action: s3:GetObject\n  resource: '*'\n  from: { ip: 1.2.3.4 }\n" +
                    "- id: y\n  expect: denied\n  principal: anonymous\n  action: s3:GetObject\n  resource: arn:aws:s3:::b/k\n  from: { somewhere: true }\n",
            );
            assert.throws(
                () => loadScenarioFile(file),
                (e: Error) =>
                    /scenarios\[0\] \(x\)\.expect: expected "allowed" or "denied"/.test(e.message) &&
                    /scenarios\[0\] \(x\)\.principal: expected a role ARN/.test(e.message) &&
                    /scenarios\[1\] \(y\)\.from: expected/.test(e.message) &&
                    /scenarios\[1\] \(y\)\.resourceAccount: S3 ARNs name no account/.test(e.message),
            );
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
