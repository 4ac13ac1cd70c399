/**
 * Service control policies: what the organization's own identities may never do,
 * whatever their IAM policies say.
 *
 * - PrivateLink governance: endpoints only to AWS services, to services owned by the
 *   organization's accounts, or to approved third-party service names; only the network
 *   admin role administers endpoint services.
 * - Resource sharing: no AWS RAM share that admits principals outside the organization.
 * - Network perimeter: principals under it use the services our endpoints carry only
 *   through our endpoints or from corporate ranges (perimeter/network-perimeter.ts: which key
 *   for which service, and who is held).
 * - Optional Region deny (`perimeter.denyOtherRegions`): nothing outside the environment's
 *   Regions, global services exempted as AWS's example does (perimeter/region-deny.ts).
 *
 * SCPs need an organization: a single-account environment gets none.
 */
import { Definition } from "../definition/schema";
import { maxAttachedControlPolicies, policySizeLimits } from "../aws/quotas";
import { endpointServiceAdministrationActions, serviceScopedNotificationActions } from "../aws/vpc-endpoint-service-actions";
import { networkPerimeterPlan, networkPerimeterStatements } from "./network-perimeter";
import { noNetworks, PerimeterNetworks } from "./networks";
import { regionDenyStatements } from "./region-deny";
import { packStatements } from "./size";
import { oneOrMany, Trust, trustOf } from "./trust";
import { PolicyDocument, PolicyStatement } from "./types";

/** An organization policy ready to create: a name, a description and its document. */
export interface NamedPolicy {
    name: string;
    description: string;
    document: PolicyDocument;
    /**
     * Where it attaches: the perimeter's OUs (`perimeter.attachTo`), or — the Region
     * guardrail — `perimeter.regionGuardrailAttachTo` (default every OU of organization.units).
     * @default "perimeter"
     */
    attachment?: "perimeter" | "region-guardrail";
    /**
     * The name the policy had before policies were named by slot (perimeter/scps.ts
     * `packPolicies`), when it differs: the name after its contents (`<prefix>-<theme>-<part>`,
     * or `<prefix>-<n>` when every theme is packed together). The component aliases the slot's
     * resources to it, so an environment deployed split before keeps its policies.
     */
    contentName?: string;
}

/**
 * Endpoint-service administration (aws/vpc-endpoint-service-actions.ts): the write actions
 * that authorize on the `vpc-endpoint-service` resource type (Service Authorization
 * Reference), so the Deny names that type; a Deny on `vpc-endpoint/*` would never match
 * them. The connection-notification actions authorize on the service when the notification
 * is a service's and on `vpc-endpoint` when it is a consumer's, so on this resource type
 * they deny changing a service's notifications and leave consumers' own alone.
 */
export const endpointServiceAdminActions = [...endpointServiceAdministrationActions, ...serviceScopedNotificationActions].map((action) => `ec2:${action}`);

function privateLinkGovernance(trust: Trust): PolicyStatement[] {
    // One condition block: the keys are ANDed, so this denies only an endpoint whose
    // owner is neither AWS nor one of our accounts AND whose name is not approved —
    // which is "allow if any of the three holds".
    const untrusted: Record<string, string | string[]> = { "ec2:VpceServiceOwner": ["amazon", ...trust.accountIds] };
    if (trust.approvedEndpointServices.length > 0) untrusted["ec2:VpceServiceName"] = oneOrMany(trust.approvedEndpointServices);
    return [
        {
            Sid: "DenyEndpointsToUntrustedServices",
            Effect: "Deny",
            Action: "ec2:CreateVpcEndpoint",
            // Only the vpc-endpoint resource carries the ec2:Vpce* keys. On "*" the
            // negated condition would also match the request's VPC, subnet and security
            // group resources, where the keys are absent, and deny every endpoint.
            Resource: `arn:${trust.partition}:ec2:*:*:vpc-endpoint/*`,
            Condition: { StringNotEquals: untrusted },
        },
        {
            Sid: "DenyEndpointServiceAdminExceptNetworkAdmin",
            Effect: "Deny",
            Action: endpointServiceAdminActions,
            Resource: `arn:${trust.partition}:ec2:*:*:vpc-endpoint-service/*`,
            Condition: { ArnNotLike: { "aws:PrincipalArn": `arn:${trust.partition}:iam::*:role/${trust.networkAdminRole}` } },
        },
    ];
}

function resourceSharing(): PolicyStatement[] {
    return [
        {
            Sid: "DenyResourceSharesOutsideOrg",
            Effect: "Deny",
            Action: ["ram:CreateResourceShare", "ram:UpdateResourceShare"],
            Resource: "*",
            Condition: { Bool: { "ram:RequestedAllowsExternalPrincipals": "true" } },
        },
        {
            // Adding principals or resources to a share that already admits outsiders.
            Sid: "DenyAssociatingExternalShares",
            Effect: "Deny",
            Action: "ram:AssociateResourceShare",
            Resource: "*",
            Condition: { Bool: { "ram:AllowsExternalPrincipals": "true" } },
        },
    ];
}

/**
 * The name of the `index`-th policy (0-based) a pack of `themes` fills: a fixed sequence of
 * slots — one per theme, in theme order, named after it (what a pack that needs no split
 * creates), then `<prefix>-<n>` for the n-th policy beyond them. A pack of n policies always
 * fills the first n slots, whatever it holds.
 */
export function policySlotName(themes: readonly { name: string }[], prefix: string, index: number): string {
    return index < themes.length ? `${prefix}-${themes[index].name}` : `${prefix}-${index + 1}`;
}

/**
 * What a pack does when its statements need more policies than `maxPolicies`: throw (what the
 * program does: it never creates policies AWS could not attach), or keep them all packed together
 * (what validation does: it counts them OU by OU and says which setting tipped it over,
 * perimeter/validate.ts). A statement too large on its own throws either way.
 */
export type Overflow = "throw" | "keep";

/**
 * Packs each theme into its own policies, or everything together when the themes would need
 * more policies than an OU can hold, and puts the n policies in the first n slots
 * (`policySlotName`): the name — the Pulumi resource and the policy's name in Organizations —
 * is the slot's, the description says what it holds.
 *
 * Why slots: AWS attaches at most 5 policies of a type to an OU, FullAWSAccess included, and
 * one `pulumi up` creates new resources before it deletes old ones. Named after their contents
 * (`-network-perimeter-1`, `-2`), a repack would attach the new policies next to the old ones
 * and exceed the limit. Filling slots in a fixed order, a repack from n to m policies updates
 * the first min(n, m) in place (UpdatePolicy: content and description), and creates or deletes
 * only the rest, so an OU never holds more than max(n, m) of ours. An in-place update replaces
 * a policy's whole content at once; policies are updated one by one, so while a repack runs a
 * statement may be briefly in two policies, or in none (seconds; see README).
 */
export function packPolicies(
    themes: { name: string; description: string; statements: PolicyStatement[] }[],
    kind: "scp" | "rcp",
    prefix: string,
    maxPolicies: number = maxAttachedControlPolicies,
    overflow: Overflow = "throw",
): NamedPolicy[] {
    const limit = policySizeLimits[kind];
    const slotted = (packed: { name: string; description: string; document: PolicyDocument }[]): NamedPolicy[] =>
        packed.map((p, i) => {
            const name = policySlotName(themes, prefix, i);
            return { name, description: p.description, document: p.document, ...(p.name !== name ? { contentName: p.name } : {}) };
        });
    const byTheme = themes
        .filter((t) => t.statements.length > 0)
        .flatMap((theme) => {
            const documents = packStatements(theme.statements, limit);
            return documents.map((document, i) => ({
                name: documents.length === 1 ? `${prefix}-${theme.name}` : `${prefix}-${theme.name}-${i + 1}`,
                description: documents.length === 1 ? theme.description : `${theme.description} (part ${i + 1} of ${documents.length})`,
                document,
            }));
        });
    if (byTheme.length <= maxPolicies) return slotted(byTheme);
    const all = themes.flatMap((t) => t.statements);
    const documents = packStatements(all, limit);
    if (documents.length > maxPolicies && overflow === "throw") {
        throw new Error(
            `the ${kind.toUpperCase()} statements need ${documents.length} policies of at most ${limit} characters, ` +
                `but an OU can hold only ${maxPolicies} besides the default full-access policy${maxPolicies < maxAttachedControlPolicies ? ", the Region guardrail and the policies perimeter.existingPolicies counts" : ""}; ` +
                `shorten perimeter.approvedEndpointServices, perimeter.corporateCidrs or the account list`,
        );
    }
    return slotted(
        documents.map((document, i) => ({
            name: `${prefix}-${i + 1}`,
            description: `Data perimeter ${kind.toUpperCase()} (part ${i + 1} of ${documents.length}): ${themes.map((t) => t.name).join(", ")}`,
            document,
        })),
    );
}

/** OU names the perimeter's SCPs and RCPs attach to (program/org.ts resolves them to ids). */
export function perimeterOus(definition: Definition): string[] {
    return definition.perimeter.attachTo ?? Object.keys(definition.organization?.units ?? {});
}

/** OU names the Region guardrail attaches to (program/org.ts `regionGuardrailTargets`). */
export function regionGuardrailOus(definition: Definition): string[] {
    return definition.perimeter.denyOtherRegions ? (definition.perimeter.regionGuardrailAttachTo ?? Object.keys(definition.organization?.units ?? {})) : [];
}

/**
 * How many policies of `kind` the perimeter may attach to each of its OUs: AWS's 5 per OU, less
 * the default full-access policy, less the most any of those OUs already holds
 * (`perimeter.existingPolicies`), less the Region guardrail's own SCP. At least 1: an OU that
 * cannot take even that is reported by validation (perimeter/validate.ts), OU by OU.
 */
export function perimeterPolicyBudget(definition: Definition, kind: "scp" | "rcp"): number {
    const existing = kind === "scp" ? definition.perimeter.existingPolicies.scps : definition.perimeter.existingPolicies.rcps;
    const taken = Math.max(0, ...perimeterOus(definition).map((ou) => existing[ou] ?? 0));
    const guardrail = kind === "scp" && definition.perimeter.denyOtherRegions ? 1 : 0;
    return Math.max(1, maxAttachedControlPolicies - taken - guardrail);
}

/**
 * The environment's SCPs; none without an organization. `networks` names the VPCs whose
 * endpoints carry services that send no aws:VpceOrgID (the hub VPCs, from the network
 * stack); without them those services are not held yet. `overflow`: see `Overflow`.
 */
export function serviceControlPolicies(definition: Definition, networks: PerimeterNetworks = noNetworks, overflow: Overflow = "throw"): NamedPolicy[] {
    if (!definition.organization) return [];
    const trust = trustOf(definition);
    const themes = [
        {
            name: "privatelink-governance",
            description: "Endpoints only to AWS, organization-owned or approved services; endpoint services administered by the network admin role only",
            statements: privateLinkGovernance(trust),
        },
        { name: "resource-sharing", description: "No AWS RAM share admits principals outside the organization", statements: resourceSharing() },
        {
            name: "network-perimeter",
            description: `Principals tagged ${trust.includeTag} use the services the environment's endpoints carry only through them or from corporate ranges`,
            statements: networkPerimeterStatements(trust, networkPerimeterPlan(definition, networks), networks, { rcp: false }),
        },
    ];
    if (!definition.perimeter.denyOtherRegions) return packPolicies(themes, "scp", `${definition.environment}-scp`, perimeterPolicyBudget(definition, "scp"), overflow);
    // The Region guardrail is a policy of its own: it attaches to more OUs than the perimeter
    // (every OU of organization.units by default: the infrastructure OU whose network account
    // owns endpoint services, the security OU), and never merges with the perimeter's.
    return [
        ...packPolicies(themes, "scp", `${definition.environment}-scp`, perimeterPolicyBudget(definition, "scp"), overflow),
        {
            name: `${definition.environment}-scp-region-deny`,
            description: "No request outside the environment's Regions, global services exempted",
            document: { Version: "2012-10-17", Statement: regionDenyStatements(definition) },
            attachment: "region-guardrail",
        },
    ];
}
