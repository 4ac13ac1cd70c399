/**
 * Lambda entry of the endpoint-service Config rule. It runs in the account it evaluates
 * (one per governed account), so the owned services and PutEvaluations use the function's
 * own role; bundled with esbuild at program time, SDK from the Lambda runtime.
 */
import { ConfigServiceClient } from "@aws-sdk/client-config-service";
import { EC2Client } from "@aws-sdk/client-ec2";
import { ConfigRuleEvent, ServiceVerdict, evaluateAndReport } from "./endpoint-service-compliance";

export async function handler(event: ConfigRuleEvent): Promise<ServiceVerdict[]> {
    const verdicts = await evaluateAndReport(event, new EC2Client({}), new ConfigServiceClient({}));
    console.log(JSON.stringify({ verdicts }));
    return verdicts;
}
