/**
 * DeployRoles: the bootstrap unit's roll-out of the roles every other stack assumes — a
 * service-managed CloudFormation StackSet whose template creates the deploy role (and the
 * read-only preview role) in every account of the target OUs, auto-deployed to accounts that
 * join them later, one stack instance per OU; and the same roles made directly in the
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

/** One stack instance: the OU it targets and its parameter values. */
export interface StackSetTarget {
    /** OU name (resource names). */
    label: string;
    organizationalUnitId: string;
    parameters: Record<string, string>;
}

export interface DeployRolesArgs {
    /** StackSet name (unique in the management account and Region). */
    stackSetName: string;
    description: string;
    /** The template, JSON (`deployRolesTemplate`). */
    templateBody: string;
    /** Every template parameter with the StackSet's own value (the provider needs each one set). */
    parameters: Record<string, string>;
    /** One stack instance per OU. */
    targets: StackSetTarget[];
    /** The Region the stack instances are created in (IAM is global: one Region suffices). */
    region: string;
    /**
     * Roles made directly in the management account (StackSets do not deploy there), without
     * break-glass tags (no SCP or RCP applies to the management account).
     * @default none
     */
    managementRoles?: RoleSpec[];
    /**
     * Tags of the StackSet and the management-account roles.
     * @default {}
     */
    tags?: Record<string, string>;
}

export class DeployRoles extends pulumi.ComponentResource {
    readonly stackSetName: pulumi.Output<string>;

    constructor(name: string, args: DeployRolesArgs, opts?: pulumi.ComponentResourceOptions) {
        super("landing-zone:bootstrap:DeployRoles", name, {}, opts);
        const child = { parent: this };
        const tags = args.tags ?? {};

        const stackSet = new aws.cloudformation.StackSet(
            `${name}-stack-set`,
            {
                name: args.stackSetName,
                description: args.description,
                permissionModel: "SERVICE_MANAGED",
                // The management account itself creates and manages it (not a delegated administrator).
                callAs: "SELF",
                autoDeployment: { enabled: true, retainStacksOnAccountRemoval: false },
                capabilities: ["CAPABILITY_NAMED_IAM"],
                managedExecution: { active: true },
                templateBody: args.templateBody,
                parameters: args.parameters,
                tags,
            },
            // With SERVICE_MANAGED, AWS sets the administration role itself; the provider
            // reports it as a change on every run unless ignored (aws_cloudformation_stack_set docs).
            { parent: this, ignoreChanges: ["administrationRoleArn"] },
        );
        for (const target of args.targets) {
            new aws.cloudformation.StackSetInstance(
                `${name}-${target.label}`,
                {
                    stackSetName: stackSet.name,
                    callAs: "SELF",
                    deploymentTargets: { organizationalUnitIds: [target.organizationalUnitId] },
                    stackSetInstanceRegion: args.region,
                    parameterOverrides: target.parameters,
                },
                child,
            );
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
        this.stackSetName = stackSet.name;
        this.registerOutputs({ stackSetName: this.stackSetName });
    }
}
