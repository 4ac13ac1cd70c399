/**
 * DeployRoles: the bootstrap unit's roll-out of the roles every other stack assumes — a
 * service-managed CloudFormation StackSet per set of template parameter values (the
 * break-glass tag on or off) whose template creates the deploy role (and the read-only preview
 * role) in every account of its OUs, auto-deployed to accounts that join them later with the
 * StackSet's own values, one stack instance per OU; and the same roles made directly in the
 * management account, which StackSets never deploy to (aws/deploy-roles.ts).
 *
 * The template is a JSON string built here from known values, so `pulumi preview` and the
 * policy pack read the exact roles, trust policies and tags that will exist.
 */
import * as aws from "@pulumi/aws";
import * as pulumi from "@pulumi/pulumi";

/** A role the template creates. */
export interface RoleSpec {
    name: string;
    description: string;
    /** The trust policy (who may assume it). */
    trustPolicy: object;
    /** AWS managed policy ARNs. */
    managedPolicyArns: string[];
    /** Inline policy documents by name. @default {} */
    inlinePolicies?: Record<string, object>;
    /**
     * The break-glass tag key this role carries (value `true`) where the instance's
     * parameter `<parameter>` is `true`.
     */
    breakGlass?: { tagKey: string; parameter: string };
}

export interface DeployRolesTemplateInput {
    description: string;
    roles: RoleSpec[];
    /** Tags every role carries. */
    tags: Record<string, string>;
}

const logicalId = (name: string): string => `${name.replace(/[^A-Za-z0-9]/g, "")}Role`;

/**
 * The StackSet's CloudFormation template (pure). Each role with a break-glass parameter gets
 * a `String` parameter (`true`/`false`, default `false`) and a condition choosing its tags.
 */
export function deployRolesTemplate(input: DeployRolesTemplateInput): Record<string, unknown> {
    const parameters: Record<string, unknown> = {};
    const conditions: Record<string, unknown> = {};
    const resources: Record<string, unknown> = {};
    const baseTags = Object.entries(input.tags).map(([Key, Value]) => ({ Key, Value }));
    for (const role of input.roles) {
        let tags: unknown = baseTags;
        if (role.breakGlass) {
            const condition = `${role.breakGlass.parameter}Enabled`;
            parameters[role.breakGlass.parameter] = {
                Type: "String",
                AllowedValues: ["true", "false"],
                Default: "false",
                Description: `"true": ${role.name} carries ${role.breakGlass.tagKey}=true, which exempts it from the network perimeter (set per OU by the stack instances)`,
            };
            conditions[condition] = { "Fn::Equals": [{ Ref: role.breakGlass.parameter }, "true"] };
            tags = { "Fn::If": [condition, [...baseTags, { Key: role.breakGlass.tagKey, Value: "true" }], baseTags] };
        }
        resources[logicalId(role.name)] = {
            Type: "AWS::IAM::Role",
            Properties: {
                RoleName: role.name,
                Description: role.description,
                AssumeRolePolicyDocument: role.trustPolicy,
                ManagedPolicyArns: role.managedPolicyArns,
                ...(role.inlinePolicies && Object.keys(role.inlinePolicies).length > 0
                    ? { Policies: Object.entries(role.inlinePolicies).map(([PolicyName, PolicyDocument]) => ({ PolicyName, PolicyDocument })) }
                    : {}),
                Tags: tags,
            },
        };
    }
    return {
        AWSTemplateFormatVersion: "2010-09-09",
        Description: input.description,
        ...(Object.keys(parameters).length > 0 ? { Parameters: parameters, Conditions: conditions } : {}),
        Resources: resources,
    };
}

/** One stack instance: the OU it targets. */
export interface StackSetTarget {
    /** OU name (resource names). */
    label: string;
    organizationalUnitId: string;
}

/**
 * One StackSet of the roll-out: its template parameter values, set on the StackSet itself, and
 * the OUs it targets. Parameter values differ per StackSet, never per stack instance: an
 * override on an OU's instance applies only to the accounts in the OU at that moment, and
 * accounts that join later are auto-deployed with the StackSet's own values
 * (https://docs.aws.amazon.com/AWSCloudFormation/latest/APIReference/API_UpdateStackInstances.html,
 * DeploymentTargets: "Accounts added to the target OUs ... in the future won't use the
 * overridden values").
 */
export interface StackSetGroup {
    /** Suffix of the StackSet's resource and AWS names; "" for the first (`stackSetName` itself). */
    key: string;
    /** Every template parameter with this StackSet's value (the provider needs each one set). */
    parameters: Record<string, string>;
    /** One stack instance per OU. */
    targets: StackSetTarget[];
}

export interface DeployRolesArgs {
    /** StackSet name (unique in the management account and Region); further StackSets append `-<key>`. */
    stackSetName: string;
    description: string;
    /** The template, JSON (`deployRolesTemplate`). */
    templateBody: string;
    /** The StackSets: one per distinct set of parameter values, each with its OUs. */
    stackSets: StackSetGroup[];
    /** The Region the stack instances are created in (IAM is global: one Region suffices). */
    region: string;
    /**
     * Roles made directly in the management account (StackSets do not deploy there), without
     * break-glass tags (no SCP or RCP applies to the management account).
     * @default none
     */
    managementRoles?: RoleSpec[];
    /**
     * Tags of the StackSets and the management-account roles.
     * @default {}
     */
    tags?: Record<string, string>;
}

export class DeployRoles extends pulumi.ComponentResource {
    /** The StackSets' names, the first one's first. */
    readonly stackSetNames: pulumi.Output<string[]>;

    constructor(name: string, args: DeployRolesArgs, opts?: pulumi.ComponentResourceOptions) {
        super("landing-zone:bootstrap:DeployRoles", name, {}, opts);
        const child = { parent: this };
        const tags = args.tags ?? {};

        const names: pulumi.Output<string>[] = [];
        for (const group of args.stackSets) {
            const suffix = group.key ? `-${group.key}` : "";
            const stackSet = new aws.cloudformation.StackSet(
                `${name}-stack-set${suffix}`,
                {
                    name: `${args.stackSetName}${suffix}`,
                    description: args.description,
                    permissionModel: "SERVICE_MANAGED",
                    // The management account itself creates and manages it (not a delegated administrator).
                    callAs: "SELF",
                    // Accounts that join a target OU later get the roles, with this StackSet's parameters.
                    autoDeployment: { enabled: true, retainStacksOnAccountRemoval: false },
                    capabilities: ["CAPABILITY_NAMED_IAM"],
                    managedExecution: { active: true },
                    templateBody: args.templateBody,
                    parameters: group.parameters,
                    tags,
                },
                // With SERVICE_MANAGED, AWS sets the administration role itself; the provider
                // reports it as a change on every run unless ignored (aws_cloudformation_stack_set docs).
                { parent: this, ignoreChanges: ["administrationRoleArn"] },
            );
            names.push(stackSet.name);
            for (const target of group.targets) {
                new aws.cloudformation.StackSetInstance(
                    `${name}-${target.label}`,
                    {
                        stackSetName: stackSet.name,
                        callAs: "SELF",
                        deploymentTargets: { organizationalUnitIds: [target.organizationalUnitId] },
                        stackSetInstanceRegion: args.region,
                    },
                    child,
                );
            }
        }
        for (const role of args.managementRoles ?? []) {
            const created = new aws.iam.Role(
                `${name}-management-${role.name}`,
                { name: role.name, description: role.description, assumeRolePolicy: JSON.stringify(role.trustPolicy), tags },
                child,
            );
            role.managedPolicyArns.forEach((policyArn, i) => {
                new aws.iam.RolePolicyAttachment(`${name}-management-${role.name}-managed-${i}`, { role: created.name, policyArn }, child);
            });
            for (const [policyName, document] of Object.entries(role.inlinePolicies ?? {})) {
                new aws.iam.RolePolicy(`${name}-management-${role.name}-${policyName}`, { role: created.name, name: policyName, policy: JSON.stringify(document) }, child);
            }
        }
        this.stackSetNames = pulumi.all(names);
        this.registerOutputs({ stackSetNames: this.stackSetNames });
    }
}
