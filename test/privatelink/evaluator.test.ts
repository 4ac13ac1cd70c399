/**
 * The governance evaluator's parts, from the TypeScript sources: CloudTrail readers, who
 * the caller is, retries with backoff, the organization cache, settings and the alert.
 * Whole events, end to end through the bundled Lambda, are the cases of fixtures/cases
 * (cases.test.ts, throttling.test.ts).
 */
import { OrganizationsClient } from "@aws-sdk/client-organizations";
import * as assert from "assert";
import * as fc from "fast-check";
import { snsPublishLimits } from "../../aws/event-delivery";
import * as fs from "fs";
import * as path from "path";
import { classifyCaller, isAwsMadeCall } from "../../lambda/governance/caller";
import {
    CloudTrailApiCallEvent,
    listValues,
    readAcceptConnections,
    readConnectionNotification,
    readCreateVpcEndpoint,
    readModifyPermissions,
    readServiceAdministration,
} from "../../lambda/governance/cloudtrail";
import { Finding, evaluateEvent, isApprovedServiceName } from "../../lambda/governance/evaluator";
import { alertSubject, notificationFor, utf8Prefix } from "../../lambda/governance/notification";
import { findingRules, notifiable } from "../../lambda/governance/findings";
import { settingsFromEnvironment, unwrapEvent } from "../../lambda/governance/handler";
import { OrganizationDirectory } from "../../lambda/governance/organization";
import { RetryPolicy, isRetryable, readAllPages, retryPolicyFromEnvironment, withRetries } from "../../lambda/shared/retry";
import { FakeAws, publishProblem } from "./fake-aws";

const casesDir = path.join(__dirname, "fixtures", "cases");
function caseEvent(name: string): CloudTrailApiCallEvent {
    return JSON.parse(fs.readFileSync(path.join(casesDir, name, "event.json"), "utf8"));
}

const instant: RetryPolicy = { attempts: 5, baseDelayMs: 0, maxDelayMs: 0, sleep: async () => undefined };

function throttle(name = "TooManyRequestsException"): Error {
    return Object.assign(new Error("Rate exceeded"), { name, $metadata: { httpStatusCode: 400 } });
}

describe("privatelink governance event readers", () => {
    it("flattens EC2's CloudTrail list shapes", () => {
        assert.deepStrictEqual(listValues({ tag: 1, content: "a" }), ["a"]);
        assert.deepStrictEqual(listValues([{ tag: 1, content: "a" }, { tag: 2, content: "b" }]), ["a", "b"]);
        assert.deepStrictEqual(listValues({ item: [{ item: "x" }, { item: "y" }] }), ["x", "y"]);
        assert.deepStrictEqual(listValues(undefined), []);
    });

    it("reads the service name and Region of a cross-Region endpoint", () => {
        const call = readCreateVpcEndpoint(caseEvent("create-endpoint-cross-region-to-failover"));
        assert.deepStrictEqual([call.serviceName, call.serviceRegion, call.endpointType, call.requesterManaged], [
            "com.amazonaws.vpce.us-west-2.vpce-svc-0beefcafe12345678",
            "us-west-2",
            "Interface",
            false,
        ]);
    });

    it("reads the owner of a Resource endpoint from its resource configuration ARN, and requesterManaged", () => {
        const resource = readCreateVpcEndpoint(caseEvent("create-resource-endpoint-outside-organization"));
        assert.deepStrictEqual([resource.endpointType, resource.serviceName, resource.targetOwner], ["Resource", undefined, "999988887777"]);
        assert.strictEqual(readCreateVpcEndpoint(caseEvent("create-endpoint-requester-managed")).requesterManaged, true);
    });

    it("reads AcceptanceRequired of a new service from the response (the result), the request's only when the response lacks it", () => {
        const created = readServiceAdministration(caseEvent("create-service-auto-accept-by-iam-user"));
        assert.deepStrictEqual([created.serviceId, created.acceptanceRequired, created.acceptanceFrom], ["vpce-svc-0123456789abcdef1", false, "response"]);
        // Request says true, response says false: the response states what was created.
        const contradicting = caseEvent("create-service-acceptance-only-in-response");
        (contradicting.detail.requestParameters as any).CreateVpcEndpointServiceConfigurationRequest.AcceptanceRequired = true;
        assert.deepStrictEqual([readServiceAdministration(contradicting).acceptanceRequired, readServiceAdministration(contradicting).acceptanceFrom], [false, "response"]);
        // No response recorded: the request's explicit value.
        const noResponse = caseEvent("create-service-by-network-admin");
        noResponse.detail.responseElements = null;
        assert.deepStrictEqual([readServiceAdministration(noResponse).acceptanceRequired, readServiceAdministration(noResponse).acceptanceFrom], [true, "request"]);
        assert.strictEqual(readServiceAdministration(caseEvent("create-service-acceptance-not-recorded")).acceptanceRequired, undefined);
    });

    it("reads which endpoints an accept did not accept, and which notifications a delete did not delete", () => {
        const accept = readAcceptConnections(caseEvent("accept-connections-outside-endpoint-not-accepted"));
        assert.deepStrictEqual([accept.accepted, accept.unsuccessful.map((u) => u.resourceId)], [["vpce-0aaa1111bbbb2222c"], ["vpce-0ddd3333eeee4444f"]]);
        assert.match(accept.unsuccessful[0].error!, /^InvalidVpcEndpointState: /);
        // Without a recorded response nothing says which failed: every requested endpoint counts as accepted.
        const unrecorded = caseEvent("accept-connections-outside-endpoint-not-accepted");
        unrecorded.detail.responseElements = null;
        assert.deepStrictEqual(readAcceptConnections(unrecorded).accepted, ["vpce-0aaa1111bbbb2222c", "vpce-0ddd3333eeee4444f"]);
        const deleted = readConnectionNotification(caseEvent("delete-notification-by-network-admin"));
        assert.deepStrictEqual([deleted.notificationIds, deleted.serviceId], [["vpce-nfn-0123456789abcdef0"], undefined]);
        const modified = readConnectionNotification(caseEvent("modify-service-notification-by-other-role"));
        assert.deepStrictEqual([modified.notificationIds, modified.serviceId, modified.vpcEndpointId], [["vpce-nfn-0123456789abcdef0"], undefined, undefined]);
    });

    it("approves only exact names", () => {
        const approved = "com.amazonaws.vpce.us-east-1.vpce-svc-0a1b2c3d4e5f67890";
        assert.strictEqual(isApprovedServiceName(approved, [approved]), true);
        assert.strictEqual(isApprovedServiceName(approved.slice(0, -1), [approved]), false);
        assert.strictEqual(isApprovedServiceName(`${approved}1`, [approved]), false);
        assert.strictEqual(isApprovedServiceName(approved, [approved.toUpperCase()]), false);
    });
});

describe("privatelink governance: who made the call", () => {
    const session = (issuerArn: string, extra: object = {}) => ({
        type: "AssumedRole",
        arn: "arn:aws:sts::200000000001:assumed-role/x/s",
        accountId: "200000000001",
        sessionContext: { sessionIssuer: { type: "Role", arn: issuerArn } },
        ...extra,
    });

    it("recognises the network admin role by the role that issued the session, as the SCP does (no path)", () => {
        assert.strictEqual(classifyCaller(session("arn:aws:iam::200000000001:role/NetworkAdmin"), "NetworkAdmin").kind, "network-admin");
        assert.strictEqual(classifyCaller(session("arn:aws-us-gov:iam::200000000001:role/NetworkAdmin"), "NetworkAdmin").kind, "network-admin");
        assert.strictEqual(classifyCaller(session("arn:aws:iam::200000000001:role/team/NetworkAdmin"), "NetworkAdmin").kind, "other-role");
        assert.strictEqual(classifyCaller(session("arn:aws:iam::200000000001:role/NetworkAdmins"), "NetworkAdmin").kind, "other-role");
        // A forward access session (CloudFormation with the caller's role) is still that role.
        assert.strictEqual(classifyCaller(session("arn:aws:iam::200000000001:role/NetworkAdmin", { invokedBy: "cloudformation.amazonaws.com" }), "NetworkAdmin").kind, "network-admin");
    });

    it("tells AWS's own calls (AWSService, service-linked roles) from people's", () => {
        const slr = session("arn:aws:iam::200000000001:role/aws-service-role/elasticloadbalancing.amazonaws.com/AWSServiceRoleForElasticLoadBalancing", { invokedBy: "elasticloadbalancing.amazonaws.com" });
        assert.strictEqual(classifyCaller(slr, "NetworkAdmin").kind, "aws-service");
        assert.strictEqual(classifyCaller({ type: "AWSService", invokedBy: "network-firewall.amazonaws.com" }, "NetworkAdmin").kind, "aws-service");
        assert.strictEqual(isAwsMadeCall(session("arn:aws:iam::200000000001:role/Dev", { invokedBy: "cloudformation.amazonaws.com" })), false);
    });

    it("names every other identity type", () => {
        const kinds = (["Root", "IAMUser", "FederatedUser", "IdentityCenterUser", "AWSAccount", "Unknown"] as const).map((type) =>
            classifyCaller({ type, arn: `arn:aws:iam::200000000001:${type === "Root" ? "root" : "user/x"}`, accountId: "200000000001" }, "NetworkAdmin").kind,
        );
        assert.deepStrictEqual(kinds, ["root", "user", "user", "user", "account", "unknown"]);
        assert.strictEqual(classifyCaller(undefined, "NetworkAdmin").kind, "unknown");
        assert.strictEqual(classifyCaller({ type: "AssumedRole" }, "NetworkAdmin").kind, "unknown");
    });
});

describe("privatelink governance retries", () => {
    it("retries throttling with full-jitter exponential backoff, up to the attempt limit", async () => {
        const waits: number[] = [];
        let calls = 0;
        const policy: RetryPolicy = { attempts: 4, baseDelayMs: 100, maxDelayMs: 250, sleep: async (ms) => void waits.push(ms), random: () => 0.999 };
        await assert.rejects(
            withRetries(async () => {
                calls++;
                throw throttle();
            }, policy),
            /Rate exceeded/,
        );
        assert.strictEqual(calls, 4);
        // Ceilings 100, 200, then capped at 250; the wait is random below each.
        assert.deepStrictEqual(waits, [99, 199, 249]);
    });

    it("does not retry what retrying cannot fix (denied, invalid)", async () => {
        let calls = 0;
        const denied = Object.assign(new Error("no"), { name: "UnauthorizedOperation", $metadata: { httpStatusCode: 403 } });
        await assert.rejects(withRetries(async () => {
            calls++;
            throw denied;
        }, instant));
        assert.strictEqual(calls, 1);
        assert.strictEqual(isRetryable(Object.assign(new Error(), { $metadata: { httpStatusCode: 503 } })), true);
        assert.strictEqual(isRetryable(Object.assign(new Error(), { code: "ECONNRESET" })), true);
        assert.strictEqual(isRetryable(Object.assign(new Error(), { name: "RequestLimitExceeded" })), true);
    });

    it("retries the page that failed, not the pages before it, and refuses a token given twice", async () => {
        const requested: (string | undefined)[] = [];
        let failures = 1;
        const pages: Record<string, { items: number[]; next?: string }> = { start: { items: [1, 2], next: "p2" }, p2: { items: [3], next: "p3" }, p3: { items: [4] } };
        const items = await readAllPages(
            async (token: string | undefined) => {
                requested.push(token);
                if (token === "p2" && failures-- > 0) throw throttle();
                return pages[token ?? "start"];
            },
            (p) => p.items,
            (p) => p.next,
            instant,
        );
        assert.deepStrictEqual(items, [1, 2, 3, 4]);
        assert.deepStrictEqual(requested, [undefined, "p2", "p2", "p3"]);
        await assert.rejects(readAllPages(async () => ({ items: [1], next: "same" }), (p) => p.items, (p) => p.next, instant), /token same twice/);
    });

    it("reads its policy from the environment, with sane defaults for nonsense", () => {
        assert.deepStrictEqual(retryPolicyFromEnvironment({}), { attempts: 5, baseDelayMs: 200, maxDelayMs: 5000 });
        assert.deepStrictEqual(retryPolicyFromEnvironment({ GOVERNANCE_RETRY_ATTEMPTS: "0", GOVERNANCE_RETRY_BASE_MS: "x" }), { attempts: 5, baseDelayMs: 200, maxDelayMs: 5000 });
    });
});

describe("privatelink governance organization cache", () => {
    const fake = FakeAws.forSuite();
    const accounts = Array.from({ length: 45 }, (_, i) => `2100000000${String(i).padStart(2, "0")}`);
    let now = 0;
    const directory = () => new OrganizationDirectory(new OrganizationsClient({ region: "us-east-1" }), instant, { ttlMs: 600000, minRefreshMs: 60000, now: () => now });

    beforeEach(() => {
        now = 1000000;
        fake.reset({ organization: { accounts, pageSize: 20 } });
    });

    it("lists every page once, then answers from memory until the TTL", async () => {
        const d = directory();
        assert.strictEqual(await d.has(accounts[44]), true);
        assert.strictEqual(await d.has(accounts[0]), true);
        assert.strictEqual(fake.calls("ListAccounts").length, 3);
        now += 599999;
        await d.has(accounts[1]);
        assert.strictEqual(fake.calls("ListAccounts").length, 3);
        now += 2;
        await d.has(accounts[1]);
        assert.strictEqual(fake.calls("ListAccounts").length, 6);
    });

    it("shares one listing between concurrent lookups", async () => {
        const d = directory();
        await Promise.all(accounts.slice(0, 10).map((a) => d.has(a)));
        assert.strictEqual(d.listings, 1);
    });

    it("re-checks an unknown account against a fresh listing, at most once a minute", async () => {
        const d = directory();
        assert.strictEqual(await d.has("999988887777"), false);
        assert.strictEqual(d.listings, 1);
        fake.world.organization!.accounts.push("222233334444");
        now += 30000;
        assert.strictEqual(await d.has("222233334444"), false, "within a minute of the last listing");
        now += 31000;
        assert.strictEqual(await d.has("222233334444"), true, "an account created since is found by the re-check");
        assert.strictEqual(d.listings, 2);
    });

    it("throws when the organization cannot be read, and tries again on the next lookup", async () => {
        fake.reset({ organization: { accounts, pageSize: 20 }, faults: [{ operation: "ListAccounts", page: 3, times: 5 }] });
        const d = directory();
        await assert.rejects(d.has(accounts[0]), /TooManyRequestsException/);
        assert.strictEqual(await d.has(accounts[0]), true);
        assert.deepStrictEqual(fake.calls("ListAccounts").map((c) => c.page), [1, 2, 3, 3, 3, 3, 3, 1, 2, 3]);
    });
});

describe("privatelink governance settings and alerts", () => {
    it("reads its settings from the environment and names the variable that is wrong", () => {
        const s = settingsFromEnvironment({ TOPIC_ARN: "arn:aws:sns:us-east-1:1:t", APPROVED_SERVICE_NAMES: '["a"]', TRUSTED_ACCOUNTS: "[]", MEMBER_ACCOUNTS: '["111122223333"]' });
        assert.deepStrictEqual([s.approvedServiceNames, s.networkAdminRole, s.memberAccounts], [["a"], "NetworkAdmin", ["111122223333"]]);
        assert.throws(() => settingsFromEnvironment({ TOPIC_ARN: "t", APPROVED_SERVICE_NAMES: "a" }), /APPROVED_SERVICE_NAMES is not JSON/);
        assert.throws(() => settingsFromEnvironment({ TOPIC_ARN: "t", TRUSTED_ACCOUNTS: "[1]" }), /TRUSTED_ACCOUNTS must be a JSON array of strings/);
        assert.throws(() => settingsFromEnvironment({}), /TOPIC_ARN/);
    });

    it("replays an on-failure record's payload, and takes any other event as it is", () => {
        const event = caseEvent("create-endpoint-third-party-service");
        assert.strictEqual(unwrapEvent({ requestContext: {}, requestPayload: event }), event);
        assert.strictEqual(unwrapEvent(event), event);
    });

    it("names the most severe kind in the subject, and includes the event when it could not decide", () => {
        const event = caseEvent("create-endpoint-third-party-service");
        const f = (verdict: Finding["verdict"], subject: string): Finding => ({ verdict, rule: "lookup-failed", eventName: "CreateVpcEndpoint", account: event.account, region: "us-east-1", subject, reason: "r" });
        assert.match(notificationFor(event, [f("review", "a"), f("undecided", "b"), f("violation", "c")]).subject, /^PrivateLink VIOLATION: CreateVpcEndpoint in 200000000002 us-east-1$/);
        const undecided = notificationFor(event, [f("review", "a"), f("undecided", "b")]);
        assert.match(undecided.subject, /^PrivateLink COULD NOT DECIDE:/);
        assert.ok(undecided.message.includes(event.detail.eventID!));
        assert.ok(undecided.message.includes("were NOT checked"));
        assert.match(notificationFor(event, [f("review", "a")]).subject, /^PrivateLink NEEDS REVIEW:/);
        assert.deepStrictEqual(notifiable([f("allowed", "x"), f("ignored", "y"), f("review", "z")]).map((x) => x.subject), ["z"]);
    });

    it("writes each finding as README documents it: VERDICT [rule] subject: reason, NEEDS REVIEW spelled out", () => {
        const event = caseEvent("create-endpoint-third-party-service");
        const f = (verdict: Finding["verdict"], rule: Finding["rule"], subject: string): Finding => ({ verdict, rule, eventName: "CreateVpcEndpoint", account: event.account, region: "us-east-1", subject, reason: "why" });
        const lines = notificationFor(event, [f("violation", "untrusted-service", "a"), f("undecided", "lookup-failed", "b"), f("review", "service-not-visible", "c")]).message.split("\n");
        for (const line of ["- VIOLATION [untrusted-service] a: why", "- COULD NOT DECIDE [lookup-failed] b: why", "- NEEDS REVIEW [service-not-visible] c: why"]) assert.ok(lines.includes(line), line);
        assert.ok(!lines.some((l) => l.startsWith("- REVIEW")));
    });

    it("fits the subject to SNS: under 100 printable ASCII characters, the call name cut first, whatever the event holds", () => {
        assert.strictEqual(alertSubject("VIOLATION", "CreateVpcEndpoint", "200000000002", "us-east-1"), "PrivateLink VIOLATION: CreateVpcEndpoint in 200000000002 us-east-1");
        const longest = alertSubject("COULD NOT DECIDE", "StartVpcEndpointServicePrivateDnsVerification", "100000000002", "ap-southeast-2");
        assert.ok(longest.length <= snsPublishLimits.maxSubjectLength, longest);
        assert.match(longest, /^PrivateLink COULD NOT DECIDE: StartVpcEndpointService.*\.\.\. in 100000000002 ap-southeast-2$/);
        assert.strictEqual(alertSubject("NEEDS REVIEW", "Create\nVpc\u0000Endpoint\u00e9", "1\r2", "us-\teast-1"), "PrivateLink NEEDS REVIEW: Create Vpc?Endpoint? in 1 2 us- east-1");
    });

    it("never builds a Publish SNS would refuse, for any event and findings (property)", () => {
        const text = fc.string({ unit: "binary", maxLength: 300 });
        const verdict = fc.constantFrom<Finding["verdict"]>("violation", "undecided", "review");
        const finding = fc.record({ verdict, subject: text, reason: fc.string({ unit: "binary", maxLength: 3000 }) });
        fc.assert(
            fc.property(text, text, text, fc.array(finding, { minLength: 1, maxLength: 150 }), fc.string({ unit: "binary", maxLength: 200000 }), (eventName, account, region, fs, padding) => {
                const event = { "detail-type": "AWS API Call via CloudTrail", source: "aws.ec2", account, region, detail: { eventName, awsRegion: region, eventSource: "ec2.amazonaws.com", padding } };
                const findings = fs.map((x) => ({ ...x, rule: "lookup-failed" as const, eventName, account, region }));
                const { subject, message } = notificationFor(event, findings);
                assert.strictEqual(publishProblem({ TopicArn: "arn:aws:sns:us-east-1:100000000003:t", Subject: subject, Message: message }), undefined);
            }),
            { numRuns: 60 },
        );
    });

    it("cuts a message only at a character boundary", () => {
        assert.strictEqual(utf8Prefix("aé€😀", 1), "a");
        assert.strictEqual(utf8Prefix("aé€😀", 2), "a");
        assert.strictEqual(utf8Prefix("aé€😀", 3), "aé");
        assert.strictEqual(utf8Prefix("aé€😀", 9), "aé€");
        assert.strictEqual(utf8Prefix("aé€😀", 10), "aé€😀");
        // An event far over SNS's 256 KiB (multi-byte text): the findings stay whole, the event copy is cut.
        const event = caseEvent("create-endpoint-third-party-service");
        (event.detail as any).padding = "€".repeat(120000);
        const finding: Finding = { verdict: "undecided", rule: "lookup-failed", eventName: "CreateVpcEndpoint", account: event.account, region: "us-east-1", subject: "s", reason: "r" };
        const { message } = notificationFor(event, [finding]);
        assert.ok(Buffer.byteLength(message, "utf8") <= snsPublishLimits.maxMessageBytes);
        assert.ok(message.includes("- COULD NOT DECIDE [lookup-failed] s: r"));
        assert.match(message, /cut to fit SNS's message size limit/);
    });

    it("gives every rule a verdict, and every alerting rule an action", () => {
        for (const [rule, spec] of Object.entries(findingRules)) {
            if (spec.verdict === "allowed" || spec.verdict === "ignored") continue;
            assert.ok("action" in spec && spec.action, `${rule} has no action for the security team`);
        }
    });
});

describe("README: the alerts a security team receives", () => {
    const readme = fs.readFileSync(path.join(__dirname, "..", "..", "README.md"), "utf8");

    it("lists every alerting rule with its verdict, and both alarms", () => {
        const words: Record<string, string> = { violation: "VIOLATION", review: "NEEDS REVIEW", undecided: "COULD NOT DECIDE" };
        for (const [rule, spec] of Object.entries(findingRules)) {
            if (!(spec.verdict in words)) continue;
            assert.match(readme, new RegExp(`\\| ${words[spec.verdict]} \\| \`${rule}\` \\|`), `README's alert table lacks ${rule} (${words[spec.verdict]})`);
        }
        for (const alarm of ["undelivered-events", "failed-evaluations"]) assert.ok(readme.includes(`<env>-privatelink-${alarm}`), `README lacks the ${alarm} alarm`);
        assert.match(readme, /### Replaying/);
    });
});

describe("privatelink governance event readers: parameter spelling", () => {
    it("reads camelCase request parameters as well as the API's PascalCase", () => {
        const event = caseEvent("modify-permissions-everyone");
        event.detail.requestParameters = { serviceId: "vpce-svc-0feedbeef7654321a", addAllowedPrincipals: { item: [{ item: "*" }] } } as never;
        assert.deepStrictEqual(readModifyPermissions(event), { serviceId: "vpce-svc-0feedbeef7654321a", addedPrincipals: ["*"] });
    });
});

describe("privatelink governance evaluator: an unexpected error", () => {
    it("keeps the findings already made and names what was not checked", async () => {
        const event = caseEvent("organization-unavailable-keeps-earlier-findings");
        // A bug stand-in: a setting of the wrong type makes the account check throw a TypeError.
        const settings = { approvedServiceNames: [], trustedAccounts: null as unknown as string[], networkAdminRole: "NetworkAdmin" };
        const clients = { membership: { has: async () => true }, ec2: () => { throw new Error("unused"); }, retry: instant };
        const findings = await evaluateEvent(event, settings, clients as never);
        assert.deepStrictEqual(findings.map((f) => [f.verdict, f.rule, f.subject]), [
            ["allowed", "network-admin", "arn:aws:iam::200000000001:role/NetworkAdmin"],
            ["violation", "permissions-everyone", "*"],
            ["undecided", "evaluator-error", "ModifyVpcEndpointServicePermissions"],
        ]);
        assert.match(findings[2].reason, /after 2 finding\(s\); the rest of ModifyVpcEndpointServicePermissions was not checked: TypeError/);
    });
});
