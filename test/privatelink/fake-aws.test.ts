/**
 * The fake AWS refuses what AWS refuses, so the governance suite catches a Lambda that
 * sends a request AWS would reject (which, replayed, would fail the same way forever).
 * Limits from aws/ (SNS API_Publish, Config API_PutEvaluations), the inspector's
 * permissions from its policy.
 */
import { ConfigServiceClient, PutEvaluationsCommand } from "@aws-sdk/client-config-service";
import { DescribeVpcEndpointServiceConfigurationsCommand, DescribeVpcEndpointServicesCommand, EC2Client } from "@aws-sdk/client-ec2";
import { PublishCommand, SNSClient } from "@aws-sdk/client-sns";
import * as assert from "assert";
import { maxEvaluationsPerCall } from "../../aws/config-rule-events";
import { snsPublishLimits } from "../../aws/event-delivery";
import { FakeAws } from "./fake-aws";

const topic = "arn:aws:sns:us-east-1:100000000003:prod-privatelink-governance";

describe("privatelink fake AWS: refuses what AWS refuses", () => {
    const fake = FakeAws.forSuite();
    const sns = new SNSClient({ region: "us-east-1", maxAttempts: 1 });
    const config = new ConfigServiceClient({ region: "us-east-1", maxAttempts: 1 });
    beforeEach(() => fake.reset({ region: "us-east-1", endpointServices: [{ serviceName: "com.amazonaws.us-east-1.kms", owner: "amazon" }] }));

    const publish = (Subject: string | undefined, Message = "m") => sns.send(new PublishCommand({ TopicArn: topic, Subject, Message }));

    it("SNS Publish: a subject of fewer than 100 printable ASCII characters, a message of at most 256 KiB", async () => {
        const longest = `P${"x".repeat(snsPublishLimits.maxSubjectLength - 1)}`;
        await publish(longest);
        await publish(undefined);
        await publish("ok", "€".repeat(Math.floor(snsPublishLimits.maxMessageBytes / 3)));
        for (const subject of [`${longest}x`, "line\nbreak", "tab\there", "caf\u00e9", " leading space", "bell\u0007"]) {
            await assert.rejects(publish(subject), (e: Error) => e.name === "InvalidParameter", JSON.stringify(subject));
        }
        await assert.rejects(publish("ok", "x".repeat(snsPublishLimits.maxMessageBytes + 1)), (e: Error) => e.name === "InvalidParameter");
        await assert.rejects(publish("ok", "€".repeat(Math.floor(snsPublishLimits.maxMessageBytes / 3) + 1)), (e: Error) => e.name === "InvalidParameter", "counted in bytes, not characters");
        await assert.rejects(publish("ok", ""), (e: Error) => e.name === "InvalidParameter");
        assert.strictEqual(fake.calls("Publish").filter((c) => c.refused).length, 9);
    });

    it("Config PutEvaluations: at most 100 evaluations per call, each one Config would take", async () => {
        const evaluation = (i: number) => ({ ComplianceResourceType: "AWS::EC2::VPCEndpointService", ComplianceResourceId: `vpce-svc-${i}`, ComplianceType: "COMPLIANT" as const, OrderingTimestamp: new Date() });
        const put = (Evaluations: ReturnType<typeof evaluation>[]) => config.send(new PutEvaluationsCommand({ ResultToken: "token", Evaluations }));
        await put(Array.from({ length: maxEvaluationsPerCall }, (_, i) => evaluation(i)));
        await assert.rejects(put(Array.from({ length: maxEvaluationsPerCall + 1 }, (_, i) => evaluation(i))), (e: Error) => e.name === "ValidationException");
        await assert.rejects(put([{ ...evaluation(1), ComplianceType: "INSUFFICIENT_DATA" as never }]), (e: Error) => e.name === "ValidationException");
        await assert.rejects(put([{ ...evaluation(1), Annotation: "a".repeat(257) } as never]), (e: Error) => e.name === "ValidationException");
    });

    it("an inspector role may make only the calls its policy allows", async () => {
        const inspector = new EC2Client({ region: "us-east-1", maxAttempts: 1, profile: "inspector-200000000001" });
        await inspector.send(new DescribeVpcEndpointServicesCommand({ ServiceNames: ["com.amazonaws.us-east-1.kms"] }));
        await assert.rejects(inspector.send(new DescribeVpcEndpointServiceConfigurationsCommand({})), (e: Error) => e.name === "UnauthorizedOperation");
        assert.match(fake.calls("DescribeVpcEndpointServiceConfigurations")[0].refused!, /inspector role's policy does not allow ec2:DescribeVpcEndpointServiceConfigurations/);
    });
});
