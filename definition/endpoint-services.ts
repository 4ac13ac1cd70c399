/**
 * Schema for PrivateLink provider services (`endpointServices[]`) and the security
 * account that runs detective controls (`security`). Kept apart from schema.ts so the
 * PrivateLink feature owns its section; schema.ts composes it.
 *
 * Formats are declared here rather than imported from schema.ts: schema.ts imports
 * this module, and a cycle would leave one of the two half-initialised.
 */
import { z } from "zod";

const name = z
    .string()
    .regex(/^[a-z][a-z0-9-]{0,38}[a-z0-9]$/, {
        error: "expected a name of 2-40 lower-case letters, digits and '-', starting with a letter",
    });

const ipv4 = z.string().regex(/^\d{1,3}(\.\d{1,3}){3}$/, { error: "expected an IPv4 address such as \"10.16.0.10\"" });

const cidr = z
    .string({ error: "expected an IPv4 CIDR block such as \"10.0.0.0/16\"" })
    .regex(/^\d{1,3}(\.\d{1,3}){3}\/\d{1,2}$/, { error: "expected an IPv4 CIDR block such as \"10.0.0.0/16\"" });

const region = z.string().regex(/^[a-z]{2}(-gov)?-[a-z]+-\d$/, { error: "expected an AWS Region such as \"us-west-2\"" });

const dnsName = z
    .string()
    .regex(/^(?=.{1,253}$)([a-z0-9]([a-z0-9-]{0,61}[a-z0-9])?\.)+[a-z]{2,63}$/, { error: "expected a lower-case DNS name such as \"payments.example.com\"" });

const vpcId = z.string().regex(/^vpc-([0-9a-f]{8}|[0-9a-f]{17})$/, { error: "expected a VPC id like \"vpc-0123456789abcdef0\"" });

const subnetId = z.string().regex(/^subnet-([0-9a-f]{8}|[0-9a-f]{17})$/, { error: "expected a subnet id like \"subnet-0123456789abcdef0\"" });

const clusterArn = z
    .string()
    .regex(/^arn:aws[a-z-]*:route53-recovery-control::\d{12}:cluster\/[0-9a-f-]+$/, {
        error: "expected a Route 53 ARC cluster ARN like \"arn:aws:route53-recovery-control::123456789012:cluster/1a2b3c4d-...\"",
    });

/**
 * A VPC in the failover Region built outside the landing zone, named here by id (a Region
 * where the definition has no hub). With a hub there (network.regions), the provider and the
 * consumers are spokes of the definition instead.
 */
export const failoverVpcSchema = z.strictObject({
    vpcId: vpcId.describe("VPC id in the failover Region."),
    subnetIds: z.array(subnetId).min(1).max(6).describe("Private subnets (one per AZ) that hold the NLB or the interface endpoint."),
});

export const failoverConsumerSchema = failoverVpcSchema.extend({
    spoke: name.describe("The consumer spoke (one of the service's `consumers`) this VPC belongs to; its account owns the VPC."),
    cidr: cidr.describe("CIDR of that VPC: the only source the endpoint's security group admits."),
}).describe("A consumer spoke's VPC in the failover Region.");

export const failoverSchema = z
    .strictObject({
        region: region.describe("The second Region. Must differ from the environment's `region`."),
        zone: dnsName.describe(
            "Private hosted zone, in the owner's account, holding the failover record `<service name>.<zone>` that consumers resolve. " +
                "Its PRIMARY/SECONDARY records follow Route 53 ARC routing controls, so the provider fails over without consumers changing anything.",
        ),
        provider: z
            .strictObject({
                spoke: name
                    .describe(
                        "The provider's spoke in the failover Region: a spoke of this definition whose `region` is failover.region, in the owner spoke's account. " +
                            "The second NLB and endpoint service live in its workload subnets. Give this, or vpcId and subnetIds for a VPC built outside the landing zone.",
                    )
                    .optional(),
                vpcId: vpcId.describe("VPC id in the failover Region, built outside the landing zone (a Region without a hub of this definition).").optional(),
                subnetIds: z.array(subnetId).min(1).max(6).describe("Private subnets (one per AZ) of that VPC that hold the NLB.").optional(),
                targets: z.array(ipv4).describe("IP targets of the second Region's NLB target group.").default([]),
            })
            .describe("The owner's side in the failover Region: a spoke of the definition there (`spoke`), or a VPC built elsewhere (`vpcId`, `subnetIds`)."),
        consumers: z
            .array(failoverConsumerSchema)
            .describe(
                "Consumers' VPCs in the failover Region built outside the landing zone (optional): each gets endpoints to both Regions' services and its own record zone. " +
                    "A consumer spoke placed in the failover Region (spokes[].region) needs no entry here: its endpoints to both services are built in its own VPC.",
            )
            .default([]),
        clusterArn: clusterArn
            .describe("Existing Route 53 ARC cluster to hold the control panel. @default a new cluster (billed per hour: share one across services)")
            .optional(),
    })
    .describe("Cross-Region failover of the service (Route 53 ARC routing controls).");

export const endpointServiceSchema = z.strictObject({
    name: name.describe("Service name; prefixes every resource of the service."),
    spoke: name.describe("Spoke (from `spokes`) whose private subnets hold the provider's Network Load Balancer."),
    port: z.number().int().min(1).max(65535).describe("TCP port the NLB listens on and forwards to.").default(443),
    targets: z
        .array(z.string().regex(/^\d{1,3}(\.\d{1,3}){3}$/, { error: "expected a target IPv4 address inside the owning spoke" }))
        .describe("IP targets of the NLB target group (inside the owning spoke's CIDR).")
        .default([]),
    consumers: z.array(name).describe("Spokes that get an interface endpoint to the service; their accounts become the allowed principals.").default([]),
    privateDnsName: z
        .string()
        .regex(/^(?=.{1,253}$)([a-z0-9]([a-z0-9-]{0,61}[a-z0-9])?\.)+[a-z]{2,63}$/, { error: "expected a DNS name such as \"payments.example.com\"" })
        .describe(
            "Optional private DNS name of the endpoint service (needs domain verification by the owner: a TXT record in the domain's DNS). " +
                "Each consumer's endpoint resolves it once the owner has accepted the endpoint: private DNS is turned on after acceptance, never at creation.",
        )
        .optional(),
    failover: failoverSchema.optional(),
}).describe("A PrivateLink service: a Network Load Balancer and endpoint service in its owner spoke, with interface endpoints in its consumer spokes.");

export const securitySchema = z.strictObject({
    account: name.describe("Logical name (from `accounts`) of the security/audit account that receives governance events."),
    alertEmails: z.array(z.string().email({ error: "expected an e-mail address" })).describe("Subscribed to the governance SNS topic.").default([]),
    configRule: z
        .boolean()
        .describe("Deploy the AWS Config custom rule (acceptance required, connection notification) in every governed account. Needs an AWS Config recorder there.")
        .default(true),
});

export type EndpointServiceDefinition = z.output<typeof endpointServiceSchema>;
export type FailoverDefinition = z.output<typeof failoverSchema>;
export type SecurityDefinition = z.output<typeof securitySchema>;
