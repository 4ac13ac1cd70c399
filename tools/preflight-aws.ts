/**
 * The preflight's AWS context from live credentials: the caller's identity (STS
 * GetCallerIdentity), and clients in another account through `deployment.roleName`
 * (STS AssumeRole), which is also what the deploy-role check tries. Credentials come from
 * the SDK's default chain (environment, profile, SSO, instance role), as for `pulumi up`.
 */
import { CloudTrailClient } from "@aws-sdk/client-cloudtrail";
import { ConfigServiceClient } from "@aws-sdk/client-config-service";
import { IAMClient } from "@aws-sdk/client-iam";
import { OrganizationsClient } from "@aws-sdk/client-organizations";
import { AssumeRoleCommand, GetCallerIdentityCommand, STSClient } from "@aws-sdk/client-sts";
import { partitionOf } from "../aws/partitions";
import { Definition } from "../definition/schema";
import { AccountClients, PreflightContext } from "./preflight-checks";

type Credentials = { accessKeyId: string; secretAccessKey: string; sessionToken?: string };

/** Builds the context; throws (AWS's error) when the caller's identity cannot be read. */
export async function awsPreflightContext(definition: Definition): Promise<PreflightContext & { callerArn: string }> {
    const region = definition.region;
    const sts = new STSClient({ region });
    const identity = await sts.send(new GetCallerIdentityCommand({}));
    const callerAccount = identity.Account!;
    const roleArn = (account: string) => `arn:${partitionOf(region)}:iam::${account}:role/${definition.deployment.roleName}`;
    const assumed = new Map<string, Promise<Credentials>>();
    const assume = (account: string): Promise<Credentials> => {
        if (!assumed.has(account)) {
            assumed.set(
                account,
                sts.send(new AssumeRoleCommand({ RoleArn: roleArn(account), RoleSessionName: "landing-zone-preflight", DurationSeconds: 900 })).then((out) => {
                    const c = out.Credentials!;
                    return { accessKeyId: c.AccessKeyId!, secretAccessKey: c.SecretAccessKey!, sessionToken: c.SessionToken };
                }),
            );
        }
        return assumed.get(account)!;
    };
    const clients = new Map<string, Promise<AccountClients>>();
    return {
        callerAccount,
        callerArn: identity.Arn ?? callerAccount,
        assumeDeployRole: async (account) => {
            await assume(account);
        },
        clientsIn: (account) => {
            if (!clients.has(account)) {
                clients.set(
                    account,
                    (account === callerAccount ? Promise.resolve(undefined) : assume(account)).then((credentials) => {
                        const config = { region, ...(credentials ? { credentials } : {}) };
                        return { organizations: new OrganizationsClient(config), config: new ConfigServiceClient(config), cloudtrail: new CloudTrailClient(config), iam: new IAMClient(config) };
                    }),
                );
            }
            return clients.get(account)!;
        },
    };
}
