/**
 * What every unit builder receives, and the values that cross from one unit to another
 * (directly in unit `all`, through StackReference in per-account stacks).
 */
import * as aws from "@pulumi/aws";
import * as pulumi from "@pulumi/pulumi";
import { Definition, Spoke } from "../definition/schema";

export interface UnitContext {
    definition: Definition;
    /**
     * The Region this context builds in: the home Region (`definition.region`) for
     * organization-wide units, a network unit's own Region, a spoke's Region
     * (definition/regions.ts). Regional code reads this, never `definition.region`, so
     * the same builder serves every Region.
     */
    region: string;
    /** Path of the definition file (for messages). */
    definitionFile: string;
    /** The environment name (`definition.environment`). */
    environment: string;
    /**
     * Availability Zone names of the hub, resolved at program time in the network account
     * (network unit and unit `all`; empty in the other units, which need none).
     */
    availabilityZones: string[];
    /**
     * The same AZs as AZ IDs (`use1-az1`), in the same order. Names map to different
     * physical zones in different accounts; IDs do not, so subnets are placed by ID and a
     * spoke's attachment subnets line up with the hub's. A spoke unit reads them from the
     * network stack (`availabilityZoneIds`), so it needs no provider of the network account.
     */
    availabilityZoneIds: string[];
    /** True when every unit is built in this one program (unit `all`). */
    singleGraph: boolean;
    /**
     * The explicit provider of a logical account (Region, `allowedAccountIds` and default
     * tags; assuming `deployment.roleName` unless it is the caller's own account), created
     * on first use, so a stack has providers only for the accounts it deploys into.
     * Undefined only in component tests that build without providers.
     */
    provider(account: string): aws.Provider | undefined;
    /** 12-digit id of a logical account name. */
    accountId(account: string): string;
    /** Component options for a component that lives in `account`. */
    opts(account: string): pulumi.ComponentResourceOptions;
    /**
     * The same context in another Region: its providers are pinned to that Region (one
     * explicit provider per account AND Region, program/index.ts createContext). Absent in
     * component tests that build without providers (then only `region` changes).
     */
    inRegion?(region: string): UnitContext;
    /**
     * The log archive's bucket, when this program builds it too (unit `all`): flow logs to it
     * wait for its policy. In per-account stacks the waves order the stacks instead.
     */
    logArchive?: pulumi.Resource;
}

/** What the hub VPC offers to the endpoint and DNS components. */
export interface HubInfo {
    vpcId: pulumi.Output<string>;
    cidr: string;
    /** One per AZ, in `availabilityZones` order. */
    endpointSubnetIds: pulumi.Output<string>[];
    /** One per AZ, for Resolver endpoints. */
    resolverSubnetIds: pulumi.Output<string>[];
    routeTableIds: pulumi.Output<string>[];
}

/** What a spoke VPC offers to the components that extend it (DNS, endpoints, PrivateLink). */
export interface SpokeVpcInfo {
    spoke: Spoke;
    vpcId: pulumi.Output<string>;
    /** Workload (private) subnets, one per AZ. */
    workloadSubnetIds: pulumi.Output<string>[];
    /** Every route table of the VPC that workloads use. */
    routeTableIds: pulumi.Output<string>[];
    transitGatewayAttachmentId: pulumi.Output<string>;
}

/**
 * Values the network unit publishes for the spokes. Every field is a stack output of
 * `<env>-network` under the same name.
 */
export interface NetworkOutputs {
    transitGatewayId: pulumi.Input<string>;
    /** Route 53 Profile id (dns.sharing = profile). */
    profileId?: pulumi.Input<string>;
    /** Private hosted zones spokes must associate with (dns.sharing = hosted-zones): zone name → zone id. */
    hostedZoneIds?: Record<string, pulumi.Input<string>>;
    /** Resolver forwarding rules shared to spokes (dns.sharing = hosted-zones): domain → rule id. */
    resolverRuleIds?: Record<string, pulumi.Input<string>>;
    /** Spokes whose VPC the network account has authorized to associate with the hosted zones. */
    authorizedSpokes?: pulumi.Input<string[]>;
    /**
     * Spoke → CIDR of the VPC the network account authorized on the hosted zones: a spoke
     * associates once this names its CIDR (a VPC replaced for a new CIDR is a new VPC, to be
     * authorized again). Absent in outputs of older runs (then `authorizedSpokes` decides).
     */
    authorizedCidrs?: pulumi.Input<Record<string, string>>;
    /** Names of the distributed mode's private hosted zones on the hub VPC (read by the network's next run). */
    distributedZoneNames?: string[];
    /**
     * Names the hub's central endpoints' private DNS holds (centralized endpoints, Profile
     * sharing). A spoke's distributed endpoints, and the hub's distributed zones, wait until
     * the network's run that deletes those endpoints is done (a change of endpoint mode).
     */
    centralEndpointNames?: string[];
    /** Spokes whose attachment the network account has accepted. */
    attachedSpokes?: pulumi.Input<string[]>;
    /**
     * Spoke → CIDR of the VPC whose attachment the network accepted: a spoke routes to the
     * TGW once this names its CIDR (a VPC replaced for a new CIDR brings a new attachment,
     * to be accepted again).
     */
    acceptedCidrs?: Record<string, string>;
    /**
     * Spoke → the VPC whose attachment the network accepted: its VPC id, attachment id,
     * account and CIDR (program/acceptance.ts NetworkVpcRecord). AWS accepts by attachment
     * id: a spoke routes once this names the VPC its run keeps.
     */
    acceptedVpcs?: Record<string, unknown>;
    /** Spoke → the VPC the network authorized on the hosted zones (VPC id, account, CIDR): AWS authorizes by VPC id. */
    authorizedVpcs?: Record<string, unknown>;
    /**
     * Computed by the spoke's own stack from `authorizedVpcs` and its own last outputs:
     * whether the network authorized the VPC this run keeps (undefined: decide by the older outputs).
     */
    vpcAuthorized?: boolean;
    /** The hub's Availability Zone ids, which the spokes use too. */
    availabilityZoneIds?: string[];
}

/** Values a spoke publishes for the network unit's second pass. Stack outputs of `<env>-<spoke>`. */
export interface SpokeOutputs {
    vpcId: pulumi.Input<string>;
    transitGatewayAttachmentId: pulumi.Input<string>;
    /** The CIDR of the VPC the attachment belongs to, as the spoke's stack published it. */
    cidr?: string;
    /** The account the VPC is in, as the spoke's stack published it. */
    accountId?: string;
}

export const networkOutputNames = ["transitGatewayId", "availabilityZoneIds", "profileId", "hostedZoneIds", "resolverRuleIds", "authorizedSpokes", "authorizedCidrs", "acceptedCidrs", "acceptedVpcs", "authorizedVpcs", "centralEndpointNames"] as const;
export const spokeOutputNames = ["vpcId", "transitGatewayAttachmentId", "cidr", "accountId"] as const;
/** What a spoke's stack reads of its own last outputs: the VPC it keeps (program/acceptance.ts). */
export const ownVpcOutputNames = ["vpcId", "transitGatewayAttachmentId", "cidr", "accountId"] as const;
