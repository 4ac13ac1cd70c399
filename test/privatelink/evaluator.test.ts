/**
 * The governance evaluator against recorded CloudTrail event shapes, with the AWS SDK
 * clients mocked by aws-sdk-client-mock. Each case is one of the decisions the public
 * governance sample gets wrong: owner vs caller, exact vs substring, every page of accounts.
 */
import { DescribeVpcEndpointConnectionsCommand, DescribeVpcEndpointServicesCommand, EC2Client } from "@aws-sdk/client-ec2";
import { ListAccountsCommand, OrganizationsClient } from "@aws-sdk/client-organizations";
import { PublishCommand, SNSClient } from "@aws-sdk/client-sns";
import { mockGovernanceClients } from "./sdk-mocks";
import * as assert from "assert";
import * as fs from "fs";
import * as path from "path";
import { CloudTrailApiCallEvent, listValues, readCreateVpcEndpoint } from "../../lambda/governance/cloudtrail";
import { EvaluatorClients, evaluateEvent, isApprovedServiceName } from "../../lambda/governance/evaluator";
import { processEvent, settingsFromEnvironment } from "../../lambda/governance/handler";

function fixture(name: string): CloudTrailApiCallEvent {
    return JSON.parse(fs.readFileSync(path.join(__dirname, "fixtures", name), "utf8")) as CloudTrailApiCallEvent;
}

const approved = "com.amazonaws.vpce.us-east-1.vpce-svc-0a1b2c3d4e5f67890";
const thirdParty = "com.amazonaws.vpce.us-east-1.vpce-svc-0badc0ffee1234567";
const orgService = "com.amazonaws.vpce.us-east-1.vpce-svc-0feedbeef7654321a";
const settings = { topicArn: "arn:aws:sns:us-east-1:100000000003:prod-privatelink-governance", approvedServiceNames: [approved], trustedAccounts: ["464622532012"] };

/** 20 accounts per page, as ListAccounts returns them; `accountOnPage2` appears only on the second page. */
function organizationPages(accountOnPage2: string): { page1: object; page2: object } {
    const page1 = Array.from({ length: 20 }, (_, i) => ({ Id: `2000000000${String(i + 1).padStart(2, "0")}`, Status: "ACTIVE", State: "ACTIVE" }));
    const page2 = [
        { Id: "100000000003", Status: "ACTIVE", State: "ACTIVE" },
        { Id: accountOnPage2, Status: "ACTIVE", State: "ACTIVE" },
    ];
    return { page1: { Accounts: page1, NextToken: "page-2-token" }, page2: { Accounts: page2 } };
}

describe("privatelink governance evaluator", () => {
    const sdk = mockGovernanceClients();
    const ec2Calls: { account: string; region: string }[] = [];
    const listAccountsTokens: (string | undefined)[] = [];
    const clients: EvaluatorClients = {
        organizations: new OrganizationsClient({ region: "us-east-1" }),
        ec2(account, region) {
            ec2Calls.push({ account, region });
            return new EC2Client({ region });
        },
    };

    beforeEach(() => {
        sdk.ec2.reset();
        sdk.orgs.reset();
        sdk.sns.reset();
        ec2Calls.length = 0;
        const { page1, page2 } = organizationPages("555566667777");
        listAccountsTokens.length = 0;
        // The paginator reuses one input object, so record each call's token as it happens.
        sdk.orgs.on(ListAccountsCommand).callsFake((input: { NextToken?: string }) => {
            listAccountsTokens.push(input.NextToken);
            return input.NextToken === "page-2-token" ? page2 : page1;
        });
        sdk.sns.on(PublishCommand).resolves({ MessageId: "m-1" });
    });

    function serviceOwnedBy(serviceName: string, owner: string): void {
        sdk.ec2.on(DescribeVpcEndpointServicesCommand, { ServiceNames: [serviceName] }).resolves({
            ServiceNames: [serviceName],
            ServiceDetails: [{ ServiceName: serviceName, Owner: owner, AcceptanceRequired: true, ServiceType: [{ ServiceType: "Interface" }] }],
        });
    }

    it("flags an organization account connecting to a third-party service that is not approved, judged by the service's owner", async () => {
        serviceOwnedBy(thirdParty, "999988887777");
        const event = fixture("create-vpc-endpoint-third-party.json");
        const findings = await processEvent(event, settings, clients, new SNSClient({}));
        assert.deepStrictEqual(findings.map((f) => f.verdict), ["violation"]);
        assert.match(findings[0].reason, /owned by 999988887777/);
        // The owner was looked up from the caller's account (which can see the service) ...
        assert.deepStrictEqual(ec2Calls, [{ account: "200000000002", region: "us-east-1" }]);
        // ... and every page of the organization was read before calling it foreign.
        assert.deepStrictEqual(listAccountsTokens, [undefined, "page-2-token"]);
        const published = sdk.sns.commandCalls(PublishCommand);
        assert.strictEqual(published.length, 1);
        assert.strictEqual(published[0].args[0].input.TopicArn, settings.topicArn);
        assert.match(published[0].args[0].input.Subject ?? "", /violation: CreateVpcEndpoint in 200000000002/);
        assert.match(published[0].args[0].input.Message ?? "", /VIOLATION com\.amazonaws\.vpce\.us-east-1\.vpce-svc-0badc0ffee1234567/);
        assert.match(published[0].args[0].input.Message ?? "", /OrdersDeveloper\/jane\.doe/);
    });

    it("stays quiet for AWS services (owner amazon)", async () => {
        serviceOwnedBy("com.amazonaws.us-east-1.kms", "amazon");
        const findings = await processEvent(fixture("create-vpc-endpoint-aws-service.json"), settings, clients, new SNSClient({}));
        assert.deepStrictEqual(findings.map((f) => [f.verdict, f.reason]), [["allowed", "AWS service"]]);
        assert.strictEqual(sdk.sns.commandCalls(PublishCommand).length, 0);
        assert.strictEqual(sdk.orgs.commandCalls(ListAccountsCommand).length, 0);
    });

    it("stays quiet for an approved third-party service (exact name)", async () => {
        const findings = await processEvent(fixture("create-vpc-endpoint-approved.json"), settings, clients, new SNSClient({}));
        assert.deepStrictEqual(findings.map((f) => f.verdict), ["allowed"]);
        assert.strictEqual(sdk.sns.commandCalls(PublishCommand).length, 0);
    });

    it("stays quiet for a service owned by an organization account listed only on the second page of ListAccounts", async () => {
        serviceOwnedBy(orgService, "555566667777");
        const findings = await processEvent(fixture("create-vpc-endpoint-org-service.json"), settings, clients, new SNSClient({}));
        assert.deepStrictEqual(findings.map((f) => f.verdict), ["allowed"]);
        assert.match(findings[0].reason, /organization account 555566667777/);
        assert.deepStrictEqual(listAccountsTokens, [undefined, "page-2-token"]);
        assert.strictEqual(sdk.sns.commandCalls(PublishCommand).length, 0);
    });

    it("does not approve by substring: a name that contains, or is contained in, an approved one is judged by its owner", async () => {
        assert.strictEqual(isApprovedServiceName(approved, [approved]), true);
        assert.strictEqual(isApprovedServiceName(approved.slice(0, -1), [approved]), false);
        assert.strictEqual(isApprovedServiceName(approved, [approved.slice(0, -1)]), false);
        assert.strictEqual(isApprovedServiceName(approved, [approved.toUpperCase()]), false);

        const lookalike = `${approved}1`;
        serviceOwnedBy(lookalike, "999988887777");
        const event = fixture("create-vpc-endpoint-approved.json");
        (event.detail.requestParameters!.CreateVpcEndpointRequest as Record<string, unknown>).ServiceName = lookalike;
        const findings = await evaluateEvent(event, settings, clients);
        assert.deepStrictEqual(findings.map((f) => f.verdict), ["violation"]);
    });

    it("reports, rather than silently allows, a service whose owner it cannot determine", async () => {
        sdk.ec2.on(DescribeVpcEndpointServicesCommand).rejects(Object.assign(new Error("Profile inspector-200000000002 could not be found"), { name: "CredentialsProviderError" }));
        const findings = await processEvent(fixture("create-vpc-endpoint-third-party.json"), settings, clients, new SNSClient({}));
        assert.deepStrictEqual(findings.map((f) => f.verdict), ["undetermined"]);
        const published = sdk.sns.commandCalls(PublishCommand);
        assert.strictEqual(published.length, 1);
        assert.match(published[0].args[0].input.Subject ?? "", /needs review/);
    });

    it("ignores calls that failed (denied by the SCP): nothing was created", async () => {
        const findings = await processEvent(fixture("create-vpc-endpoint-denied-by-scp.json"), settings, clients, new SNSClient({}));
        assert.deepStrictEqual(findings.map((f) => f.verdict), ["ignored"]);
        assert.strictEqual(sdk.ec2.calls().length, 0);
        assert.strictEqual(sdk.sns.commandCalls(PublishCommand).length, 0);
    });

    it("judges accepted connections by the consumer endpoint's owner, across pages of connections", async () => {
        sdk.ec2.on(DescribeVpcEndpointConnectionsCommand)
            .resolves({
                VpcEndpointConnections: [{ ServiceId: "vpce-svc-0feedbeef7654321a", VpcEndpointId: "vpce-0aaa1111bbbb2222c", VpcEndpointOwner: "555566667777" }],
                NextToken: "conn-2",
            })
            .on(DescribeVpcEndpointConnectionsCommand, { NextToken: "conn-2" })
            .resolves({
                VpcEndpointConnections: [{ ServiceId: "vpce-svc-0feedbeef7654321a", VpcEndpointId: "vpce-0ddd3333eeee4444f", VpcEndpointOwner: "999988887777" }],
            });
        const findings = await processEvent(fixture("accept-vpc-endpoint-connections.json"), settings, clients, new SNSClient({}));
        assert.deepStrictEqual(
            findings.map((f) => [f.subject, f.verdict]),
            [
                ["vpce-0aaa1111bbbb2222c", "allowed"],
                ["vpce-0ddd3333eeee4444f", "violation"],
            ],
        );
        // The connections were read in the service owner's account (the caller of Accept).
        assert.deepStrictEqual(ec2Calls, [{ account: "200000000001", region: "us-east-1" }]);
        const filter = sdk.ec2.commandCalls(DescribeVpcEndpointConnectionsCommand)[0].args[0].input.Filters;
        assert.deepStrictEqual(filter, [{ Name: "service-id", Values: ["vpce-svc-0feedbeef7654321a"] }]);
        assert.match(sdk.sns.commandCalls(PublishCommand)[0].args[0].input.Message ?? "", /from 999988887777, outside the organization/);
    });

    it("flags permissions opened to an account outside the organization, not to members or trusted accounts", async () => {
        const findings = await processEvent(fixture("modify-vpc-endpoint-service-permissions.json"), settings, clients, new SNSClient({}));
        assert.deepStrictEqual(
            findings.map((f) => [f.subject, f.verdict]),
            [
                ["arn:aws:iam::200000000002:root", "allowed"],
                ["arn:aws:iam::999988887777:root", "violation"],
                ["arn:aws:iam::464622532012:role/VendorReader", "allowed"],
            ],
        );
        assert.strictEqual(sdk.sns.commandCalls(PublishCommand).length, 1);
    });

    it("flags permissions opened to every account (*)", async () => {
        const findings = await evaluateEvent(fixture("modify-vpc-endpoint-service-permissions-wildcard.json"), settings, clients);
        assert.deepStrictEqual(findings.map((f) => [f.subject, f.verdict]), [["*", "violation"]]);
    });
});

describe("privatelink governance event readers", () => {
    it("flattens EC2's CloudTrail list shapes", () => {
        assert.deepStrictEqual(listValues({ tag: 1, content: "a" }), ["a"]);
        assert.deepStrictEqual(listValues([{ tag: 1, content: "a" }, { tag: 2, content: "b" }]), ["a", "b"]);
        assert.deepStrictEqual(listValues({ item: [{ item: "x" }, { item: "y" }] }), ["x", "y"]);
        assert.deepStrictEqual(listValues(undefined), []);
    });

    it("reads the service name and Region of a cross-Region endpoint", () => {
        const event = fixture("create-vpc-endpoint-third-party.json");
        (event.detail.requestParameters!.CreateVpcEndpointRequest as Record<string, unknown>).ServiceRegion = "us-west-2";
        assert.deepStrictEqual(readCreateVpcEndpoint(event), {
            serviceName: thirdParty,
            serviceRegion: "us-west-2",
            vpcEndpointId: "vpce-0123abcd4567ef890",
            vpcEndpointType: "Interface",
        });
    });

    it("reads its settings from the environment and rejects malformed lists", () => {
        const s = settingsFromEnvironment({ TOPIC_ARN: "arn:aws:sns:us-east-1:1:t", APPROVED_SERVICE_NAMES: JSON.stringify([approved]), TRUSTED_ACCOUNTS: "[]" });
        assert.deepStrictEqual(s.approvedServiceNames, [approved]);
        assert.throws(() => settingsFromEnvironment({ TOPIC_ARN: "t", APPROVED_SERVICE_NAMES: approved }), SyntaxError);
        assert.throws(() => settingsFromEnvironment({}), /TOPIC_ARN/);
    });
});
