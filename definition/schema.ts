/**
 * The landing-zone definition: the single source of truth for the TypeScript types
 * (`z.infer`) and for the JSON Schema editors use (`npm run schema` writes
 * `definition/landing-zone.schema.json` from this file; a test keeps them in sync).
 *
 * This module checks shape only (keys, types, formats). Everything that needs more than
 * one value at a time — references, CIDR overlap, quotas — lives in `validate.ts`.
 */
import { z } from "zod";
import { gatewayEndpointServices } from "../aws/service-catalog";
import { endpointServiceSchema, securitySchema } from "./endpoint-services";
import { enumeration, gatewayEndpointEnumeration, regionEnumeration, serviceNameEnumeration } from "./enumerations";
import { flowLogFileFormats } from "../aws/flow-log-delivery";
import { policyPackSchema } from "./policy-pack";
import { serviceNameShape, serviceNameShapeMessage } from "./checks/endpoints";

// ---- formats --------------------------------------------------------------------

/** 12-digit AWS account id. Quoted in YAML so leading zeros survive. */
export const accountId = z
    .string({ error: "expected a 12-digit account id as a quoted string, e.g. \"123456789012\"" })
    .regex(/^\d{12}$/, { error: "expected a 12-digit account id, e.g. \"123456789012\"" });

/** AWS Organizations organization id, `o-` + 10 to 32 lower-case letters or digits. */
export const organizationId = z
    .string()
    .regex(/^o-[a-z0-9]{10,32}$/, { error: "expected an organization id like \"o-a1b2c3d4e5\"" });

/** Organizational unit id, `ou-` + root suffix + `-` + 8 to 32 characters. */
export const organizationalUnitId = z
    .string()
    .regex(/^ou-[0-9a-z]{4,32}-[a-z0-9]{8,32}$/, { error: "expected an OU id like \"ou-ab12-cdef3456\"" });

/**
 * IPv4 CIDR block. Shape only here (four octets and a prefix); `validate.ts` checks
 * that the octets are in range and the address is the network address.
 */
export const cidr = z
    .string({ error: "expected an IPv4 CIDR block such as \"10.0.0.0/16\"" })
    .regex(/^\d{1,3}(\.\d{1,3}){3}\/\d{1,2}$/, { error: "expected an IPv4 CIDR block such as \"10.0.0.0/16\"" });

export const ipv4 = z
    .string()
    .regex(/^\d{1,3}(\.\d{1,3}){3}$/, { error: "expected an IPv4 address such as \"192.168.10.10\"" });

/** Names used as stack names (`<env>-<unit>`) and resource name prefixes. */
export const name = z
    .string()
    .regex(/^[a-z][a-z0-9-]{0,38}[a-z0-9]$/, {
        error: "expected a name of 2-40 lower-case letters, digits and '-', starting with a letter",
    });

/** An AWS Region code; editors offer the Regions AWS lists (definition/enumerations.ts). */
export const region = z
    .string()
    .regex(/^[a-z]{2}(-gov)?-[a-z]+-\d$/, { error: "expected an AWS Region such as \"us-east-1\"" })
    .meta(regionEnumeration());

const domainName = z
    .string()
    .regex(/^(?=.{1,253}$)([a-z0-9]([a-z0-9-]{0,61}[a-z0-9])?\.)+[a-z]{2,63}\.?$/i, {
        error: "expected a DNS domain name such as \"corp.example.com\"",
    });

// ---- sections -------------------------------------------------------------------

export const organizationSchema = z
    .strictObject({
        id: organizationId.describe("AWS Organizations id (o-...). Enables RAM sharing, SCPs and RCPs."),
        units: z
            .record(name, organizationalUnitId)
            .describe("Organizational units by logical name → OU id. Names are referenced by `shareWith` and `perimeter.attachTo`.")
            .default({}),
    })
    .describe("The AWS organization. Leave the whole block out for a single sandbox account: no RAM shares, no SCPs/RCPs, policies scoped to the account.");

const domainSchema = z.strictObject({
    reaches: z
        .array(name)
        .describe(
            "Route domains this domain's VPCs can talk to. A transit gateway routes each packet on its own, so a conversation needs routes both ways: every domain listed here must list this domain back (or be declared in `oneWay`). Not implicitly reflexive: list the domain itself to let its VPCs talk to each other. `shared` is the hub's domain (the hub and any spoke in it); `onprem` is the on-premises network.",
        )
        .default([]),
    oneWay: z
        .array(name)
        .describe(
            "Domains of `reaches` this domain sends to without a route back, on purpose: packets get there, replies are dropped (no TCP, ping or DNS answer). Only for one-way flows (e.g. syslog or flow export over UDP) or a return path outside the transit gateway. Each entry must be in `reaches` and must not reach this domain back; the plan reports these paths as one-way by intent.",
        )
        .default([]),
    cidrs: z
        .array(cidr)
        .describe(
            "Optional summary blocks that hold every spoke of this domain. With them, blackhole routes are one per summary instead of one per spoke.",
        )
        .optional(),
}).describe(
    "A route domain: one transit gateway route table. The spokes that name it (spokes[].domain) are associated with it; it gets routes to the domains it reaches and blackhole routes to the others.",
);

export const directConnectSchema = z
    .strictObject({
        amazonSideAsn: z
            .number({ error: "expected a private BGP ASN (64512-65534 or 4200000000-4294967294), different from the transit gateway's" })
            .int()
            .describe("Amazon-side private ASN of the Direct Connect gateway (64512-65534 or 4200000000-4294967294); it must differ from the transit gateway's `asn`."),
        allowedPrefixes: z
            .array(cidr)
            .min(1)
            .describe(
                "Prefixes the association announces to on-premises, as they are (for a transit gateway they are not a filter). @default the address space of exactly the route domains `onprem` reaches (their summary blocks, and any VPC CIDR outside them)",
            )
            .optional(),
    })
    .describe(
        "A Direct Connect gateway and its association with the transit gateway, built by the network unit. The association's attachment joins the `onprem` route table. After the deploy, create a transit virtual interface to the gateway on your Direct Connect connection (README, Direct Connect).",
    );

export const transitGatewaySchema = z.strictObject({
    asn: z
        .number({ error: "expected a private BGP ASN (64512-65534 or 4200000000-4294967294)" })
        .int()
        .describe("Amazon-side private ASN of the transit gateway.")
        .default(64512),
    domains: z
        .record(name, domainSchema)
        .describe("Route domains (segments): one TGW route table each. `shared` (the hub) is required; `onprem` is reserved for the on-premises connection."),
    shareWith: z
        .array(name)
        .describe("OU names (from organization.units) to share the transit gateway with through AWS RAM. @default the whole organization")
        .optional(),
    onPremises: z
        .union([
            z.strictObject({
                vpn: z
                    .strictObject({
                        customerGatewayIp: ipv4.describe("Public IP of the on-premises VPN device."),
                        bgpAsn: z.number().int().min(1).max(4294967294).describe("BGP ASN of the on-premises device.").default(65000),
                    })
                    .describe("A new site-to-site VPN (BGP) from the transit gateway to the on-premises device."),
            }).describe("Connect on-premises through a new site-to-site VPN."),
            z.strictObject({
                attachmentId: z
                    .string()
                    .regex(/^tgw-attach-[0-9a-f]{8,17}$/, { error: "expected a transit gateway attachment id like \"tgw-attach-0123456789abcdef0\"" })
                    .describe("An existing Direct Connect gateway or VPN attachment on this transit gateway."),
            }).describe("Connect on-premises through an attachment that already exists (Direct Connect gateway or VPN)."),
            z.strictObject({
                directConnect: directConnectSchema,
            }).describe("Connect on-premises through a new Direct Connect gateway associated with the transit gateway (the connection and transit virtual interface are yours)."),
        ])
        .describe("How on-premises connects to the transit gateway: a new site-to-site VPN, a new Direct Connect gateway, or an attachment that already exists. Required when a domain reaches `onprem`.")
        .optional(),
}).describe(
    "The transit gateway in the network account that connects the hub, every spoke and on-premises. Its route domains decide which VPCs reach which.",
);

export const hubSchema = z.strictObject({
    cidr: cidr.describe("CIDR of the shared-services hub VPC. Carved into /28 attachment subnets and endpoint subnets per AZ."),
    availabilityZones: z
        .union([z.number().int().min(1).max(6), z.array(z.string().regex(/^[a-z]{2}(-gov)?-[a-z]+-\d[a-z]$/, { error: "expected an AZ name such as \"us-east-1a\"" })).min(1).max(6)])
        .describe("How many AZs (the Region's first N), or their names. Spokes use the same count.")
        .default(2),
}).describe(
    "The shared-services hub VPC in the network account (route domain `shared`): transit gateway attachment subnets, the central interface endpoints and the Route 53 Resolver endpoints.",
);

export const endpointsSchema = z.strictObject({
    mode: z
        .enum(["centralized", "distributed"])
        .describe("centralized: one set of interface endpoints in the hub; distributed: a set in each spoke.")
        .meta(enumeration({ centralized: "One set of interface endpoints in the hub VPC, shared by every spoke through DNS.", distributed: "A set of interface endpoints in every spoke VPC." }))
        .default("centralized"),
    services: z
        // Editors list the catalog's names with descriptions; validation (checks/endpoints.ts)
        // rejects an unknown name at its line with the closest catalog name.
        .array(z.string().regex(serviceNameShape, { error: (issue) => serviceNameShapeMessage(issue.input) }).meta(serviceNameEnumeration()))
        .describe("AWS services (short names from the service catalog, e.g. ssm, ecr.dkr, kms; docs/services.md lists them with their DNS names) that get an interface endpoint.")
        .default([]),
    executeApiPrivateDns: z
        .boolean()
        .describe(
            "Turn private DNS on for the execute-api endpoint and share it with every spoke. Off by default: its private DNS name *.execute-api.<region>.amazonaws.com " +
                "captures every API Gateway API of the Region, so public and third-party APIs stop working from every VPC. With it off, call private APIs at " +
                "https://<api-id>-<vpce-id>.execute-api.<region>.amazonaws.com after associating the API with the endpoint (see docs/perimeter.md). @default false",
        )
        .default(false),
}).describe("Interface VPC endpoints to AWS services: which services, and whether they live once in the hub or in every spoke.");

export const forwardedDomainSchema = z.strictObject({
    domain: domainName.describe("On-premises domain to forward, e.g. corp.example.com."),
    targetIps: z.array(ipv4).min(1).max(6).describe("On-premises DNS servers that answer for it."),
}).describe("A Resolver forwarding rule: queries for `domain` (and its subdomains) go to on-premises DNS servers.");

export const dnsSchema = z.strictObject({
    sharing: z
        .enum(["profile", "hosted-zones"])
        .describe("profile: one Route 53 Profile shared via RAM; hosted-zones: per-service private hosted zones associated with each VPC.")
        .meta(
            enumeration({
                profile: "One Route 53 Profile holding the endpoints and forwarding rules, shared through AWS RAM; each VPC associates with it once.",
                "hosted-zones": "A private hosted zone per service name, authorized for and associated with every VPC.",
            }),
        )
        .default("profile"),
    shareWith: z
        .array(name)
        .describe("OU names to share the Route 53 Profile with. @default the whole organization")
        .optional(),
    onPremises: z
        .strictObject({
            cidrs: z.array(cidr).describe("On-premises address ranges. Admitted by endpoint and Resolver security groups; routed where a domain reaches `onprem`.").default([]),
            inboundResolver: z.boolean().describe("Build a Resolver inbound endpoint in the hub for on-premises DNS servers.").default(false),
            forwardedDomains: z
                .array(forwardedDomainSchema)
                .describe("Domains forwarded to on-premises DNS through a Resolver outbound endpoint.")
                .default([]),
        })
        .describe("The on-premises network as routing and DNS see it: its address ranges, and the Route 53 Resolver endpoints in the hub that connect the two DNS worlds.")
        .prefault({}),
}).describe("How VPCs resolve the interface endpoints' private DNS names (Route 53 Profile or private hosted zones), and DNS between AWS and on-premises.");

export const flowLogsSchema = z.strictObject({
    retentionDays: z
        .number()
        .int()
        .refine((d) => [1, 3, 5, 7, 14, 30, 60, 90, 120, 150, 180, 365, 400, 545, 731, 1096, 1827, 2192, 2557, 2922, 3288, 3653].includes(d), {
            error: "expected a CloudWatch Logs retention: 1, 3, 5, 7, 14, 30, 60, 90, 120, 150, 180, 365, 400, 545, 731, 1096, 1827, 2192, 2557, 2922, 3288 or 3653",
        })
        .describe("Days to keep VPC flow logs in CloudWatch Logs (destination `cloudwatch`; the log archive keeps them `logArchive.retentionDays`).")
        .default(90),
    trafficType: z.enum(["ALL", "ACCEPT", "REJECT"]).describe("Traffic the flow logs record.").default("ALL"),
    destination: z
        .enum(["cloudwatch", "log-archive"])
        .describe("Where every VPC's flow log delivers. @default log-archive when `logArchive` is defined, else cloudwatch")
        .meta(
            enumeration({
                cloudwatch: "A CloudWatch Logs group in each VPC's own account (with a delivery role per VPC).",
                "log-archive": "The log archive's S3 bucket (`logArchive`), one prefix per VPC below which AWS keeps one per account.",
            }),
        )
        .optional(),
    fileFormat: z
        .enum(["plain-text", "parquet"])
        .describe("File format of flow logs delivered to the log archive.")
        .meta(enumeration(flowLogFileFormats))
        .default("plain-text"),
    hourlyPartitions: z
        .boolean()
        .describe("Partition the log archive's objects per hour instead of per day (large volumes queried by the hour).")
        .default(false),
}).describe("VPC flow logs of the hub and every spoke: to a CloudWatch Logs group in each VPC's account, or to the log archive's bucket.");

export const logArchiveSchema = z
    .strictObject({
        account: name.describe("Logical name (from `accounts`) of the log archive account. Its unit (stack `<environment>-log-archive`) builds the flow-log bucket."),
        bucketName: z
            .string()
            .regex(/^[a-z0-9][a-z0-9.-]{1,61}[a-z0-9]$/, { error: "expected an S3 bucket name (3-63 lower-case letters, digits, '.', '-')" })
            .describe("Name of the flow-log bucket (S3 bucket names are global). @default <environment>-vpc-flow-logs-<log archive account id>-<region>")
            .optional(),
        retentionDays: z.number().int().min(1).describe("Days each flow-log object is kept; then it expires (a noncurrent version, kept `noncurrentVersionRetentionDays` more).").default(365),
        noncurrentVersionRetentionDays: z
            .number()
            .int()
            .min(1)
            .describe("Days an overwritten or deleted object's previous version is kept (versioning guards against deletion).")
            .default(30),
    })
    .describe(
        "The log archive: an S3 bucket in its own account (unit and stack `<environment>-log-archive`) that receives every VPC's flow logs — versioned, encrypted (SSE-S3), expiring after `retentionDays`, writable only by the log delivery service of the environment's accounts, inside the data perimeter.",
    );

const raisedQuota = (what: string) =>
    z
        .number({ error: "expected a whole number (the quota value Service Quotas shows for your account)" })
        .int({ error: "expected a whole number (the quota value Service Quotas shows for your account)" })
        .min(1, { error: "expected a whole number of at least 1 (a raised quota; the value Service Quotas shows for your account, never 0)" })
        .describe(what)
        .optional();

/** The raisable quotas, the same keys at the top level and per Region; `byDefault` words each key's default from AWS's. */
const raisedQuotas = (byDefault: (aws: string) => string) => ({
    interfaceEndpointsPerVpc: raisedQuota(`Interface VPC endpoints per VPC. @default ${byDefault("50")}`),
    vpcsPerProfile: raisedQuota(`VPC associations per Route 53 Profile. @default ${byDefault("1000")}`),
    vpcsPerPrivateHostedZone: raisedQuota(`VPCs associated with one private hosted zone (\`dns.sharing: hosted-zones\`). @default ${byDefault("300")}`),
    tgwRouteTables: raisedQuota(`Route tables per transit gateway. @default ${byDefault("20")}`),
    tgwRoutes: raisedQuota(`Routes per transit gateway, all route tables together. @default ${byDefault("10000")}`),
    tgwPeeringAttachments: raisedQuota(`Peering attachments per transit gateway (one per other Region). @default ${byDefault("50")}`),
    tgwPendingPeeringAttachments: raisedQuota(`Pending peering attachments per transit gateway. @default ${byDefault("10")}`),
    securityGroupInboundRules: raisedQuota(
        `Inbound rules per security group (each CIDR of each port is one rule), which the interface endpoints' security groups must fit: they sit in the network account (centralized endpoints) or in each spoke's account (distributed), so the raise must be granted in each of those accounts. AWS grants it only while it multiplied by the security groups per network interface stays within 1,000. @default ${byDefault("60")}`,
    ),
});

export const quotasSchema = z
    .strictObject(raisedQuotas((aws) => aws))
    .describe(
        "Adjustable AWS quotas you have raised through Service Quotas, in the home Region (`region`). AWS quotas are per Region: these are the home Region's and the default for every Region of network.regions, each of which may override any of them under network.regions.<region>.quotas. Validation checks the definition against these instead of the AWS defaults; set them only after the increase is granted.",
    );

/**
 * A Region beyond the home Region (`region`): its own hub VPC, transit gateway and
 * interface endpoints, in the network account. What is not here (route domains, endpoint
 * mode, DNS sharing, flow logs) is the home Region's: route domains are global, and a spoke
 * joins its domain in its own Region.
 */
export const regionalNetworkSchema = z.strictObject({
    hub: hubSchema.describe("The Region's shared-services hub VPC (route domain `shared` in this Region): its CIDR must not overlap any other Region's."),
    transitGateway: z
        .strictObject({
            asn: z
                .number({ error: "expected a private BGP ASN (64512-65534 or 4200000000-4294967294), different from every other Region's transit gateway" })
                .int()
                .describe("Amazon-side private ASN of this Region's transit gateway; each Region's must differ (peered transit gateways need distinct ASNs)."),
        })
        .describe("This Region's transit gateway, peered with every other Region's."),
    endpoints: z
        .strictObject({
            services: endpointsSchema.shape.services
                .unwrap()
                .describe("AWS services that get an interface endpoint in this Region's hub (or spokes, in distributed mode). @default the home Region's network.endpoints.services")
                .optional(),
        })
        .describe("This Region's interface endpoints. @default the home Region's services")
        .prefault({}),
    summaries: z
        .record(name, z.array(cidr))
        .describe(
            "Summary blocks per route domain of this Region's VPCs (its spokes, and its hub for `shared`): the other Regions route and blackhole these instead of each VPC, so a spoke added here adds nothing to them. " +
                "The home Region's summaries are `network.transitGateway.domains.<domain>.cidrs`. @default {} (each VPC CIDR on its own)",
        )
        .default({}),
    quotas: z
        .strictObject(raisedQuotas((aws) => `the top-level quotas value, else ${aws}`))
        .describe(
            "Adjustable AWS quotas raised through Service Quotas in this Region: AWS quotas are per Region, so a raise granted in one Region holds only there. Each key overrides the top-level `quotas` value for this Region only; a key left out takes the top-level value, else AWS's default. Same keys and rules as the top-level `quotas`. @default the top-level quotas",
        )
        .optional(),
}).describe("A Region with a hub of its own: hub VPC, transit gateway (peered with the other Regions'), interface endpoints and DNS. Deployed by the unit `network-<region>`.");

export const networkSchema = z.strictObject({
    account: name.describe("Logical name (from `accounts`) of the network account that owns the TGW, hub and endpoints."),
    transitGateway: transitGatewaySchema,
    hub: hubSchema,
    endpoints: endpointsSchema.prefault({}),
    dns: dnsSchema.prefault({}),
    flowLogs: flowLogsSchema.prefault({}),
    regions: z
        .record(region, regionalNetworkSchema)
        .describe(
            "Regions besides the home Region (`region`), each with its own hub and transit gateway, peered with every other Region's (full mesh). " +
                "The home Region's hub and transit gateway are `hub` and `transitGateway` above. @default {} (one Region)",
        )
        .default({}),
}).describe("The network account's shared infrastructure: transit gateway and route domains, hub VPC, interface endpoints, DNS and flow logs. Deployed by the `network` unit.");

export const spokeSchema = z.strictObject({
    name: name.describe("Spoke name; also the unit (and stack suffix) that deploys it."),
    account: name.describe("Logical name (from `accounts`) of the workload account."),
    cidr: cidr.describe("VPC CIDR."),
    domain: name.describe("Route domain (from network.transitGateway.domains)."),
    region: region
        .describe("Region of the spoke's VPC: the home Region (`region`) or one of network.regions; the spoke attaches to that Region's transit gateway. @default the home Region")
        .optional(),
    internet: z
        .enum(["none", "nat"])
        .describe("none: no internet gateway, NAT or public subnet at all; nat: public subnets with NAT gateways.")
        .meta(enumeration({ none: "No internet gateway, NAT gateway or public subnet at all.", nat: "Public subnets with a NAT gateway per AZ for outbound calls." }))
        .default("none"),
    gatewayEndpoints: z
        .array(z.enum(gatewayEndpointServices, { error: `expected ${gatewayEndpointServices.join(" or ")}` }).meta(gatewayEndpointEnumeration()))
        .describe("Gateway endpoints on every route table of the spoke.")
        .default([...gatewayEndpointServices]),
}).describe(
    "A workload VPC in a workload account, attached to the transit gateway in one route domain. Deployed by its own unit (stack `<environment>-<name>`).",
);

const stringOrList = z.union([z.string(), z.array(z.string()).min(1)]);

/**
 * One IAM policy statement, in the JSON shape IAM accepts
 * (https://docs.aws.amazon.com/IAM/latest/UserGuide/reference_policies_grammar.html). What
 * the shape cannot say (which bucket it names, no public grants) is checked by
 * definition/checks/perimeter.ts.
 */
export const policyStatementSchema = z
    .strictObject({
        Sid: z.string().regex(/^[A-Za-z0-9]*$/, { error: "expected a statement id of letters and digits" }).describe("Statement id (letters and digits).").optional(),
        Effect: z.enum(["Allow", "Deny"], { error: "expected Allow or Deny" }).describe("Allow or Deny."),
        Principal: z
            .union([
                z.literal("*").describe("Everyone, anonymous callers included."),
                z.partialRecord(z.enum(["AWS", "Service", "Federated", "CanonicalUser"]), stringOrList).describe("Principals by kind: AWS (ARNs or account ids), Service, Federated, CanonicalUser."),
            ])
            .describe("Who the statement applies to (a bucket policy statement needs Principal or NotPrincipal).")
            .optional(),
        NotPrincipal: z
            .partialRecord(z.enum(["AWS", "Service", "Federated", "CanonicalUser"]), stringOrList)
            .describe("Everyone except these principals.")
            .optional(),
        Action: stringOrList.describe("Actions, e.g. s3:GetObject.").optional(),
        NotAction: stringOrList.describe("Every action except these.").optional(),
        Resource: stringOrList.describe("The bucket's ARN and/or its objects' (arn:aws:s3:::<bucket>/*).").optional(),
        NotResource: stringOrList.describe("Every resource except these.").optional(),
        Condition: z
            .record(z.string(), z.record(z.string(), z.union([stringOrList, z.boolean()])).describe("Condition keys and their values for this operator."))
            .describe("Conditions by operator, e.g. { StringEquals: { aws:PrincipalOrgID: o-... } }.")
            .optional(),
    })
    .describe("An IAM policy statement (Sid, Effect, Principal, Action, Resource, Condition), written as in a JSON policy.");

export const protectedBucketSchema = z.strictObject({
    name: z
        .string()
        .regex(/^[a-z0-9][a-z0-9.-]{1,61}[a-z0-9]$/, { error: "expected an S3 bucket name (3-63 lower-case letters, digits, '.', '-')" })
        .describe("Bucket name."),
    account: name.describe(
        "Logical name of the account that owns the bucket: any account of the definition. The first unit that deploys into it writes the bucket policy; an account no other unit deploys into gets an account unit of its own (stack `<environment>-account-<name>`).",
    ),
    awsServiceRoles: z
        .array(z.string().regex(/^arn:(aws|aws-cn|aws-us-gov):iam::\d{12}:role\/[\w+=,.@\/-]+$/, { error: "expected an IAM role ARN such as \"arn:aws:iam::123456789012:role/firehose-delivery\"" }))
        .describe(
            "Roles AWS services assume and use from their own networks to reach this bucket (a Firehose delivery role, a Glue job role, S3 replication, AWS Backup): " +
                "exempt from the bucket's network Deny only (TLS and the identity perimeter still hold them). Give each a trust policy that admits only its service. " +
                "The alternative AWS's samples use is the opt-out tag (perimeter.breakGlassTag = true) on the role, which also exempts it from the SCP/RCP network perimeter. @default []",
        )
        .optional(),
    statements: z
        .array(policyStatementSchema)
        .describe(
            "The owner's own statements, kept in the bucket policy next to the perimeter's. The landing zone writes the whole bucket policy " +
                "(S3 PutBucketPolicy replaces it): any statement the bucket had before and that is not listed here is removed at the first `pulumi up`. @default []",
        )
        .default([]),
}).describe("An existing S3 bucket that gets a data-perimeter bucket policy (TLS only, our identities, expected networks) plus the owner's statements.");

/** An IAM action as written in a policy: `service:Action`, wildcards allowed in the action name. */
const actionName = z.string().regex(/^[a-z0-9-]+:[A-Za-z0-9*?]+$/, { error: "expected an IAM action such as \"s3:GetObject\"" });

/** An ARN pattern as written in a policy's Resource element. */
const arnPatternSchema = z.string().regex(/^arn:(aws|aws-cn|aws-us-gov|\*):[a-z0-9-*]+:[a-z0-9-*]*:([0-9]{12}|aws|\*)?:.+$/, {
    error: "expected a resource ARN such as \"arn:aws:s3:::bucket-name/*\" (wildcards allowed)",
});

export const perimeterExceptionSchema = z
    .strictObject({
        name: z
            .string()
            .regex(/^[A-Za-z0-9]{1,100}$/, { error: "expected a statement id of letters and digits, e.g. GlueStudioTransformsUsEast1" })
            .describe("Statement id of the exception in every endpoint policy that carries it (letters and digits)."),
        service: z
            .string()
            .regex(/^[a-z0-9-]+$/, { error: "expected an IAM service prefix such as \"s3\" or \"ecr\"" })
            .describe("IAM service prefix of the requests (s3, ecr, ssm, bedrock ...): every endpoint of the environment that carries it gets the exception."),
        actions: z.array(actionName).min(1).describe("Actions allowed on the resources, all of the service."),
        resources: z.array(arnPatternSchema).min(1).describe("ARNs (wildcards allowed) of the AWS-owned or partner resources."),
        callers: z
            .enum(["ours", "any"])
            .describe(
                "Who may make these requests through our endpoints. ours: the environment's identities only. any: also requests that carry no identity of " +
                    "ours — unauthenticated, or presigned by an AWS account (as ECR image layers are); only for reading AWS-owned resources. @default ours",
            )
            .default("ours"),
        reason: z.string().min(1).describe("Why the workloads need it, and where AWS documents the resource."),
    })
    .describe("An exception to the endpoint policies' resource perimeter: resources outside the organization that requests through our endpoints may reach.");

export const perimeterSchema = z.strictObject({
    corporateCidrs: z.array(cidr).describe("Public egress ranges of the corporate network, trusted as an expected network.").default([]),
    trustedAccounts: z.array(accountId).describe("Third-party account ids trusted as identities and resource owners.").default([]),
    approvedEndpointServices: z
        .array(z.string().regex(/^com\.amazonaws\.vpce\.[a-z0-9-]+\.vpce-svc-[0-9a-f]{8,17}$/, { error: "expected an endpoint service name like \"com.amazonaws.vpce.us-east-1.vpce-svc-0123456789abcdef0\"" }))
        .describe("Third-party PrivateLink service names workloads may create endpoints to.")
        .default([]),
    networkAdminRole: z
        .string()
        .regex(/^[\w+=,.@-]{1,64}$/, { error: "expected an IAM role name" })
        .describe(
            "The only role allowed to open or change endpoint services, their connection notifications, and accept connections: an IAM role name, " +
                "and the role must have no IAM path (the SCP exempts, and the program assumes, role/NAME with no path in between).",
        )
        .default("NetworkAdmin"),
    breakGlassTag: z
        .string()
        .regex(/^[\w.:/=+@-]{1,128}$/, { error: "expected an IAM tag key" })
        .describe("Principal tag key that exempts a principal from the network perimeter (value `true`): AWS's opt-out tag.")
        .default("dp:exclude:network"),
    includeTag: z
        .string()
        .regex(/^[\w.:/=+@-]{1,128}$/, { error: "expected an IAM tag key" })
        .describe(
            "Principal tag key that puts a principal under the network perimeter of the SCPs and RCPs (value `true`): AWS's opt-in tag. " +
                "Tag the roles of people and workloads; never the roles AWS services use from their own networks. @default dp:include:network",
        )
        .default("dp:include:network"),
    exceptions: z
        .array(perimeterExceptionSchema)
        .describe("Your own exceptions to the endpoint policies' resource perimeter (AWS-owned or partner resources the built-in list lacks).")
        .default([]),
    admitUnsignedPrivateApiCalls: z
        .boolean()
        .describe(
            "Let requests that carry no AWS identity (private REST APIs authorized by a Lambda authorizer, Cognito, or nothing) invoke the environment's own " +
                "private APIs through the central execute-api endpoint: only APIs of the environment's accounts, only requests with no principal. Each API's " +
                "resource policy still decides (AWS's private API examples pair Principal \"*\" with aws:SourceVpce). @default false",
        )
        .default(false),
    denyOtherRegions: z
        .boolean()
        .describe(
            "Add an SCP that denies every Region but the environment's (its Region and its failover Regions), with AWS's exemptions for global services. " +
                "Needs an organization. It takes an SCP slot of its own on each OU it attaches to (AWS allows 5, FullAWSAccess included): validation refuses an OU it would take over, " +
                "and turning it on or off while the perimeter fills every slot is refused by `npm run deploy -- --from` (docs/perimeter.md). @default false",
        )
        .default(false),
    regionGuardrailAttachTo: z
        .array(name)
        .describe(
            "OU names (from organization.units) the Region guardrail (denyOtherRegions) attaches to. SCPs never bind the management account. " +
                "@default every OU in organization.units (not only attachTo: the network account's and the security account's OUs too)",
        )
        .optional(),
    attachTo: z
        .array(name)
        .describe("OU names (from organization.units) the SCPs and RCPs attach to. @default every OU in organization.units")
        .optional(),
    protectedBuckets: z.array(protectedBucketSchema).describe("Buckets whose policy denies access from outside the environment's endpoints and corporate CIDRs.").default([]),
    existingPolicies: z
        .strictObject({
            scps: z
                .record(name, z.number().int().min(0).max(5))
                .describe("OU name → how many SCPs are already attached directly to that OU besides FullAWSAccess (AWS Control Tower's guardrails, your own). @default {}")
                .default({}),
            rcps: z
                .record(name, z.number().int().min(0).max(5))
                .describe("OU name → how many RCPs are already attached directly to that OU besides RCPFullAWSAccess. @default {}")
                .default({}),
        })
        .describe(
            "Policies other tools already attach to the OUs this environment's SCPs and RCPs attach to. AWS allows 5 SCPs and 5 RCPs per OU, the default " +
                "FullAWSAccess/RCPFullAWSAccess included: the perimeter packs its statements into the slots left, and validation reports each OU that would exceed 5. " +
                "@default FullAWSAccess and RCPFullAWSAccess only (no other policy attached to these OUs)",
        )
        .default({ scps: {}, rcps: {} }),
}).describe(
    "The data perimeter: only our identities, to our resources, from expected networks. Always: VPC endpoint policies and protected bucket policies; with an organization also SCPs and RCPs (attached to perimeter.attachTo).",
);

export const deploymentSchema = z.strictObject({
    roleName: z
        .string()
        .regex(/^[\w+=,.@-]{1,64}$/, { error: "expected an IAM role name" })
        .describe("Role assumed in each account by the deploying identity (unit `all`, and any unit whose account is not the caller's).")
        .default("OrganizationAccountAccessRole"),
    trustedAccount: name
        .describe("Logical name (from `accounts`) of the account whose principals may assume the roles the bootstrap unit rolls out: the management account, or a CI/tooling account. @default management")
        .optional(),
    previewRoleName: z
        .string()
        .regex(/^[\w+=,.@-]{1,64}$/, { error: "expected an IAM role name" })
        .describe(
            "A read-only role the bootstrap unit rolls out next to the deploy role, for `pulumi preview` in pull requests (`landing-zone:assumeRoleName`): view-only AWS managed policy plus the reads a preview makes, carrying the break-glass tag in the OUs the network perimeter attaches to. @default none",
        )
        .optional(),
    deployRoleBreakGlass: z
        .boolean()
        .describe("Tag the deploy role with `perimeter.breakGlassTag` too, in the OUs the network perimeter attaches to: needed when deployments run outside the corporate ranges and the organization's endpoints (e.g. on GitHub-hosted runners).")
        .default(false),
    bootstrap: z
        .strictObject({
            organizationalUnits: z
                .array(name)
                .describe("OU names (from organization.units) whose accounts get the roles. @default every OU in organization.units")
                .optional(),
        })
        .describe(
            "The bootstrap unit (stack `<environment>-bootstrap`, deployed once from the management account before every other stack): a service-managed CloudFormation StackSet that creates `roleName` (and `previewRoleName`) in every account of the OUs, auto-deployed to accounts that join them, and the same roles in the management account directly (StackSets skip it) when the trusted account is another one.",
        )
        .optional(),
}).describe("How stacks reach the accounts they deploy into, and the roles the bootstrap unit rolls out.");

export const definitionSchema = z
    .strictObject({
        environment: name.describe("Environment name; must equal the file's name (stacks/<environment>.yaml)."),
        region: region.describe("AWS Region of the whole environment (aws or aws-us-gov partition; China Regions are not supported)."),
        organization: organizationSchema.optional(),
        accounts: z
            .record(name, accountId)
            .describe("Accounts by logical name → 12-digit id (quoted). The management account is named `management`."),
        deployment: deploymentSchema.prefault({}),
        network: networkSchema,
        spokes: z.array(spokeSchema).describe("Workload VPCs: one unit (stack) each.").default([]),
        perimeter: perimeterSchema.prefault({}),
        endpointServices: z
            .array(endpointServiceSchema)
            .describe("PrivateLink services published by spokes to other spokes (NLB + endpoint service + consumer endpoints).")
            .default([]),
        security: securitySchema.describe("Security/audit account for PrivateLink detective controls.").optional(),
        logArchive: logArchiveSchema.optional(),
        quotas: quotasSchema.optional(),
        policyPack: policyPackSchema.prefault({}),
    })
    .describe("landing-zone definition: one file per environment under stacks/.");

/** The definition after defaults are applied: what the program, tools and pack-config consume. */
export type Definition = z.output<typeof definitionSchema>;
export type Spoke = Definition["spokes"][number];
export type Domain = Definition["network"]["transitGateway"]["domains"][string];
export type RegionalNetwork = Definition["network"]["regions"][string];
export type DefinitionInput = z.input<typeof definitionSchema>;

/** The JSON Schema editors use (yaml-language-server), generated from the same source. */
export function definitionJsonSchema(): object {
    const schema = z.toJSONSchema(definitionSchema, { io: "input", target: "draft-7" }) as Record<string, unknown>;
    return {
        $id: "https://github.com/landing-zone/landing-zone/definition/landing-zone.schema.json",
        title: "landing-zone definition",
        ...schema,
    };
}
