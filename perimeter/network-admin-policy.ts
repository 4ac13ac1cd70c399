/**
 * The least-privilege permissions policy of the network admin role
 * (perimeter.networkAdminRole), an opt-in alternative to AdministratorAccess
 * (`npm run preflight -- --least-privilege`): exactly the IAM actions the AWS provider calls
 * for the resource types the program manages through that role (aws/provider-calls.ts),
 * limited to the Regions those resources live in.
 *
 * Through the role go, in each endpoint service's owner account, the endpoint service in its
 * owner spoke's Region and its failover Region, with its Network Load Balancer, target group,
 * attachments and listener, connection notification and topic, and the connection
 * accepters (program/privatelink-provider.ts `networkAdminOpts`; components/endpoint-service.ts
 * EndpointService, EndpointConnectionAcceptance). test/perimeter/network-admin-policy.test.ts
 * derives the same types and Regions from the offline plans of the shipped and PrivateLink
 * test definitions, and simulates every call of every type against the document.
 */
import { partitionOf } from "../aws/partitions";
import { actionsOf, privateDnsVerificationCall, providerOperations, resourceTypeCalls, serviceLinkedRoles, taggingCalls } from "../aws/provider-calls";
import { roleInlinePolicySizeLimit } from "../aws/quotas";
import { spokeRegion } from "../definition/regions";
import { Definition } from "../definition/schema";
import { minifiedSize } from "./size";
import { PolicyDocument, PolicyStatement } from "./types";

/**
 * The resource types the program creates through the network admin role's provider for an
 * account that owns an endpoint service: every child of EndpointService and the accepters of
 * EndpointConnectionAcceptance. All of them whenever the account owns a service, even one
 * without consumers yet: the first consumer added later brings the accepters, and a policy
 * that lacked them would fail that deploy halfway.
 */
export const networkAdminResourceTypes: readonly string[] = [
    "aws:lb/loadBalancer:LoadBalancer",
    "aws:lb/targetGroup:TargetGroup",
    "aws:lb/targetGroupAttachment:TargetGroupAttachment",
    "aws:lb/listener:Listener",
    "aws:ec2/vpcEndpointService:VpcEndpointService",
    "aws:sns/topic:Topic",
    "aws:sns/topicPolicy:TopicPolicy",
    "aws:ec2/vpcEndpointConnectionNotification:VpcEndpointConnectionNotification",
    "aws:ec2/vpcEndpointConnectionAccepter:VpcEndpointConnectionAccepter",
];

/** What the role manages in one account: the resource types and the Regions they live in. */
export interface NetworkAdminScope {
    /** Logical account name (a key of `accounts`). */
    account: string;
    resourceTypes: string[];
    /** Each owned service's Region (its owner spoke's) and failover Region, sorted. */
    regions: string[];
    /** The endpoint services whose resources the role manages in the account, sorted (their connection topics are named after them). */
    services: string[];
    /**
     * Whether one of those services has a `privateDnsName`: its owner must then start the
     * domain's verification as this role (aws/provider-calls.ts `privateDnsVerificationCall`).
     */
    verifiesPrivateDns: boolean;
    partition: string;
}

/** The Region of a service's primary endpoint service: its owner spoke's. */
function primaryRegion(definition: Definition, spokeName: string): string {
    const owner = definition.spokes.find((s) => s.name === spokeName);
    return owner ? spokeRegion(definition, owner) : definition.region;
}

/**
 * The accounts whose network admin role the program uses, with what it manages there:
 * the owner spoke's account of every endpoint service (the failover Region's service is in
 * the same account, definition validation), or none when there is no role to assume — no
 * organization (no SCP to exempt), or stacks already deploy as the network admin role.
 */
export function networkAdminScopes(definition: Definition): NetworkAdminScope[] {
    if (!definition.organization || definition.perimeter.networkAdminRole === definition.deployment.roleName) return [];
    const regions = new Map<string, Set<string>>();
    const services = new Map<string, Set<string>>();
    const privateDns = new Set<string>();
    const add = (spokeName: string | undefined, region: string, service: string, hasPrivateDns: boolean) => {
        const account = definition.spokes.find((s) => s.name === spokeName)?.account;
        if (account === undefined) return;
        if (!regions.has(account)) regions.set(account, new Set());
        regions.get(account)!.add(region);
        if (!services.has(account)) services.set(account, new Set());
        services.get(account)!.add(service);
        if (hasPrivateDns) privateDns.add(account);
    };
    for (const service of definition.endpointServices) {
        const primary = primaryRegion(definition, service.spoke);
        const hasPrivateDns = service.privateDnsName !== undefined;
        add(service.spoke, primary, service.name, hasPrivateDns);
        if (service.failover) {
            add(service.spoke, service.failover.region, service.name, hasPrivateDns);
            add(service.failover.provider.spoke, service.failover.region, service.name, hasPrivateDns);
        }
    }
    return [...regions]
        .sort(([a], [b]) => a.localeCompare(b))
        .map(([account, set]) => {
            const sorted = [...set].sort();
            return { account, resourceTypes: [...networkAdminResourceTypes], regions: sorted, services: [...services.get(account)!].sort(), verifiesPrivateDns: privateDns.has(account), partition: partitionOf(sorted[0]) };
        });
}

/** Name of the inline policy preflight's fix puts on the role. */
export const networkAdminPolicyName = "landing-zone-network-admin";

/**
 * What the program names and tags through the role, given by the caller (the program's
 * layer owns both; preflight passes them: tools/preflight-checks.ts `networkAdminResources`).
 */
export interface NetworkAdminResources {
    /**
     * The tags every resource of the role's provider carries: its `defaultTags`
     * (program/privatelink-provider.ts `networkAdminOpts`, the same as program/index.ts `defaultTagsOf`).
     * Changes to existing resources are allowed only on resources that carry all of them.
     */
    defaultTags: Record<string, string>;
    /**
     * The names of the connection topics of the scope's services, from program/privatelink-shared.ts
     * `connectionTopicName`: the SNS calls are allowed on those topics only. Exact names, not a
     * pattern: `<environment>-*-privatelink-connections` would also match environment
     * `<environment>-eu`'s topics.
     */
    connectionTopicNames: string[];
}

/**
 * Changes left on `Resource: "*"` (still only in the scope's Regions), each with why no
 * narrower grant is safe. Pessimistic where AWS is unclear: a grant AWS evaluates differently
 * than we read it fails a deploy halfway.
 */
export const unscopedChanges: Readonly<Record<string, string>> = {
    "elasticloadbalancing:CreateLoadBalancer":
        "ELB documents tag-on-create authorization only through elasticloadbalancing:AddTags with elasticloadbalancing:CreateAction " +
        "(https://docs.aws.amazon.com/elasticloadbalancing/latest/userguide/tagging-resources-during-creation.html), not whether the create action itself carries aws:RequestTag; a new resource has no tags to match",
    "elasticloadbalancing:CreateTargetGroup": "as CreateLoadBalancer",
    "elasticloadbalancing:CreateListener": "as CreateLoadBalancer (the reference lists the load balancer as an optional resource only)",
    "ec2:CreateVpcEndpointConnectionNotification":
        "the reference lists vpc-endpoint and vpc-endpoint-service as optional resources only: which ARN, if any, AWS authorizes a notification call on is not documented, so a tag condition could deny it",
    "ec2:ModifyVpcEndpointConnectionNotification": "as CreateVpcEndpointConnectionNotification",
    "ec2:DeleteVpcEndpointConnectionNotifications": "as CreateVpcEndpointConnectionNotification",
    "vpce:AllowMultiRegion":
        "a permission-only action (no API of its own) with no condition keys in the reference, checked alongside the endpoint service's create, whose ARN does not exist yet",
};

/** Creates whose request carries the default tags and whose reference supports `aws:RequestTag` on the created resource (EC2's TagSpecifications). */
export const requestTagCreates: readonly string[] = ["ec2:CreateVpcEndpointServiceConfiguration"];

/**
 * The resources changes to existing resources may name (with the tag condition): any Elastic
 * Load Balancing resource (load balancer, target group, listener), and endpoint services only
 * among EC2's (so ec2:CreateTags and ec2:DeleteTags cannot retag a VPC or a security group the
 * environment tags the same way). The reference's ARN templates:
 * https://docs.aws.amazon.com/service-authorization/latest/reference/list_awselasticloadbalancingv2.html,
 * https://docs.aws.amazon.com/service-authorization/latest/reference/list_amazonec2.html.
 */
export function ownResourcePatterns(partition: string): string[] {
    return [`arn:${partition}:ec2:*:*:vpc-endpoint-service/*`, `arn:${partition}:elasticloadbalancing:*:*:*`];
}

/** The ARN pattern of a connection topic in any Region the policy allows (template `arn:${Partition}:sns:${Region}:${Account}:${TopicName}`). */
export function connectionTopicArnPattern(partition: string, topicName: string): string {
    return `arn:${partition}:sns:*:*:${topicName}`;
}

/**
 * The role's permissions policy for `scope`, every statement only in `scope.regions`
 * (`aws:RequestedRegion`) but the service-linked role's:
 * - `ProviderReads`: exactly the reads the table lists (EC2 and Elastic Load Balancing
 *   Describe calls, STS GetCallerIdentity), never a prefix, on `*` (Describe calls name no resource);
 * - `ChangesToOwnResources`: changes to existing load balancers, target groups, listeners and
 *   endpoint services (and adding tags to them) only where the resource carries every default
 *   tag (`aws:ResourceTag/<key>`); with `scope.verifiesPrivateDns`, the operator's
 *   ec2:StartVpcEndpointServicePrivateDnsVerification too;
 * - `TagRemovalsFromOwnResources`: removing tags the same way, except the default tag keys
 *   (`aws:TagKeys`), which would take a resource out of the condition above;
 * - `TaggedCreates`: the endpoint service's create only with the default tags in the request
 *   (`aws:RequestTag/<key>`);
 * - `ElasticLoadBalancingTagOnCreate` / `Ec2TagOnCreate`: the tagging a create authorizes
 *   (elasticloadbalancing:AddTags with `elasticloadbalancing:CreateAction`, ec2:CreateTags with
 *   `ec2:CreateAction` and the default tags requested), so neither can tag an existing resource;
 * - `UnscopedChanges`: {@link unscopedChanges}, each with its reason;
 * - `ConnectionTopics`: every SNS call, on the connection topics of the scope's services only (their names are fixed);
 * - `ElasticLoadBalancingServiceLinkedRole`: iam:CreateServiceLinkedRole for
 *   elasticloadbalancing.amazonaws.com only (`iam:AWSServiceName`), on its role's ARN. No
 *   Region condition: IAM is a global service, and which Region AWS records for a role ELB
 *   creates on the caller's behalf is not documented, so a condition could deny the first
 *   load balancer (the pessimistic reading).
 *
 * Throws when a change of the table has no grant here (a provider upgrade added one: decide
 * how to scope it) and when the document would not fit an inline role policy (aws/quotas.ts
 * `roleInlinePolicySizeLimit`).
 */
export function networkAdminPolicy(scope: Pick<NetworkAdminScope, "resourceTypes" | "regions" | "partition"> & Partial<Pick<NetworkAdminScope, "verifiesPrivateDns">>, resources: NetworkAdminResources): PolicyDocument {
    if (scope.regions.length === 0) throw new Error("the network admin policy needs at least one Region");
    const tagKeys = Object.keys(resources.defaultTags).sort();
    if (tagKeys.length === 0) throw new Error("the network admin policy needs the provider's default tags: changes are allowed only on resources that carry them");
    const all = new Set<string>();
    for (const type of scope.resourceTypes) for (const op of providerOperations) for (const a of actionsOf(type, op)) all.add(a);
    const slrActions = new Set<string>(serviceLinkedRoles.map((s) => s.action));
    const tagging = { create: new Set<string>(), removal: new Set<string>() };
    const createActions = { ec2: new Set<string>(), elasticloadbalancing: new Set<string>() };
    for (const type of scope.resourceTypes) {
        const entry = resourceTypeCalls[type];
        if (!entry.tagged || entry.service === "sns") continue;
        const calls = taggingCalls[entry.service];
        for (const a of calls.create) tagging.create.add(a);
        for (const a of calls.update.filter((u) => !calls.create.includes(u))) tagging.removal.add(a);
        // The create call that tags on creation: the type's own `<service>:Create…`.
        for (const a of entry.calls.create.filter((c) => c.startsWith(`${entry.service}:Create`))) createActions[entry.service].add(a.split(":")[1]);
    }
    // The operator's domain verification, on the environment's own endpoint services like their other changes.
    if (scope.verifiesPrivateDns && scope.resourceTypes.includes("aws:ec2/vpcEndpointService:VpcEndpointService")) all.add(privateDnsVerificationCall.action);
    const reads = new Set<string>();
    const topic = new Set<string>();
    const own = new Set<string>();
    const removals = new Set<string>();
    const creates = new Set<string>();
    const unscoped = new Set<string>();
    const unplaced: string[] = [];
    for (const action of all) {
        if (slrActions.has(action)) continue;
        if (action.startsWith("sns:")) topic.add(action);
        else if (isReadOnly(action)) reads.add(action);
        else if (unscopedChanges[action] !== undefined) unscoped.add(action);
        else if (requestTagCreates.includes(action)) creates.add(action);
        else if (tagging.removal.has(action)) removals.add(action);
        else if (tagging.create.has(action) || /^(ec2|elasticloadbalancing):(Modify|Delete|Set|Register|Deregister|Accept|Reject|Start)/.test(action)) own.add(action);
        else unplaced.push(action);
    }
    if (unplaced.length > 0) throw new Error(`perimeter/network-admin-policy.ts has no grant for ${unplaced.sort().join(", ")}: scope each by the default tags, a name or, with a reason, unscopedChanges`);
    const inRegions = { "aws:RequestedRegion": scope.regions.length === 1 ? scope.regions[0] : [...scope.regions] };
    const tagsAre = (key: "aws:ResourceTag" | "aws:RequestTag") => Object.fromEntries(tagKeys.map((k) => [`${key}/${k}`, resources.defaultTags[k]]));
    const ownResources = ownResourcePatterns(scope.partition);
    const statements: PolicyStatement[] = [{ Sid: "ProviderReads", Effect: "Allow", Action: [...reads].sort(), Resource: "*", Condition: { StringEquals: inRegions } }];
    const push = (Sid: string, actions: Iterable<string>, Resource: string | string[], Condition: PolicyStatement["Condition"]) => {
        const Action = [...actions].sort();
        if (Action.length > 0) statements.push({ Sid, Effect: "Allow", Action, Resource, Condition });
    };
    push("ChangesToOwnResources", own, ownResources, { StringEquals: { ...inRegions, ...tagsAre("aws:ResourceTag") } });
    push("TagRemovalsFromOwnResources", removals, ownResources, { StringEquals: { ...inRegions, ...tagsAre("aws:ResourceTag") }, "ForAllValues:StringNotEquals": { "aws:TagKeys": tagKeys } });
    // Each create names only its own service's resource patterns.
    const createServices = new Set([...creates].map((a) => a.split(":")[0]));
    push("TaggedCreates", creates, ownResources.filter((r) => createServices.has(r.split(":")[2])), { StringEquals: { ...inRegions, ...tagsAre("aws:RequestTag") } });
    if (createActions.elasticloadbalancing.size > 0 && tagging.create.has("elasticloadbalancing:AddTags")) {
        push("ElasticLoadBalancingTagOnCreate", ["elasticloadbalancing:AddTags"], ownResources[1], {
            StringEquals: { ...inRegions, "elasticloadbalancing:CreateAction": [...createActions.elasticloadbalancing].sort() },
        });
    }
    if (createActions.ec2.size > 0 && tagging.create.has("ec2:CreateTags")) {
        push("Ec2TagOnCreate", ["ec2:CreateTags"], ownResources[0], {
            StringEquals: { ...inRegions, "ec2:CreateAction": [...createActions.ec2].sort(), ...tagsAre("aws:RequestTag") },
        });
    }
    push("UnscopedChanges", unscoped, "*", { StringEquals: inRegions });
    if (topic.size > 0 && resources.connectionTopicNames.length === 0) throw new Error("the network admin policy needs the connection topics' names: the SNS calls are allowed on those topics only");
    const topicArns = [...new Set(resources.connectionTopicNames)].sort().map((name) => connectionTopicArnPattern(scope.partition, name));
    push("ConnectionTopics", topic, topicArns.length === 1 ? topicArns[0] : topicArns, { StringEquals: inRegions });
    const roles = serviceLinkedRoles.filter((s) => s.triggeredBy.some((t) => scope.resourceTypes.includes(t)));
    if (roles.length > 0) {
        statements.push({
            Sid: "ElasticLoadBalancingServiceLinkedRole",
            Effect: "Allow",
            Action: "iam:CreateServiceLinkedRole",
            Resource: roles.map((r) => `arn:${scope.partition}:iam::*:role/aws-service-role/${r.awsServiceName}/${r.roleName}`),
            Condition: { StringEquals: { "iam:AWSServiceName": roles.map((r) => r.awsServiceName) } },
        });
    }
    const document: PolicyDocument = { Version: "2012-10-17", Statement: statements };
    const size = minifiedSize(document);
    if (size > roleInlinePolicySizeLimit) {
        throw new Error(`the network admin policy is ${size} characters without white space, over IAM's ${roleInlinePolicySizeLimit} for a role's inline policies (aws/quotas.ts)`);
    }
    return document;
}

/** Reads of the table: EC2 and Elastic Load Balancing Describe calls, STS identity (SNS reads go with the topic's ARN) (a test checks each is List or Read in the reference). */
function isReadOnly(action: string): boolean {
    return /^((ec2|elasticloadbalancing):Describe|sts:GetCallerIdentity$)/.test(action);
}

/** Every action the table records for `types`, across operations (for tests and docs). */
export function tableActions(types: readonly string[]): string[] {
    const out = new Set<string>();
    for (const type of types) {
        if (!resourceTypeCalls[type]) throw new Error(`no provider calls recorded for ${type}`);
        for (const op of providerOperations) for (const a of actionsOf(type, op)) out.add(a);
    }
    return [...out].sort();
}
