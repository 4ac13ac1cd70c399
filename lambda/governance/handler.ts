/**
 * Lambda entry of the governance evaluator (security account). Bundled with esbuild at
 * program time; the AWS SDK v3 clients come from the Lambda Node.js runtime.
 *
 * Environment:
 *  - TOPIC_ARN               SNS topic that receives violations
 *  - APPROVED_SERVICE_NAMES  JSON array, exact third-party endpoint service names
 *  - TRUSTED_ACCOUNTS        JSON array of trusted third-party account ids
 *  - AWS_CONFIG_FILE         the bundled shared-config file with one `inspector-<account>`
 *                            profile per governed account (role_arn + credential_source =
 *                            Environment): the SDK's own role chaining, no STS code here
 */
import { EC2Client } from "@aws-sdk/client-ec2";
import { OrganizationsClient } from "@aws-sdk/client-organizations";
import { PublishCommand, SNSClient } from "@aws-sdk/client-sns";
import { CloudTrailApiCallEvent } from "./cloudtrail";
import { EvaluatorClients, EvaluatorSettings, Finding, evaluateEvent, notifiable, notificationFor } from "./evaluator";

/** The shared-config profile that assumes the inspector role in `account`. */
export function inspectorProfile(account: string): string {
    return `inspector-${account}`;
}

function jsonList(value: string | undefined, variable: string): string[] {
    if (value === undefined || value === "") return [];
    const parsed: unknown = JSON.parse(value);
    if (!Array.isArray(parsed) || !parsed.every((v) => typeof v === "string")) throw new Error(`${variable} must be a JSON array of strings`);
    return parsed;
}

export function settingsFromEnvironment(env: NodeJS.ProcessEnv): EvaluatorSettings & { topicArn: string } {
    const topicArn = env.TOPIC_ARN;
    if (!topicArn) throw new Error("TOPIC_ARN is not set");
    return {
        topicArn,
        approvedServiceNames: jsonList(env.APPROVED_SERVICE_NAMES, "APPROVED_SERVICE_NAMES"),
        trustedAccounts: jsonList(env.TRUSTED_ACCOUNTS, "TRUSTED_ACCOUNTS"),
    };
}

/** Judges the event and publishes what needs attention; returns every finding (logged by the runtime). */
export async function processEvent(
    event: CloudTrailApiCallEvent,
    settings: EvaluatorSettings & { topicArn: string },
    clients: EvaluatorClients,
    sns: SNSClient,
): Promise<Finding[]> {
    const findings = await evaluateEvent(event, settings, clients);
    const alert = notifiable(findings);
    if (alert.length > 0) {
        const { subject, message } = notificationFor(event, alert);
        await sns.send(new PublishCommand({ TopicArn: settings.topicArn, Subject: subject, Message: message }));
    }
    return findings;
}

const ec2Clients = new Map<string, EC2Client>();

function runtimeClients(): EvaluatorClients {
    return {
        organizations: new OrganizationsClient({}),
        ec2(account: string, region: string): EC2Client {
            const key = `${account}/${region}`;
            let client = ec2Clients.get(key);
            if (!client) {
                client = new EC2Client({ region, profile: inspectorProfile(account) });
                ec2Clients.set(key, client);
            }
            return client;
        },
    };
}

export async function handler(event: CloudTrailApiCallEvent): Promise<Finding[]> {
    const findings = await processEvent(event, settingsFromEnvironment(process.env), runtimeClients(), new SNSClient({}));
    console.log(JSON.stringify({ eventId: event.detail?.eventID, findings }));
    return findings;
}
