/**
 * The endpoint-service Config rule against mocked EC2 and Config APIs: every owned
 * service (every page), acceptance required, an enabled notification, no "*" principal.
 */
import { ConfigServiceClient, PutEvaluationsCommand } from "@aws-sdk/client-config-service";
import {
    DescribeVpcEndpointConnectionNotificationsCommand,
    DescribeVpcEndpointServiceConfigurationsCommand,
    DescribeVpcEndpointServicePermissionsCommand,
    EC2Client,
} from "@aws-sdk/client-ec2";
import * as assert from "assert";
import { AwsStub, mockClient } from "aws-sdk-client-mock";
import * as fs from "fs";
import * as path from "path";
import { ConfigRuleEvent, evaluateAndReport, judgeService } from "../../lambda/config-rule/endpoint-service-compliance";

const event = JSON.parse(fs.readFileSync(path.join(__dirname, "fixtures", "config-rule-scheduled-event.json"), "utf8")) as ConfigRuleEvent;

describe("privatelink endpoint-service Config rule", () => {
    let ec2: AwsStub<any, any, any>;
    let config: AwsStub<any, any, any>;
    before(() => {
        ec2 = mockClient(EC2Client);
        config = mockClient(ConfigServiceClient);
    });
    after(() => {
        ec2.restore();
        config.restore();
    });

    beforeEach(() => {
        ec2.reset();
        config.reset();
        config.on(PutEvaluationsCommand).resolves({ FailedEvaluations: [] });
    });

    function givenServices(): void {
        // Page 1: a compliant service and one that auto-accepts; page 2: one without a notification.
        ec2.on(DescribeVpcEndpointServiceConfigurationsCommand).callsFake((input: { NextToken?: string }) =>
            input.NextToken === "svc-2"
                ? { ServiceConfigurations: [{ ServiceId: "vpce-svc-0000000000000000c", AcceptanceRequired: true }] }
                : {
                      ServiceConfigurations: [
                          { ServiceId: "vpce-svc-0000000000000000a", AcceptanceRequired: true },
                          { ServiceId: "vpce-svc-0000000000000000b", AcceptanceRequired: false },
                      ],
                      NextToken: "svc-2",
                  },
        );
        ec2.on(DescribeVpcEndpointConnectionNotificationsCommand).resolves({
            ConnectionNotificationSet: [
                { ServiceId: "vpce-svc-0000000000000000a", ConnectionNotificationState: "Enabled", ConnectionEvents: ["Connect", "Accept", "Reject", "Delete"] },
                { ServiceId: "vpce-svc-0000000000000000b", ConnectionNotificationState: "Enabled", ConnectionEvents: ["Connect", "Accept"] },
                // A disabled notification does not count.
                { ServiceId: "vpce-svc-0000000000000000c", ConnectionNotificationState: "Disabled", ConnectionEvents: ["Connect", "Accept"] },
            ],
        });
        ec2.on(DescribeVpcEndpointServicePermissionsCommand).resolves({ AllowedPrincipals: [{ Principal: "arn:aws:iam::200000000002:root", PrincipalType: "Account" }] });
    }

    it("evaluates every service the account owns, on every page, and reports each to AWS Config", async () => {
        givenServices();
        const verdicts = await evaluateAndReport(event, new EC2Client({}), new ConfigServiceClient({}));
        assert.deepStrictEqual(
            verdicts.map((v) => [v.serviceId, v.compliant]),
            [
                ["vpce-svc-0000000000000000a", true],
                ["vpce-svc-0000000000000000b", false],
                ["vpce-svc-0000000000000000c", false],
            ],
        );
        assert.match(verdicts[1].annotation, /acceptance is not required/);
        assert.match(verdicts[2].annotation, /no enabled connection notification/);
        const put = config.commandCalls(PutEvaluationsCommand);
        assert.strictEqual(put.length, 1);
        const input = put[0].args[0].input;
        assert.strictEqual(input.ResultToken, event.resultToken);
        assert.deepStrictEqual(
            input.Evaluations?.map((e) => [e.ComplianceResourceType, e.ComplianceResourceId, e.ComplianceType]),
            [
                ["AWS::EC2::VPCEndpointService", "vpce-svc-0000000000000000a", "COMPLIANT"],
                ["AWS::EC2::VPCEndpointService", "vpce-svc-0000000000000000b", "NON_COMPLIANT"],
                ["AWS::EC2::VPCEndpointService", "vpce-svc-0000000000000000c", "NON_COMPLIANT"],
            ],
        );
        assert.strictEqual(input.Evaluations?.[0].OrderingTimestamp?.toISOString(), "2026-11-20T18:00:00.000Z");
    });

    it("flags a service that admits every account", async () => {
        givenServices();
        ec2.on(DescribeVpcEndpointServicePermissionsCommand, { ServiceId: "vpce-svc-0000000000000000a" }).resolves({ AllowedPrincipals: [{ Principal: "*", PrincipalType: "All" }] });
        const verdicts = await evaluateAndReport(event, new EC2Client({}), new ConfigServiceClient({}));
        assert.strictEqual(verdicts[0].compliant, false);
        assert.match(verdicts[0].annotation, /"\*"/);
    });

    it("sends at most 100 evaluations per PutEvaluations call", async () => {
        const many = Array.from({ length: 150 }, (_, i) => ({ ServiceId: `vpce-svc-${String(i).padStart(17, "0")}`, AcceptanceRequired: true }));
        ec2.on(DescribeVpcEndpointServiceConfigurationsCommand).resolves({ ServiceConfigurations: many });
        ec2.on(DescribeVpcEndpointConnectionNotificationsCommand).resolves({ ConnectionNotificationSet: [] });
        ec2.on(DescribeVpcEndpointServicePermissionsCommand).resolves({ AllowedPrincipals: [] });
        await evaluateAndReport(event, new EC2Client({}), new ConfigServiceClient({}));
        assert.deepStrictEqual(config.commandCalls(PutEvaluationsCommand).map((c) => c.args[0].input.Evaluations?.length), [100, 50]);
    });

    it("requires both Connect and Accept events in the notification", () => {
        const verdict = judgeService({ serviceId: "vpce-svc-1", acceptanceRequired: true, notificationEvents: ["Reject"], allowedPrincipals: [] });
        assert.strictEqual(verdict.compliant, false);
        assert.match(verdict.annotation, /misses Connect, Accept/);
    });
});
