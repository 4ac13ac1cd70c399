#!/usr/bin/env python3
"""Writes the review-detective held-out governance cases (event.json, expected.json, world.json).

Every event is written from AWS's documentation (sources listed in each expected.json), not
from the evaluator's code. Run: python3 test/privatelink/held-out/generate.py
Then: GOVERNANCE_CASES=test/privatelink/held-out/cases npx mocha test/privatelink/cases.test.ts
"""
import json, os, shutil, hashlib

def h(s):
    return int(hashlib.sha1(s.encode()).hexdigest(), 16)

HERE = os.path.dirname(os.path.abspath(__file__))
CASES = os.path.join(HERE, "cases")

SRC_EB = "https://docs.aws.amazon.com/eventbridge/latest/userguide/eb-service-event-cloudtrail.html"
SRC_CT = "https://docs.aws.amazon.com/awscloudtrail/latest/userguide/cloudtrail-event-reference-record-contents.html"
SRC_UI = "https://docs.aws.amazon.com/awscloudtrail/latest/userguide/cloudtrail-event-reference-user-identity.html"
SRC_CVE = "https://docs.aws.amazon.com/AWSEC2/latest/APIReference/API_CreateVpcEndpoint.html"
SRC_VE = "https://docs.aws.amazon.com/AWSEC2/latest/APIReference/API_VpcEndpoint.html"
SRC_CSC = "https://docs.aws.amazon.com/AWSEC2/latest/APIReference/API_CreateVpcEndpointServiceConfiguration.html"
SRC_MSC = "https://docs.aws.amazon.com/AWSEC2/latest/APIReference/API_ModifyVpcEndpointServiceConfiguration.html"
SRC_MSP = "https://docs.aws.amazon.com/AWSEC2/latest/APIReference/API_ModifyVpcEndpointServicePermissions.html"
SRC_AVC = "https://docs.aws.amazon.com/AWSEC2/latest/APIReference/API_AcceptVpcEndpointConnections.html"
SRC_RVC = "https://docs.aws.amazon.com/AWSEC2/latest/APIReference/API_RejectVpcEndpointConnections.html"
SRC_DSC = "https://docs.aws.amazon.com/AWSEC2/latest/APIReference/API_DeleteVpcEndpointServiceConfigurations.html"
SRC_CCN = "https://docs.aws.amazon.com/AWSEC2/latest/APIReference/API_CreateVpcEndpointConnectionNotification.html"
SRC_ERR = "https://docs.aws.amazon.com/AWSEC2/latest/APIReference/errors-overview.html"
SRC_SLR = "https://docs.aws.amazon.com/IAM/latest/UserGuide/using-service-linked-roles.html"
SRC_SSO = "https://docs.aws.amazon.com/singlesignon/latest/userguide/using-service-linked-roles.html"
SRC_IDS = "https://docs.aws.amazon.com/IAM/latest/UserGuide/reference_identifiers.html"
SRC_FED = "https://docs.aws.amazon.com/STS/latest/APIReference/API_GetFederationToken.html"
SRC_SAML = "https://docs.aws.amazon.com/IAM/latest/UserGuide/cloudtrail-integration.html"
SRC_CFG = "https://docs.aws.amazon.com/config/latest/developerguide/evaluate-config_develop-rules_example-events.html"
SRC_CFGN = "https://docs.aws.amazon.com/config/latest/developerguide/evaluate-config_develop-rules_nodejs-sample.html"
SRC_CI = "https://docs.aws.amazon.com/config/latest/developerguide/config-concepts.html#config-items"
SRC_PE = "https://docs.aws.amazon.com/config/latest/APIReference/API_PutEvaluations.html"
SRC_LAMBDA = "https://docs.aws.amazon.com/lambda/latest/dg/invocation-async-retain-records.html"
SRC_RETRY = "https://docs.aws.amazon.com/sdkref/latest/guide/feature-retry-behavior.html"
SRC_ORG = "https://docs.aws.amazon.com/organizations/latest/APIReference/API_ListAccounts.html"
SRC_LATTICE = "https://docs.aws.amazon.com/vpc/latest/privatelink/resource-configuration.html"
SRC_GWLB = "https://docs.aws.amazon.com/vpc/latest/privatelink/create-gateway-load-balancer-endpoint-service.html"
SRC_XREG = "https://docs.aws.amazon.com/vpc/latest/privatelink/privatelink-cross-region-connectivity.html"

MGMT, NET, SEC = "100000000001", "100000000002", "100000000003"
PAY, ORD = "200000000001", "200000000002"
LATE = "777777777777"          # organization member listed only on the last ListAccounts page
OUTSIDE = "999988887777"       # an account outside the organization
VENDOR = "464622532012"        # perimeter.trustedAccounts
AWS_OWNED = "210987654321"     # an AWS-owned account (Network Firewall's endpoint service)

ACCOUNTS = [MGMT, NET, SEC, PAY, ORD] + [f"5000000000{i:02d}" for i in range(39)] + [LATE]  # 45: pages of 20 → 3 pages

SVC_SSM = "com.amazonaws.us-east-1.ssm"
SVC_S3 = "com.amazonaws.us-east-1.s3"
SVC_SSM_W = "com.amazonaws.us-west-2.ssm"
SVC_THIRD = "com.amazonaws.vpce.us-east-1.vpce-svc-0b0b0b0b0b0b0b0b0"
SVC_APPROVED = "com.amazonaws.vpce.us-east-1.vpce-svc-0a1b2c3d4e5f67890"
SVC_ORG = "com.amazonaws.vpce.us-east-1.vpce-svc-0123456789abcdef0"       # owned by PAY
SVC_LATE = "com.amazonaws.vpce.us-east-1.vpce-svc-07777777777777777"      # owned by LATE
SVC_ORG_W = "com.amazonaws.vpce.us-west-2.vpce-svc-0fa11fa11fa11fa11"     # PAY, failover Region
SVC_THIRD_W = "com.amazonaws.vpce.us-west-2.vpce-svc-0e0e0e0e0e0e0e0e0"   # OUTSIDE, failover Region
SVC_GWLB_THIRD = "com.amazonaws.vpce.us-east-1.vpce-svc-0911911911911911a" # OUTSIDE appliance (GWLB)
SVC_NFW = "com.amazonaws.vpce.us-east-1.vpce-svc-0f1e2d3c4b5a69788"       # AWS Network Firewall, AWS-owned

WORLD = {
    "region": "us-east-1",
    "organization": {"accounts": ACCOUNTS, "pageSize": 20},
    "endpointServices": [
        {"serviceName": SVC_SSM, "owner": "amazon"},
        {"serviceName": SVC_S3, "owner": "amazon"},
        {"serviceName": SVC_SSM_W, "owner": "amazon", "region": "us-west-2"},
        {"serviceName": SVC_THIRD, "owner": OUTSIDE},
        {"serviceName": SVC_APPROVED, "owner": VENDOR},
        {"serviceName": SVC_ORG, "owner": PAY},
        {"serviceName": SVC_LATE, "owner": LATE},
        {"serviceName": SVC_ORG_W, "owner": PAY, "region": "us-west-2"},
        {"serviceName": SVC_THIRD_W, "owner": OUTSIDE, "region": "us-west-2"},
        {"serviceName": SVC_GWLB_THIRD, "owner": OUTSIDE},
        {"serviceName": SVC_NFW, "owner": AWS_OWNED},
    ],
    "connections": [
        {"serviceId": "vpce-svc-0123456789abcdef0", "vpcEndpointId": "vpce-0aaaaaaaaaaaaaaa1", "owner": OUTSIDE},
        {"serviceId": "vpce-svc-0123456789abcdef0", "vpcEndpointId": "vpce-0aaaaaaaaaaaaaaa2", "owner": LATE},
        {"serviceId": "vpce-svc-0123456789abcdef0", "vpcEndpointId": "vpce-0aaaaaaaaaaaaaaa3", "owner": ORD},
    ],
    "ownedServices": [],
    "configItems": [],
    "previousEvaluations": [],
    "settings": {
        "TOPIC_ARN": f"arn:aws:sns:us-east-1:{SEC}:prod-privatelink-governance",
        "APPROVED_SERVICE_NAMES": json.dumps([SVC_APPROVED]),
        "TRUSTED_ACCOUNTS": json.dumps([VENDOR]),
        "NETWORK_ADMIN_ROLE": "NetworkAdmin",
    },
}

def eid(name):
    h = hashlib.sha1(name.encode()).hexdigest()
    return f"{h[:8]}-{h[8:12]}-4{h[13:16]}-8{h[17:20]}-{h[20:32]}"

# ---- userIdentity shapes (cloudtrail-event-reference-user-identity) ----
def assumed(account, role, session, path="/", invoked_by=None, web=None, mfa="false"):
    role_arn = f"arn:aws:iam::{account}:role{path}{role}"
    ui = {
        "type": "AssumedRole",
        "principalId": f"AROAEXAMPLE{h(role) % 10**8:08d}:{session}",
        "arn": f"arn:aws:sts::{account}:assumed-role/{role}/{session}",
        "accountId": account,
        "accessKeyId": "ASIAEXAMPLEKEY000001",
        "sessionContext": {
            "sessionIssuer": {"type": "Role", "principalId": f"AROAEXAMPLE{h(role) % 10**8:08d}",
                              "arn": role_arn, "accountId": account, "userName": role},
            "webIdFederationData": web or {},
            "attributes": {"creationDate": "2025-03-04T09:10:11Z", "mfaAuthenticated": mfa},
        },
    }
    if invoked_by:
        ui["invokedBy"] = invoked_by
    return ui

def iam_user(account, name):
    return {"type": "IAMUser", "principalId": "AIDAJ45Q7YFFAREXAMPLE", "arn": f"arn:aws:iam::{account}:user/{name}",
            "accountId": account, "accessKeyId": "AKIAIOSFODNN7EXAMPLE", "userName": name}

def root(account):
    return {"type": "Root", "principalId": account, "arn": f"arn:aws:iam::{account}:root", "accountId": account,
            "accessKeyId": "ASIAROOTEXAMPLE00001",
            "sessionContext": {"sessionIssuer": {}, "webIdFederationData": {},
                               "attributes": {"creationDate": "2025-03-04T09:10:11Z", "mfaAuthenticated": "true"}}}

def federated(account, user, issuer_user):
    return {"type": "FederatedUser", "principalId": f"{account}:{user}",
            "arn": f"arn:aws:sts::{account}:federated-user/{user}", "accountId": account,
            "accessKeyId": "ASIAFEDEXAMPLE000001",
            "sessionContext": {"sessionIssuer": {"type": "IAMUser", "principalId": "AIDAFEDISSUEREXAMPLE",
                                                 "arn": f"arn:aws:iam::{account}:user/{issuer_user}",
                                                 "accountId": account, "userName": issuer_user},
                               "webIdFederationData": {},
                               "attributes": {"creationDate": "2025-03-04T09:10:11Z", "mfaAuthenticated": "false"}}}

def aws_service(service):
    return {"type": "AWSService", "invokedBy": service}

def aws_account(account, principal="AIDAOTHERACCOUNTEXMPL"):
    return {"type": "AWSAccount", "principalId": principal, "accountId": account}

ADMIN = lambda acct=NET: assumed(acct, "NetworkAdmin", "pulumi-prod-network")
DEV = lambda acct=ORD: assumed(acct, "Developer", "jane@example.com")

# ---- EventBridge envelope around a CloudTrail record (eb-service-event-cloudtrail) ----
def ct_event(name, event_name, identity, account, req, resp, region="us-east-1", error=None, invoked_by=None):
    detail = {
        "eventVersion": "1.10",
        "userIdentity": identity,
        "eventTime": "2025-03-04T10:11:12Z",
        "eventSource": "ec2.amazonaws.com",
        "eventName": event_name,
        "awsRegion": region,
        "sourceIPAddress": invoked_by or "203.0.113.17",
        "userAgent": invoked_by or "aws-cli/2.22.0 md/awscrt#0.22.0 ua/2.1 os/linux#6.1 md/arch#x86_64 lang/python#3.12.6",
        "requestParameters": {f"{event_name}Request": req} if req is not None else None,
        "responseElements": ({f"{event_name}Response": {**resp, "requestId": eid(name + 'req'),
                                                         "xmlns": "http://ec2.amazonaws.com/doc/2016-11-15/"}}
                             if resp is not None else None),
        "requestID": eid(name + "req"),
        "eventID": eid(name),
        "readOnly": False,
        "eventType": "AwsApiCall",
        "managementEvent": True,
        "recipientAccountId": account,
        "eventCategory": "Management",
    }
    if error:
        detail["errorCode"], detail["errorMessage"] = error
    return {
        "version": "0",
        "id": eid(name + "envelope"),
        "detail-type": "AWS API Call via CloudTrail",
        "source": "aws.ec2",
        "account": account,
        "time": "2025-03-04T10:11:12Z",
        "region": region,
        "resources": [],
        "detail": detail,
    }

def tags(*values):
    """EC2 query-API list parameter as CloudTrail records it: one {tag, content} or a list of them."""
    items = [{"tag": i + 1, "content": v} for i, v in enumerate(values)]
    return items[0] if len(items) == 1 else items

def endpoint_resp(vpce, etype, owner, service=None, requester_managed=False, extra=None, region="us-east-1"):
    ve = {"vpcEndpointId": vpce, "vpcEndpointType": etype, "vpcId": "vpc-0123456789abcdef0", "state": "pending",
          "ownerId": owner, "requesterManaged": requester_managed, "creationTimestamp": 1741083072000,
          "privateDnsEnabled": etype == "Interface", "ipAddressType": "ipv4"}
    if service:
        ve["serviceName"] = service
    if extra:
        ve.update(extra)
    return {"vpcEndpoint": ve, "clientToken": "f5c3e0b1-1111-2222-3333-444455556666"}

def create_endpoint(name, identity, account, service, etype="Interface", owner=None, requester_managed=False,
                    region="us-east-1", error=None, req_extra=None, resp_extra=None, invoked_by=None):
    req = {"VpcId": "vpc-0123456789abcdef0", "ClientToken": "f5c3e0b1-1111-2222-3333-444455556666",
           "VpcEndpointType": etype}
    if service:
        req["ServiceName"] = service
    if etype == "Interface":
        req.update({"SubnetId": tags("subnet-0123456789abcdef0", "subnet-0fedcba9876543210"),
                    "SecurityGroupId": tags("sg-0123456789abcdef0"), "PrivateDnsEnabled": True})
    if etype == "GatewayLoadBalancer":
        req["SubnetId"] = tags("subnet-0123456789abcdef0")
    if etype == "Gateway":
        req["RouteTableId"] = tags("rtb-0123456789abcdef0")
    if etype in ("Resource", "ServiceNetwork"):
        req["SubnetId"] = tags("subnet-0123456789abcdef0")
        req["SecurityGroupId"] = tags("sg-0123456789abcdef0")
    if req_extra:
        req.update(req_extra)
    resp = None if error else endpoint_resp("vpce-0c0c0c0c0c0c0c0c" + format(h(name) % 16, "x"), etype,
                                            owner or account, service, requester_managed, resp_extra, region)
    return ct_event(name, "CreateVpcEndpoint", identity, account, req, resp, region, error, invoked_by)

def create_service(name, identity, account, acceptance, region="us-east-1", error=None, gwlb=False, invoked_by=None):
    lb_key = "GatewayLoadBalancerArn" if gwlb else "NetworkLoadBalancerArn"
    lb_arn = f"arn:aws:elasticloadbalancing:{region}:{account}:loadbalancer/{'gwy' if gwlb else 'net'}/svc-lb/0123456789abcdef"
    req = {lb_key: tags(lb_arn), "AcceptanceRequired": acceptance, "ClientToken": "1f2e3d4c-aaaa-bbbb-cccc-ddddeeeeffff"}
    sid = "vpce-svc-0d0d0d0d0d0d0d0d0"
    resp = None if error else {
        "clientToken": "1f2e3d4c-aaaa-bbbb-cccc-ddddeeeeffff",
        "serviceConfiguration": {
            "serviceType": {"item": {"serviceType": "GatewayLoadBalancer" if gwlb else "Interface"}},
            "serviceId": sid, "serviceName": f"com.amazonaws.vpce.{region}.{sid}", "serviceState": "Available",
            "availabilityZoneSet": {"item": [f"{region}a", f"{region}b"]},
            "acceptanceRequired": acceptance, "managesVpcEndpoints": False,
            ("gatewayLoadBalancerArnSet" if gwlb else "networkLoadBalancerArnSet"): {"item": lb_arn},
            "supportedIpAddressTypeSet": {"item": "ipv4"},
            "baseEndpointDnsNameSet": {"item": f"{sid}.{region}.vpce.amazonaws.com"},
        }}
    return ct_event(name, "CreateVpcEndpointServiceConfiguration", identity, account, req, resp, region, error, invoked_by)

def modify_permissions(name, identity, account, add=(), remove=(), service_id="vpce-svc-0123456789abcdef0",
                       region="us-east-1", error=None, invoked_by=None):
    req = {"ServiceId": service_id}
    if add:
        req["AddAllowedPrincipals"] = tags(*add)
    if remove:
        req["RemoveAllowedPrincipals"] = tags(*remove)
    resp = None
    if not error:
        resp = {"return": True}
        if add:
            items = [{"principal": p, "principalType": "All" if p == "*" else ("Account" if p.endswith(":root") else "Role"),
                      "serviceId": service_id, "servicePermissionId": f"vpce-svc-perm-0{i:016x}"} for i, p in enumerate(add)]
            resp["addedPrincipalSet"] = {"item": items[0] if len(items) == 1 else items}
    return ct_event(name, "ModifyVpcEndpointServicePermissions", identity, account, req, resp, region, error, invoked_by)

def modify_service(name, identity, account, acceptance, service_id="vpce-svc-0123456789abcdef0", region="us-east-1",
                   error=None):
    req = {"ServiceId": service_id, "AcceptanceRequired": acceptance}
    return ct_event(name, "ModifyVpcEndpointServiceConfiguration", identity, account, req,
                    None if error else {"return": True}, region, error)

def accept(name, identity, account, endpoints, service_id="vpce-svc-0123456789abcdef0", region="us-east-1",
           error=None, event_name="AcceptVpcEndpointConnections"):
    req = {"ServiceId": service_id, "VpcEndpointId": tags(*endpoints)}
    return ct_event(name, event_name, identity, account, req, None if error else {"unsuccessful": ""}, region, error)

# ---- AWS Config rule events (evaluate-config_develop-rules_example-events) ----
def config_event(invoking, account=NET, region="us-east-1", left_scope=False):
    return {
        "invokingEvent": json.dumps(invoking),
        "ruleParameters": "{}",
        "resultToken": "myResultToken-" + hashlib.sha1(json.dumps(invoking).encode()).hexdigest()[:12],
        "eventLeftScope": left_scope,
        "executionRoleArn": f"arn:aws:iam::{account}:role/aws-service-role/config.amazonaws.com/AWSServiceRoleForConfig",
        "configRuleArn": f"arn:aws:config:{region}:{account}:config-rule/config-rule-ab12cd",
        "configRuleName": "prod-privatelink-endpoint-services",
        "configRuleId": "config-rule-ab12cd",
        "accountId": account,
        "version": "1.0",
    }

def ci(service_id, status="OK", account=NET, region="us-east-1", rtype="AWS::EC2::VPCEndpointService", config=None):
    item = {
        "relatedEvents": [], "relationships": [],
        "configuration": config if config is not None else (None if status.startswith("ResourceDeleted") else {
            "serviceId": service_id, "serviceName": f"com.amazonaws.vpce.{region}.{service_id}",
            "serviceType": [{"serviceType": "Interface"}], "acceptanceRequired": True,
            "managesVpcEndpoints": False, "serviceState": "Available"}),
        "supplementaryConfiguration": {}, "tags": {},
        "configurationItemVersion": "1.3",
        "configurationItemCaptureTime": "2025-03-04T10:15:00.000Z",
        "configurationStateId": 1741083300000,
        "awsAccountId": account,
        "configurationItemStatus": status,
        "resourceType": rtype,
        "resourceId": service_id,
        "resourceName": None,
        "ARN": f"arn:aws:ec2:{region}:{account}:vpc-endpoint-service/{service_id}",
        "awsRegion": region,
        "availabilityZone": "Not Applicable",
        "configurationStateMd5Hash": "",
        "resourceCreationTime": "2025-03-01T08:00:00.000Z",
    }
    return {"configurationItem": item, "notificationCreationTime": "2025-03-04T10:15:05.000Z",
            "messageType": "ConfigurationItemChangeNotification", "recordVersion": "1.3",
            "configurationItemDiff": None}

def oversized(service_id, change="UPDATE", status="OK", account=NET, region="us-east-1"):
    return {"configurationItemSummary": {
        "changeType": change, "configurationItemVersion": "1.3",
        "configurationItemCaptureTime": "2025-03-04T10:15:00.000Z", "configurationStateId": 1741083300000,
        "awsAccountId": account, "configurationItemStatus": status,
        "resourceType": "AWS::EC2::VPCEndpointService", "resourceId": service_id, "resourceName": None,
        "ARN": f"arn:aws:ec2:{region}:{account}:vpc-endpoint-service/{service_id}",
        "awsRegion": region, "availabilityZone": "Not Applicable",
        "configurationStateMd5Hash": "8f1ee69b287895a0f8bc5753eca68e96",
        "resourceCreationTime": "2025-03-01T08:00:00.000Z"},
        "s3DeliverySummary": {"s3BucketLocation": "config-bucket/AWSLogs/..../ConfigHistory/x.json.gz",
                              "errorCode": None, "errorMessage": None},
        "notificationCreationTime": "2025-03-04T10:15:05.000Z",
        "messageType": "OversizedConfigurationItemChangeNotification", "recordVersion": "1.0"}

def scheduled(account=NET):
    return {"awsAccountId": account, "notificationCreationTime": "2025-03-04T21:50:00.373Z",
            "messageType": "ScheduledNotification", "recordVersion": "1.0"}

GOOD = lambda sid: {"serviceId": sid, "acceptanceRequired": True,
                    "notifications": [{"state": "Enabled", "events": ["Connect", "Accept", "Reject", "Delete"]}],
                    "allowedPrincipals": [f"arn:aws:iam::{ORD}:root"]}

cases = {}
def case(name, event, description, sources, world=None, **expected):
    cases[name] = (event, dict(description=description, sources=sources, **expected), world)

V = lambda rule: f"VIOLATION [{rule}]"
U = lambda rule: f"COULD NOT DECIDE [{rule}]"
R = lambda rule: f"NEEDS REVIEW [{rule}]"
CT = [SRC_EB, SRC_CT, SRC_UI]

# ========================= evaluator: callers =========================
case("ho-iam-user-endpoint-to-aws-service",
     create_endpoint("ho-1", iam_user(ORD, "Alice"), ORD, SVC_SSM),
     "An IAM user's interface endpoint to an AWS service (owner amazon) raises nothing.",
     CT + [SRC_CVE], alert=None, fails=False,
     callAccounts={"DescribeVpcEndpointServices": [ORD]}, callRegions={"DescribeVpcEndpointServices": ["us-east-1"]})

case("ho-assumed-role-endpoint-to-third-party",
     create_endpoint("ho-2", DEV(), ORD, SVC_THIRD),
     "A developer role's endpoint to a service owned outside the organization and not approved is a violation.",
     CT + [SRC_CVE], alert="VIOLATION", fails=False, messageIncludes=[V("untrusted-service"), SVC_THIRD, ORD])

case("ho-endpoint-to-approved-vendor-service",
     create_endpoint("ho-3", DEV(), ORD, SVC_APPROVED),
     "An endpoint to the exact approved endpoint service name raises nothing.",
     CT + [SRC_CVE], alert=None, fails=False)

case("ho-gateway-endpoint-to-s3",
     create_endpoint("ho-4", DEV(), ORD, SVC_S3, etype="Gateway"),
     "A gateway endpoint to Amazon S3 (an AWS service) raises nothing.",
     CT + [SRC_CVE], alert=None, fails=False)

case("ho-endpoint-to-org-service-on-last-page",
     create_endpoint("ho-5", DEV(), ORD, SVC_LATE),
     "The service owner is an organization member found only on the third ListAccounts page: nothing is raised, every page read.",
     CT + [SRC_CVE, SRC_ORG], alert=None, fails=False, calls={"ListAccounts": 3})

case("ho-cloudformation-invoked-developer-to-third-party",
     create_endpoint("ho-6", assumed(ORD, "Developer", "jane@example.com", invoked_by="cloudformation.amazonaws.com"),
                     ORD, SVC_THIRD, invoked_by="cloudformation.amazonaws.com"),
     "invokedBy cloudformation with the caller's own role is judged like any other call: violation.",
     CT + [SRC_CVE], alert="VIOLATION", fails=False, messageIncludes=[V("untrusted-service")])

case("ho-aws-service-identity-requester-managed",
     create_endpoint("ho-7", aws_service("network-firewall.amazonaws.com"), ORD, SVC_NFW, etype="GatewayLoadBalancer",
                     requester_managed=True, invoked_by="network-firewall.amazonaws.com"),
     "AWS Network Firewall (an AWSService identity) creates a requester-managed GWLB endpoint: nothing raised.",
     CT + [SRC_CVE, SRC_VE], alert=None, fails=False)

case("ho-service-linked-role-requester-managed",
     create_endpoint("ho-8", assumed(ORD, "AWSServiceRoleForNetworkFirewall", "NetworkFirewall",
                                     path="/aws-service-role/network-firewall.amazonaws.com/",
                                     invoked_by="network-firewall.amazonaws.com"),
                     ORD, SVC_NFW, etype="GatewayLoadBalancer", requester_managed=True,
                     invoked_by="network-firewall.amazonaws.com"),
     "A service-linked role creating a requester-managed endpoint for the account raises nothing.",
     CT + [SRC_CVE, SRC_VE, SRC_SLR], alert=None, fails=False)

case("ho-identity-center-networkadmin-permission-set-creates-service",
     create_service("ho-9", assumed(NET, "AWSReservedSSO_NetworkAdmin_0123456789abcdef", "ops@example.com",
                                    path="/aws-reserved/sso.amazonaws.com/us-east-1/"), NET, True),
     "An IAM Identity Center role from a permission set named NetworkAdmin is not the NetworkAdmin role: administered-by-other.",
     CT + [SRC_CSC, SRC_SSO], alert="VIOLATION", fails=False, messageIncludes=[V("administered-by-other")])

case("ho-network-admin-role-with-path-creates-service",
     create_service("ho-10", assumed(NET, "NetworkAdmin", "pulumi-prod-network", path="/network/"), NET, True),
     "A role named NetworkAdmin under path /network/ is not perimeter.networkAdminRole as the SCP matches it (arn:aws:iam::*:role/NetworkAdmin, no path): administered-by-other, and the alert says the role must have no path (README, docs/perimeter.md and the definition reference now say so).",
     CT + [SRC_CSC, SRC_IDS], alert="VIOLATION", fails=False, messageIncludes=[V("administered-by-other"), "must have no path"])

case("ho-impostor-role-under-networkadmin-path",
     create_service("ho-11", assumed(NET, "Impostor", "NetworkAdmin", path="/NetworkAdmin/"), NET, True),
     "A role named Impostor under path /NetworkAdmin/ with session name NetworkAdmin is not the network admin role.",
     CT + [SRC_CSC, SRC_IDS], alert="VIOLATION", fails=False, messageIncludes=[V("administered-by-other")])

case("ho-federated-user-named-networkadmin",
     create_service("ho-12", federated(NET, "NetworkAdmin", "ci-bot"), NET, True),
     "A GetFederationToken user named NetworkAdmin is not the network admin role.",
     CT + [SRC_CSC, SRC_FED], alert="VIOLATION", fails=False, messageIncludes=[V("administered-by-other")])

case("ho-saml-session-named-networkadmin-modifies-service",
     modify_service("ho-13", assumed(NET, "ADFS-Engineers", "NetworkAdmin"), NET, True),
     "A SAML-federated role session whose session name is NetworkAdmin is not the network admin role.",
     CT + [SRC_MSC, SRC_SAML], alert="VIOLATION", fails=False, messageIncludes=[V("administered-by-other")])

case("ho-web-identity-session-modifies-permissions",
     modify_permissions("ho-14", assumed(NET, "github-actions-deploy", "gha-run-42",
                                         web={"federatedProvider": "arn:aws:iam::100000000002:oidc-provider/token.actions.githubusercontent.com",
                                              "attributes": {}}),
                        NET, add=[f"arn:aws:iam::{ORD}:root"]),
     "A web-identity (OIDC) role session administering an endpoint service is administered-by-other.",
     CT + [SRC_MSP], alert="VIOLATION", fails=False, messageIncludes=[V("administered-by-other")])

case("ho-root-in-management-account-modifies-permissions",
     modify_permissions("ho-15", root(MGMT), MGMT, add=[f"arn:aws:iam::{ORD}:root"],
                        service_id="vpce-svc-0aaaa1111bbbb2222"),
     "The root user of the management account (outside every SCP) changing service permissions is administered-by-other.",
     CT + [SRC_MSP], alert="VIOLATION", fails=False, messageIncludes=[V("administered-by-other"), MGMT])

case("ho-cross-account-identity-modifies-service",
     modify_service("ho-16", aws_account(OUTSIDE), NET, True),
     "A call recorded with an AWSAccount identity (another account) is administered-by-other.",
     CT + [SRC_MSC], alert="VIOLATION", fails=False, messageIncludes=[V("administered-by-other")])

case("ho-iam-user-named-networkadmin-accepts",
     accept("ho-17", iam_user(NET, "NetworkAdmin"), NET, ["vpce-0aaaaaaaaaaaaaaa3"]),
     "An IAM user named NetworkAdmin accepting an organization consumer: administered-by-other only.",
     CT + [SRC_AVC], alert="VIOLATION", fails=False, messageIncludes=[V("administered-by-other")])

case("ho-service-linked-role-modifies-permissions",
     modify_permissions("ho-18", assumed(PAY, "AWSServiceRoleForVpcLattice", "VpcLattice",
                                         path="/aws-service-role/vpc-lattice.amazonaws.com/",
                                         invoked_by="vpc-lattice.amazonaws.com"),
                        PAY, add=[f"arn:aws:iam::{ORD}:root"]),
     "A service-linked role administering an endpoint service: NEEDS REVIEW administered-by-aws, not a violation.",
     CT + [SRC_MSP, SRC_SLR], alert="NEEDS REVIEW", fails=False, messageIncludes=[R("administered-by-aws")])

# ========================= evaluator: what is judged =========================
case("ho-admin-adds-late-page-member",
     modify_permissions("ho-19", ADMIN(), NET, add=[f"arn:aws:iam::{LATE}:root"]),
     "The admin allows an organization account that is only on the last ListAccounts page: nothing raised.",
     CT + [SRC_MSP, SRC_ORG], alert=None, fails=False, calls={"ListAccounts": 3})

case("ho-admin-adds-outside-role",
     modify_permissions("ho-20", ADMIN(), NET, add=[f"arn:aws:iam::{OUTSIDE}:role/Partner"]),
     "The admin allows a role of an account outside the organization: permissions-outside-organization.",
     CT + [SRC_MSP], alert="VIOLATION", fails=False, messageIncludes=[V("permissions-outside-organization"), OUTSIDE])

case("ho-admin-adds-trusted-vendor",
     modify_permissions("ho-21", ADMIN(), NET, add=[f"arn:aws:iam::{VENDOR}:root"]),
     "The admin allows the trusted vendor account: nothing raised.",
     CT + [SRC_MSP], alert=None, fails=False)

case("ho-admin-adds-member-and-everyone",
     modify_permissions("ho-22", ADMIN(), NET, add=[f"arn:aws:iam::{ORD}:root", "*"]),
     "Two principals in one call (a list of {tag, content}): a member and *: permissions-everyone.",
     CT + [SRC_MSP], alert="VIOLATION", fails=False, messageIncludes=[V("permissions-everyone")])

case("ho-admin-removes-everyone",
     modify_permissions("ho-23", ADMIN(), NET, remove=["*"]),
     "Removing * is not adding it: nothing raised.",
     CT + [SRC_MSP], alert=None, fails=False)

case("ho-admin-creates-service-auto-accept",
     create_service("ho-24", ADMIN(), NET, False),
     "The admin creates a service that auto-accepts: acceptance-not-required.",
     CT + [SRC_CSC], alert="VIOLATION", fails=False, messageIncludes=[V("acceptance-not-required")])

case("ho-admin-turns-acceptance-off",
     modify_service("ho-25", ADMIN(), NET, False),
     "The admin turns acceptance off on an existing service: acceptance-not-required.",
     CT + [SRC_MSC], alert="VIOLATION", fails=False, messageIncludes=[V("acceptance-not-required")])

case("ho-admin-accepts-outside-and-member-endpoints",
     accept("ho-26", ADMIN(PAY), PAY, ["vpce-0aaaaaaaaaaaaaaa3", "vpce-0aaaaaaaaaaaaaaa1"]),
     "The admin accepts two endpoints in one call, the second owned outside the organization: connection-outside-organization.",
     CT + [SRC_AVC], alert="VIOLATION", fails=False,
     messageIncludes=[V("connection-outside-organization"), "vpce-0aaaaaaaaaaaaaaa1"],
     callAccounts={"DescribeVpcEndpointConnections": [PAY]})

case("ho-admin-accepts-late-page-endpoint",
     accept("ho-27", ADMIN(PAY), PAY, ["vpce-0aaaaaaaaaaaaaaa2"]),
     "The admin accepts an endpoint owned by an organization member on the last ListAccounts page: nothing raised.",
     CT + [SRC_AVC, SRC_ORG], alert=None, fails=False)

case("ho-developer-rejects-connection",
     accept("ho-28", DEV(PAY), PAY, ["vpce-0aaaaaaaaaaaaaaa1"], event_name="RejectVpcEndpointConnections"),
     "Rejecting a connection is endpoint-service administration: by a developer role it is administered-by-other.",
     CT + [SRC_RVC], alert="VIOLATION", fails=False, messageIncludes=[V("administered-by-other")])

case("ho-admin-deletes-service",
     ct_event("ho-29", "DeleteVpcEndpointServiceConfigurations", ADMIN(), NET,
              {"ServiceId": tags("vpce-svc-0123456789abcdef0")}, {"unsuccessful": ""}),
     "The admin deletes a service: nothing raised.",
     CT + [SRC_DSC], alert=None, fails=False)

case("ho-developer-service-notification",
     ct_event("ho-30", "CreateVpcEndpointConnectionNotification", DEV(PAY), PAY,
              {"ServiceId": "vpce-svc-0123456789abcdef0",
               "ConnectionNotificationArn": f"arn:aws:sns:us-east-1:{PAY}:own-topic",
               "ConnectionEvents": tags("Connect", "Accept")},
              {"connectionNotification": {"connectionNotificationId": "vpce-nfn-0123456789abcdef0",
                                          "serviceId": "vpce-svc-0123456789abcdef0",
                                          "connectionNotificationType": "Topic",
                                          "connectionNotificationArn": f"arn:aws:sns:us-east-1:{PAY}:own-topic",
                                          "connectionEvents": {"item": ["Connect", "Accept"]},
                                          "connectionNotificationState": "Enabled"}}),
     "A connection notification on a service (ServiceId) authorizes on vpc-endpoint-service: by a developer, administered-by-other.",
     CT + [SRC_CCN], alert="VIOLATION", fails=False, messageIncludes=[V("administered-by-other")])

case("ho-resource-endpoint-outside-organization",
     create_endpoint("ho-31", DEV(), ORD, None, etype="Resource",
                     req_extra={"ResourceConfigurationArn": f"arn:aws:vpc-lattice:us-east-1:{OUTSIDE}:resourceconfiguration/rcfg-0123456789abcdef0"},
                     resp_extra={"resourceConfigurationArn": f"arn:aws:vpc-lattice:us-east-1:{OUTSIDE}:resourceconfiguration/rcfg-0123456789abcdef0"}),
     "A Resource endpoint to a resource configuration owned (per its ARN) outside the organization: untrusted-resource.",
     CT + [SRC_CVE, SRC_LATTICE], alert="VIOLATION", fails=False, messageIncludes=[V("untrusted-resource"), OUTSIDE])

case("ho-service-network-endpoint-late-page-member",
     create_endpoint("ho-32", DEV(), ORD, None, etype="ServiceNetwork",
                     req_extra={"ServiceNetworkArn": f"arn:aws:vpc-lattice:us-east-1:{LATE}:servicenetwork/sn-0123456789abcdef0"},
                     resp_extra={"serviceNetworkArn": f"arn:aws:vpc-lattice:us-east-1:{LATE}:servicenetwork/sn-0123456789abcdef0"}),
     "A ServiceNetwork endpoint to a service network of an organization member (last page): nothing raised.",
     CT + [SRC_CVE, SRC_LATTICE], alert=None, fails=False)

case("ho-gwlb-endpoint-third-party-appliance",
     create_endpoint("ho-33", DEV(), ORD, SVC_GWLB_THIRD, etype="GatewayLoadBalancer"),
     "A Gateway Load Balancer endpoint to an unapproved third-party appliance service: untrusted-service.",
     CT + [SRC_CVE, SRC_GWLB], alert="VIOLATION", fails=False, messageIncludes=[V("untrusted-service")])

# ========================= failover Region =========================
case("ho-failover-region-endpoint-to-third-party",
     create_endpoint("ho-34", DEV(), ORD, SVC_THIRD_W, region="us-west-2"),
     "In the failover Region an endpoint to a third-party service is a violation, looked up in that Region.",
     CT + [SRC_CVE], alert="VIOLATION", fails=False, messageIncludes=[V("untrusted-service"), "us-west-2"],
     callRegions={"DescribeVpcEndpointServices": ["us-west-2"]})

case("ho-failover-region-endpoint-to-org-service",
     create_endpoint("ho-35", DEV(), ORD, SVC_ORG_W, region="us-west-2"),
     "In the failover Region an endpoint to the organization's own service raises nothing.",
     CT + [SRC_CVE], alert=None, fails=False, callRegions={"DescribeVpcEndpointServices": ["us-west-2"]})

case("ho-failover-region-developer-creates-auto-accept-service-in-management",
     create_service("ho-36", assumed(MGMT, "Developer", "jane@example.com"), MGMT, False, region="us-west-2"),
     "In the failover Region, a developer in the management account creates an auto-accepting service: both violations.",
     CT + [SRC_CSC], alert="VIOLATION", fails=False,
     messageIncludes=[V("administered-by-other"), V("acceptance-not-required"), "us-west-2"])

case("ho-cross-region-endpoint-to-third-party",
     create_endpoint("ho-37", DEV(), ORD, SVC_THIRD_W, req_extra={"ServiceRegion": "us-west-2"},
                     resp_extra={"serviceRegion": "us-west-2"}),
     "A cross-Region interface endpoint in us-east-1 (ServiceRegion us-west-2) to a third-party us-west-2 service: violation.",
     CT + [SRC_CVE, SRC_XREG], alert="VIOLATION", fails=False, messageIncludes=[V("untrusted-service")])

# ========================= failed calls =========================
case("ho-failed-create-endpoint-unauthorized",
     create_endpoint("ho-38", DEV(), ORD, SVC_THIRD,
                     error=("Client.UnauthorizedOperation", "You are not authorized to perform this operation.")),
     "A CreateVpcEndpoint that failed (errorCode, no responseElements) created nothing: no alert.",
     CT + [SRC_CVE, SRC_ERR], alert=None, fails=False)

case("ho-failed-modify-permissions-by-developer",
     modify_permissions("ho-39", DEV(NET), NET, add=["*"],
                        error=("Client.UnauthorizedOperation", "You are not authorized to perform this operation. User: arn:aws:sts::100000000002:assumed-role/Developer/jane@example.com is not authorized to perform: ec2:ModifyVpcEndpointServicePermissions with an explicit deny in a service control policy")),
     "A denied attempt to add * (the SCP worked) changed nothing: no violation.",
     CT + [SRC_MSP, SRC_ERR], alert=None, fails=False)

case("ho-dry-run-create-service",
     create_service("ho-40", DEV(NET), NET, False,
                    error=("Client.DryRunOperation", "Request would have succeeded, but DryRun flag is set.")),
     "A DryRun call changes nothing: no alert.",
     CT + [SRC_CSC, SRC_ERR], alert=None, fails=False)

# ========================= faults =========================
THROTTLE_EC2 = "RequestLimitExceeded"
case("ho-fault-throttled-every-page-and-call-recovers",
     modify_permissions("ho-41", DEV(NET), NET, add=[f"arn:aws:iam::{LATE}:root"]),
     "Throttling once on every ListAccounts page and on Publish: the retries recover and the developer's change is still reported.",
     CT + [SRC_MSP, SRC_RETRY], alert="VIOLATION", fails=False, messageIncludes=[V("administered-by-other")],
     calls={"ListAccounts": 6, "Publish": 2},
     world={"faults": [{"operation": "ListAccounts", "page": 1}, {"operation": "ListAccounts", "page": 2},
                       {"operation": "ListAccounts", "page": 3}, {"operation": "Publish", "call": 1}]})

case("ho-fault-endpoint-lookup-always-throttled",
     create_endpoint("ho-42", DEV(), ORD, SVC_THIRD),
     "DescribeVpcEndpointServices throttled on every attempt: COULD NOT DECIDE lookup-failed after 5 attempts.",
     CT + [SRC_CVE, SRC_RETRY], alert="COULD NOT DECIDE", fails=False, messageIncludes=[U("lookup-failed")],
     calls={"DescribeVpcEndpointServices": 5},
     world={"faults": [{"operation": "DescribeVpcEndpointServices", "times": "always", "error": THROTTLE_EC2}]})

case("ho-fault-organization-access-denied",
     create_endpoint("ho-43", DEV(), ORD, SVC_ORG),
     "ListAccounts denied (no delegated administrator): not retried, COULD NOT DECIDE organization-unavailable.",
     CT + [SRC_CVE, SRC_ORG], alert="COULD NOT DECIDE", fails=False, messageIncludes=[U("organization-unavailable")],
     calls={"ListAccounts": 1},
     world={"faults": [{"operation": "ListAccounts", "times": "always", "error": "AccessDeniedException", "status": 400}]})

case("ho-fault-org-fails-on-last-page-everyone-after-member",
     modify_permissions("ho-44", ADMIN(), NET, add=[f"arn:aws:iam::{LATE}:root", "*"]),
     "ListAccounts fails on page 3 always; * listed after the member principal is still a VIOLATION, the member undecided.",
     CT + [SRC_MSP, SRC_ORG], alert="VIOLATION", fails=False,
     messageIncludes=[V("permissions-everyone"), U("organization-unavailable")],
     world={"faults": [{"operation": "ListAccounts", "page": 3, "times": "always", "error": "TooManyRequestsException"}]})

case("ho-fault-timeouts-recover",
     create_endpoint("ho-45", DEV(), ORD, SVC_LATE),
     "Timeouts (transient) twice on the lookup and once on ListAccounts page 2 recover: nothing raised.",
     CT + [SRC_CVE, SRC_RETRY], alert=None, fails=False,
     calls={"DescribeVpcEndpointServices": 3, "ListAccounts": 4},
     world={"faults": [{"operation": "DescribeVpcEndpointServices", "times": 2, "error": "TimeoutError"},
                       {"operation": "ListAccounts", "page": 2, "error": "RequestTimeout", "status": 408}]})

case("ho-fault-ec2-internal-error-recovers",
     accept("ho-46", ADMIN(PAY), PAY, ["vpce-0aaaaaaaaaaaaaaa1"]),
     "EC2 InternalError (500) once on DescribeVpcEndpointConnections recovers: the outside consumer is still a violation.",
     CT + [SRC_AVC, SRC_ERR], alert="VIOLATION", fails=False, messageIncludes=[V("connection-outside-organization")],
     calls={"DescribeVpcEndpointConnections": 2},
     world={"faults": [{"operation": "DescribeVpcEndpointConnections", "error": "InternalError", "status": 500}]})

case("ho-fault-inspector-denied",
     accept("ho-47", ADMIN(PAY), PAY, ["vpce-0aaaaaaaaaaaaaaa3"]),
     "DescribeVpcEndpointConnections denied (UnauthorizedOperation): not retried, COULD NOT DECIDE lookup-failed.",
     CT + [SRC_AVC, SRC_ERR], alert="COULD NOT DECIDE", fails=False, messageIncludes=[U("lookup-failed")],
     calls={"DescribeVpcEndpointConnections": 1},
     world={"faults": [{"operation": "DescribeVpcEndpointConnections", "times": "always", "error": "UnauthorizedOperation", "status": 403}]})

case("ho-fault-publish-always-throttled-fails",
     create_endpoint("ho-48", DEV(), ORD, SVC_THIRD),
     "SNS Publish throttled on every attempt: the function fails so Lambda retries it and keeps the record.",
     CT + [SRC_CVE, SRC_LAMBDA], fails=True, calls={"Publish": 5},
     world={"faults": [{"operation": "Publish", "times": "always", "error": "Throttling"}]})

# ========================= malformed =========================
case("ho-malformed-missing-service-name",
     ct_event("ho-49", "CreateVpcEndpoint", DEV(), ORD, {"VpcId": "vpc-0123456789abcdef0", "VpcEndpointType": "Interface"},
              None),
     "A CreateVpcEndpoint record with neither service name nor response: COULD NOT DECIDE event-incomplete.",
     CT + [SRC_CVE], alert="COULD NOT DECIDE", fails=False, messageIncludes=[U("event-incomplete")])

case("ho-malformed-empty-object",
     {},
     "An empty event: COULD NOT DECIDE event-incomplete, never silence.",
     [SRC_EB], alert="COULD NOT DECIDE", fails=False, messageIncludes=[U("event-incomplete")])

case("ho-malformed-detail-is-string",
     {"version": "0", "id": eid("ho-51"), "detail-type": "AWS API Call via CloudTrail", "source": "aws.ec2",
      "account": ORD, "time": "2025-03-04T10:11:12Z", "region": "us-east-1", "resources": [],
      "detail": "{\"eventName\":\"CreateVpcEndpoint\"}"},
     "A CloudTrail envelope whose detail is a string, not an object: COULD NOT DECIDE event-incomplete.",
     [SRC_EB], alert="COULD NOT DECIDE", fails=False, messageIncludes=[U("event-incomplete")])

case("ho-malformed-user-identity-missing-admin-call",
     (lambda e: (e["detail"].pop("userIdentity"), e)[1])(modify_service("ho-52", ADMIN(), NET, False)),
     "An administration call with no userIdentity: the caller is undecided and acceptance-not-required is still reported.",
     CT + [SRC_MSC], alert="VIOLATION", fails=False,
     messageIncludes=[V("acceptance-not-required"), U("event-incomplete")])

# ========================= replay =========================
inner = create_endpoint("ho-53", DEV(), ORD, SVC_THIRD)
case("ho-replay-on-failure-record",
     {"version": "1.0", "timestamp": "2025-03-04T10:20:00.000Z",
      "requestContext": {"requestId": eid("ho-53-ctx"),
                         "functionArn": f"arn:aws:lambda:us-east-1:{SEC}:function:prod-privatelink-governance-evaluator:$LATEST",
                         "condition": "RetriesExhausted", "approximateInvokeCount": 3},
      "requestPayload": inner,
      "responseContext": {"statusCode": 200, "executedVersion": "$LATEST", "functionError": "Unhandled"},
      "responsePayload": {"errorType": "ThrottlingException", "errorMessage": "Rate exceeded"}},
     "A Lambda on-failure record (invocation record) replayed to the evaluator is judged like its request payload.",
     [SRC_LAMBDA, SRC_EB], alert="VIOLATION", fails=False, messageIncludes=[V("untrusted-service")])

# ========================= AWS Config rule =========================
CF = [SRC_CFG, SRC_CFGN]
S1, S2, S3 = "vpce-svc-0123456789abcdef0", "vpce-svc-0aaaa1111bbbb2222", "vpce-svc-0cccc3333dddd4444"

case("ho-config-change-compliant",
     config_event(ci(S1)),
     "A change notification for a service that requires acceptance, notifies Connect+Accept and admits one member: COMPLIANT.",
     CF, fails=False, evaluations=[{"resourceId": S1, "complianceType": "COMPLIANT"}],
     world={"ownedServices": [GOOD(S1)]})

case("ho-config-change-auto-accept",
     config_event(ci(S1)),
     "A change notification for a service that auto-accepts: NON_COMPLIANT.",
     CF, fails=False, evaluations=[{"resourceId": S1, "complianceType": "NON_COMPLIANT"}],
     world={"ownedServices": [dict(GOOD(S1), acceptanceRequired=False)]})

case("ho-config-change-notification-disabled",
     config_event(ci(S1)),
     "The only connection notification is Disabled: NON_COMPLIANT.",
     CF, fails=False, evaluations=[{"resourceId": S1, "complianceType": "NON_COMPLIANT"}],
     world={"ownedServices": [dict(GOOD(S1), notifications=[{"state": "Disabled", "events": ["Connect", "Accept"]}])]})

case("ho-config-change-notification-accept-only",
     config_event(ci(S1)),
     "A notification on Accept only (no Connect): NON_COMPLIANT.",
     CF, fails=False, evaluations=[{"resourceId": S1, "complianceType": "NON_COMPLIANT"}],
     world={"ownedServices": [dict(GOOD(S1), notifications=[{"state": "Enabled", "events": ["Accept"]}])]})

case("ho-config-change-everyone",
     config_event(ci(S1)),
     "A service that admits *: NON_COMPLIANT.",
     CF, fails=False, evaluations=[{"resourceId": S1, "complianceType": "NON_COMPLIANT"}],
     world={"ownedServices": [dict(GOOD(S1), allowedPrincipals=["*"])]})

case("ho-config-oversized-compliant",
     config_event(oversized(S1)),
     "An oversized change notification (configurationItemSummary only) for a compliant service: COMPLIANT.",
     CF, fails=False, evaluations=[{"resourceId": S1, "complianceType": "COMPLIANT"}],
     world={"ownedServices": [GOOD(S1)],
            "configItems": [{"resourceType": "AWS::EC2::VPCEndpointService", "resourceId": S1, "configurationItemStatus": "OK"}]})

case("ho-config-oversized-deleted",
     config_event(oversized(S2, change="DELETE", status="ResourceDeleted")),
     "An oversized notification for a deleted service: NOT_APPLICABLE.",
     CF, fails=False, evaluations=[{"resourceId": S2, "complianceType": "NOT_APPLICABLE"}],
     world={"ownedServices": [GOOD(S1)],
            "configItems": [{"resourceType": "AWS::EC2::VPCEndpointService", "resourceId": S2, "configurationItemStatus": "ResourceDeleted"}]})

case("ho-config-change-deleted",
     config_event(ci(S2, status="ResourceDeleted")),
     "A change notification with configurationItemStatus ResourceDeleted: NOT_APPLICABLE.",
     CF, fails=False, evaluations=[{"resourceId": S2, "complianceType": "NOT_APPLICABLE"}],
     world={"ownedServices": [GOOD(S1)]})

case("ho-config-left-scope",
     config_event(ci(S1), left_scope=True),
     "eventLeftScope true: NOT_APPLICABLE, as the Config event docs say.",
     CF, fails=False, evaluations=[{"resourceId": S1, "complianceType": "NOT_APPLICABLE"}],
     world={"ownedServices": [dict(GOOD(S1), acceptanceRequired=False)]})

case("ho-config-other-resource-type",
     config_event(ci("i-0123456789abcdef0", rtype="AWS::EC2::Instance", config={"instanceId": "i-0123456789abcdef0"})),
     "A change notification for a resource type outside the rule's scope: NOT_APPLICABLE for it (AWS's sample).",
     CF, fails=False,
     evaluations=[{"resourceType": "AWS::EC2::Instance", "resourceId": "i-0123456789abcdef0", "complianceType": "NOT_APPLICABLE"}],
     world={"ownedServices": [GOOD(S1)]})

case("ho-config-scheduled-mixed-and-stale",
     config_event(scheduled()),
     "Daily run: one compliant, one admitting *, one without notification; a service evaluated before but gone is NOT_APPLICABLE.",
     CF + [SRC_PE], fails=False,
     evaluations=[{"resourceId": S1, "complianceType": "COMPLIANT"},
                  {"resourceId": S2, "complianceType": "NON_COMPLIANT"},
                  {"resourceId": S3, "complianceType": "NON_COMPLIANT"},
                  {"resourceId": "vpce-svc-0eeee5555ffff6666", "complianceType": "NOT_APPLICABLE"}],
     world={"ownedServices": [GOOD(S1), dict(GOOD(S2), allowedPrincipals=["*"]), dict(GOOD(S3), notifications=[])],
            "previousEvaluations": [{"resourceType": "AWS::EC2::VPCEndpointService", "resourceId": "vpce-svc-0eeee5555ffff6666", "complianceType": "NON_COMPLIANT"},
                                    {"resourceType": "AWS::EC2::VPCEndpointService", "resourceId": S1, "complianceType": "COMPLIANT"}]})

case("ho-config-scheduled-throttled-every-page",
     config_event(scheduled()),
     "Daily run with page size 1 and throttling once on every page of every read: all three services still evaluated.",
     CF + [SRC_RETRY], fails=False,
     evaluations=[{"resourceId": S1, "complianceType": "COMPLIANT"},
                  {"resourceId": S2, "complianceType": "COMPLIANT"},
                  {"resourceId": S3, "complianceType": "NON_COMPLIANT"}],
     world={"pageSize": 1,
            "ownedServices": [GOOD(S1), GOOD(S2), dict(GOOD(S3), acceptanceRequired=False)],
            "faults": [{"operation": "DescribeVpcEndpointServiceConfigurations", "page": p} for p in (1, 2, 3)]
                    + [{"operation": "DescribeVpcEndpointConnectionNotifications", "page": p} for p in (1, 2, 3)]
                    + [{"operation": "PutEvaluations", "call": 1}]})

case("ho-config-read-denied-could-not-decide",
     config_event(ci(S1)),
     "The rule cannot read the service (UnauthorizedOperation): NON_COMPLIANT with an annotation starting COULD NOT DECIDE.",
     CF, fails=True,
     evaluations=[{"resourceId": S1, "complianceType": "NON_COMPLIANT", "annotationIncludes": "COULD NOT DECIDE"}],
     world={"ownedServices": [GOOD(S1)],
            "faults": [{"operation": "DescribeVpcEndpointServiceConfigurations", "times": "always", "error": "UnauthorizedOperation", "status": 403}]})

case("ho-config-put-evaluations-denied-fails",
     config_event(ci(S1)),
     "PutEvaluations denied: the function fails (Lambda retries, then the on-failure destination).",
     CF + [SRC_LAMBDA], fails=True,
     world={"ownedServices": [GOOD(S1)],
            "faults": [{"operation": "PutEvaluations", "times": "always", "error": "AccessDeniedException", "status": 400}]})

case("ho-config-failover-region-change",
     config_event(ci(S1, region="us-west-2"), region="us-west-2"),
     "The rule in the failover Region evaluates a service there: NON_COMPLIANT (auto-accept).",
     CF, fails=False, evaluations=[{"resourceId": S1, "complianceType": "NON_COMPLIANT"}],
     world={"region": "us-west-2", "ownedServices": [dict(GOOD(S1), acceptanceRequired=False)]})


# ========================= batch 2 (written after the first run, still from AWS docs) =========================
SRC_SNS = "https://docs.aws.amazon.com/sns/latest/api/API_Publish.html"
SRC_DSVC = "https://docs.aws.amazon.com/AWSEC2/latest/APIReference/API_ServiceDetail.html"
SVC_VENDOR_W = "com.amazonaws.vpce.us-west-2.vpce-svc-04646225320120000"
SVC_SAGEMAKER = "aws.sagemaker.us-east-1.notebook"
SVC_OWN = "com.amazonaws.vpce.us-east-1.vpce-svc-0200000000020000a"
WORLD["endpointServices"] += [
    {"serviceName": SVC_VENDOR_W, "owner": VENDOR, "region": "us-west-2"},
    {"serviceName": SVC_SAGEMAKER, "owner": "amazon"},
    {"serviceName": SVC_OWN, "owner": ORD},
]

case("ho-trusted-account-service-not-approved",
     create_endpoint("ho-60", DEV(), ORD, SVC_VENDOR_W, region="us-west-2"),
     "A service owned by the trusted vendor but not in approvedEndpointServices (names compared exactly): untrusted-service.",
     CT + [SRC_CVE], alert="VIOLATION", fails=False, messageIncludes=[V("untrusted-service")])

case("ho-aws-service-name-not-com-amazonaws",
     create_endpoint("ho-61", DEV(), ORD, SVC_SAGEMAKER),
     "An AWS service whose name is not com.amazonaws.* (SageMaker notebook, owner amazon): nothing raised.",
     CT + [SRC_CVE, SRC_DSVC], alert=None, fails=False)

case("ho-endpoint-to-own-account-service",
     create_endpoint("ho-62", DEV(), ORD, SVC_OWN),
     "An endpoint to a service the caller's own account owns: nothing raised.",
     CT + [SRC_CVE], alert=None, fails=False)

_acc = accept("ho-63", ADMIN(PAY), PAY, ["vpce-0aaaaaaaaaaaaaaa3", "vpce-0aaaaaaaaaaaaaaa1"])
_acc["detail"]["responseElements"]["AcceptVpcEndpointConnectionsResponse"]["unsuccessful"] = {
    "item": {"error": {"code": "InvalidVpcEndpointState", "message": "Endpoint vpce-0aaaaaaaaaaaaaaa1 is not in pendingAcceptance state"},
             "resourceId": "vpce-0aaaaaaaaaaaaaaa1"}}
case("ho-accept-outside-endpoint-unsuccessful",
     _acc,
     "The outside endpoint is listed in 'unsuccessful' (not accepted); only the member was accepted: nothing raised.",
     CT + [SRC_AVC], alert=None, fails=False)

_cs = create_service("ho-64", ADMIN(), NET, False)
del _cs["detail"]["requestParameters"]["CreateVpcEndpointServiceConfigurationRequest"]["AcceptanceRequired"]
case("ho-create-service-acceptance-omitted",
     _cs,
     "AcceptanceRequired omitted from the request; the response says acceptanceRequired false: acceptance-not-required.",
     CT + [SRC_CSC], alert="VIOLATION", fails=False, messageIncludes=[V("acceptance-not-required")])

case("ho-admin-adds-supported-region",
     ct_event("ho-65", "ModifyVpcEndpointServiceConfiguration", ADMIN(), NET,
              {"ServiceId": "vpce-svc-0123456789abcdef0", "AddSupportedRegion": tags("us-west-2")}, {"return": True}),
     "The admin enables a supported Region (no AcceptanceRequired in the request): nothing raised.",
     CT + [SRC_MSC], alert=None, fails=False)

case("ho-subject-length-ap-southeast-2",
     ct_event("ho-66", "StartVpcEndpointServicePrivateDnsVerification", assumed(MGMT, "Developer", "jane@example.com"), MGMT,
              {"ServiceId": "vpce-svc-0aaaa1111bbbb2222"}, {"return": True}, region="ap-southeast-2"),
     "A developer starts private DNS verification in ap-southeast-2: VIOLATION, published with a Subject SNS accepts (< 100 characters).",
     CT + [SRC_SNS], alert="VIOLATION", fails=False, messageIncludes=[V("administered-by-other")],
     world={"region": "ap-southeast-2"})

case("ho-malformed-null-event",
     None,
     "A null event: COULD NOT DECIDE, never silence, never an unhandled crash.",
     [SRC_EB], alert="COULD NOT DECIDE", fails=False)

case("ho-identity-center-user-modifies-permissions",
     modify_permissions("ho-68", {"type": "IdentityCenterUser", "accountId": NET,
                                  "onBehalfOf": {"userId": "544894e8-80c1-707f-60e3-3ba6510dfac1",
                                                 "identityStoreArn": "arn:aws:identitystore::100000000001:identitystore/d-9067642ac7"},
                                  "credentialId": "EXAMPLEVHULjJdTUdPJfofVa1sufHDoj7aYcOYcxFVllWR_Whr1fEXAMPLE"},
                        NET, add=[f"arn:aws:iam::{ORD}:root"]),
     "A request on behalf of an IAM Identity Center user (userIdentity type IdentityCenterUser): administered-by-other.",
     CT + [SRC_MSP], alert="VIOLATION", fails=False, messageIncludes=[V("administered-by-other")])

case("ho-config-scheduled-more-than-100-services",
     config_event(scheduled()),
     "150 owned services: every one evaluated, PutEvaluations takes at most 100 evaluations per call, so two calls.",
     CF + [SRC_PE], fails=False,
     evaluations=[{"resourceId": f"vpce-svc-0{i:016x}", "complianceType": "COMPLIANT"} for i in range(150)],
     calls={"PutEvaluations": 2},
     world={"ownedServices": [GOOD(f"vpce-svc-0{i:016x}") for i in range(150)]})

# ========================= batch 3: documented request shapes of the notification calls =========================
SRC_MCN = "https://docs.aws.amazon.com/AWSEC2/latest/APIReference/API_ModifyVpcEndpointConnectionNotification.html"
SRC_DCN = "https://docs.aws.amazon.com/AWSEC2/latest/APIReference/API_DeleteVpcEndpointConnectionNotifications.html"

case("ho-developer-deletes-connection-notification",
     ct_event("ho-70", "DeleteVpcEndpointConnectionNotifications", DEV(NET), NET,
              {"ConnectionNotificationId": tags("vpce-nfn-0123456789abcdef0")}, {"unsuccessful": ""}),
     "DeleteVpcEndpointConnectionNotifications has only ConnectionNotificationId (no ServiceId), and a deleted notification cannot be looked up: the record cannot say whether a service's notification was removed, so a developer's delete is COULD NOT DECIDE, never silence.",
     CT + [SRC_DCN], alert="COULD NOT DECIDE", fails=False, messageIncludes=[U("notification-target-unknown")])

case("ho-developer-modifies-connection-notification",
     ct_event("ho-71", "ModifyVpcEndpointConnectionNotification", DEV(NET), NET,
              {"ConnectionNotificationId": "vpce-nfn-0123456789abcdef0", "ConnectionEvents": tags("Reject")},
              {"return": True}),
     "ModifyVpcEndpointConnectionNotification (no ServiceId parameter) narrows a notification to Reject only; the notification is not found in the account any more (this world has none), so whose it was is unknown: COULD NOT DECIDE, never silence.",
     CT + [SRC_MCN], alert="COULD NOT DECIDE", fails=False, messageIncludes=[U("notification-target-unknown")])

case("ho-unknown-identity-start-dns-verification-failover",
     ct_event("ho-72", "StartVpcEndpointServicePrivateDnsVerification",
              {"type": "Unknown", "principalId": "AIDAUNKNOWNEXAMPLE01", "accountId": NET, "userName": "x"}, NET,
              {"ServiceId": "vpce-svc-0123456789abcdef0"}, {"return": True}, region="us-west-2"),
     "An Unknown identity type (documented) administers a service in the failover Region: COULD NOT DECIDE, published with a Subject SNS accepts (< 100 characters).",
     CT + ["https://docs.aws.amazon.com/sns/latest/api/API_Publish.html"], alert="COULD NOT DECIDE", fails=False,
     world={"region": "us-west-2"})

def main():
    if os.path.isdir(CASES):
        shutil.rmtree(CASES)
    os.makedirs(CASES)
    with open(os.path.join(CASES, "world.json"), "w") as f:
        json.dump(WORLD, f, indent=2)
    for name, (event, expected, world) in cases.items():
        d = os.path.join(CASES, name)
        os.makedirs(d)
        with open(os.path.join(d, "event.json"), "w") as f:
            json.dump(event, f, indent=2)
        with open(os.path.join(d, "expected.json"), "w") as f:
            json.dump(expected, f, indent=2)
        if world:
            with open(os.path.join(d, "world.json"), "w") as f:
                json.dump(world, f, indent=2)
    print(f"{len(cases)} cases in {CASES}")

if __name__ == "__main__":
    main()
