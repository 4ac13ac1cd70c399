/**
 * Perimeter scenarios: requests a real environment sees, each with the verdict the
 * perimeter promises. Data only — the request contexts come from
 * perimeter/request-contexts.ts (which reads AWS's behaviour from aws/request-context.ts),
 * the evaluation from an independent evaluator (tools/perimeter.ts).
 *
 * For every definition:
 * - every configured endpoint service: one ordinary call by a workload, through the
 *   environment's endpoint — allowed (perimeter/ordinary-calls.ts);
 * - the same calls from the internet and through somebody else's endpoint — denied where
 *   the network perimeter holds the service (perimeter/network-perimeter.ts), allowed where
 *   it leaves it out on purpose (the scenario says why);
 * - AWS-owned resources the configured services need (aws/aws-owned-resources.ts), made the
 *   way AWS makes them (unauthenticated, presigned by an AWS account, or by our identity);
 * - AWS services acting with the environment's own roles (flow-log delivery, the governance
 *   Lambdas, the Config rule), forward access sessions, service principals;
 * - outsiders through our endpoints, our identities towards outside resources, protected
 *   buckets, PrivateLink governance, RAM, the optional Region guardrail, other Regions.
 *
 * Workload roles carry the network perimeter's opt-in tag (`perimeter.includeTag`), as the
 * docs tell users to tag them; the program's own service roles carry none.
 */
import { awsOwnedResources, neededFor } from "../aws/aws-owned-resources";
import { insideAny } from "../definition/cidr";
import { catalogEntry } from "../aws/service-catalog";
import { networkPerimeterPlan } from "./network-perimeter";
import { environmentRegions } from "./networks";
import { hubRegions } from "../definition/regions";
import { forwarderNames, governanceNames } from "../definition/governance-names";
import { cloudWatchFlowLogGroupName, flowLogDestinationOf } from "../definition/log-archive";
import { ownerUnitOfAccount } from "../definition/units";
import { fillArn, OrdinaryCall, ordinaryCall } from "./ordinary-calls";
import { Definition } from "../definition/schema";
import { ScenarioEnvironment } from "./request-contexts";
import { AWS_OWNED_ACCOUNT, OUTSIDE_ACCOUNT, OUTSIDE_ORG, Scenario, awsServiceRoles, workloadRoles } from "./scenario-types";
import { PolicyDocument, PolicyStatement } from "./types";

export { AWS_OWNED_ACCOUNT, OUTSIDE_ACCOUNT, OUTSIDE_ORG, awsServiceRoles, workloadRoles };
export type { Scenario };

const allow = (sid: string, principal: PolicyStatement["Principal"], action: string | string[], resource: string | string[], condition?: PolicyStatement["Condition"]): PolicyDocument => ({
    Version: "2012-10-17",
    Statement: [{ Sid: sid, Effect: "Allow", Principal: principal, Action: action, Resource: resource, ...(condition ? { Condition: condition } : {}) }],
});

/**
 * Pulumi's auto-name of a resource the program names no physical name for: its resource
 * name, a dash and seven random characters
 * (https://www.pulumi.com/docs/iac/concepts/resources/names/#autonaming). The scenarios
 * show the random part as zeros.
 */
export function pulumiAutoName(resourceName: string): string {
    return `${resourceName}-${"0".repeat(7)}`;
}

/**
 * The roles the program creates that AWS services use from their own networks, by account
 * (logical name) — only those this definition makes: the flow-log delivery role when flow
 * logs go to CloudWatch Logs (the hub's, in the network account: auto-named after the hub's
 * `hub-flow-logs` component), and with a `security` account the governance evaluator (the
 * security account) and each governed account's inspector and Config rule roles, which
 * carry the tag of the account's owner unit (definition/governance-names.ts forwarderNames).
 */
export function programServiceRoles(definition: Definition, workloadAccount: string) {
    const environment = definition.environment;
    const owner = ownerUnitOfAccount(definition, workloadAccount);
    const forwarder = forwarderNames(environment, owner);
    return {
        flowLogs: flowLogDestinationOf(definition) === "cloudwatch" ? { role: pulumiAutoName("hub-flow-logs-role"), logGroup: cloudWatchFlowLogGroupName(environment, "hub") } : undefined,
        governance: definition.security
            ? {
                  evaluator: governanceNames(environment).evaluatorRole,
                  evaluatorFunction: governanceNames(environment).evaluatorFunction,
                  inspector: forwarder.inspectorRole,
                  configRule: definition.security.configRule ? forwarder.configRole : undefined,
              }
            : undefined,
    };
}

/** The principal a caller kind is modelled with. */
function callerOf(kind: "our-principals" | "unauthenticated" | "aws-presigned", partition: string, ours: string): string {
    if (kind === "unauthenticated") return "anonymous";
    if (kind === "aws-presigned") return `arn:${partition}:iam::${AWS_OWNED_ACCOUNT}:role/service-url-presigner`;
    return ours;
}

/**
 * The scenarios for an environment: every account, organization, bucket, service name and
 * VPC id comes from it, so the same table runs against any definition.
 */
export async function perimeterScenarios(env: ScenarioEnvironment): Promise<Scenario[]> {
    const { definition, trust } = env;
    const region = definition.region;
    const p = trust.partition;
    const org = trust.orgId;
    const accounts = definition.accounts;
    const networkAccount = accounts[definition.network.account];
    const firstSpoke = definition.spokes[0];
    const workloadAccount = firstSpoke ? accounts[firstSpoke.account] : networkAccount;
    const otherAccount = Object.values(accounts).find((a) => a !== workloadAccount && a !== accounts.management) ?? workloadAccount;
    const includeTag = { [trust.includeTag]: "true" };
    const app = `arn:${p}:iam::${workloadAccount}:role/${workloadRoles.app}`;
    const admin = `arn:${p}:iam::${workloadAccount}:role/${trust.networkAdminRole}`;
    const outsider = `arn:${p}:iam::${OUTSIDE_ACCOUNT}:role/exfiltration`;
    const services = definition.network.endpoints.services;
    const plan = networkPerimeterPlan(definition, env.networks);
    const heldByOwner = new Set(plan.byEndpointOwner);
    const heldByVpc = new Set(plan.bySourceVpc);
    const heldByAnyVpc = new Set(plan.byAnyVpc);
    const leftOut = new Map(plan.leftOut.map((l) => [l.prefix, l.reason]));
    const fill = (template: string, account = workloadAccount) => fillArn(template, { partition: p, region, account, environment: definition.environment });
    // A documentation address outside every corporate range of the definition (ranges may use the TEST-NETs themselves).
    const internetIp = ["192.0.2.77", "198.51.100.77", "203.0.113.77", "198.18.0.77"].find((ip) => !insideAny(`${ip}/32`, trust.corporateCidrs)) ?? "198.19.255.77";
    const corporateIp = trust.corporateCidrs.length > 0 ? trust.corporateCidrs[0].replace(/\.0\/\d+$/, ".25") : undefined;
    const keyPolicy = (account: string) => allow("AccountIam", { AWS: `arn:${p}:iam::${account}:root` }, "kms:*", "*");
    const roleTrust = (role: string, trusted: string) => allow("Trust", { AWS: trusted }, "sts:AssumeRole", role);
    const s3Bucket = (account: string) => `arn:${p}:s3:::${definition.environment}-${account}-app-data`;
    const s: Scenario[] = [];

    /** The ordinary call of a service, as a scenario body (principal, action, resource, policies). */
    const callOf = (call: OrdinaryCall, principal: string, account: string) => {
        const resource = fill(call.resource, account);
        const body: Pick<Scenario, "action" | "resource" | "resourceAccount" | "resourcePolicy"> = { action: call.action, resource };
        if (resource.startsWith(`arn:${p}:s3:::`)) body.resourceAccount = account;
        if (call.resourcePolicy === "kms-default") body.resourcePolicy = keyPolicy(account);
        if (call.action === "sts:AssumeRole") body.resourcePolicy = roleTrust(resource, `arn:${p}:iam::${account}:root`);
        return body;
    };

    // ---- every configured endpoint service: an ordinary call through the environment's endpoint ----
    const representative = new Map<string, { service: string; call: OrdinaryCall; from: Scenario["from"]; account: string; principal: string }>();
    for (const service of services) {
        const entry = catalogEntry(service);
        const call = await ordinaryCall(service);
        if (!entry || !call) continue;
        const onPremisesOnly = entry.privateDnsOnlyForInboundResolverEndpoint === true;
        const where = definition.network.endpoints.mode === "centralized" ? "the hub's central" : "its spoke's own";
        s.push({
            id: `ordinary-${service}-via-endpoint`,
            description: onPremisesOnly
                ? `An on-premises client ${call.what} through the hub's ${service} interface endpoint (it answers only on-premises)`
                : `A workload ${call.what} through ${where} ${service} endpoint`,
            expect: "allowed",
            principal: app,
            principalTags: includeTag,
            ...callOf(call, app, workloadAccount),
            from: { endpoint: service },
        });
        for (const prefix of entry.iamPrefixes) {
            if (call.action.startsWith(`${prefix}:`) && !representative.has(prefix) && !onPremisesOnly) {
                representative.set(prefix, { service, call, from: { endpoint: service }, account: workloadAccount, principal: app });
            }
        }
    }
    // ---- gateway endpoints: an ordinary call from a spoke that has one ----
    for (const gateway of ["s3", "dynamodb"] as const) {
        const spoke = definition.spokes.find((sp) => sp.gatewayEndpoints.includes(gateway));
        const call = await ordinaryCall(gateway);
        if (!spoke || !call) continue;
        const account = accounts[spoke.account];
        const caller = `arn:${p}:iam::${account}:role/${workloadRoles.app}`;
        s.push({
            id: `ordinary-${gateway}-via-gateway-endpoint`,
            description: `A workload of ${spoke.name} ${call.what} through its ${gateway} gateway endpoint`,
            expect: "allowed",
            principal: caller,
            principalTags: includeTag,
            ...callOf(call, caller, account),
            from: { endpoint: `gateway:${gateway}` },
        });
        if (!representative.has(gateway)) representative.set(gateway, { service: `gateway:${gateway}`, call, from: { endpoint: `gateway:${gateway}` }, account, principal: caller });
    }

    // ---- the same calls from elsewhere: the network perimeter (organization: SCPs and RCPs) ----
    if (org) {
        for (const [prefix, r] of [...representative].sort(([a], [b]) => a.localeCompare(b))) {
            const held = heldByOwner.has(prefix) || heldByVpc.has(prefix);
            const anyVpc = heldByAnyVpc.has(prefix);
            const why = leftOut.get(prefix);
            s.push({
                id: `internet-${prefix}-${held || anyVpc ? "denied" : "not-held"}`,
                description: held || anyVpc
                    ? `The same workload credentials ${r.call.what} from a laptop on the internet (${heldByOwner.has(prefix) ? "no aws:VpceOrgID of ours" : held ? "no aws:SourceVpc of ours" : "no aws:SourceVpc at all"})`
                    : `The same call from the internet is not held by the network perimeter: ${prefix} ${why ?? "is not covered"}`,
                expect: held || anyVpc ? "denied" : "allowed",
                principal: r.principal,
                principalTags: includeTag,
                ...callOf(r.call, r.principal, r.account),
                from: { ip: internetIp },
            });
            if (held) {
                s.push({
                    id: `foreign-endpoint-${prefix}-denied`,
                    description: `The same workload credentials used through somebody else's VPC endpoint (${r.call.what})`,
                    expect: "denied",
                    principal: r.principal,
                    principalTags: includeTag,
                    ...callOf(r.call, r.principal, r.account),
                    from: { endpoint: r.service.startsWith("gateway:") ? r.service : r.service, endpointAccount: OUTSIDE_ACCOUNT },
                });
            } else if (anyVpc) {
                s.push({
                    id: `foreign-endpoint-${prefix}-not-held`,
                    description: `The same workload credentials used through somebody else's VPC endpoint (${r.call.what}): held only by the presence of aws:SourceVpc, so not decidable without listing every spoke VPC`,
                    expect: "allowed",
                    principal: r.principal,
                    principalTags: includeTag,
                    ...callOf(r.call, r.principal, r.account),
                    from: { endpoint: r.service, endpointAccount: OUTSIDE_ACCOUNT },
                });
            }
        }
        // A VPC id is ours only in its own Region: the same id in another Region is not our hub.
        const byVpc = [...representative].find(([prefix]) => heldByVpc.has(prefix));
        if (byVpc) {
            const [, r] = byVpc;
            const elsewhere = region === "eu-west-1" ? "eu-central-1" : "eu-west-1";
            s.push({
                id: "hub-vpc-id-in-another-region-denied",
                description: `A request through an endpoint in ${elsewhere} in a VPC that happens to carry the hub VPC's id (VPC ids are unique per Region only)`,
                expect: "denied",
                principal: r.principal,
                principalTags: includeTag,
                action: r.call.action,
                resource: fill(r.call.resource, r.account).replace(`:${region}:`, `:${elsewhere}:`),
                ...(r.call.action === "sts:AssumeRole" ? { resourcePolicy: roleTrust(fill(r.call.resource, r.account), `arn:${p}:iam::${r.account}:root`) } : {}),
                region: elsewhere,
                from: { endpoint: r.service, endpointAccount: OUTSIDE_ACCOUNT, region: elsewhere, vpcId: env.hubVpcId },
            });
        }
        // More than one hub Region: each Region's hub endpoints are ours there, and a hub VPC id is
        // ours only in its own Region (VPC ids are unique per Region only).
        for (const hub of hubRegions(definition).filter((h) => !h.home)) {
            const inRegion = [...representative].find(([prefix, rep]) => heldByVpc.has(prefix) && !rep.service.startsWith("gateway:") && hub.services.includes(rep.service));
            if (!inRegion) continue;
            const [, r] = inRegion;
            const there = (id: string) => fill(r.call.resource, r.account).replace(`:${region}:`, `:${id}:`);
            const trustOfRole = (resource: string) => (r.call.action === "sts:AssumeRole" ? { resourcePolicy: roleTrust(resource, `arn:${p}:iam::${r.account}:root`) } : {});
            s.push(
                {
                    id: `hub-endpoint-in-${hub.region}-allowed`,
                    description: `A workload ${r.call.what} through the ${r.service} endpoint of the hub in ${hub.region} (that Region's hub VPC id, paired with its Region)`,
                    expect: "allowed",
                    principal: r.principal,
                    principalTags: includeTag,
                    action: r.call.action,
                    resource: there(hub.region),
                    ...trustOfRole(there(hub.region)),
                    region: hub.region,
                    from: { endpoint: r.service, region: hub.region },
                },
                {
                    id: `home-hub-vpc-id-in-${hub.region}-denied`,
                    description: `A request through an endpoint in ${hub.region} in a VPC that carries the ${region} hub VPC's id: that id is ours only in ${region}`,
                    expect: "denied",
                    principal: r.principal,
                    principalTags: includeTag,
                    action: r.call.action,
                    resource: there(hub.region),
                    ...trustOfRole(there(hub.region)),
                    region: hub.region,
                    from: { endpoint: r.service, endpointAccount: OUTSIDE_ACCOUNT, region: hub.region, vpcId: env.hubVpcIds[region] },
                },
                {
                    id: `${hub.region}-hub-vpc-id-in-home-denied`,
                    description: `A request through an endpoint in ${region} in a VPC that carries the ${hub.region} hub VPC's id: that id is ours only in ${hub.region}`,
                    expect: "denied",
                    principal: r.principal,
                    principalTags: includeTag,
                    ...callOf(r.call, r.principal, r.account),
                    region,
                    from: { endpoint: r.service, endpointAccount: OUTSIDE_ACCOUNT, region, vpcId: env.hubVpcIds[hub.region] },
                },
            );
        }
        // Untagged principals are not under the network perimeter (AWS's opt-in), tagged-out ones neither.
        const any = representative.get("s3") ?? [...representative.values()][0];
        if (any && (heldByOwner.size > 0 || heldByVpc.size > 0)) {
            const held = [...representative].find(([prefix]) => heldByOwner.has(prefix) || heldByVpc.has(prefix))!;
            const [, r] = held;
            s.push(
                {
                    id: "untagged-principal-not-held",
                    description: `A role without the ${trust.includeTag} tag ${r.call.what} from the internet: the network perimeter holds only tagged principals`,
                    expect: "allowed",
                    principal: r.principal.replace(`:role/${workloadRoles.app}`, `:role/${workloadRoles.untagged}`),
                    ...callOf(r.call, r.principal, r.account),
                    from: { ip: internetIp },
                },
                {
                    id: "break-glass-from-internet-allowed",
                    description: `A tagged role that also carries ${trust.breakGlassTag}=true ${r.call.what} from the internet`,
                    expect: "allowed",
                    principal: r.principal.replace(`:role/${workloadRoles.app}`, `:role/${workloadRoles.breakGlass}`),
                    principalTags: { ...includeTag, [trust.breakGlassTag]: "true" },
                    ...callOf(r.call, r.principal, r.account),
                    from: { ip: internetIp },
                },
                {
                    id: "break-glass-tag-wrong-value-denied",
                    description: `A break-glass tag with a value other than "true" does not exempt`,
                    expect: "denied",
                    principal: r.principal.replace(`:role/${workloadRoles.app}`, `:role/${workloadRoles.breakGlass}`),
                    principalTags: { ...includeTag, [trust.breakGlassTag]: "yes" },
                    ...callOf(r.call, r.principal, r.account),
                    from: { ip: internetIp },
                },
            );
            if (corporateIp) {
                s.push({
                    id: "corporate-network-allowed",
                    description: `The tagged workload credentials ${r.call.what} from the corporate network`,
                    expect: "allowed",
                    principal: r.principal,
                    principalTags: includeTag,
                    ...callOf(r.call, r.principal, r.account),
                    from: { ip: corporateIp },
                });
            }
        }
    }

    // ---- outsiders through our endpoints, and our identities towards outside resources ----
    const gatewayS3 = definition.spokes.find((sp) => sp.gatewayEndpoints.includes("s3"));
    if (gatewayS3) {
        const account = accounts[gatewayS3.account];
        const caller = `arn:${p}:iam::${account}:role/${workloadRoles.app}`;
        s.push(
            {
                id: "exfiltration-to-outside-bucket-via-s3-gateway-denied",
                description: "A workload uploads to a bucket outside the organization (open to the world) through the S3 gateway endpoint",
                expect: "denied",
                principal: caller,
                principalTags: includeTag,
                action: "s3:PutObject",
                resource: `arn:${p}:s3:::exfil-drop-bucket/dump.tar`,
                resourceAccount: OUTSIDE_ACCOUNT,
                resourceOrgId: OUTSIDE_ORG,
                from: { endpoint: "gateway:s3" },
                resourcePolicy: allow("OpenDrop", "*", "s3:PutObject", `arn:${p}:s3:::exfil-drop-bucket/*`),
            },
            {
                id: "outside-identity-via-s3-gateway-denied",
                description: "Stolen outside credentials used from inside our VPC to read the attacker's own bucket",
                expect: "denied",
                principal: outsider,
                principalOrgId: OUTSIDE_ORG,
                action: "s3:GetObject",
                resource: `arn:${p}:s3:::attacker-tools/payload.sh`,
                resourceAccount: OUTSIDE_ACCOUNT,
                resourceOrgId: OUTSIDE_ORG,
                from: { endpoint: "gateway:s3", endpointAccount: account },
            },
            {
                id: "list-buckets-via-s3-gateway-allowed",
                description: "A workload lists its account's buckets (s3:ListAllMyBuckets names no resource owner) through the S3 gateway endpoint",
                expect: "allowed",
                principal: caller,
                principalTags: includeTag,
                action: "s3:ListAllMyBuckets",
                resource: "*",
                resourceAccount: account,
                from: { endpoint: "gateway:s3" },
            },
        );
        if (trust.trustedAccounts.length > 0) {
            const vendor = trust.trustedAccounts[0];
            s.push({
                id: "trusted-vendor-bucket-via-s3-gateway-allowed",
                description: "A workload reads the trusted vendor's bucket (which grants it) through the S3 gateway endpoint",
                expect: "allowed",
                principal: caller,
                principalTags: includeTag,
                action: "s3:GetObject",
                resource: `arn:${p}:s3:::vendor-${vendor}-feeds/daily.json`,
                resourceAccount: vendor,
                resourceOrgId: "o-vendororg001",
                from: { endpoint: "gateway:s3" },
                resourcePolicy: allow("Customers", { AWS: `arn:${p}:iam::${account}:root` }, "s3:GetObject", `arn:${p}:s3:::vendor-${vendor}-feeds/*`),
            });
        }
    }
    const gatewayDynamo = definition.spokes.find((sp) => sp.gatewayEndpoints.includes("dynamodb"));
    if (gatewayDynamo) {
        const account = accounts[gatewayDynamo.account];
        s.push({
            id: "exfiltration-to-outside-table-via-dynamodb-gateway-denied",
            description: "A workload writes into a table of an outside account (granted by its resource policy) through the DynamoDB gateway endpoint",
            expect: "denied",
            principal: `arn:${p}:iam::${account}:role/${workloadRoles.app}`,
            principalTags: includeTag,
            action: "dynamodb:PutItem",
            resource: `arn:${p}:dynamodb:${region}:${OUTSIDE_ACCOUNT}:table/collector`,
            resourceOrgId: OUTSIDE_ORG,
            from: { endpoint: "gateway:dynamodb" },
            resourcePolicy: allow("Open", "*", "dynamodb:PutItem", `arn:${p}:dynamodb:${region}:${OUTSIDE_ACCOUNT}:table/collector`),
        });
    }
    if (services.includes("kms")) {
        s.push({
            id: "outside-identity-via-kms-endpoint-denied",
            description: "Outside credentials used through our KMS endpoint against the outsider's own key",
            expect: "denied",
            principal: outsider,
            principalOrgId: OUTSIDE_ORG,
            action: "kms:Encrypt",
            resource: `arn:${p}:kms:${region}:${OUTSIDE_ACCOUNT}:key/aaaaaaaa-bbbb-cccc-dddd-eeeeeeeeeeee`,
            resourceOrgId: OUTSIDE_ORG,
            from: { endpoint: "kms", endpointAccount: definition.network.endpoints.mode === "centralized" ? networkAccount : workloadAccount },
            resourcePolicy: keyPolicy(OUTSIDE_ACCOUNT),
        });
    }
    if (services.includes("ssm")) {
        s.push({
            id: "outside-parameter-via-ssm-endpoint-denied",
            description: "A workload reads a parameter of an outside account (shared with it) through our SSM endpoint",
            expect: "denied",
            principal: app,
            principalTags: includeTag,
            action: "ssm:GetParameter",
            resource: `arn:${p}:ssm:${region}:${OUTSIDE_ACCOUNT}:parameter/c2/config`,
            resourceOrgId: OUTSIDE_ORG,
            from: { endpoint: "ssm" },
            resourcePolicy: allow("Shared", "*", "ssm:GetParameter", `arn:${p}:ssm:${region}:${OUTSIDE_ACCOUNT}:parameter/c2/config`),
        });
    }
    if (services.includes("execute-api")) {
        const api = `arn:${p}:execute-api:${region}:${otherAccount}:a1b2c3d4e5/prod/GET/orders`;
        s.push(
            {
                id: "outside-identity-invokes-org-api-via-execute-api-endpoint-denied",
                description: "Outside credentials used from inside our network to invoke an organization API whose policy admits anyone",
                expect: "denied",
                principal: outsider,
                principalOrgId: OUTSIDE_ORG,
                action: "execute-api:Invoke",
                resource: api,
                from: { endpoint: "execute-api", endpointAccount: networkAccount },
                resourcePolicy: allow("Anyone", "*", "execute-api:Invoke", `arn:${p}:execute-api:${region}:${otherAccount}:a1b2c3d4e5/*`),
            },
            {
                id: "outside-private-api-via-execute-api-endpoint-denied",
                description: "A client invokes someone else's private API through our execute-api endpoint",
                expect: "denied",
                principal: app,
                principalTags: includeTag,
                action: "execute-api:Invoke",
                resource: `arn:${p}:execute-api:${region}:${OUTSIDE_ACCOUNT}:zz9yy8xx7w/prod/POST/upload`,
                resourceOrgId: OUTSIDE_ORG,
                from: { endpoint: "execute-api" },
                resourcePolicy: allow("Anyone", "*", "execute-api:Invoke", `arn:${p}:execute-api:${region}:${OUTSIDE_ACCOUNT}:zz9yy8xx7w/*`),
            },
            definition.perimeter.admitUnsignedPrivateApiCalls
                ? {
                      id: "unsigned-private-api-call-via-execute-api-endpoint-allowed",
                      description: "An unsigned call to an organization's private API (Lambda authorizer, no IAM auth) through the central endpoint: admitUnsignedPrivateApiCalls",
                      expect: "allowed",
                      principal: "anonymous",
                      action: "execute-api:Invoke",
                      resource: api,
                      from: { endpoint: "execute-api" },
                      resourcePolicy: allow("Anyone", "*", "execute-api:Invoke", `arn:${p}:execute-api:${region}:${otherAccount}:a1b2c3d4e5/*`),
                  }
                : {
                      id: "unsigned-private-api-call-via-execute-api-endpoint-denied",
                      description: "An unsigned call to an organization's private API (no IAM auth) carries no principal: refused through the central endpoint (perimeter.admitUnsignedPrivateApiCalls is off)",
                      expect: "denied",
                      principal: "anonymous",
                      action: "execute-api:Invoke",
                      resource: api,
                      from: { endpoint: "execute-api" },
                      resourcePolicy: allow("Anyone", "*", "execute-api:Invoke", `arn:${p}:execute-api:${region}:${otherAccount}:a1b2c3d4e5/*`),
                  },
            {
                id: "unsigned-call-to-outside-private-api-via-execute-api-endpoint-denied",
                description: "An unsigned call to someone else's private API through our execute-api endpoint",
                expect: "denied",
                principal: "anonymous",
                action: "execute-api:Invoke",
                resource: `arn:${p}:execute-api:${region}:${OUTSIDE_ACCOUNT}:zz9yy8xx7w/prod/POST/upload`,
                resourceAccount: OUTSIDE_ACCOUNT,
                resourceOrgId: OUTSIDE_ORG,
                from: { endpoint: "execute-api" },
                resourcePolicy: allow("Anyone", "*", "execute-api:Invoke", `arn:${p}:execute-api:${region}:${OUTSIDE_ACCOUNT}:zz9yy8xx7w/*`),
            },
        );
    }

    // ---- AWS-owned resources, requested the way AWS's documentation shows (aws/aws-owned-resources.ts `example`) ----
    const served = [...new Set([...services, ...definition.spokes.flatMap((sp) => sp.gatewayEndpoints)])];
    for (const entry of awsOwnedResources) {
        if (!neededFor(entry, served)) continue;
        const example = entry.example(region, p);
        if (!example) continue;
        // The endpoint that carries it: a gateway endpoint for S3 when a spoke has one, else an interface endpoint of the service.
        let from: Scenario["from"] | undefined;
        let account = workloadAccount;
        if (entry.via === "s3" && gatewayS3) {
            from = { endpoint: "gateway:s3" };
            account = accounts[gatewayS3.account];
        } else {
            const carrier = services.find((svc) => catalogEntry(svc)?.iamPrefixes.includes(entry.via) && catalogEntry(svc)?.policy === "restricted" && !catalogEntry(svc)?.privateDnsOnlyForInboundResolverEndpoint);
            if (carrier) from = { endpoint: carrier };
        }
        if (!from) continue;
        const { action, resource } = example;
        const ourCaller = `arn:${p}:iam::${account}:role/${workloadRoles.app}`;
        const principal = callerOf(entry.callers, p, ourCaller);
        const s3 = resource.startsWith(`arn:${p}:s3:::`);
        s.push({
            id: `aws-owned-${entry.sid.replace(/([a-z])([A-Z])/g, "$1-$2").toLowerCase()}-allowed`,
            description: `${entry.callers === "unauthenticated" ? "An unauthenticated request" : entry.callers === "aws-presigned" ? "A URL presigned by an AWS account" : "A workload"} calls ${action} on ${resource} (${entry.sid}) through our endpoint`,
            expect: "allowed",
            principal,
            ...(principal === ourCaller ? { principalTags: includeTag } : {}),
            action,
            resource,
            ...(s3 ? { resourceAccount: AWS_OWNED_ACCOUNT } : {}),
            from,
            // AWS grants its public resources to everyone.
            resourcePolicy: allow("AwsPublishes", "*", action, resource),
        });
    }
    if (gatewayS3) {
        const caller = `arn:${p}:iam::${accounts[gatewayS3.account]}:role/${workloadRoles.app}`;
        s.push({
            id: "write-to-aws-owned-bucket-denied",
            description: "Writing to an AWS-owned bucket that is only an exception for reading is still refused",
            expect: "denied",
            principal: caller,
            principalTags: includeTag,
            action: "s3:PutObject",
            resource: `arn:${p}:s3:::prod-${region}-starport-layer-bucket/upload`,
            resourceAccount: AWS_OWNED_ACCOUNT,
            from: { endpoint: "gateway:s3" },
            resourcePolicy: allow("Open", "*", "s3:PutObject", `arn:${p}:s3:::prod-${region}-starport-layer-bucket/*`),
        });
    }
    if (services.includes("bedrock-runtime")) {
        const elsewhere = region === "us-west-2" ? "us-east-2" : "us-west-2";
        s.push({
            id: "bedrock-cross-region-model-allowed",
            description: `A cross-Region inference profile routes a workload's InvokeModel to the model in ${elsewhere}`,
            expect: "allowed",
            principal: app,
            principalTags: includeTag,
            action: "bedrock:InvokeModel",
            resource: `arn:${p}:bedrock:${elsewhere}::foundation-model/anthropic.claude-3-haiku-20240307-v1:0`,
            region,
            from: { endpoint: "bedrock-runtime" },
        });
        if (org && heldByVpc.has("bedrock")) {
            // The destination Region's authorization of a cross-Region inference call: aws:RequestedRegion is the destination and
            // bedrock:InferenceProfileArn the profile in our Region (AWS's Region deny with cross-Region inference); whether
            // aws:SourceVpc is carried there is not documented, so both ways.
            const geo = region.startsWith("us-") ? "us" : region.startsWith("eu-") ? "eu" : region.startsWith("ap-") ? "apac" : "us";
            const profile = `arn:${p}:bedrock:${region}:${workloadAccount}:inference-profile/${geo}.anthropic.claude-3-5-sonnet-20241022-v2:0`;
            const model = `arn:${p}:bedrock:${elsewhere}::foundation-model/anthropic.claude-3-5-sonnet-20241022-v2:0`;
            const destination = (id: string, description: string, from: Scenario["from"], context: Record<string, string>, expect: Scenario["expect"]): Scenario => ({
                id,
                description,
                expect,
                principal: app,
                principalTags: includeTag,
                action: "bedrock:InvokeModel",
                resource: model,
                region: elsewhere,
                from,
                context,
            });
            s.push(
                destination(
                    "bedrock-cross-region-inference-destination-with-source-vpc-allowed",
                    `Cross-Region inference through our endpoint: ${elsewhere} authorizes the model with the profile of ${region}, aws:SourceVpc still the hub's`,
                    { endpoint: "bedrock-runtime" },
                    { "bedrock:InferenceProfileArn": profile },
                    "allowed",
                ),
                destination(
                    "bedrock-cross-region-inference-destination-without-network-keys-allowed",
                    `Cross-Region inference through our endpoint: ${elsewhere} authorizes the model with the profile of ${region}, no network key of ours carried there`,
                    { awsNetwork: true },
                    { "bedrock:InferenceProfileArn": profile },
                    "allowed",
                ),
                destination(
                    "bedrock-other-region-through-hub-without-profile-denied",
                    `A request naming ${elsewhere} with the hub VPC's id and no inference profile of ${region}: not ours (VPC ids are unique per Region only)`,
                    { endpoint: "bedrock-runtime" },
                    {},
                    "denied",
                ),
                {
                    id: "bedrock-inference-profile-from-internet-denied",
                    description: `A tagged workload invokes the ${region} inference profile from the internet: the source Region's authorization holds it`,
                    expect: "denied",
                    principal: app,
                    principalTags: includeTag,
                    action: "bedrock:InvokeModel",
                    resource: profile,
                    from: { ip: internetIp },
                    context: { "bedrock:InferenceProfileArn": profile },
                },
            );
        }
    }

    // ---- AWS services acting with the environment's own roles (only those the program makes) ----
    const logsRegion = region;
    const roleArn = (account: string, name: string) => `arn:${p}:iam::${account}:role/${name}`;
    const serviceRoles = programServiceRoles(definition, firstSpoke ? firstSpoke.account : definition.network.account);
    if (serviceRoles.flowLogs) {
        s.push({
            id: "flow-logs-delivery-role-writes-logs-allowed",
            description: "The VPC Flow Logs service, with the program's flow-log delivery role (no tags), writes log events from AWS's network",
            expect: "allowed",
            principal: roleArn(networkAccount, serviceRoles.flowLogs.role),
            action: "logs:PutLogEvents",
            resource: `arn:${p}:logs:${logsRegion}:${networkAccount}:log-group:${serviceRoles.flowLogs.logGroup}:log-stream:eni-0a1b`,
            from: { awsNetwork: true },
        });
    }
    if (serviceRoles.governance && definition.security) {
        const gov = serviceRoles.governance;
        const securityAccount = accounts[definition.security.account];
        const evaluator = roleArn(securityAccount, gov.evaluator);
        const inspector = roleArn(workloadAccount, gov.inspector);
        s.push(
            {
                id: "governance-evaluator-writes-logs-allowed",
                description: "Lambda, with the governance evaluator's execution role, writes the function's logs from AWS's network",
                expect: "allowed",
                principal: evaluator,
                action: "logs:PutLogEvents",
                resource: `arn:${p}:logs:${logsRegion}:${securityAccount}:log-group:/aws/lambda/${gov.evaluatorFunction}:log-stream:2026/11/30`,
                from: { awsNetwork: true },
            },
            {
                id: "governance-evaluator-assumes-inspector-allowed",
                description: "The governance evaluator (a Lambda, AWS's network) assumes the inspector role in a governed account",
                expect: "allowed",
                principal: evaluator,
                action: "sts:AssumeRole",
                resource: inspector,
                from: { awsNetwork: true },
                resourcePolicy: roleTrust(inspector, evaluator),
            },
        );
        if (gov.configRule) {
            s.push({
                id: "config-rule-reports-evaluations-allowed",
                description: "The Config rule's Lambda role reports evaluations from AWS's network",
                expect: "allowed",
                principal: roleArn(workloadAccount, gov.configRule),
                action: "config:PutEvaluations",
                resource: "*",
                from: { awsNetwork: true },
            });
        }
    }
    s.push(
        {
            id: "forward-access-session-kms-allowed",
            description: "S3 calls KMS with a tagged workload's own session (aws:ViaAWSService) from AWS's network to encrypt an object",
            expect: "allowed",
            principal: app,
            principalTags: includeTag,
            action: "kms:GenerateDataKey",
            resource: `arn:${p}:kms:${region}:${workloadAccount}:key/1234abcd-12ab-34cd-56ef-1234567890ab`,
            from: { awsNetwork: true, forwardAccessSession: true, calledVia: "s3.amazonaws.com" },
            resourcePolicy: keyPolicy(workloadAccount),
        },
    );
    if (org) {
        if (heldByOwner.has("logs") || heldByVpc.has("logs")) {
            s.push({
                id: "tagged-service-role-from-aws-network-denied",
                description: `A Lambda execution role someone tagged ${trust.includeTag}=true can no longer write its logs from AWS's network: never tag roles AWS services use`,
                expect: "denied",
                principal: `arn:${p}:iam::${workloadAccount}:role/${workloadRoles.lambda}`,
                principalTags: includeTag,
                action: "logs:PutLogEvents",
                resource: `arn:${p}:logs:${region}:${workloadAccount}:log-group:/aws/lambda/orders-handler:log-stream:2026/11/30`,
                from: { awsNetwork: true },
            });
        }
        if (heldByOwner.has("kms")) {
            s.push({
                id: "ec2-infrastructure-role-decrypts-allowed",
                description: "EC2's infrastructure role decrypts an encrypted volume's key from AWS's network",
                expect: "allowed",
                principal: `arn:${p}:iam::${workloadAccount}:role/${awsServiceRoles.ec2Infrastructure}`,
                principalTags: includeTag,
                action: "kms:Decrypt",
                resource: `arn:${p}:kms:${region}:${workloadAccount}:key/1234abcd-12ab-34cd-56ef-1234567890ab`,
                from: { awsNetwork: true },
                resourcePolicy: keyPolicy(workloadAccount),
            });
        }
        s.push(
            {
                id: "service-principal-writes-logs-to-org-bucket-allowed",
                description: "The log delivery service writes flow logs for an organization account into an organization bucket",
                expect: "allowed",
                principal: "delivery.logs.amazonaws.com",
                action: "s3:PutObject",
                resource: `${s3Bucket(otherAccount)}/AWSLogs/${networkAccount}/vpcflowlogs/log.gz`,
                resourceAccount: otherAccount,
                from: { awsNetwork: true },
                context: { "aws:SourceAccount": networkAccount, "aws:SourceOrgID": org, "aws:SourceArn": `arn:${p}:logs:${region}:${networkAccount}:*` },
                resourcePolicy: allow("LogDelivery", { Service: "delivery.logs.amazonaws.com" }, "s3:PutObject", `${s3Bucket(otherAccount)}/AWSLogs/*`),
            },
            {
                id: "service-principal-for-other-org-denied",
                description: "The log delivery service acting for an outside account cannot write into an organization bucket (confused deputy)",
                expect: "denied",
                principal: "delivery.logs.amazonaws.com",
                action: "s3:PutObject",
                resource: `${s3Bucket(otherAccount)}/AWSLogs/${OUTSIDE_ACCOUNT}/vpcflowlogs/log.gz`,
                resourceAccount: otherAccount,
                from: { awsNetwork: true },
                context: { "aws:SourceAccount": OUTSIDE_ACCOUNT, "aws:SourceOrgID": OUTSIDE_ORG },
                resourcePolicy: allow("LogDelivery", { Service: "delivery.logs.amazonaws.com" }, "s3:PutObject", `${s3Bucket(otherAccount)}/AWSLogs/*`),
            },
            {
                id: "outside-identity-reads-org-bucket-denied",
                description: "An outside identity reads an organization bucket whose policy (by mistake) is public",
                expect: "denied",
                principal: outsider,
                principalOrgId: OUTSIDE_ORG,
                action: "s3:GetObject",
                resource: `${s3Bucket(workloadAccount)}/exports/customers.csv`,
                resourceAccount: workloadAccount,
                from: { ip: internetIp },
                resourcePolicy: allow("Mistake", "*", "s3:GetObject", `${s3Bucket(workloadAccount)}/*`),
            },
            {
                id: "outside-identity-assumes-org-role-denied",
                description: "An outside identity assumes an organization role whose trust policy (by mistake) names its account",
                expect: "denied",
                principal: outsider,
                principalOrgId: OUTSIDE_ORG,
                action: "sts:AssumeRole",
                resource: `arn:${p}:iam::${workloadAccount}:role/${workloadRoles.legacy}`,
                from: { ip: internetIp },
                resourcePolicy: allow("Mistake", { AWS: `arn:${p}:iam::${OUTSIDE_ACCOUNT}:root` }, "sts:AssumeRole", `arn:${p}:iam::${workloadAccount}:role/${workloadRoles.legacy}`),
            },
        );
        if (trust.trustedAccounts.length > 0) {
            const vendor = trust.trustedAccounts[0];
            s.push({
                id: "trusted-vendor-reads-org-bucket-from-its-network-allowed",
                description: "The trusted third party reads an organization bucket that grants it, from its own network",
                expect: "allowed",
                principal: `arn:${p}:iam::${vendor}:role/telemetry-reader`,
                principalOrgId: "o-vendororg001",
                principalTags: includeTag,
                action: "s3:GetObject",
                resource: `${s3Bucket(otherAccount)}/telemetry/metrics.json`,
                resourceAccount: otherAccount,
                from: { ip: "198.18.10.20" },
                resourcePolicy: allow("Vendor", { AWS: `arn:${p}:iam::${vendor}:root` }, "s3:GetObject", `${s3Bucket(otherAccount)}/telemetry/*`),
            });
        }
    }

    // ---- protected buckets: the bucket policy alone holds the line ----
    for (const bucket of definition.perimeter.protectedBuckets.slice(0, 1)) {
        const bucketAccount = accounts[bucket.account];
        const caller = `arn:${p}:iam::${bucketAccount}:role/${workloadRoles.app}`;
        const deployer = `arn:${p}:iam::${bucketAccount}:role/${trust.deploymentRole}`;
        const object = `arn:${p}:s3:::${bucket.name}/ledger/2026/11/30.parquet`;
        const ownerSpoke = definition.spokes.find((sp) => sp.account === bucket.account && sp.gatewayEndpoints.includes("s3"));
        const via: Scenario["from"] = ownerSpoke ? { endpoint: "gateway:s3" } : services.includes("s3") ? { endpoint: "s3" } : { ip: corporateIp ?? internetIp };
        s.push(
            {
                id: "protected-bucket-via-org-endpoint-allowed",
                description: `The owner account's workload reads ${bucket.name} through ${ownerSpoke ? "its S3 gateway endpoint" : "our S3 endpoint"}`,
                expect: "allowed",
                principal: caller,
                principalTags: includeTag,
                action: "s3:GetObject",
                resource: object,
                resourceAccount: bucketAccount,
                from: via,
            },
            {
                id: "protected-bucket-from-internet-denied",
                description: `The owner account's workload (untagged) reads ${bucket.name} from the internet: the bucket policy holds every principal`,
                expect: "denied",
                principal: caller,
                action: "s3:GetObject",
                resource: object,
                resourceAccount: bucketAccount,
                from: { ip: internetIp },
            },
            {
                id: "protected-bucket-insecure-transport-denied",
                description: `A plain-HTTP request to ${bucket.name}, even through our endpoint`,
                expect: "denied",
                principal: caller,
                action: "s3:GetObject",
                resource: object,
                resourceAccount: bucketAccount,
                from: via,
                context: { "aws:SecureTransport": "false" },
            },
            {
                id: "protected-bucket-deployer-manages-policy-from-anywhere-allowed",
                description: `The deployment role (${trust.deploymentRole}), from a CI runner on the internet without the break-glass tag, updates the policy of ${bucket.name} it owns`,
                expect: "allowed",
                principal: deployer,
                action: "s3:PutBucketPolicy",
                resource: `arn:${p}:s3:::${bucket.name}`,
                resourceAccount: bucketAccount,
                from: { ip: internetIp },
            },
            {
                id: "protected-bucket-undeclared-service-role-from-aws-network-denied",
                description: `An AWS service (a Glue job, say) reads ${bucket.name} with a role of the owner account that protectedBuckets[].awsServiceRoles does not list, from AWS's network`,
                expect: "denied",
                principal: `arn:${p}:iam::${bucketAccount}:role/${workloadRoles.undeclared}`,
                action: "s3:GetObject",
                resource: object,
                resourceAccount: bucketAccount,
                from: { awsNetwork: true },
            },
            ...(bucket.awsServiceRoles ?? []).slice(0, 1).map(
                (role): Scenario => ({
                    id: "protected-bucket-declared-service-role-from-aws-network-allowed",
                    description: `An AWS service writes to ${bucket.name} with the role the owner lists in awsServiceRoles (${role}), from AWS's network`,
                    expect: "allowed",
                    principal: role,
                    action: "s3:PutObject",
                    resource: object,
                    resourceAccount: bucketAccount,
                    from: { awsNetwork: true },
                    resourcePolicy: allow("OwnerGrantsTheRole", { AWS: role }, "s3:PutObject", `arn:${p}:s3:::${bucket.name}/*`),
                }),
            ),
            {
                id: "protected-bucket-deployer-reads-data-from-internet-denied",
                description: `The same deployment role reading ${bucket.name}'s data from the internet is refused: only the policy itself is its to manage from anywhere`,
                expect: "denied",
                principal: deployer,
                action: "s3:GetObject",
                resource: object,
                resourceAccount: bucketAccount,
                from: { ip: internetIp },
            },
        );
    }

    if (!org) return s;

    // ---- organization only: PrivateLink governance and RAM (SCPs) ----
    const keep = (from: Scenario["from"] = { ip: corporateIp ?? internetIp }) => from;
    s.push(
        {
            id: "endpoint-to-unapproved-third-party-denied",
            description: "A workload creates an endpoint to a third-party service that is not approved",
            expect: "denied",
            principal: app,
            action: "ec2:CreateVpcEndpoint",
            resource: `arn:${p}:ec2:${region}:${workloadAccount}:vpc-endpoint/vpce-0new0000000000001`,
            from: keep(),
            context: { "ec2:VpceServiceName": `com.amazonaws.vpce.${region}.vpce-svc-0badbadbadbadbad0`, "ec2:VpceServiceOwner": OUTSIDE_ACCOUNT },
        },
        {
            id: "endpoint-to-aws-service-allowed",
            description: "A workload creates an interface endpoint to an AWS service",
            expect: "allowed",
            principal: app,
            action: "ec2:CreateVpcEndpoint",
            resource: `arn:${p}:ec2:${region}:${workloadAccount}:vpc-endpoint/vpce-0new0000000000002`,
            from: keep(),
            context: { "ec2:VpceServiceName": `com.amazonaws.${region}.sqs`, "ec2:VpceServiceOwner": "amazon" },
        },
        {
            id: "endpoint-to-org-owned-service-allowed",
            description: "A workload creates an endpoint to a PrivateLink service published by another organization account",
            expect: "allowed",
            principal: app,
            action: "ec2:CreateVpcEndpoint",
            resource: `arn:${p}:ec2:${region}:${workloadAccount}:vpc-endpoint/vpce-0new0000000000003`,
            from: keep(),
            context: { "ec2:VpceServiceName": `com.amazonaws.vpce.${region}.vpce-svc-0123456789abcdef0`, "ec2:VpceServiceOwner": otherAccount },
        },
        {
            id: "workload-modifies-endpoint-service-permissions-denied",
            description: "A workload role adds a principal to an endpoint service's allow list",
            expect: "denied",
            principal: app,
            action: "ec2:ModifyVpcEndpointServicePermissions",
            resource: `arn:${p}:ec2:${region}:${workloadAccount}:vpc-endpoint-service/vpce-svc-0123456789abcdef0`,
            from: keep(),
        },
        {
            id: "network-admin-modifies-endpoint-service-permissions-allowed",
            description: "The network admin role changes an endpoint service's allow list",
            expect: "allowed",
            principal: admin,
            action: "ec2:ModifyVpcEndpointServicePermissions",
            resource: `arn:${p}:ec2:${region}:${workloadAccount}:vpc-endpoint-service/vpce-svc-0123456789abcdef0`,
            from: keep(),
        },
        {
            id: "workload-accepts-endpoint-connection-denied",
            description: "A workload role accepts a connection request to its endpoint service",
            expect: "denied",
            principal: app,
            action: "ec2:AcceptVpcEndpointConnections",
            resource: `arn:${p}:ec2:${region}:${workloadAccount}:vpc-endpoint-service/vpce-svc-0123456789abcdef0`,
            from: keep(),
        },
        {
            id: "network-admin-accepts-endpoint-connection-allowed",
            description: "The network admin role accepts a connection request (what the owner stack's accepters do)",
            expect: "allowed",
            principal: admin,
            action: "ec2:AcceptVpcEndpointConnections",
            resource: `arn:${p}:ec2:${region}:${workloadAccount}:vpc-endpoint-service/vpce-svc-0123456789abcdef0`,
            from: keep(),
        },
        {
            id: "workload-creates-endpoint-service-denied",
            description: "A workload role publishes its own endpoint service",
            expect: "denied",
            principal: app,
            action: "ec2:CreateVpcEndpointServiceConfiguration",
            resource: `arn:${p}:ec2:${region}:${workloadAccount}:vpc-endpoint-service/vpce-svc-0fedcba9876543210`,
            from: keep(),
        },
        {
            id: "ram-share-outside-org-denied",
            description: "A workload creates a RAM share that allows external principals",
            expect: "denied",
            principal: app,
            action: "ram:CreateResourceShare",
            resource: "*",
            resourceAccount: workloadAccount,
            from: keep(),
            context: { "ram:RequestedAllowsExternalPrincipals": "true" },
        },
        {
            id: "ram-share-inside-org-allowed",
            description: "A workload creates a RAM share limited to the organization",
            expect: "allowed",
            principal: app,
            action: "ram:CreateResourceShare",
            resource: "*",
            resourceAccount: workloadAccount,
            from: keep(),
            context: { "ram:RequestedAllowsExternalPrincipals": "false" },
        },
        {
            id: "ram-associate-to-external-share-denied",
            description: "A workload adds resources to an existing share that admits external principals",
            expect: "denied",
            principal: app,
            action: "ram:AssociateResourceShare",
            resource: `arn:${p}:ram:${region}:${workloadAccount}:resource-share/7ab63972-b505-7e2a-420d-6f5d3EXAMPLE`,
            from: keep(),
            context: { "ram:AllowsExternalPrincipals": "true" },
        },
    );
    if (trust.approvedEndpointServices.length > 0) {
        s.push({
            id: "endpoint-to-approved-third-party-allowed",
            description: "A workload creates an endpoint to an approved third-party PrivateLink service",
            expect: "allowed",
            principal: app,
            action: "ec2:CreateVpcEndpoint",
            resource: `arn:${p}:ec2:${region}:${workloadAccount}:vpc-endpoint/vpce-0new0000000000004`,
            from: keep(),
            context: { "ec2:VpceServiceName": trust.approvedEndpointServices[0], "ec2:VpceServiceOwner": OUTSIDE_ACCOUNT },
        });
    }

    // ---- other Regions: our endpoints there, and the optional Region guardrail ----
    const regions = environmentRegions(definition);
    const denyRegions = definition.perimeter.denyOtherRegions;
    const failoverRegion = regions.find((r) => r !== region);
    const foreignRegion = ["eu-west-3", "ap-southeast-2", "sa-east-1"].find((r) => !regions.includes(r))!;
    if (services.includes("kms") && heldByOwner.has("kms")) {
        const elsewhere = failoverRegion ?? foreignRegion;
        const allowedThere = !denyRegions || regions.includes(elsewhere);
        s.push({
            id: `kms-via-org-endpoint-in-${elsewhere}-${allowedThere ? "allowed" : "denied"}`,
            description: `A tagged workload decrypts with its key in ${elsewhere} through an endpoint of the organization there${allowedThere ? " (aws:VpceOrgID is the same in every Region)" : ", a Region outside the environment's"}`,
            expect: allowedThere ? "allowed" : "denied",
            principal: app,
            principalTags: includeTag,
            action: "kms:Decrypt",
            resource: `arn:${p}:kms:${elsewhere}:${workloadAccount}:key/1234abcd-12ab-34cd-56ef-1234567890ab`,
            from: { endpoint: "kms", endpointAccount: workloadAccount, region: elsewhere },
            resourcePolicy: keyPolicy(workloadAccount),
        });
    }
    if (denyRegions) {
        s.push(
            {
                id: `region-deny-${foreignRegion}-denied`,
                description: `A role lists EC2 instances in ${foreignRegion}, outside the environment's Regions (${regions.join(", ")})`,
                expect: "denied",
                principal: `arn:${p}:iam::${workloadAccount}:role/${workloadRoles.untagged}`,
                action: "ec2:DescribeInstances",
                resource: "*",
                resourceAccount: workloadAccount,
                region: foreignRegion,
                from: { ip: corporateIp ?? internetIp },
            },
            {
                id: "region-deny-global-service-allowed",
                description: "A role lists IAM roles: a global service whose requests name us-east-1 is exempt",
                expect: "allowed",
                principal: `arn:${p}:iam::${workloadAccount}:role/${workloadRoles.untagged}`,
                action: "iam:ListRoles",
                resource: "*",
                resourceAccount: workloadAccount,
                region: "us-east-1",
                from: { ip: corporateIp ?? internetIp },
            },
        );
        // Each other Region once, named for why the environment works there: a hub Region
        // (network.regions), else the failover Region of its endpoint services.
        const hubs = new Set(hubRegions(definition).map((h) => h.region));
        for (const r of regions.filter((x) => x !== region)) {
            const why = hubs.has(r)
                ? `hub Region ${r}`
                : `failover Region ${r} (of ${definition.endpointServices.filter((e) => e.failover?.region === r).map((e) => e.name).join(", ")})`;
            s.push({
                id: `region-deny-${hubs.has(r) ? "hub" : "failover"}-${r}-allowed`,
                description: `A role reads a parameter in the ${why}`,
                expect: "allowed",
                principal: `arn:${p}:iam::${workloadAccount}:role/${workloadRoles.untagged}`,
                action: "ssm:GetParameter",
                resource: `arn:${p}:ssm:${r}:${workloadAccount}:parameter/app/config`,
                from: { ip: corporateIp ?? internetIp },
            });
        }
    }
    return s;
}

/** Distinct ids, for callers that mix the table with their own scenarios. */
export function scenarioIds(scenarios: Scenario[]): string[] {
    return scenarios.map((x) => x.id);
}
