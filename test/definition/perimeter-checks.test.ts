/**
 * The perimeter section of a definition: exceptions, AWS-owned resources no exception
 * covers, the owner's bucket statements, the Region guardrail, the network perimeter's tags
 * and execute-api's private DNS — each problem at its file, line and key, all in one run.
 */
import * as assert from "assert";
import { awsOwnedResources } from "../../aws/aws-owned-resources";
import { at, base, edit, expectClean, expectDiagnostic, load, orgBase } from "./helpers";

const oo = (text: string) => load(text, "oo.yaml");
const inOrg = { file: "oo.yaml" };

const exception = (fields: string) => `perimeter:\n  exceptions:\n    - ${fields.split("\n").join("\n      ")}\n`;

describe("definition validation: perimeter exceptions", () => {
    it("accepts a well-formed exception of a service the endpoints carry", () => {
        const text = base + exception("name: PartnerFeed\nservice: s3\nactions: [s3:GetObject]\nresources: [\"arn:aws:s3:::partner-feed/*\"]\nreason: the partner's daily feed");
        expectClean(load(text));
    });

    it("names an action of another service, a resource of another service and another partition, each at its line", () => {
        const text =
            base +
            exception('name: Mixed\nservice: s3\nactions: [s3:GetObject, ecr:BatchGetImage]\nresources: ["arn:aws:ecr:us-east-1:602401143452:repository/*", "arn:aws-cn:s3:::b/*"]\nreason: r');
        const result = load(text);
        expectDiagnostic(result, { path: "perimeter.exceptions[0].actions[1]", message: /^action ecr:BatchGetImage is not a s3 action/, ...at(text, "ecr:BatchGetImage") });
        expectDiagnostic(result, { path: "perimeter.exceptions[0].resources[0]", message: /is a ecr resource, not a s3 one/, ...at(text, '"arn:aws:ecr') });
        expectDiagnostic(result, { path: "perimeter.exceptions[0].resources[1]", message: /is in partition aws-cn, but the environment's Region us-east-1 is in aws/, ...at(text, '"arn:aws-cn') });
    });

    it("refuses a duplicate name and one of the endpoint policies' own statement ids", () => {
        const one = 'service: s3\n  actions: [s3:GetObject]\n  resources: ["arn:aws:s3:::x/*"]\n  reason: r';
        const text = base + `perimeter:\n  exceptions:\n    - name: EcrImageLayers\n      ${one.split("\n  ").join("\n      ")}\n    - name: EcrImageLayers\n      ${one.split("\n  ").join("\n      ")}\n`;
        const result = load(text);
        expectDiagnostic(result, { path: "perimeter.exceptions[0].name", message: /"EcrImageLayers" is a statement id the endpoint policies already use/ });
        expectDiagnostic(result, { path: "perimeter.exceptions[1].name", message: /already used by perimeter.exceptions\[0\]/, ...at(text, "EcrImageLayers", 2) });
    });

    it("warns about an exception no endpoint carries, and about writes open to any caller", () => {
        const text = base + exception('name: Lonely\nservice: glue\nactions: [glue:GetTable]\nresources: ["arn:aws:glue:us-east-1:123456789012:table/a/b"]\nreason: r') +
            '    - name: AnyWrite\n      service: s3\n      actions: [s3:PutObject]\n      resources: ["arn:aws:s3:::aws-bucket/*"]\n      callers: any\n      reason: r\n';
        const result = load(text);
        expectDiagnostic(result, { severity: "warning", path: "perimeter.exceptions[0].service", message: /no endpoint of the environment carries glue requests.*the endpoints carry: dynamodb, kms, s3, ssm/ });
        expectDiagnostic(result, { severity: "warning", path: "perimeter.exceptions[1].actions[0]", message: /s3:PutObject is not a read action, but callers: any/ });
    });

    it("warns about callers: any on a resource that starts with a wildcard, and about an ARN in another Region", () => {
        const text = base + exception('name: EveryBucket\nservice: s3\nactions: [s3:GetObject]\nresources: ["arn:aws:s3:::*"]\ncallers: any\nreason: r') +
            '    - name: OtherRegion\n      service: ssm\n      actions: [ssm:GetParameter]\n      resources: ["arn:aws:ssm:eu-west-1::parameter/vendor/*"]\n      reason: r\n';
        const result = load(text);
        expectDiagnostic(result, { severity: "warning", path: "perimeter.exceptions[0].resources[0]", message: /starts with a wildcard, and callers: any admits requests that carry no identity of ours/ });
        expectDiagnostic(result, { severity: "warning", path: "perimeter.exceptions[1].resources[0]", message: /is in Region eu-west-1, but the environment's endpoints are in us-east-1/ });
    });

    it("suggests an exception name that is not a built-in statement id", () => {
        const text = edit(base, "services: [ssm, kms]", "services: [ssm, kms, glue]");
        const d = load(text).diagnostics.find((x) => /glue needs AWS-owned resources/.test(x.message));
        assert.ok(d && /name: GlueStudioTransformsUsEast1,/.test(d.message), d?.message);
        const suggested = /name: (\w+),/.exec(d!.message)![1];
        const silenced = text + exception(`name: ${suggested}\nservice: s3\nactions: [s3:GetObject]\nresources: ["arn:aws:s3:::aws-glue-studio-transforms-111122223333-prod-us-east-1/*"]\nreason: Glue Studio`);
        assert.ok(!load(silenced).diagnostics.some((x) => x.severity === "error"), "the suggested name is accepted");
    });

    it("rejects a malformed action or ARN with the shape check", () => {
        const text = base + exception('name: Bad\nservice: s3\nactions: ["GetObject"]\nresources: ["bucket/*"]\nreason: r');
        const result = load(text);
        expectDiagnostic(result, { path: "perimeter.exceptions[0].actions[0]", message: /expected an IAM action such as "s3:GetObject"/ });
        expectDiagnostic(result, { path: "perimeter.exceptions[0].resources[0]", message: /expected a resource ARN/ });
    });
});

describe("definition validation: AWS-owned resources no exception covers", () => {
    // From the data: the entries AWS publishes no ARN for in a Region (templates with placeholders).
    const unpublished = awsOwnedResources.filter((e) => e.neededBy !== "always" && e.resources("us-east-1", "aws") === undefined);

    it("warns, at the service, for each configured service whose AWS-owned resources AWS does not publish for the Region", () => {
        assert.ok(unpublished.some((e) => (e.neededBy as string[]).includes("glue")), "the data has a Glue Studio template");
        const text = edit(base, "services: [ssm, kms]", "services: [ssm, kms, glue]");
        const d = expectDiagnostic(load(text), { severity: "warning", path: "network.endpoints.services[2]", message: /^glue needs AWS-owned resources AWS does not publish for us-east-1.*aws-glue-studio-transforms-<Glue-account>-prod-us-east-1/ });
        assert.strictEqual(d.line, at(text, "glue").line);
    });

    it("is silenced by an exception that covers the documented form", () => {
        const text =
            edit(base, "services: [ssm, kms]", "services: [ssm, kms, glue]") +
            exception('name: GlueStudioTransforms2\nservice: s3\nactions: [s3:GetObject]\nresources: ["arn:aws:s3:::aws-glue-studio-transforms-111122223333-prod-us-east-1/*"]\nreason: Glue Studio');
        assert.ok(!load(text).diagnostics.some((d) => /glue needs AWS-owned resources/.test(d.message)));
    });

    it("covers a Region missing from AWS's per-Region table (EKS add-on registries)", () => {
        const text = edit(edit(base, "region: us-east-1", "region: eu-isoe-west-1"), "services: [ssm, kms]", "services: [ssm, kms, ecr.dkr]");
        const result = load(text);
        // eu-isoe-west-1 is not a Region the schema accepts: only the shape error, no crash.
        assert.ok(result.diagnostics.length > 0);
        const known = edit(edit(base, "region: us-east-1", "region: ap-south-2"), "services: [ssm, kms]", "services: [ssm, kms, ecr.dkr]");
        assert.ok(!load(known).diagnostics.some((d) => /EKS/.test(d.message)), "ap-south-2 is in AWS's table");
    });
});

describe("definition validation: the owner's bucket statements", () => {
    const bucket = (statements: string) =>
        orgBase + `perimeter:\n  protectedBuckets:\n    - name: pay-ledger\n      account: app\n      statements:\n${statements}`;

    it("accepts statements on the bucket and its objects", () => {
        const text = bucket('        - Sid: Replication\n          Effect: Allow\n          Principal: { AWS: "arn:aws:iam::100000000003:role/replication" }\n          Action: s3:ReplicateObject\n          Resource: "arn:aws:s3:::pay-ledger/*"\n');
        expectClean(oo(text));
    });

    it("rejects another bucket's ARN, a perimeter statement id, a public grant and a missing Principal, each at its key", () => {
        const text = bucket(
            '        - Sid: DenyInsecureTransport\n          Effect: Deny\n          Principal: "*"\n          Action: s3:*\n          Resource: ["arn:aws:s3:::other-bucket/*"]\n' +
                '        - Sid: Public\n          Effect: Allow\n          Principal: "*"\n          Action: s3:GetObject\n          Resource: "arn:aws:s3:::pay-ledger/*"\n' +
                '        - Effect: Allow\n          Action: s3:GetObject\n          Resource: "arn:aws:s3:::pay-ledger/*"\n',
        );
        const result = oo(text);
        expectDiagnostic(result, { ...inOrg, path: "perimeter.protectedBuckets[0].statements[0].Sid", message: /one of the perimeter's own statements/ });
        expectDiagnostic(result, { ...inOrg, path: "perimeter.protectedBuckets[0].statements[0].Resource[0]", message: /is not bucket pay-ledger or one of its objects/, ...at(text, '"arn:aws:s3:::other-bucket') });
        expectDiagnostic(result, { ...inOrg, path: "perimeter.protectedBuckets[0].statements[1].Principal", message: /allows everyone without a condition: bucket pay-ledger would be public/ });
        expectDiagnostic(result, { ...inOrg, path: "perimeter.protectedBuckets[0].statements[2]", message: /needs Principal \(or NotPrincipal\)/ });
    });

    it("rejects a statement that is not IAM's JSON shape", () => {
        const text = bucket("        - Effect: Maybe\n          Principal: { Robot: x }\n          Action: s3:GetObject\n          Resource: arn:aws:s3:::pay-ledger\n");
        const result = oo(text);
        expectDiagnostic(result, { ...inOrg, path: "perimeter.protectedBuckets[0].statements[0].Effect", message: /expected one of "Allow", "Deny"/ });
        assert.ok(result.diagnostics.some((d) => d.path.startsWith("perimeter.protectedBuckets[0].statements[0].Principal")), result.diagnostics.map((d) => d.path).join(", "));
    });
});

describe("definition validation: Region guardrail, tags and execute-api's private DNS", () => {
    it("warns that denyOtherRegions needs an organization", () => {
        const text = base + "perimeter:\n  denyOtherRegions: true\n";
        expectDiagnostic(load(text), { severity: "warning", path: "perimeter.denyOtherRegions", message: /needs an organization/, ...at(text, "true") });
    });

    it("warns that cross-Region inference leaves the Regions the guardrail allows", () => {
        const text = edit(orgBase, "services: [ssm, ecr.api, ecr.dkr]", "services: [ssm, ecr.api, ecr.dkr, bedrock-runtime]") + "perimeter:\n  denyOtherRegions: true\n";
        expectDiagnostic(oo(text), { ...inOrg, severity: "warning", path: "network.endpoints.services[3]", message: /cross-Region inference profiles .* are denied/ });
    });

    it("refuses the same key as opt-in and opt-out tag", () => {
        const text = base + "perimeter:\n  includeTag: dp:exclude:network\n";
        expectDiagnostic(load(text), { path: "perimeter.includeTag", message: /includeTag and breakGlassTag are both "dp:exclude:network"/ });
    });

    it("warns when execute-api's private DNS is shared with every VPC, and when the switch has no effect", () => {
        const on = edit(base, "services: [ssm, kms]", "services: [ssm, kms, execute-api]\n    executeApiPrivateDns: true");
        expectDiagnostic(load(on), { severity: "warning", path: "network.endpoints.executeApiPrivateDns", message: /covers every API Gateway API of the Region, so public and third-party APIs resolve to the endpoint/ });
        const useless = edit(base, "services: [ssm, kms]", "services: [ssm, kms]\n    executeApiPrivateDns: true");
        expectDiagnostic(load(useless), { severity: "warning", path: "network.endpoints.executeApiPrivateDns", message: /execute-api is not in network.endpoints.services/ });
    });
});
