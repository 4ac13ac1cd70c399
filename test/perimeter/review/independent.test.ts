/**
 * Review held-out cases (review-perimeter): contexts built from AWS's documentation, documents
 * from the plan JSON, evaluated by iam-simulate (independent.ts) and by the project's engine.
 * Slow (it plans every definition): runs only with REVIEW_PERIMETER=1.
 *
 * KNOWN lists the cases whose verdict disagrees with AWS's documented behaviour today (the
 * review's findings); the test fails on any other disagreement, and on a KNOWN case that no
 * longer disagrees (so the list is kept honest).
 */
import * as assert from "assert";
import * as fs from "fs";
import * as path from "path";
import { runFile } from "./independent";

const KNOWN: Record<string, string> = {
    // independent and engine both disagree with AWS
    "prod/private-api-no-iam-auth-via-endpoint": "execute-api endpoint policy requires aws:PrincipalOrgID: unsigned calls to our own private APIs are refused",
    "prod/dynamodb-from-internet-denied-per-aws-pattern": "DynamoDB through spoke gateway endpoints is left out of the network perimeter (documented)",
    "prod/aws-cli-bucket-via-gateway": "S3 exceptions lack arn:aws:s3:::aws-cli/* (aws-samples s3_endpoint_policy.json)",
    "prod/session-manager-plugin-bucket-via-gateway": "S3 exceptions lack arn:aws:s3:::session-manager-downloads/*",
    "prod/lambda-tagged-exec-role-writes-logs": "tagged Lambda roles are cut off from logs (documented; AWS's Lambda SCP exempts them)",
    "prod/glue-job-role-reads-protected-lake-from-aws-network": "protected-bucket network Deny holds service roles used from AWS networks",
    "prod/deployer-tagged-include-put-bucket-policy-from-outside": "a deployer tagged dp:include:network is denied by the SCP/RCP",
    "prod/ssm-state-manager-association-aws-document-owner-account-filled": "ssm:CreateAssociation on AWS documents allowed only if aws:ResourceAccount is absent",
    "prod/ssm-describe-aws-document-versions-owner-account-filled": "ssm:List*/Describe* on AWS documents allowed only if aws:ResourceAccount is absent",
    "syd/bedrock-kb-retrieve-from-nat-no-endpoint": "SCP holds bedrock:* when only bedrock-runtime is carried",
    "syd/bedrock-list-models-from-nat-no-endpoint": "SCP holds bedrock:* when only bedrock-runtime is carried",
    "syd/outsider-through-our-eks-endpoint-denied": "eks endpoint planned without a policy (catalog says full-access-only)",
    "syd/lambda-aws-owned-layer-via-endpoint": "no exception for AWS-owned Lambda layers, no validate warning",
    "syd/firehose-delivery-role-writes-protected-lake": "protected-bucket network Deny overrides the owner's own statement for a service role",
    "syd/bedrock-cross-region-inference-destination-evaluated-in-destination-region": "SourceVpcRegion1 denies cross-Region inference through the hub endpoint",
    "syd/bedrock-cross-region-inference-untagged-principal": "SourceVpcRegion1 has no tag condition: untagged principals too",
    // engine only
    "prod/ssm-run-command-aws-document": "engine rejects AWS-owned SSM ARNs (empty account): no.resource.types",
    "prod/ssm-state-manager-association-aws-document": "engine rejects AWS-owned SSM ARNs",
    "prod/ssm-describe-aws-document-versions": "engine rejects AWS-owned SSM ARNs",
    "prod/ssm-public-parameter-ami": "engine rejects AWS-owned SSM ARNs",
    "dev/ssm-run-aws-document": "engine rejects AWS-owned SSM ARNs",
    "dev/ssm-public-parameter": "engine rejects AWS-owned SSM ARNs",
    "syd/bedrock-cross-region-destination-model": "engine defaults aws:RequestedRegion to the resource's Region",
};

const dir = path.join(__dirname, "cases");
const run = process.env.REVIEW_PERIMETER === "1" ? describe : describe.skip;

run("review-perimeter: held-out cases (independent evaluator and engine)", function () {
    this.timeout(600000);
    for (const f of fs.readdirSync(dir).filter((n) => n.endsWith(".cases.yaml"))) {
        it(f, async () => {
            const rows = await runFile(path.join(dir, f), { quiet: true });
            const wrong = rows
                .filter((r: any) => r.independent !== r.expect || (r.engine !== undefined && r.engine !== r.expect))
                .map((r: any) => `${r.env}/${r.id}`);
            const unexpected = wrong.filter((id: string) => !KNOWN[id]);
            const env = rows[0]?.env;
            const fixed = Object.keys(KNOWN).filter((id) => id.startsWith(`${env}/`) && !wrong.includes(id));
            assert.deepStrictEqual({ unexpected, fixed }, { unexpected: [], fixed: [] });
        });
    }
});
