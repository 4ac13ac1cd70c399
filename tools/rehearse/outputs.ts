/**
 * What AWS returns when the rehearsal creates a resource: its id and the computed outputs
 * the program and other stacks read (ARNs in AWS's formats, so a policy or an event target
 * built from account ids and names points at the real object; a hosted zone's id; an
 * endpoint service's name; an interface endpoint's DNS entries; generated names).
 */
import { createHash } from "crypto";
import { partitionOf } from "../../aws/partitions";
import { T } from "../../aws/lifecycle";

/** Deterministic hex from a seed. */
export function hex(seed: string, length = 17): string {
    let out = "";
    for (let i = 0; out.length < length; i++) out += createHash("sha1").update(`${i}:${seed}`).digest("hex");
    return out.slice(0, length);
}

const idPrefixes: Record<string, string> = {
    [T.vpc]: "vpc",
    [T.subnet]: "subnet",
    [T.routeTable]: "rtb",
    [T.routeTableAssociation]: "rtbassoc",
    [T.securityGroup]: "sg",
    [T.vpcEndpoint]: "vpce",
    [T.internetGateway]: "igw",
    [T.natGateway]: "nat",
    [T.eip]: "eipalloc",
    [T.flowLog]: "fl",
    [T.vpcEndpointService]: "vpce-svc",
    [T.vpcEndpointConnectionNotification]: "vpce-nfn",
    [T.customerGateway]: "cgw",
    [T.vpnConnection]: "vpn",
    [T.transitGateway]: "tgw",
    [T.tgwRouteTable]: "tgw-rtb",
    [T.tgwVpcAttachment]: "tgw-attach",
    [T.profile]: "rp",
    [T.profileAssociation]: "rpassoc",
    [T.profileResourceAssociation]: "rpr",
    [T.resolverEndpoint]: "rslvr-in",
    [T.resolverRule]: "rslvr-rr",
    [T.resolverRuleAssociation]: "rslvr-rrassoc",
    [T.orgPolicy]: "p",
    [T.healthCheck]: "hc",
};

/** Types whose `name` the provider generates when the program gives none. */
const autoNamed = new Set<string>([T.iamRole, T.iamRolePolicy, T.securityGroup, T.loadBalancer, T.targetGroup, T.snsTopic, T.eventRule, T.logGroup, T.lambdaFunction, T.eventBus]);

export interface NewResource {
    type: string;
    name: string;
    inputs: Record<string, unknown>;
    account: string;
    region: string;
    /** Unique per physical object (stack, URN, generation). */
    seed: string;
}

/** The physical id of a new object. */
export function physicalId(r: NewResource): string {
    const h = hex(r.seed);
    switch (r.type) {
        case T.zone:
            return `Z${hex(r.seed, 20).toUpperCase()}`;
        case T.ramResourceShare:
            return `arn:${partitionOf(r.region)}:ram:${r.region}:${r.account}:resource-share/${hex(r.seed, 8)}-${hex(`${r.seed}/2`, 4)}-${hex(`${r.seed}/3`, 4)}`;
        case T.tgwVpcAttachmentAccepter:
            return String(r.inputs.transitGatewayAttachmentId);
        // A bucket's id is its name (the provider's create sets the id to the bucket name), so
        // `bucket: bucket.id` of its policy and configuration names the bucket, as in AWS.
        case T.s3Bucket:
            if (typeof r.inputs.bucket === "string") return r.inputs.bucket;
            return `${r.name}-${h.slice(0, 8)}`;
        default: {
            const prefix = idPrefixes[r.type];
            return prefix ? `${prefix}-${h}` : `${r.name}-${h.slice(0, 8)}`;
        }
    }
}

/** The computed outputs AWS returns for a new (or updated) object with id `id`. */
export function computedOutputs(r: NewResource, id: string): Record<string, unknown> {
    const partition = partitionOf(r.region);
    const { account, region, inputs } = r;
    const out: Record<string, unknown> = {};
    const name = typeof inputs.name === "string" ? inputs.name : autoNamed.has(r.type) ? `${r.name}-${hex(r.seed, 7)}` : undefined;
    if (name !== undefined) out.name = name;
    const service = r.type.split(":")[1]?.split("/")[0] ?? "";
    const kind = (r.type.split(":").pop() ?? "resource").replace(/^[A-Z]/, (c) => c.toLowerCase());
    out.arn = `arn:${partition}:${service.startsWith("ec2") ? "ec2" : service}:${region}:${account}:${kind}/${id}`;
    out.ownerId = account;
    switch (r.type) {
        case T.s3Bucket:
            out.bucket = id;
            out.arn = `arn:${partition}:s3:::${id}`;
            break;
        case T.transitGateway:
            out.arn = `arn:${partition}:ec2:${region}:${account}:transit-gateway/${id}`;
            out.associationDefaultRouteTableId = "";
            out.propagationDefaultRouteTableId = "";
            break;
        case T.vpc:
            out.arn = `arn:${partition}:ec2:${region}:${account}:vpc/${id}`;
            out.mainRouteTableId = `rtb-${hex(`${r.seed}/main`)}`;
            out.defaultSecurityGroupId = `sg-${hex(`${r.seed}/default`)}`;
            break;
        case T.zone:
            out.zoneId = id;
            out.arn = `arn:${partition}:route53:::hostedzone/${id}`;
            out.nameServers = [];
            break;
        case T.vpcEndpointService:
            out.serviceName = `com.amazonaws.vpce.${region}.${id}`;
            out.state = "Available";
            break;
        case T.vpcEndpoint: {
            const serviceName = String(inputs.serviceName ?? "");
            const short = serviceName.startsWith("com.amazonaws.vpce.") ? "" : `.${serviceName.split(".").slice(3).join(".")}`;
            out.arn = `arn:${partition}:ec2:${region}:${account}:vpc-endpoint/${id}`;
            out.dnsEntries = [{ dnsName: `${id}-${hex(`${r.seed}/dns`, 8)}${short}.${region}.vpce.amazonaws.com`, hostedZoneId: "Z7HUB22UULQXV" }];
            out.networkInterfaceIds = [];
            out.state = "available";
            break;
        }
        case T.tgwVpcAttachmentAccepter:
            out.vpcId = "";
            break;
        case T.vpnConnection:
            out.transitGatewayAttachmentId = `tgw-attach-${hex(`${r.seed}/vpn`)}`;
            break;
        case T.profile:
            out.arn = `arn:${partition}:route53profiles:${region}:${account}:profile/${id}`;
            break;
        case T.resolverRule:
            out.arn = `arn:${partition}:route53resolver:${region}:${account}:resolver-rule/${id}`;
            break;
        case T.resolverEndpoint:
            out.arn = `arn:${partition}:route53resolver:${region}:${account}:resolver-endpoint/${id}`;
            break;
        case T.ramResourceShare:
            out.arn = id;
            break;
        case T.orgPolicy:
            out.arn = `arn:${partition}:organizations::${account}:policy/o-rehearsal/${String(inputs.type ?? "").toLowerCase()}/${id}`;
            break;
        case T.iamRole:
            out.arn = `arn:${partition}:iam::${account}:role/${name}`;
            out.uniqueId = `AROA${hex(r.seed, 17).toUpperCase()}`;
            break;
        case T.eventBus:
            out.arn = `arn:${partition}:events:${region}:${account}:event-bus/${name}`;
            break;
        case T.eventRule:
            out.arn = `arn:${partition}:events:${region}:${account}:rule/${name}`;
            break;
        case T.lambdaFunction:
            out.arn = `arn:${partition}:lambda:${region}:${account}:function:${name}`;
            out.invokeArn = `arn:${partition}:apigateway:${region}:lambda:path/2015-03-31/functions/${out.arn}/invocations`;
            break;
        case T.snsTopic:
            out.arn = `arn:${partition}:sns:${region}:${account}:${name}`;
            break;
        case T.logGroup:
            out.arn = `arn:${partition}:logs:${region}:${account}:log-group:${name}`;
            break;
        case T.loadBalancer:
            out.arn = `arn:${partition}:elasticloadbalancing:${region}:${account}:loadbalancer/net/${name}/${hex(r.seed, 16)}`;
            out.dnsName = `${name}-${hex(r.seed, 10)}.elb.${region}.amazonaws.com`;
            break;
        case T.targetGroup:
            out.arn = `arn:${partition}:elasticloadbalancing:${region}:${account}:targetgroup/${name}/${hex(r.seed, 16)}`;
            break;
        case T.arcCluster:
            out.arn = `arn:${partition}:route53-recovery-control::${account}:cluster/${hex(r.seed, 16)}`;
            break;
        case T.arcControlPanel:
        case T.arcRoutingControl:
            out.arn = `arn:${partition}:route53-recovery-control::${account}:controlpanel/${hex(r.seed, 16)}`;
            break;
    }
    return out;
}
