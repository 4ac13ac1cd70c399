/**
 * Resource control policies: who may reach the organization's resources, and from where,
 * whatever the resources' own policies say.
 *
 * - Identity perimeter: only our identities, trusted third parties and AWS services.
 * - Confused-deputy protection: an AWS service acting for someone else's account or
 *   organization cannot use our resources.
 * - Network perimeter: principals under it reach our resources of the services our
 *   endpoints carry only through our endpoints or from corporate ranges (trusted third
 *   parties use their own networks); which key for which service: perimeter/network-perimeter.ts.
 *
 * RCPs need an organization: a single-account environment gets none.
 */
import { rcpSupportedServices } from "../aws/rcp-supported-services";
import { Definition } from "../definition/schema";
import { networkPerimeterPlan, networkPerimeterStatements } from "./network-perimeter";
import { noNetworks, PerimeterNetworks } from "./networks";
import { NamedPolicy, Overflow, packPolicies, perimeterPolicyBudget } from "./scps";
import { oneOrMany, perimeterServices, Trust, trustOf } from "./trust";
import { PolicyStatement } from "./types";

/** The services every organization's RCPs protect: where its data and keys live. */
export const coreRcpServices = ["kms", "s3", "secretsmanager", "sqs", "sts"];

/**
 * STS actions an RCP can constrain without breaking federation: AssumeRoleWithSAML and
 * AssumeRoleWithWebIdentity (and the TagSession / SetSourceIdentity they carry) are made
 * by identity-provider users who belong to no organization, so they are left out.
 */
export const stsRcpActions = [
    "sts:AssumeRole",
    "sts:DecodeAuthorizationMessage",
    "sts:GetAccessKeyInfo",
    "sts:GetFederationToken",
    "sts:GetServiceBearerToken",
    "sts:GetSessionToken",
    "sts:SetContext",
];

/** The services the environment's RCPs cover: the core ones plus those its endpoints carry, where RCPs apply. */
export function rcpServices(definition: Definition): string[] {
    const carried = perimeterServices(definition).filter((s) => rcpSupportedServices.includes(s));
    return [...new Set([...coreRcpServices, ...carried])].sort();
}

function rcpActions(services: string[]): string[] {
    return services.flatMap((s) => (s === "sts" ? stsRcpActions : [`${s}:*`]));
}

function identityPerimeter(trust: Trust, actions: string[]): PolicyStatement[] {
    const outsiders: Record<string, string | string[]> = { "aws:PrincipalOrgID": trust.orgId! };
    if (trust.trustedAccounts.length > 0) outsiders["aws:PrincipalAccount"] = oneOrMany(trust.trustedAccounts);
    const sourceOutsiders: Record<string, string | string[]> = { "aws:SourceOrgID": trust.orgId! };
    if (trust.trustedAccounts.length > 0) sourceOutsiders["aws:SourceAccount"] = oneOrMany(trust.trustedAccounts);
    return [
        {
            // Keys in one block are ANDed: deny when the caller is neither in the
            // organization nor a trusted account — and is not an AWS service.
            Sid: "DenyIdentitiesOutsideOrg",
            Effect: "Deny",
            Principal: "*",
            Action: actions,
            Resource: "*",
            Condition: { StringNotEqualsIfExists: outsiders, BoolIfExists: { "aws:PrincipalIsAWSService": "false" } },
        },
        {
            // An AWS service principal acting for a source account outside the
            // organization (confused deputy). Service calls that name no source account
            // are left alone.
            Sid: "DenyServicesForOtherOrgs",
            Effect: "Deny",
            Principal: "*",
            Action: actions,
            Resource: "*",
            Condition: {
                StringNotEqualsIfExists: sourceOutsiders,
                Null: { "aws:SourceAccount": "false" },
                Bool: { "aws:PrincipalIsAWSService": "true" },
            },
        },
    ];
}

/**
 * The environment's RCPs; none without an organization. `networks`: as for the SCPs
 * (perimeter/scps.ts); `overflow`: as there (`Overflow`). The network perimeter covers the RCP-capable services the
 * environment's endpoints carry; trusted third parties call from their own networks.
 */
export function resourceControlPolicies(definition: Definition, networks: PerimeterNetworks = noNetworks, overflow: Overflow = "throw"): NamedPolicy[] {
    if (!definition.organization) return [];
    const trust = trustOf(definition);
    const actions = rcpActions(rcpServices(definition));
    const plan = networkPerimeterPlan(definition, networks);
    const network = networkPerimeterStatements(trust, plan, networks, {
        rcp: true,
        include: (prefix) => rcpSupportedServices.includes(prefix),
        actionsOf: (prefixes) => prefixes.flatMap((p) => (p === "sts" ? stsRcpActions : (plan.actions[p] ?? [`${p}:*`]))),
        exemptAccounts: trust.trustedAccounts,
    });
    return packPolicies(
        [
            {
                name: "identity-perimeter",
                description: "Only the organization's identities, trusted accounts and AWS services (acting for the organization) reach its resources",
                statements: identityPerimeter(trust, actions),
            },
            {
                name: "network-perimeter",
                description: `Principals tagged ${trust.includeTag} reach the organization's resources through its endpoints or from corporate ranges`,
                statements: network,
            },
        ],
        "rcp",
        `${definition.environment}-rcp`,
        perimeterPolicyBudget(definition, "rcp"),
        overflow,
    );
}
