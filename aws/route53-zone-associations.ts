/**
 * How a private hosted zone is associated with VPCs: what Route 53 allows, and what the AWS
 * provider's `aws.route53.Zone` (inline `vpcs`) and `aws.route53.ZoneAssociation` do with
 * those associations. These facts decide how a zone can follow a VPC that is replaced (a hub
 * whose CIDR changes, the owner VPC of a PrivateLink failover zone): the landing zone's
 * components and the rehearsal's simulated AWS (aws/lifecycle.ts) read them from here.
 *
 * Provider source. `@pulumi/aws` bridges hashicorp/terraform-provider-aws; the release it
 * builds on is {@link providerCallsReadFrom} (aws/provider-calls.ts says how that pairing
 * was established). The two Go files were read as a public-source index holds them on the v6
 * line (internal/service/route53/zone.go on aws-sdk-go-v2; zone_association.go at or after
 * v6.45.0, its `@Testing(preIdentityVersion="v6.45.0")`), not from the release's own tree:
 * confirm against {@link zoneSourceBase} when @pulumi/aws is upgraded.
 */
import { providerCallsReadFrom } from "./provider-calls";

export type ZoneAssociationCertainty = "documented" | "provider-source" | "pessimistic";

export interface ZoneAssociationFact {
    /** Stable id, quoted by the lifecycle rules that rest on it. */
    id: string;
    /** The fact in one sentence, in AWS's or the code's words where possible. */
    statement: string;
    /** The AWS page, or the provider file and function. */
    source: string;
    certainty: ZoneAssociationCertainty;
}

/** Where zone.go and zone_association.go live at the provider release @pulumi/aws builds on. */
export const zoneSourceBase = `${providerCallsReadFrom.sourceBase}internal/service/route53/`;

const R53_API = "https://docs.aws.amazon.com/Route53/latest/APIReference";

export const zoneAssociationFacts = [
    {
        id: "private-zone-created-with-one-vpc",
        statement:
            "A private hosted zone is created associated with exactly one VPC (CreateHostedZone's VPC: \"You can specify only one Amazon VPC when you create a private hosted zone\"); " +
            "other VPCs are added with AssociateVPCWithHostedZone. The provider's resourceZoneCreate sends the first of `vpcs` in CreateHostedZone and associates the rest with hostedZoneAssociateVPC",
        source: `${R53_API}/API_CreateHostedZone.html (VPC); ${zoneSourceBase}zone.go resourceZoneCreate`,
        certainty: "documented",
    },
    {
        id: "zone-read-lists-every-association",
        statement:
            "The provider's resourceZoneRead sets `vpcs` from GetHostedZone's VPCs — every VPC associated with the zone, however it was associated (the zone's own `vpcs` or an aws.route53.ZoneAssociation, another account's included)",
        source: `${R53_API}/API_GetHostedZone.html (VPCs); ${zoneSourceBase}zone.go resourceZoneRead (flattenVPCs(output.VPCs))`,
        certainty: "provider-source",
    },
    {
        id: "zone-update-associates-then-disassociates",
        statement:
            "`vpcs` is updated in place (only `name` and `delegationSetId` replace a zone): resourceZoneUpdate associates the VPCs only in the new set first, then disassociates the VPCs only in the old set " +
            "(\"VPCs cannot be empty, so add first and then remove\"). The old set is the state, which a read fills with every association: without ignoreChanges on `vpcs`, the next update disassociates the VPCs other resources associated",
        source: `${zoneSourceBase}zone.go resourceZoneUpdate, resourceZone (schema: name and delegation_set_id ForceNew)`,
        certainty: "provider-source",
    },
    {
        id: "zone-vpcs-is-a-set",
        statement:
            "`vpcs` is a set hashed by VPC id (TypeSet, sdkv2.SimpleSchemaSetFunc(vpc_id)): its entries have no stable position, so no ignoreChanges path (paths address list indexes) can single out one VPC's entry",
        source: `${zoneSourceBase}zone.go resourceZone (vpc: Set); https://www.pulumi.com/docs/iac/concepts/options/ignorechanges/`,
        certainty: "provider-source",
    },
    {
        id: "zone-association-create-does-not-adopt",
        statement:
            "resourceZoneAssociationCreate calls AssociateVPCWithHostedZone and fails on any error: an association that already exists (the zone's creation VPC) is not adopted. " +
            "AWS documents ConflictingDomainExists for a VPC \"already associated with another hosted zone that has the same name\" and says nothing of the same zone: the pessimistic reading is that associating a VPC with a zone it is already associated with fails too",
        source: `${zoneSourceBase}zone_association.go resourceZoneAssociationCreate; ${R53_API}/API_AssociateVPCWithHostedZone.html (Errors, ConflictingDomainExists); pessimistic for the same zone`,
        certainty: "pessimistic",
    },
    {
        id: "zone-association-delete-disassociates",
        statement:
            "An aws.route53.ZoneAssociation has no update (every input replaces it); its delete, resourceZoneAssociationDelete, calls DisassociateVPCFromHostedZone for its zone and VPC and takes NoSuchHostedZone and VPCAssociationNotFound as done",
        source: `${zoneSourceBase}zone_association.go resourceZoneAssociation (all inputs ForceNew), resourceZoneAssociationDelete`,
        certainty: "provider-source",
    },
    {
        id: "last-vpc-cannot-be-disassociated",
        statement: "You can't disassociate the last Amazon VPC from a private hosted zone (LastVPCAssociation)",
        source: `${R53_API}/API_DisassociateVPCFromHostedZone.html; https://docs.aws.amazon.com/Route53/latest/DeveloperGuide/hosted-zone-private-disassociate-vpcs.html`,
        certainty: "documented",
    },
    {
        id: "other-account-vpc-associated-by-its-owner",
        statement:
            "A VPC of another account is associated by that account (AssociateVPCWithHostedZone after the zone owner's CreateVPCAssociationAuthorization): the zone's owner cannot associate it, so the zone's own `vpcs` can never list the spokes",
        source: "https://docs.aws.amazon.com/Route53/latest/DeveloperGuide/hosted-zone-private-associate-vpcs-different-accounts.html",
        certainty: "documented",
    },
    {
        id: "vpc-deleted-while-zone-associated",
        statement:
            "AWS does not say what deleting a VPC does to the private hosted zones associated with it. Users report the VPC deleted and the zone still listing it (hashicorp/terraform-provider-aws#2832, " +
            "awslabs/landing-zone-accelerator-on-aws#836); the pessimistic reading is that DeleteVpc is refused while a private hosted zone is associated with the VPC. Under either reading the zone answers in no replacement VPC unless that VPC is associated with it",
        source:
            "https://docs.aws.amazon.com/vpc/latest/userguide/delete-vpc.html and https://docs.aws.amazon.com/AWSEC2/latest/APIReference/API_DeleteVpc.html (name no such case); " +
            "https://github.com/hashicorp/terraform-provider-aws/issues/2832; https://github.com/awslabs/landing-zone-accelerator-on-aws/issues/836; pessimistic",
        certainty: "pessimistic",
    },
] as const satisfies readonly ZoneAssociationFact[];

export type ZoneAssociationFactId = (typeof zoneAssociationFacts)[number]["id"];

/** One fact by id. */
export function zoneAssociationFact(id: ZoneAssociationFactId): ZoneAssociationFact {
    return zoneAssociationFacts.find((f) => f.id === id)!;
}
