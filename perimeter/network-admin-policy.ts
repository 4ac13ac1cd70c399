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
 * accepters (program/privatelink.ts `networkAdminOpts`; components/endpoint-service.ts
 * EndpointService, EndpointConnectionAcceptance). test/perimeter/network-admin-policy.test.ts
 * derives the same types and Regions from the offline plans of the shipped and PrivateLink
 * test definitions, and simulates every call of every type against the document.
 */
import { partitionOf } from "../aws/partitions";
import { actionsOf, providerOperations, resourceTypeCalls, serviceLinkedRoles, taggingCalls } from "../aws/provider-calls";
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
    const add = (spokeName: string | undefined, region: string) => {
        const account = definition.spokes.find((s) => s.name === spokeName)?.account;
        if (account === undefined) return;
        if (!regions.has(account)) regions.set(account, new Set());
        regions.get(account)!.add(region);
    };
    for (const service of definition.endpointServices) {
        const primary = primaryRegion(definition, service.spoke);
        add(service.spoke, primary);
        if (service.failover) {
            add(service.spoke, service.failover.region);
            add(service.failover.provider.spoke, service.failover.region);
        }
    }
    return [...regions]
        .sort(([a], [b]) => a.localeCompare(b))
        .map(([account, set]) => {
            const sorted = [...set].sort();
            return { account, resourceTypes: [...networkAdminResourceTypes], regions: sorted, partition: partitionOf(sorted[0]) };
        });
}

/** Name of the inline policy preflight's fix puts on the role. */
export const networkAdminPolicyName = "landing-zone-network-admin";

/**
 * The role's permissions policy for `scope`:
 * - `ProviderReads`: exactly the reads the table lists (EC2 and Elastic Load Balancing
 *   Describe calls, SNS attributes and tags, STS GetCallerIdentity), never a prefix;
 * - `ProviderChanges`: every mutation of every operation of every type, exactly (with
 *   the permission-only `vpce:AllowMultiRegion` cross-Region services need);
 * - `ProviderTagging`: the tagging calls whose resource the reference names
 *   (ec2:CreateTags and ec2:DeleteTags on endpoint services only, not every EC2 resource);
 *   both only in `scope.regions` (`aws:RequestedRegion`);
 * - `ElasticLoadBalancingServiceLinkedRole`: iam:CreateServiceLinkedRole for
 *   elasticloadbalancing.amazonaws.com only (`iam:AWSServiceName`), on its role's ARN. No
 *   Region condition: IAM is a global service, and which Region AWS records for a role ELB
 *   creates on the caller's behalf is not documented, so a condition could deny the first
 *   load balancer (the pessimistic reading).
 *
 * Resources are `*`: the role exists in one account, which bounds it, and the provider reads
 * before the names it would scope to exist. Throws when the document would not fit an
 * inline role policy (aws/quotas.ts `roleInlinePolicySizeLimit`).
 */
export function networkAdminPolicy(scope: Pick<NetworkAdminScope, "resourceTypes" | "regions" | "partition">): PolicyDocument {
    if (scope.regions.length === 0) throw new Error("the network admin policy needs at least one Region");
    const all = new Set<string>();
    for (const type of scope.resourceTypes) for (const op of providerOperations) for (const a of actionsOf(type, op)) all.add(a);
    const slrActions = new Set<string>(serviceLinkedRoles.map((s) => s.action));
    // Tagging calls a type's ARN scopes, when every type that makes them names one.
    const scoped = new Map<string, Set<string>>();
    const unscoped = new Set<string>();
    for (const type of scope.resourceTypes) {
        const entry = resourceTypeCalls[type];
        if (!entry.tagged) continue;
        const tagging = [...taggingCalls[entry.service].create, ...taggingCalls[entry.service].update];
        for (const action of tagging) {
            if (entry.taggedResourceArn === undefined) unscoped.add(action);
            else {
                if (!scoped.has(action)) scoped.set(action, new Set());
                scoped.get(action)!.add(arnPattern(entry.taggedResourceArn, scope.partition));
            }
        }
    }
    for (const action of unscoped) scoped.delete(action);
    const reads = new Set<string>();
    const changes = new Set<string>();
    for (const action of all) {
        if (slrActions.has(action) || scoped.has(action)) continue;
        if (isReadOnly(action)) reads.add(action);
        else changes.add(action);
    }
    const region = { StringEquals: { "aws:RequestedRegion": scope.regions.length === 1 ? scope.regions[0] : [...scope.regions] } };
    const statements: PolicyStatement[] = [
        { Sid: "ProviderReads", Effect: "Allow", Action: [...reads].sort(), Resource: "*", Condition: region },
        { Sid: "ProviderChanges", Effect: "Allow", Action: [...changes].sort(), Resource: "*", Condition: region },
    ];
    if (scoped.size > 0) {
        statements.push({
            Sid: "ProviderTagging",
            Effect: "Allow",
            Action: [...scoped.keys()].sort(),
            Resource: [...new Set([...scoped.values()].flatMap((set) => [...set]))].sort(),
            Condition: region,
        });
    }
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

/** An ARN template of the Service Authorization Reference as a policy pattern: the partition filled, every other variable `*`. */
function arnPattern(template: string, partition: string): string {
    return template.replace("${Partition}", partition).replace(/\$\{[A-Za-z]+\}/g, "*");
}

/** Reads of the table: EC2 and Elastic Load Balancing Describe calls, SNS attributes and tags, STS identity (a test checks each is List or Read in the reference). */
function isReadOnly(action: string): boolean {
    return /^((ec2|elasticloadbalancing):Describe|sns:(Get|List)|sts:GetCallerIdentity$)/.test(action);
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
