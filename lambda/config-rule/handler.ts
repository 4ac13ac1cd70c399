/**
 * Lambda entry of the endpoint-service Config rule. It runs in the account and Region it
 * evaluates (one per governed account and Region), so the owned services and
 * PutEvaluations use the function's own role; bundled with esbuild at program time, SDK
 * from the Lambda runtime. AWS Config invokes it asynchronously.
 *
 * It fails (throws) when something could not be decided, after reporting what it could:
 * Lambda retries the event twice, then sends the invocation record to the function's
 * on-failure destination, from which the security account's failed-evaluations queue and
 * its alarm receive it. Replay: `aws configservice start-config-rules-evaluation`.
 */
import { ConfigServiceClient } from "@aws-sdk/client-config-service";
import { EC2Client } from "@aws-sdk/client-ec2";
import { retryPolicyFromEnvironment } from "../shared/retry";
import { ConfigRuleEvent, RuleOutcome, evaluateAndReport } from "./endpoint-service-compliance";

const sdkOptions = { maxAttempts: 1 };
let ec2: EC2Client | undefined;
let config: ConfigServiceClient | undefined;

export async function handler(event: ConfigRuleEvent): Promise<RuleOutcome> {
    ec2 ??= new EC2Client(sdkOptions);
    config ??= new ConfigServiceClient(sdkOptions);
    const outcome = await evaluateAndReport(event, { ec2, config, retry: retryPolicyFromEnvironment(process.env) });
    console.log(JSON.stringify({ configRuleName: event.configRuleName, ...outcome }));
    if (outcome.undecided.length > 0) {
        throw new Error(`could not decide (reported NON_COMPLIANT, "COULD NOT DECIDE"): ${outcome.undecided.join("; ")}`.slice(0, 4000));
    }
    return outcome;
}
