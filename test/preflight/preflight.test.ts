/**
 * `npm run preflight` on recorded responses: the real AWS context (STS GetCallerIdentity
 * and AssumeRole, then clients with each account's credentials) over aws-sdk-client-mock,
 * each account answering from its own scenario of recorded responses (test/preflight/
 * fixtures, in the shapes the API references document). Every prerequisite is checked
 * present and missing, including paginated answers and AccessDenied.
 */
import * as assert from "assert";
import * as fs from "fs";
import * as os from "os";
import * as path from "path";
import { CloudTrailClient, DescribeTrailsCommand, GetEventSelectorsCommand, GetTrailStatusCommand } from "@aws-sdk/client-cloudtrail";
import { ConfigServiceClient, DescribeConfigurationRecorderStatusCommand, DescribeConfigurationRecordersCommand, DescribeDeliveryChannelsCommand } from "@aws-sdk/client-config-service";
import { GetRoleCommand, GetRolePolicyCommand, IAMClient, ListAttachedRolePoliciesCommand } from "@aws-sdk/client-iam";
import {
    DescribeOrganizationCommand,
    ListAWSServiceAccessForOrganizationCommand,
    ListAccountsForParentCommand,
    ListDelegatedAdministratorsCommand,
    ListOrganizationalUnitsForParentCommand,
    ListRootsCommand,
    OrganizationsClient,
} from "@aws-sdk/client-organizations";
import { AssumeRoleCommand, GetCallerIdentityCommand, STSClient } from "@aws-sdk/client-sts";
import { AwsStub, mockClient } from "aws-sdk-client-mock";
import { organizationalUnitMaxDepth, prerequisites } from "../../aws/prerequisites";
import { CheckResult, networkAdminResources, recordsResourceType } from "../../tools/preflight-checks";
import { loadDefinitionFile } from "../../program/load";
import { networkAdminPolicy, networkAdminPolicyName, networkAdminScopes } from "../../perimeter/network-admin-policy";
import { main } from "../../tools/preflight";

process.env.AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED = "true";

const ACCOUNTS = { management: "100000000001", network: "100000000002", security: "100000000003", app: "100000000004" };
const CALLER_KEY = "AKIAIOSFODNN7EXAMPLE";

const definitionText = `environment: pf
region: eu-west-1
organization:
  id: o-a1b2c3d4e5
  units:
    workloads: ou-ab12-wrkld001
accounts:
  management: "${ACCOUNTS.management}"
  network: "${ACCOUNTS.network}"
  security: "${ACCOUNTS.security}"
  app: "${ACCOUNTS.app}"
deployment:
  roleName: NetworkAdmin
network:
  account: network
  transitGateway:
    domains:
      shared: { reaches: [apps] }
      apps: { reaches: [shared] }
  hub: { cidr: 10.0.0.0/21 }
  endpoints: { services: [ssm] }
spokes:
  - { name: app, account: app, cidr: 10.1.0.0/16, domain: apps }
security:
  account: security
`;

/**
 * The same organization with the bootstrap unit (a service-managed StackSet: trusted access
 * with Organizations) and an endpoint service in account app, published through a network
 * admin role that is not the deploy role.
 */
const bootstrapDefinitionText = definitionText
    .replace("deployment:\n  roleName: NetworkAdmin\n", "deployment:\n  roleName: NetworkAdmin\n  trustedAccount: security\n  bootstrap: {}\n")
    .concat(`perimeter:
  networkAdminRole: LzNetAdmin
endpointServices:
  - { name: app-api, spoke: app, port: 8443, targets: [10.1.0.10], consumers: [] }
`);

/** A recorded response, with `{account}` filled for the account that answers. */
function recorded(name: string, account = ""): any {
    return JSON.parse(fs.readFileSync(path.join(__dirname, "fixtures", `${name}.json`), "utf8").replace(/\{account\}/g, account));
}

function denied(name: string, message: string): Error {
    return Object.assign(new Error(message), { name, $fault: "client", $metadata: { httpStatusCode: 403 } });
}

/** What one account answers: a fixture name (or pages of them), an error, or a response built by the test. */
type Answer = string | string[] | Error | { response: unknown };
/** What the OU tree answers for one parent: a fixture name, pages of them, or an error. */
type TreeAnswer = string | string[] | Error;
interface Scenario {
    /** Accounts whose deploy role cannot be assumed. */
    deniedRoles?: string[];
    answers: Record<string, Partial<Record<string, Answer>>>;
    /**
     * The management account's OU tree: per parent id (the root or an OU), its child OUs
     * (ListOrganizationalUnitsForParent) and its accounts (ListAccountsForParent); a parent
     * not listed has none.
     */
    tree: { ous: Record<string, TreeAnswer>; accounts: Record<string, TreeAnswer> };
}

/**
 * The organization the recorded tree describes: the root holds Workloads and (on its second
 * page) Sandbox; Workloads > Prod > EU > Payments > Team is five levels deep, AWS's maximum.
 * network is in Workloads, security in Prod (on the second page), app in Team.
 */
const OU = { workloads: "ou-ab12-wrkld001", sandbox: "ou-ab12-sandbx01", prod: "ou-ab12-prodou01", eu: "ou-ab12-euou0001", payments: "ou-ab12-paymnt01", team: "ou-ab12-teamou01" };
function recordedTree(): Scenario["tree"] {
    return {
        ous: {
            "r-a1b2": ["organizations-list-ous-root-page1", "organizations-list-ous-root-page2"],
            [OU.workloads]: "organizations-list-ous-workloads",
            [OU.prod]: "organizations-list-ous-prod",
            [OU.eu]: "organizations-list-ous-eu",
            [OU.payments]: "organizations-list-ous-payments",
        },
        accounts: {
            [OU.workloads]: "organizations-list-accounts-workloads",
            [OU.prod]: ["organizations-list-accounts-prod-page1", "organizations-list-accounts-prod-page2"],
            [OU.team]: "organizations-list-accounts-team",
        },
    };
}

/** Every account has everything (the organization's lists span two pages). */
function allPresent(): Scenario {
    const account = (): Partial<Record<string, Answer>> => ({
        DescribeConfigurationRecorders: "config-describe-configuration-recorders-all-supported",
        DescribeConfigurationRecorderStatus: "config-describe-configuration-recorder-status-recording",
        DescribeDeliveryChannels: "config-describe-delivery-channels",
        DescribeTrails: "cloudtrail-describe-trails-organization",
        GetTrailStatus: "cloudtrail-get-trail-status-logging",
        GetEventSelectors: "cloudtrail-get-event-selectors-basic",
    });
    return {
        answers: {
            [ACCOUNTS.management]: {
                ...account(),
                DescribeOrganization: "organizations-describe-organization",
                ListRoots: "organizations-list-roots",
                ListAWSServiceAccessForOrganization: ["organizations-list-aws-service-access-page1", "organizations-list-aws-service-access-page2"],
                ListDelegatedAdministrators: ["organizations-list-delegated-administrators-page1", "organizations-list-delegated-administrators-page2"],
            },
            [ACCOUNTS.network]: account(),
            [ACCOUNTS.security]: account(),
            [ACCOUNTS.app]: { ...account(), GetRole: "iam-get-role" },
        },
        tree: recordedTree(),
    };
}

describe("preflight (recorded AWS responses)", function () {
    this.timeout(60000);
    let sts: AwsStub<any, any, any>;
    let orgs: AwsStub<any, any, any>;
    let config: AwsStub<any, any, any>;
    let trail: AwsStub<any, any, any>;
    let iam: AwsStub<any, any, any>;
    let scenario: Scenario;
    const env = { ...process.env };

    /** The account a client's credentials belong to: the caller's, or an assumed role's. */
    async function accountOf(getClient: () => any): Promise<string> {
        const credentials = await getClient().config.credentials();
        return credentials.accessKeyId === CALLER_KEY ? ACCOUNTS.management : credentials.accessKeyId.replace(/^ASIA/, "");
    }

    function answer(command: string, paged = false) {
        return async (input: any, getClient: () => any) => {
            const account = await accountOf(getClient);
            const a = scenario.answers[account]?.[command];
            if (a === undefined) throw new Error(`test scenario: ${account} has no answer for ${command}`);
            if (a instanceof Error) throw a;
            if (typeof a === "object" && "response" in a) return a.response;
            if (Array.isArray(a)) {
                // Pages: the first without a token, the next with the token the previous one returned.
                const page = paged && input.NextToken ? a.findIndex((_, i) => i > 0 && recorded(a[i - 1], account).NextToken === input.NextToken) : 0;
                return recorded(a[page], account);
            }
            return recorded(a, account);
        };
    }

    /** Every ParentId the OU walk asked for, in order. */
    let ouCalls: string[] = [];
    /** The tree's answer for one parent: pages followed by NextToken, as `answer` does. */
    function treeAnswer(kind: "ous" | "accounts", empty: string) {
        return async (input: { ParentId: string; NextToken?: string }, getClient: () => any) => {
            const account = await accountOf(getClient);
            if (account !== ACCOUNTS.management) throw new Error(`test scenario: ${kind} asked of ${account}, not the management account`);
            if (kind === "ous") ouCalls.push(input.NextToken ? `${input.ParentId} (next page)` : input.ParentId);
            const a = scenario.tree[kind][input.ParentId] ?? empty;
            if (a instanceof Error) throw a;
            const pages = Array.isArray(a) ? a : [a];
            const page = input.NextToken ? pages.findIndex((_, i) => i > 0 && recorded(pages[i - 1]).NextToken === input.NextToken) : 0;
            return recorded(pages[page]);
        };
    }

    before(() => {
        process.env.AWS_ACCESS_KEY_ID = CALLER_KEY;
        process.env.AWS_SECRET_ACCESS_KEY = "wJalrXUtnFEMI/K7MDENG/bPxRfiCYEXAMPLEKEY";
        delete process.env.AWS_SESSION_TOKEN;
        delete process.env.AWS_PROFILE;
        sts = mockClient(STSClient);
        orgs = mockClient(OrganizationsClient);
        config = mockClient(ConfigServiceClient);
        trail = mockClient(CloudTrailClient);
        iam = mockClient(IAMClient);
        sts.on(GetCallerIdentityCommand).resolves(recorded("sts-get-caller-identity"));
        sts.on(AssumeRoleCommand).callsFake(async (input: { RoleArn: string }) => {
            const account = /iam::(\d{12}):role\//.exec(input.RoleArn)![1];
            if (scenario.deniedRoles?.includes(account)) {
                throw denied("AccessDenied", `User: arn:aws:sts::${ACCOUNTS.management}:assumed-role/PlatformAdmin/platform-admin is not authorized to perform: sts:AssumeRole on resource: ${input.RoleArn}`);
            }
            return recorded("sts-assume-role", account);
        });
        orgs.on(ListRootsCommand).callsFake(answer("ListRoots"));
        orgs.on(DescribeOrganizationCommand).callsFake(answer("DescribeOrganization"));
        orgs.on(ListOrganizationalUnitsForParentCommand).callsFake(treeAnswer("ous", "organizations-list-ous-none"));
        orgs.on(ListAccountsForParentCommand).callsFake(treeAnswer("accounts", "organizations-list-accounts-none"));
        iam.on(GetRoleCommand).callsFake(answer("GetRole"));
        iam.on(GetRolePolicyCommand).callsFake(answer("GetRolePolicy"));
        // IAM pages with Marker (not NextToken): the next page follows the previous one's Marker.
        iam.on(ListAttachedRolePoliciesCommand).callsFake(async (input: { Marker?: string }, getClient: () => any) => {
            const account = await accountOf(getClient);
            const pages = scenario.answers[account]?.ListAttachedRolePolicies;
            if (!Array.isArray(pages)) throw new Error(`test scenario: ${account} has no pages for ListAttachedRolePolicies`);
            const page = input.Marker ? pages.findIndex((_, i) => i > 0 && recorded(pages[i - 1], account).Marker === input.Marker) : 0;
            return recorded(pages[page], account);
        });
        orgs.on(ListAWSServiceAccessForOrganizationCommand).callsFake(answer("ListAWSServiceAccessForOrganization", true));
        orgs.on(ListDelegatedAdministratorsCommand).callsFake(answer("ListDelegatedAdministrators", true));
        config.on(DescribeConfigurationRecordersCommand).callsFake(answer("DescribeConfigurationRecorders"));
        config.on(DescribeConfigurationRecorderStatusCommand).callsFake(answer("DescribeConfigurationRecorderStatus"));
        config.on(DescribeDeliveryChannelsCommand).callsFake(answer("DescribeDeliveryChannels"));
        trail.on(DescribeTrailsCommand).callsFake(answer("DescribeTrails"));
        trail.on(GetTrailStatusCommand).callsFake(answer("GetTrailStatus"));
        trail.on(GetEventSelectorsCommand).callsFake(answer("GetEventSelectors"));
    });
    after(() => {
        for (const stub of [sts, orgs, config, trail, iam]) stub.restore();
        process.env = env;
    });

    let definitionFile: string;
    let bootstrapFile: string;
    before(() => {
        const dir = fs.mkdtempSync(path.join(os.tmpdir(), "lz-preflight-"));
        definitionFile = path.join(dir, "pf.yaml");
        fs.writeFileSync(definitionFile, definitionText);
        fs.mkdirSync(path.join(dir, "bootstrap"));
        bootstrapFile = path.join(dir, "bootstrap", "pf.yaml");
        fs.writeFileSync(bootstrapFile, bootstrapDefinitionText);
    });

    async function preflight(s: Scenario, args: string[] = [], file = definitionFile): Promise<{ code: number; results: CheckResult[]; text: string; err: string }> {
        scenario = s;
        ouCalls = [];
        const out: string[] = [];
        const err: string[] = [];
        const code = await main(["--definition", file, "--json", ...args], { out: (l) => out.push(l), err: (l) => err.push(l) });
        const text: string[] = [];
        await main(["--definition", file], { out: (l) => text.push(l), err: () => undefined });
        return { code, results: out.length ? JSON.parse(out.join("\n")).results : [], text: text.join("\n"), err: err.join("\n") };
    }
    const find = (results: CheckResult[], id: string, account: keyof typeof ACCOUNTS) => {
        const r = results.find((x) => x.prerequisite === id && x.account === `${account} (${ACCOUNTS[account]})`);
        assert.ok(r, `no ${id} result for ${account}: ${results.map((x) => `${x.prerequisite}/${x.account}`).join(", ")}`);
        return r;
    };

    it("reports every prerequisite ok when all are in place (pages read to the end), and exits 0", async () => {
        const { code, results, text } = await preflight(allPresent());
        assert.deepStrictEqual(results.filter((r) => r.status !== "ok"), []);
        assert.strictEqual(code, 0);
        // StackSets' trusted access and the network admin role only where the definition needs them (below).
        for (const id of Object.keys(prerequisites).filter((p) => p !== "stacksets-trusted-access" && p !== "network-admin-role" && p !== "bootstrap-ous-cover-accounts")) assert.ok(results.some((r) => r.prerequisite === id), `${id} was not checked`);
        // RAM trusted access and the security account's delegation are on the second pages.
        assert.match(find(results, "ram-organization-sharing", "management").detail, /ram\.amazonaws\.com has trusted access/);
        assert.match(find(results, "security-delegated-administrator", "management").detail, /security \(100000000003\) is a delegated administrator/);
        // Governed accounts: every account a unit deploys into.
        for (const a of ["management", "network", "security", "app"] as const) {
            assert.strictEqual(find(results, "config-recorder", a).status, "ok");
            assert.match(find(results, "cloudtrail-management-events", a).detail, /org-trail \(organization trail\) logs management events in every Region/);
        }
        assert.match(find(results, "deploy-role", "management").detail, /the caller's own account/);
        assert.match(find(results, "deploy-role", "app").detail, /assumed arn:aws:iam::100000000004:role\/NetworkAdmin/);
        assert.match(text, /^all \d+ prerequisites in place$/m);
    });

    it("reports the missing policy type, RAM sharing and delegation with the command that fixes each, and exits 1", async () => {
        const s = allPresent();
        s.answers[ACCOUNTS.management].ListRoots = "organizations-list-roots-rcp-disabled";
        s.answers[ACCOUNTS.management].ListAWSServiceAccessForOrganization = ["organizations-list-aws-service-access-page1", "organizations-list-aws-service-access-page2-without-ram"];
        s.answers[ACCOUNTS.management].ListDelegatedAdministrators = ["organizations-list-delegated-administrators-page1", "organizations-list-delegated-administrators-page2-without-security"];
        const { code, results, text } = await preflight(s);
        assert.strictEqual(code, 1);
        assert.strictEqual(find(results, "scp-policy-type", "management").status, "ok");
        const rcp = find(results, "rcp-policy-type", "management");
        assert.deepStrictEqual([rcp.status, rcp.detail], ["missing", "RESOURCE_CONTROL_POLICY is not enabled on r-a1b2"]);
        assert.strictEqual(rcp.fix?.command, "aws organizations enable-policy-type --root-id r-a1b2 --policy-type RESOURCE_CONTROL_POLICY");
        assert.strictEqual(find(results, "ram-organization-sharing", "management").fix?.command, "aws ram enable-sharing-with-aws-organization");
        assert.match(find(results, "security-delegated-administrator", "management").fix?.command ?? "", /register-delegated-administrator --account-id 100000000003 --service-principal config\.amazonaws\.com$/);
        assert.match(text, /^missing  rcp-policy-type .*\n {9}why: .*\n {9}fix: aws organizations enable-policy-type --root-id r-a1b2 --policy-type RESOURCE_CONTROL_POLICY\n {9}console: AWS Organizations console/m);
        assert.match(text, /^\d+ ok, 3 missing$/m);
    });

    it("with the bootstrap unit and an endpoint service: checks every prerequisite, StackSets' trusted access and the network admin role included", async () => {
        const { code, results } = await preflight(allPresent(), [], bootstrapFile);
        assert.deepStrictEqual(results.filter((r) => r.status !== "ok"), []);
        assert.strictEqual(code, 0);
        for (const id of Object.keys(prerequisites)) assert.ok(results.some((r) => r.prerequisite === id), `${id} was not checked`);
        assert.match(find(results, "stacksets-trusted-access", "management").detail, /member\.org\.stacksets\.cloudformation\.amazonaws\.com has trusted access/);
        assert.match(find(results, "network-admin-role", "app").detail, /role\/LzNetAdmin has no path/);
    });

    it("reports an organization without all features, StackSets without trusted access, and a network admin role that is missing or under a path", async () => {
        const s = allPresent();
        s.answers[ACCOUNTS.management].DescribeOrganization = "organizations-describe-organization-consolidated-billing";
        s.answers[ACCOUNTS.management].ListAWSServiceAccessForOrganization = ["organizations-list-aws-service-access-page2"];
        s.answers[ACCOUNTS.app].GetRole = "iam-get-role-with-path";
        let { code, results } = await preflight(s, [], bootstrapFile);
        assert.strictEqual(code, 1);
        const all = find(results, "organization-all-features", "management");
        assert.deepStrictEqual([all.status, all.fix?.command.startsWith("aws organizations enable-all-features")], ["missing", true]);
        const stackSets = find(results, "stacksets-trusted-access", "management");
        assert.deepStrictEqual([stackSets.status, stackSets.fix?.command], ["missing", "aws cloudformation activate-organizations-access"]);
        const admin = find(results, "network-admin-role", "app");
        assert.strictEqual(admin.status, "missing");
        assert.match(admin.detail, /role\/network\/LzNetAdmin has path \/network\//);
        assert.match(admin.fix!.command, /^aws iam create-role --role-name LzNetAdmin --path \/ .*"Principal":\{"AWS":"arn:aws:iam::100000000004:role\/NetworkAdmin"\}/);
        s.answers[ACCOUNTS.app].GetRole = Object.assign(new Error("The role with name LzNetAdmin cannot be found."), { name: "NoSuchEntityException", $fault: "client", $metadata: { httpStatusCode: 404 } });
        ({ results } = await preflight(s, [], bootstrapFile));
        assert.strictEqual(find(results, "network-admin-role", "app").detail, "role LzNetAdmin does not exist");
    });

    it("prints the deploy role the bootstrap StackSet creates: trusted by deployment.trustedAccount, not by the caller", async () => {
        const s = allPresent();
        s.deniedRoles = [ACCOUNTS.app];
        const { results } = await preflight(s, [], bootstrapFile);
        const fix = find(results, "deploy-role", "app").fix!.command;
        // bootstrap.ts roleTrustPolicy: the trusted account's root, Sid TrustedAccount; AdministratorAccess; the environment tag.
        assert.match(fix, /"Sid":"TrustedAccount","Effect":"Allow","Principal":\{"AWS":"arn:aws:iam::100000000003:root"\},"Action":"sts:AssumeRole"/);
        assert.match(fix, /--tags Key=landing-zone:environment,Value=pf /);
        assert.match(fix, /policy\/AdministratorAccess$/);
    });

    it("fixes AWS Config in the order AWS accepts: recorder, then delivery channel, then start; and refuses daily recording", async () => {
        const s = allPresent();
        Object.assign(s.answers[ACCOUNTS.network], { DescribeConfigurationRecorders: "config-describe-configuration-recorders-none", DescribeConfigurationRecorderStatus: "config-describe-configuration-recorder-status-none", DescribeDeliveryChannels: "config-describe-delivery-channels-none" });
        Object.assign(s.answers[ACCOUNTS.app], { DescribeConfigurationRecorders: "config-describe-configuration-recorders-daily" });
        Object.assign(s.answers[ACCOUNTS.security], { DescribeConfigurationRecorders: "config-describe-configuration-recorders-none", DescribeConfigurationRecorderStatus: "config-describe-configuration-recorder-status-none" });
        const { results } = await preflight(s);
        const network = results.filter((r) => r.account.startsWith("network ") && r.prerequisite.startsWith("config-"));
        assert.deepStrictEqual(network.map((r) => r.prerequisite), ["config-recorder", "config-delivery-channel"]);
        // No delivery channel: the recorder is only put; the channel's fix creates it and then starts the recorder.
        assert.doesNotMatch(network[0].fix!.command, /start-configuration-recorder/);
        assert.match(network[0].fix!.command, /recordingStrategy=\{useOnly=ALL_SUPPORTED_RESOURCE_TYPES\}/);
        assert.match(network[1].fix!.command, /put-delivery-channel .* && aws configservice start-configuration-recorder /);
        // A delivery channel exists: put the recorder, then start it.
        assert.match(find(results, "config-recorder", "security").fix!.command, /put-configuration-recorder .* && aws configservice start-configuration-recorder /);
        assert.match(find(results, "config-recorder", "app").detail, /records AWS::EC2::VPCEndpointService daily, not continuously/);
    });

    it("reports a deploy role that cannot be assumed, with AWS's AccessDenied and the role to create", async () => {
        const s = allPresent();
        s.deniedRoles = [ACCOUNTS.app];
        const { code, results } = await preflight(s);
        assert.strictEqual(code, 1);
        const role = find(results, "deploy-role", "app");
        assert.strictEqual(role.status, "missing");
        assert.match(role.detail, /^cannot assume arn:aws:iam::100000000004:role\/NetworkAdmin: AccessDenied: User: .* is not authorized to perform: sts:AssumeRole/);
        assert.match(role.fix!.command, /^aws iam create-role --role-name NetworkAdmin .*"Principal":\{"AWS":"arn:aws:iam::100000000001:root"\}/);
        // The account's other checks need that role too: they say so instead of passing silently.
        assert.match(find(results, "config-recorder", "app").detail, /^could not reach the account: AccessDenied/);
        assert.strictEqual(find(results, "cloudtrail-management-events", "app").status, "missing");
    });

    it("reports Config recorders that are absent, stopped, exclude endpoint services or are service-linked, and a missing delivery channel", async () => {
        const s = allPresent();
        Object.assign(s.answers[ACCOUNTS.network], { DescribeConfigurationRecorders: "config-describe-configuration-recorders-none", DescribeConfigurationRecorderStatus: "config-describe-configuration-recorder-status-none", DescribeDeliveryChannels: "config-describe-delivery-channels-none" });
        Object.assign(s.answers[ACCOUNTS.security], { DescribeConfigurationRecorders: "config-describe-configuration-recorders-exclusion-of-endpoint-services" });
        Object.assign(s.answers[ACCOUNTS.app], { DescribeConfigurationRecorderStatus: "config-describe-configuration-recorder-status-stopped" });
        Object.assign(s.answers[ACCOUNTS.management], { DescribeConfigurationRecorders: "config-describe-configuration-recorders-service-linked-only" });
        const { code, results } = await preflight(s);
        assert.strictEqual(code, 1);
        assert.strictEqual(find(results, "config-recorder", "network").detail, "no configuration recorder in eu-west-1");
        assert.match(find(results, "config-recorder", "network").fix!.command, /put-configuration-recorder --region eu-west-1 --configuration-recorder name=default,roleARN=arn:aws:iam::100000000002:role\/aws-service-role\/config\.amazonaws\.com\/AWSServiceRoleForConfig --recording-group 'allSupported=true/);
        assert.strictEqual(find(results, "config-delivery-channel", "network").detail, "no delivery channel in eu-west-1");
        assert.strictEqual(find(results, "config-recorder", "security").detail, "recorder default does not record AWS::EC2::VPCEndpointService");
        assert.strictEqual(find(results, "config-recorder", "app").detail, "recorder default is not recording");
        assert.strictEqual(find(results, "config-recorder", "management").detail, "no configuration recorder in eu-west-1");
        assert.strictEqual(find(results, "config-delivery-channel", "app").status, "ok");
    });

    it("refuses a recorder that lists other resource types only, and accepts one that lists endpoint services", async () => {
        const s = allPresent();
        Object.assign(s.answers[ACCOUNTS.app], { DescribeConfigurationRecorders: "config-describe-configuration-recorders-inclusion-without-endpoint-services" });
        const { results } = await preflight(s);
        assert.strictEqual(find(results, "config-recorder", "app").detail, "recorder default does not record AWS::EC2::VPCEndpointService");
        const listing = recorded("config-describe-configuration-recorders-inclusion-without-endpoint-services", ACCOUNTS.app).ConfigurationRecorders[0];
        listing.recordingGroup.resourceTypes.push("AWS::EC2::VPCEndpointService");
        assert.ok(recordsResourceType(listing, "AWS::EC2::VPCEndpointService"));
    });

    it("reports trails that are absent, in another Region only, not logging, or logging reads only", async () => {
        const s = allPresent();
        Object.assign(s.answers[ACCOUNTS.network], { DescribeTrails: "cloudtrail-describe-trails-none" });
        Object.assign(s.answers[ACCOUNTS.security], { DescribeTrails: "cloudtrail-describe-trails-single-region-elsewhere" });
        Object.assign(s.answers[ACCOUNTS.app], { DescribeTrails: "cloudtrail-describe-trails-local", GetEventSelectors: "cloudtrail-get-event-selectors-advanced-read-only" });
        Object.assign(s.answers[ACCOUNTS.management], { GetTrailStatus: "cloudtrail-get-trail-status-stopped" });
        const { code, results } = await preflight(s);
        assert.strictEqual(code, 1);
        assert.strictEqual(find(results, "cloudtrail-management-events", "network").detail, "no trail");
        assert.strictEqual(find(results, "cloudtrail-management-events", "security").detail, "no trail covers eu-west-1 (us-only: home us-east-1, single-Region)");
        assert.strictEqual(find(results, "cloudtrail-management-events", "app").detail, "management-events does not log management write events");
        assert.strictEqual(find(results, "cloudtrail-management-events", "management").detail, "org-trail is not logging");
        assert.match(find(results, "cloudtrail-management-events", "network").fix!.command, /^aws cloudtrail create-trail --region eu-west-1 --name landing-zone-management-events .*--is-multi-region-trail/);
    });

    it("accepts a single-Region trail in the environment's Region with advanced selectors for management events", async () => {
        const s = allPresent();
        Object.assign(s.answers[ACCOUNTS.app], { DescribeTrails: "cloudtrail-describe-trails-local", GetEventSelectors: "cloudtrail-get-event-selectors-advanced-management" });
        const { results } = await preflight(s);
        assert.strictEqual(find(results, "cloudtrail-management-events", "app").detail, "management-events logs management events in eu-west-1");
    });

    describe("the OU tree: nested OUs, read from the root down through every page (aws/prerequisites.ts organizational-units-exist, bootstrap-ous-cover-accounts)", () => {
        /** A definition file like the bootstrap one, with these OUs (label → id) and, optionally, bootstrap.organizationalUnits. */
        function withUnits(name: string, units: Record<string, string>, bootstrapUnits?: string[]): string {
            const text = bootstrapDefinitionText
                .replace("  units:\n    workloads: ou-ab12-wrkld001\n", `  units:\n${Object.entries(units).map(([k, v]) => `    ${k}: ${v}\n`).join("")}`)
                .replace("  bootstrap: {}\n", bootstrapUnits ? `  bootstrap:\n    organizationalUnits: [${bootstrapUnits.join(", ")}]\n` : "  bootstrap: {}\n");
            const dir = path.join(path.dirname(definitionFile), name);
            fs.mkdirSync(dir, { recursive: true });
            const file = path.join(dir, "pf.yaml");
            fs.writeFileSync(file, text);
            return file;
        }

        it("finds an OU five levels deep and the accounts of every OU nested in a bootstrap OU (second pages included): ok", async () => {
            const { code, results } = await preflight(allPresent(), [], bootstrapFile);
            assert.strictEqual(code, 0, JSON.stringify(results.filter((r) => r.status !== "ok")));
            assert.match(find(results, "organizational-units-exist", "management").detail, /^1 OU\(s\) of organization\.units found among the organization's 6, up to 5 level\(s\) below r-a1b2$/);
            const cover = find(results, "bootstrap-ous-cover-accounts", "management");
            assert.match(cover.detail, /network in workloads \(ou-ab12-wrkld001\)/);
            assert.match(cover.detail, /security in "Prod" \(ou-ab12-prodou01\), nested in workloads/);
            assert.match(cover.detail, /app in "Team" \(ou-ab12-teamou01\), nested in workloads/);
            // Both pages of the root were read, and every OU (the helper runs the preflight twice: --json and text).
            assert.deepStrictEqual([...ouCalls].sort(), [...["r-a1b2", "r-a1b2 (next page)", OU.workloads, OU.sandbox, OU.prod, OU.eu, OU.payments, OU.team], ...["r-a1b2", "r-a1b2 (next page)", OU.workloads, OU.sandbox, OU.prod, OU.eu, OU.payments, OU.team]].sort());
        });

        it("refuses bootstrap OUs nested in one another (the second stack instance fails: the role exists), naming both", async () => {
            const file = withUnits("nested", { workloads: OU.workloads, payments: OU.payments });
            const { code, results } = await preflight(allPresent(), [], file);
            assert.strictEqual(code, 1);
            const cover = find(results, "bootstrap-ous-cover-accounts", "management");
            assert.strictEqual(cover.status, "missing");
            assert.match(cover.detail, /bootstrap OU payments \(ou-ab12-paymnt01\) is nested in bootstrap OU workloads \(ou-ab12-wrkld001\): its accounts would get the roles from both StackSet instances/);
            assert.match(cover.fix!.command, /list only the outer OU in deployment\.bootstrap\.organizationalUnits/);
            // Listing only the outer one is the fix: the nested OU's accounts are reached through it.
            const fixed = withUnits("nested-fixed", { workloads: OU.workloads, payments: OU.payments }, ["workloads"]);
            assert.strictEqual((await preflight(allPresent(), [], fixed)).code, 0);
        });

        it("reports an account in no bootstrap OU, and an OU id the organization does not have", async () => {
            const s = allPresent();
            s.tree.accounts[OU.team] = "organizations-list-accounts-none";
            s.tree.accounts[OU.sandbox] = "organizations-list-accounts-sandbox-with-app";
            const file = withUnits("outside", { workloads: OU.workloads, gone: "ou-ab12-deleted01" }, ["workloads"]);
            const { code, results } = await preflight(s, [], file);
            assert.strictEqual(code, 1);
            const exist = find(results, "organizational-units-exist", "management");
            assert.strictEqual(exist.status, "missing");
            assert.match(exist.detail, /^gone \(ou-ab12-deleted01\) is not in the organization \(6 OUs read, up to 5 level\(s\) below r-a1b2\)$/);
            const cover = find(results, "bootstrap-ous-cover-accounts", "management");
            assert.match(cover.detail, /^app \(100000000004\) is in no bootstrap OU \(workloads \(ou-ab12-wrkld001\)\) nor an OU nested in one: the StackSet gives it no deploy role$/);
        });

        it(`reads no deeper than AWS's ${organizationalUnitMaxDepth.value} levels, and says so when an answer goes deeper`, async () => {
            const s = allPresent();
            s.tree.ous[OU.team] = "organizations-list-ous-team";
            const { results } = await preflight(s, [], bootstrapFile);
            assert.ok(!ouCalls.includes("ou-ab12-toodeep1"), "the OU below level 5 is not walked");
            assert.match(find(results, "organizational-units-exist", "management").detail, /OUs deeper than AWS's 5 levels were not read: ou-ab12-toodeep1$/);
        });

        it("reports AccessDenied on ListOrganizationalUnitsForParent as missing, naming the call", async () => {
            const s = allPresent();
            s.tree.ous[OU.prod] = denied("AccessDeniedException", "You don't have permissions to access this resource.");
            const { code, results } = await preflight(s, [], bootstrapFile);
            assert.strictEqual(code, 1);
            for (const id of ["organizational-units-exist", "bootstrap-ous-cover-accounts"]) {
                assert.match(find(results, id, "management").detail, /^could not read the organization's OUs \(organizations ListRoots, ListOrganizationalUnitsForParent\): AccessDeniedException/);
            }
        });
    });

    it("reports AccessDenied from Organizations as missing, naming the call", async () => {
        const s = allPresent();
        s.answers[ACCOUNTS.management].ListRoots = denied("AccessDeniedException", "You don't have permissions to access this resource.");
        s.answers[ACCOUNTS.management].ListDelegatedAdministrators = denied("AccessDeniedException", "You don't have permissions to access this resource.");
        const { code, results } = await preflight(s);
        assert.strictEqual(code, 1);
        for (const id of ["scp-policy-type", "rcp-policy-type"]) {
            const r = find(results, id, "management");
            assert.strictEqual(r.detail, "could not read the organization root (organizations ListRoots): AccessDeniedException: You don't have permissions to access this resource.");
            assert.match(r.fix!.command, /--root-id <root id>/);
        }
        assert.match(find(results, "security-delegated-administrator", "management").detail, /^could not list delegated administrators .*AccessDeniedException/);
        assert.strictEqual(find(results, "ram-organization-sharing", "management").status, "ok");
    });

    describe("--least-privilege: the network admin role with the generated policy instead of AdministratorAccess", () => {
        let policyDir: string;
        before(() => {
            policyDir = fs.mkdtempSync(path.join(os.tmpdir(), "lz-preflight-policies-"));
        });
        after(() => fs.rmSync(policyDir, { recursive: true, force: true }));
        const policyFile = () => path.join(policyDir, `network-admin-policy-pf-${ACCOUNTS.app}.json`);
        /** The document perimeter/network-admin-policy.ts generates for account app of the bootstrap definition. */
        const generated = () => {
            const definition = loadDefinitionFile(bootstrapFile).definition!;
            const scope = networkAdminScopes(definition).find((s) => s.account === "app")!;
            return networkAdminPolicy(scope, networkAdminResources(definition, scope));
        };
        const noSuchEntity = (what: string) => Object.assign(new Error(what), { name: "NoSuchEntityException", $fault: "client", $metadata: { httpStatusCode: 404 } });
        const run = (s: Scenario, extra: string[] = []) => preflight(s, ["--least-privilege", "--policy-dir", policyDir, ...extra], bootstrapFile);

        it("a missing role: creates it with the policy written to the file the fix names, no AdministratorAccess", async () => {
            const s = allPresent();
            s.answers[ACCOUNTS.app].GetRole = noSuchEntity("The role with name LzNetAdmin cannot be found.");
            const { code, results } = await run(s);
            assert.strictEqual(code, 1);
            const admin = find(results, "network-admin-role", "app");
            assert.strictEqual(admin.status, "missing");
            assert.match(admin.fix!.command, /^aws iam create-role --role-name LzNetAdmin --path \/ /);
            assert.ok(admin.fix!.command.includes(`aws iam put-role-policy --role-name LzNetAdmin --policy-name ${networkAdminPolicyName} --policy-document file://${policyFile()}`), admin.fix!.command);
            assert.doesNotMatch(admin.fix!.command, /AdministratorAccess/);
            assert.deepStrictEqual(JSON.parse(fs.readFileSync(policyFile(), "utf8")), generated());
        });

        it("an existing role with AdministratorAccess (second page of attached policies): over-broad, narrowed by adding the policy, then detaching AdministratorAccess", async () => {
            const s = allPresent();
            s.answers[ACCOUNTS.app].ListAttachedRolePolicies = ["iam-list-attached-role-policies-admin", "iam-list-attached-role-policies-admin-page2"];
            s.answers[ACCOUNTS.app].GetRolePolicy = noSuchEntity("The role policy with name landing-zone-network-admin cannot be found.");
            const { code, results } = await run(s);
            assert.strictEqual(code, 1);
            const admin = find(results, "network-admin-role", "app");
            assert.strictEqual(admin.status, "missing");
            assert.match(admin.detail, /has AdministratorAccess attached: over-broad/);
            assert.strictEqual(
                admin.fix!.command,
                `aws iam put-role-policy --role-name LzNetAdmin --policy-name ${networkAdminPolicyName} --policy-document file://${policyFile()} && ` +
                    "aws iam detach-role-policy --role-name LzNetAdmin --policy-arn arn:aws:iam::aws:policy/AdministratorAccess",
            );
        });

        it("an existing role without the policy, or with another version of it: puts the generated one", async () => {
            const s = allPresent();
            s.answers[ACCOUNTS.app].ListAttachedRolePolicies = ["iam-list-attached-role-policies-none"];
            s.answers[ACCOUNTS.app].GetRolePolicy = noSuchEntity("The role policy with name landing-zone-network-admin cannot be found.");
            let { results } = await run(s);
            let admin = find(results, "network-admin-role", "app");
            assert.deepStrictEqual([admin.status, admin.detail], ["missing", `arn:aws:iam::${ACCOUNTS.app}:role/LzNetAdmin has no inline policy ${networkAdminPolicyName}`]);
            assert.match(admin.fix!.command, /^aws iam put-role-policy /);
            const stale = generated();
            stale.Statement[0].Condition = { StringEquals: { "aws:RequestedRegion": "us-east-1" } };
            s.answers[ACCOUNTS.app].GetRolePolicy = { response: { RoleName: "LzNetAdmin", PolicyName: networkAdminPolicyName, PolicyDocument: encodeURIComponent(JSON.stringify(stale)) } };
            ({ results } = await run(s));
            admin = find(results, "network-admin-role", "app");
            assert.strictEqual(admin.status, "missing");
            assert.match(admin.detail, /is not the one in .*network-admin-policy-pf-100000000004\.json/);
        });

        it("an existing role with exactly the generated policy (as IAM returns it: URL-encoded, spaced) and no AdministratorAccess: ok, exit 0", async () => {
            const s = allPresent();
            s.answers[ACCOUNTS.app].ListAttachedRolePolicies = ["iam-list-attached-role-policies-none"];
            s.answers[ACCOUNTS.app].GetRolePolicy = { response: { RoleName: "LzNetAdmin", PolicyName: networkAdminPolicyName, PolicyDocument: encodeURIComponent(JSON.stringify(generated(), null, 4)) } };
            const { code, results } = await run(s);
            assert.deepStrictEqual(results.filter((r) => r.status !== "ok"), []);
            assert.strictEqual(code, 0);
            assert.match(find(results, "network-admin-role", "app").detail, /has no path and the least-privilege policy/);
            const out: string[] = [];
            await main(["--definition", bootstrapFile, "--least-privilege", "--policy-dir", policyDir], { out: (l) => out.push(l), err: () => undefined });
            assert.ok(out.includes(`least-privilege policy written: ${policyFile()} (network admin role of app, ${ACCOUNTS.app})`), out.join("\n"));
        });

        it("without the flag nothing changes: AdministratorAccess is the fix, attached policies are not read", async () => {
            const s = allPresent();
            s.answers[ACCOUNTS.app].GetRole = "iam-get-role";
            iam.resetHistory();
            await preflight(s, [], bootstrapFile);
            assert.strictEqual(iam.commandCalls(ListAttachedRolePoliciesCommand).length + iam.commandCalls(GetRolePolicyCommand).length, 0);
            s.answers[ACCOUNTS.app].GetRole = noSuchEntity("The role with name LzNetAdmin cannot be found.");
            const { results } = await preflight(s, [], bootstrapFile);
            assert.match(find(results, "network-admin-role", "app").fix!.command, /attach-role-policy --role-name LzNetAdmin --policy-arn arn:aws:iam::aws:policy\/AdministratorAccess/);
        });

        it("documents the flag in --help, and refuses --policy-dir without it or naming no directory (exit 2, every problem at once)", async () => {
            const out: string[] = [];
            assert.strictEqual(await main(["--help"], { out: (l) => out.push(l), err: () => undefined }), 0);
            assert.match(out.join("\n"), /--least-privilege .*network admin role/);
            const errs: string[] = [];
            assert.strictEqual(await main(["--definition", bootstrapFile, "--policy-dir", path.join(policyDir, "nope")], { out: () => undefined, err: (l) => errs.push(l) }), 2);
            assert.match(errs.join("\n"), /--policy-dir is where --least-privilege writes its policies/);
            assert.match(errs.join("\n"), /no such directory/);
        });
    });

    it("exits 2 without a definition, on an invalid one, and without AWS credentials", async () => {
        const io = { out: () => undefined, err: (l: string) => errs.push(l) };
        let errs: string[] = [];
        assert.strictEqual(await main([], io), 2);
        const bad = path.join(path.dirname(definitionFile), "bad.yaml");
        fs.writeFileSync(bad, definitionText.replace("region: eu-west-1", "region: cn-north-1"));
        errs = [];
        assert.strictEqual(await main(["--definition", bad], io), 2);
        assert.match(errs.join("\n"), /region: cn-north-1 is a China Region/);
        errs = [];
        sts.on(GetCallerIdentityCommand).rejects(Object.assign(new Error("Could not load credentials from any providers"), { name: "CredentialsProviderError" }));
        try {
            assert.strictEqual(await main(["--definition", definitionFile], io), 2);
        } finally {
            sts.on(GetCallerIdentityCommand).resolves(recorded("sts-get-caller-identity"));
        }
        assert.match(errs.join("\n"), /^error: cannot read the caller's AWS identity \(sts GetCallerIdentity\): CredentialsProviderError/);
    });
});
