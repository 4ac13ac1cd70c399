/**
 * Lambda entry of the governance evaluator (security account, home Region). Bundled with
 * esbuild at program time; the AWS SDK v3 clients come from the Lambda Node.js runtime.
 *
 * Environment:
 *  - TOPIC_ARN               SNS topic that receives the alerts (required)
 *  - APPROVED_SERVICE_NAMES  JSON array, exact third-party endpoint service names
 *  - TRUSTED_ACCOUNTS        JSON array of trusted third-party account ids
 *  - NETWORK_ADMIN_ROLE      the only role that may administer endpoint services
 *  - MEMBER_ACCOUNTS         JSON array: the environment's accounts when it has no
 *                            organization (then AWS Organizations is not called)
 *  - AWS_CONFIG_FILE         the bundled shared-config file with one `inspector-<account>`
 *                            profile per governed account (role_arn + credential_source =
 *                            Environment): the SDK's own role chaining, no STS code here
 *  - GOVERNANCE_RETRY_ATTEMPTS, GOVERNANCE_RETRY_BASE_MS   retry policy (shared/retry.ts)
 *
 * Failure handling: the evaluator itself never throws (what it cannot judge is a "could
 * not decide" finding). The handler throws only when the alert cannot be published, or
 * TOPIC_ARN is missing: then Lambda retries the event twice and sends it to the
 * function's on-failure destination (a queue with an alarm), from which it can be replayed.
 * It accepts the original EventBridge event or, for replay, an on-failure record
 * (`requestPayload` holds the event).
 */
import { EC2Client } from "@aws-sdk/client-ec2";
import { OrganizationsClient } from "@aws-sdk/client-organizations";
import { PublishCommand, SNSClient } from "@aws-sdk/client-sns";
import { RetryPolicy, describeError, retryPolicyFromEnvironment, withRetries } from "../shared/retry";
import { EvaluatorClients, EvaluatorSettings, Finding, Membership, evaluateEvent, notifiable } from "./evaluator";
import { notificationFor } from "./notification";
import { OrganizationDirectory } from "./organization";

/** The shared-config profile that assumes the inspector role in `account`. */
export function inspectorProfile(account: string): string {
    return `inspector-${account}`;
}

function jsonList(value: string | undefined, variable: string): string[] {
    if (value === undefined || value === "") return [];
    let parsed: unknown;
    try {
        parsed = JSON.parse(value);
    } catch {
        throw new Error(`${variable} is not JSON (expected a JSON array of strings, e.g. ["a","b"])`);
    }
    if (!Array.isArray(parsed) || !parsed.every((v) => typeof v === "string")) throw new Error(`${variable} must be a JSON array of strings`);
    return parsed;
}

export interface HandlerSettings extends EvaluatorSettings {
    topicArn: string;
    /** Member accounts of an environment without an organization; undefined: ask AWS Organizations. */
    memberAccounts?: string[];
}

/** Reads the settings; throws with the variable's name when one is missing or malformed. */
export function settingsFromEnvironment(env: NodeJS.ProcessEnv): HandlerSettings {
    const topicArn = env.TOPIC_ARN;
    if (!topicArn) throw new Error("TOPIC_ARN is not set");
    const members = env.MEMBER_ACCOUNTS;
    return {
        topicArn,
        approvedServiceNames: jsonList(env.APPROVED_SERVICE_NAMES, "APPROVED_SERVICE_NAMES"),
        trustedAccounts: jsonList(env.TRUSTED_ACCOUNTS, "TRUSTED_ACCOUNTS"),
        networkAdminRole: env.NETWORK_ADMIN_ROLE || "NetworkAdmin",
        memberAccounts: members === undefined || members === "" ? undefined : jsonList(members, "MEMBER_ACCOUNTS"),
    };
}

/** The event inside an on-failure record (replay), or the event itself. */
export function unwrapEvent(input: unknown): unknown {
    if (input && typeof input === "object" && "requestPayload" in input && "requestContext" in input) {
        return (input as { requestPayload: unknown }).requestPayload;
    }
    return input;
}

async function publish(sns: SNSClient, topicArn: string, subject: string, message: string, retry: RetryPolicy): Promise<void> {
    await withRetries(() => sns.send(new PublishCommand({ TopicArn: topicArn, Subject: subject, Message: message })), retry);
}

/** Judges the event and publishes what needs attention; returns every finding. Throws only when publishing fails. */
export async function processEvent(input: unknown, settings: HandlerSettings, clients: EvaluatorClients, sns: SNSClient): Promise<Finding[]> {
    const event = unwrapEvent(input);
    const findings = await evaluateEvent(event, settings, clients);
    const alert = notifiable(findings);
    if (alert.length > 0) {
        const { subject, message } = notificationFor(event, alert);
        await publish(sns, settings.topicArn, subject, message, clients.retry);
    }
    return findings;
}

// ---- runtime wiring (module state survives between invocations of a warm environment) ----

const sdkOptions = { maxAttempts: 1 };
const ec2Clients = new Map<string, EC2Client>();
let directory: OrganizationDirectory | undefined;
let snsClient: SNSClient | undefined;

function runtimeClients(settings: HandlerSettings, retry: RetryPolicy): EvaluatorClients {
    let membership: Membership;
    if (settings.memberAccounts) {
        const members = new Set(settings.memberAccounts);
        membership = { has: async (account) => members.has(account) };
    } else {
        directory ??= new OrganizationDirectory(new OrganizationsClient(sdkOptions), retry);
        membership = directory;
    }
    return {
        membership,
        retry,
        ec2(account: string, region: string): EC2Client {
            const key = `${account}/${region}`;
            let client = ec2Clients.get(key);
            if (!client) {
                client = new EC2Client({ ...sdkOptions, region, profile: inspectorProfile(account) });
                ec2Clients.set(key, client);
            }
            return client;
        },
    };
}

export async function handler(input: unknown): Promise<Finding[]> {
    const retry = retryPolicyFromEnvironment(process.env);
    snsClient ??= new SNSClient(sdkOptions);
    const topicArn = process.env.TOPIC_ARN;
    if (!topicArn) throw new Error("TOPIC_ARN is not set: the evaluator cannot alert; the event goes to the on-failure destination");
    let settings: HandlerSettings;
    try {
        settings = settingsFromEnvironment(process.env);
    } catch (error) {
        // A bad setting must not silence the alert: say the event was not judged.
        const event = unwrapEvent(input);
        const finding: Finding = {
            verdict: "undecided",
            rule: "evaluator-error",
            eventName: (event as { detail?: { eventName?: string } })?.detail?.eventName ?? "(unknown)",
            account: (event as { account?: string })?.account ?? "(unknown)",
            region: (event as { region?: string })?.region ?? "(unknown)",
            subject: "(settings)",
            reason: `the evaluator's settings are invalid, nothing was checked: ${describeError(error)}`,
        };
        const { subject, message } = notificationFor(event, [finding]);
        await publish(snsClient, topicArn, subject, message, retry);
        console.log(JSON.stringify({ findings: [finding] }));
        return [finding];
    }
    const findings = await processEvent(input, settings, runtimeClients(settings, retry), snsClient);
    console.log(JSON.stringify({ eventId: (unwrapEvent(input) as { detail?: { eventID?: string } })?.detail?.eventID, findings }));
    return findings;
}
