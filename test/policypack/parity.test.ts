/**
 * Parity between the program's perimeter checks (perimeter/check.ts) and the pack's own
 * (policypacks/landing-zone/lib, which cannot import the program because it publishes alone):
 * the same good and bad documents get the same verdict on both sides.
 *
 * Good documents are whatever the perimeter generators produce for every shipped definition
 * (so the test follows the generators when they change). Bad documents are written from the
 * Service Authorization Reference and the IAM grammar, one per way a document goes wrong.
 */
import { strict as assert } from "assert";
import * as fs from "fs";
import * as path from "path";
import * as YAML from "yaml";
import { definitionSchema } from "../../definition/schema";
import { catalogEntry } from "../../aws/service-catalog";
import { protectedBucketPolicies } from "../../perimeter/bucket-policies";
import { checkPolicyDocument } from "../../perimeter/check";
import { gatewayEndpointPolicy, interfaceEndpointPolicy } from "../../perimeter/endpoint-policies";
import { resourceControlPolicies } from "../../perimeter/rcps";
import { serviceControlPolicies } from "../../perimeter/scps";
import { DocumentKind } from "../../perimeter/size";
import { T } from "../../policypacks/landing-zone/lib/types";
import { perimeterOrganizationsPolicyGrammar } from "../../policypacks/landing-zone/policies/perimeter-organizations-policy-grammar";
import { perimeterOrganizationsPolicySize } from "../../policypacks/landing-zone/policies/perimeter-organizations-policy-size";
import { perimeterPolicyDenyStatementApplicable } from "../../policypacks/landing-zone/policies/perimeter-policy-deny-statement-applicable";
import { mandatory, runResource } from "./harness";

const root = path.resolve(__dirname, "../..");

/** The pack's verdict on a document of `kind`: its mandatory findings from the rules that judge that kind. */
async function packFindings(document: unknown, kind: DocumentKind): Promise<string[]> {
    const text = typeof document === "string" ? document : JSON.stringify(document);
    const resource =
        kind === "scp" || kind === "rcp"
            ? { type: T.organizationsPolicy, props: { type: kind === "scp" ? "SERVICE_CONTROL_POLICY" : "RESOURCE_CONTROL_POLICY", content: text } }
            : kind === "endpoint"
              ? { type: T.vpcEndpoint, props: { vpcEndpointType: "Interface", serviceName: "com.amazonaws.us-east-1.ssm", policy: text } }
              : { type: T.bucketPolicy, props: { bucket: "corp-data", policy: text } };
    const rules = kind === "scp" || kind === "rcp" ? [perimeterPolicyDenyStatementApplicable, perimeterOrganizationsPolicyGrammar, perimeterOrganizationsPolicySize] : [perimeterPolicyDenyStatementApplicable];
    const out: string[] = [];
    for (const rule of rules) out.push(...mandatory(await runResource(rule, resource)).map((r) => r.message));
    return out;
}

async function programErrors(document: unknown, kind: DocumentKind): Promise<string[]> {
    return (await checkPolicyDocument(document, kind)).filter((f) => f.severity === "error").map((f) => f.message);
}

function generatedDocuments(): { name: string; kind: DocumentKind; document: unknown }[] {
    const out: { name: string; kind: DocumentKind; document: unknown }[] = [];
    for (const file of fs.readdirSync(path.join(root, "stacks")).filter((f) => f.endsWith(".yaml"))) {
        const d = definitionSchema.parse(YAML.parse(fs.readFileSync(path.join(root, "stacks", file), "utf8")));
        for (const p of serviceControlPolicies(d)) out.push({ name: `${file} SCP ${p.name}`, kind: "scp", document: p.document });
        for (const p of resourceControlPolicies(d)) out.push({ name: `${file} RCP ${p.name}`, kind: "rcp", document: p.document });
        for (const b of protectedBucketPolicies(d)) out.push({ name: `${file} bucket ${b.bucket}`, kind: "bucket", document: b.document });
        for (const s of d.network.endpoints.services) {
            if (catalogEntry(s)?.policy !== "restricted") continue;
            const doc = interfaceEndpointPolicy(d, s);
            if (doc) out.push({ name: `${file} endpoint ${s}`, kind: "endpoint", document: doc });
        }
        for (const g of ["s3", "dynamodb"] as const) out.push({ name: `${file} gateway ${g}`, kind: "endpoint", document: gatewayEndpointPolicy(d, g) });
    }
    return out;
}

const deny = (statement: Record<string, unknown>) => ({ Version: "2012-10-17", Statement: [{ Effect: "Deny", ...statement }] });

/** Documents both sides must reject, each for a reason AWS documents. */
const bad: { name: string; kind: DocumentKind; document: unknown }[] = [
    {
        name: "a Deny of endpoint-service administration on vpc-endpoint/* (the action authorizes on vpc-endpoint-service)",
        kind: "scp",
        document: deny({ Action: "ec2:ModifyVpcEndpointServicePermissions", Resource: "arn:aws:ec2:*:*:vpc-endpoint/*", Condition: { ArnNotLike: { "aws:PrincipalArn": "arn:aws:iam::*:role/NetworkAdmin" } } }),
    },
    { name: "object actions denied on the bucket ARN (no /, never an object)", kind: "bucket", document: deny({ Principal: "*", Action: ["s3:GetObject", "s3:PutObject"], Resource: "arn:aws:s3:::corp-data" }) },
    { name: "an S3 ARN with a Region and an account (S3 ARNs carry neither)", kind: "bucket", document: deny({ Principal: "*", Action: "s3:GetObject", Resource: "arn:aws:s3:us-east-1:111111111111:corp-data/*" }) },
    { name: "an action that does not exist", kind: "scp", document: deny({ Action: "s3:GetObjekt", Resource: "*" }) },
    { name: "a service prefix that does not exist", kind: "scp", document: deny({ Action: "s4:GetObject", Resource: "*" }) },
    { name: "a positive condition on a key the action never carries", kind: "scp", document: deny({ Action: "sts:GetCallerIdentity", Resource: "*", Condition: { StringEquals: { "s3:prefix": "home/" } } }) },
    { name: "a wildcard-only action denied on a specific ARN", kind: "scp", document: deny({ Action: "s3:ListAllMyBuckets", Resource: "arn:aws:s3:::corp-data" }) },
    { name: "an SCP naming a Principal", kind: "scp", document: deny({ Principal: "*", Action: "s3:*", Resource: "*" }) },
    { name: "an RCP that allows", kind: "rcp", document: { Version: "2012-10-17", Statement: [{ Effect: "Allow", Principal: "*", Action: "s3:*", Resource: "*" }] } },
    { name: "an RCP for a service RCPs do not cover", kind: "rcp", document: deny({ Principal: "*", Action: "ec2:CreateVpcEndpoint", Resource: "*" }) },
    { name: "an SCP without Version 2012-10-17", kind: "scp", document: { Version: "2008-10-17", Statement: [{ Effect: "Deny", Action: "s3:*", Resource: "*" }] } },
    { name: "an SCP with an operator IAM does not define", kind: "scp", document: deny({ Action: "s3:*", Resource: "*", Condition: { StringEqualz: { "aws:PrincipalOrgID": "o-a1b2c3d4e5" } } }) },
    // Operator names are not case-insensitive in AWS's words (key names and action names are), and
    // IAM rejects another spelling ("Invalid Condition type : stringEquals"): both sides agree.
    { name: "an SCP with an operator in another case (stringNotEquals)", kind: "scp", document: deny({ Action: "s3:*", Resource: "*", Condition: { stringNotEquals: { "aws:PrincipalOrgID": "o-a1b2c3d4e5" } } }) },
    { name: "an RCP with a set prefix in another case (forAnyValue:)", kind: "rcp", document: deny({ Principal: "*", Action: "s3:*", Resource: "*", Condition: { "forAnyValue:StringNotEquals": { "aws:PrincipalOrgPaths": "o-a1b2c3d4e5/*" } } }) },
    { name: "an endpoint policy Deny with an operator in another case (stringnotequals)", kind: "endpoint", document: deny({ Principal: "*", Action: "ssm:*", Resource: "*", Condition: { stringnotequals: { "aws:PrincipalOrgID": "o-a1b2c3d4e5" } } }) },
    { name: "a bucket policy Deny with IfExists in another case", kind: "bucket", document: deny({ Principal: "*", Action: "s3:*", Resource: "arn:aws:s3:::corp-data/*", Condition: { StringNotEqualsifexists: { "aws:SourceVpce": "vpce-0123456789abcdef0" } } }) },
    {
        name: "an SCP over 5,120 characters",
        kind: "scp",
        document: { Version: "2012-10-17", Statement: Array.from({ length: 40 }, (_, i) => ({ Sid: `S${i}`, Effect: "Deny", Action: "s3:PutObject", Resource: `arn:aws:s3:::a-rather-long-bucket-name-number-${i}/*`, Condition: { StringNotEquals: { "aws:PrincipalOrgID": "o-a1b2c3d4e5" } } })) },
    },
];

describe("policy pack: parity with the program's perimeter checks", function () {
    this.timeout(60000);

    it("every document the perimeter generators produce passes on both sides", async () => {
        const docs = generatedDocuments();
        assert.ok(docs.length > 20, `only ${docs.length} generated documents`);
        for (const { name, kind, document } of docs) {
            assert.deepEqual(await programErrors(document, kind), [], `program: ${name}`);
            assert.deepEqual(await packFindings(document, kind), [], `pack: ${name}`);
        }
    });

    it("both sides accept every operator spelled as IAM spells it, with set prefixes and IfExists", async () => {
        for (const operator of ["StringNotEqualsIfExists", "ForAnyValue:StringLike", "ForAllValues:StringEquals", "ArnNotLikeIfExists", "Null", "BoolIfExists", "NotIpAddress"]) {
            const document = deny({ Action: "s3:*", Resource: "*", Condition: { [operator]: { "aws:PrincipalOrgPaths": operator === "Null" ? "true" : "o-a1b2c3d4e5/*" } } });
            assert.deepEqual((await programErrors(document, "scp")).filter((e) => /operator/.test(e)), [], `program: ${operator}`);
            assert.deepEqual((await packFindings(document, "scp")).filter((e) => /operator/.test(e)), [], `pack: ${operator}`);
        }
    });

    for (const { name, kind, document } of bad) {
        it(`both sides reject ${name}`, async () => {
            const program = await programErrors(document, kind);
            const pack = await packFindings(document, kind);
            assert.ok(program.length > 0, `the program accepts it`);
            assert.ok(pack.length > 0, `the pack accepts it (program: ${program.join("; ")})`);
        });
    }
});
