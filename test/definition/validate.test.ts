import * as assert from "assert";
import * as path from "path";
import { loadDefinitionFile } from "../../program/load";
import { estimateTgwRoutes, validateDefinition } from "../../definition/validate";
import { at, base, edit, errors, expectClean, expectDiagnostic, load, orgBase } from "./helpers";
import { ownerUnitOfAccount, unitsOf } from "../../definition/units";

const oo = (text: string) => load(text, "oo.yaml");
const inOrg = { file: "oo.yaml" };

/** base with N extra spokes in domain apps, 10.<10+i>.0.0/16 ... (one /24 per spoke beyond 245). */
function withSpokes(count: number, text = base): string {
    const lines: string[] = [];
    for (let i = 0; i < count; i++) {
        const cidr = `10.${100 + Math.floor(i / 256)}.${i % 256}.0/24`;
        lines.push(`  - name: s${i}\n    account: sandbox\n    cidr: ${cidr}\n    domain: apps\n`);
    }
    return text + lines.join("");
}

describe("definition validation: CIDR blocks", () => {
    it("rejects octets above 255", () => {
        const text = edit(base, "cidr: 10.1.0.0/16", "cidr: 10.300.0.0/16");
        expectDiagnostic(load(text), { path: "spokes[0].cidr", message: "10.300.0.0/16: octet 300 is out of range (each of the four numbers must be 0-255)", ...at(text, "10.300") });
    });

    it("rejects host bits and proposes the network address", () => {
        const text = edit(base, "cidr: 10.0.0.0/21", "cidr: 10.0.0.1/21");
        expectDiagnostic(load(text), { path: "network.hub.cidr", message: "10.0.0.1/21 is not a network address (host bits are set); did you mean 10.0.0.0/21?", ...at(text, "10.0.0.1/21") });
    });

    it("requires VPC CIDRs between /16 and /28", () => {
        const big = edit(base, "cidr: 10.1.0.0/16", "cidr: 10.0.0.0/8");
        expectDiagnostic(load(big), { path: "spokes[0].cidr", message: "10.0.0.0/8: a VPC CIDR block must be between /16 and /28 (Amazon VPC CIDR block rules); got /8", ...at(big, "10.0.0.0/8") });
        const small = edit(base, "cidr: 10.1.0.0/16", "cidr: 10.1.0.0/29");
        expectDiagnostic(load(small), { path: "spokes[0].cidr", message: /got \/29$/, ...at(small, "10.1.0.0/29") });
        const prefix = edit(base, "cidr: 10.1.0.0/16", "cidr: 10.1.0.0/33");
        expectDiagnostic(load(prefix), { path: "spokes[0].cidr", message: "10.1.0.0/33: prefix /33 is out of range (0-32)" });
    });

    it("warns about VPCs in public address space", () => {
        const text = edit(base, "cidr: 10.2.0.0/16", "cidr: 52.2.0.0/16");
        expectDiagnostic(load(text), { path: "spokes[1].cidr", severity: "warning", message: /is not private address space/, ...at(text, "52.2.0.0/16") });
    });

    it("reports overlapping spokes, hub and on-premises ranges at the later one", () => {
        const spokes = edit(base, "cidr: 10.2.0.0/16", "cidr: 10.1.128.0/17");
        expectDiagnostic(load(spokes), {
            path: "spokes[1].cidr",
            message: '10.1.128.0/17 overlaps 10.1.0.0/16 of spoke "app-a" (spokes[0]); every VPC and on-premises range must have its own addresses to be routable',
            ...at(spokes, "10.1.128.0/17"),
        });
        const hub = edit(base, "cidr: 10.1.0.0/16", "cidr: 10.0.0.0/16");
        expectDiagnostic(load(hub), { path: "spokes[0].cidr", message: /^10\.0\.0\.0\/16 overlaps 10\.0\.0\.0\/21 of the hub \(network\.hub\.cidr\)/, ...at(hub, "10.0.0.0/16") });
        const onprem = edit(orgBase, "cidrs: [172.16.0.0/12]", "cidrs: [172.16.0.0/12, 10.17.0.0/16]");
        expectDiagnostic(oo(onprem), { ...inOrg, path: "network.dns.onPremises.cidrs[1]", message: /^10\.17\.0\.0\/16 overlaps 10\.16\.0\.0\/13, a summary block of domain "prod"/ });
        expectDiagnostic(oo(onprem), { ...inOrg, path: "spokes[1].cidr", message: /^10\.17\.0\.0\/16 overlaps 10\.17\.0\.0\/16 of on-premises range network\.dns\.onPremises\.cidrs\[1\]/, ...at(onprem, "10.17.0.0/16", 2) });
    });

    it("checks domain summary blocks: disjoint, holding their spokes, not capturing others", () => {
        const outside = edit(orgBase, "cidr: 10.17.0.0/16", "cidr: 10.40.0.0/16");
        expectDiagnostic(oo(outside), { ...inOrg, path: "spokes[1].cidr", message: '10.40.0.0/16 is outside the summary blocks of domain "prod" (10.16.0.0/13); blackhole routes to the summary would not cover this spoke', ...at(outside, "10.40.0.0/16") });
        const overlap = edit(orgBase, "      prod:\n", "      dev:\n        reaches: [shared]\n        cidrs: [10.20.0.0/16]\n      prod:\n");
        const r = oo(edit(overlap, "reaches: [prod, onprem]", "reaches: [prod, dev, onprem]"));
        expectDiagnostic(r, { ...inOrg, path: "network.transitGateway.domains.prod.cidrs[0]", message: /^summary block 10\.16\.0\.0\/13 of domain "prod" overlaps 10\.20\.0\.0\/16 of domain "dev"/ });
    });

    it("refuses an on-premises range as broad as the internet", () => {
        const text = edit(orgBase, "cidrs: [172.16.0.0/12]", "cidrs: [0.0.0.0/0]");
        expectDiagnostic(oo(text), { ...inOrg, path: "network.dns.onPremises.cidrs[0]", message: /^0\.0\.0\.0\/0 is far too broad for an on-premises range/, ...at(text, "0.0.0.0/0") });
    });

    it("checks IPv4 addresses of targets and DNS servers", () => {
        const text = edit(orgBase, "targetIps: [172.16.0.10]", "targetIps: [172.16.0.256]");
        expectDiagnostic(oo(text), { ...inOrg, path: "network.dns.onPremises.forwardedDomains[0].targetIps[0]", message: "172.16.0.256: each of the four numbers of an IPv4 address must be 0-255", ...at(text, "172.16.0.256") });
        const outside = edit(orgBase, "targetIps: [172.16.0.10]", "targetIps: [192.168.1.1]");
        expectDiagnostic(oo(outside), { ...inOrg, severity: "warning", path: "network.dns.onPremises.forwardedDomains[0].targetIps[0]", message: /not inside network\.dns\.onPremises\.cidrs/ });
    });
});

describe("definition validation: hub and spoke sizes, AZs", () => {
    it("rejects a hub too small for its subnets across its AZs", () => {
        const text = edit(edit(base, "cidr: 10.0.0.0/21", "cidr: 10.0.0.0/26"), "availabilityZones: 2", "availabilityZones: 3");
        const d = expectDiagnostic(load(text), { path: "network.hub.cidr", message: /^hub CIDR 10\.0\.0\.0\/26 is too small for 3 AZs: it needs 288 addresses .* the smallest CIDR that fits is a \/23$/, ...at(text, "10.0.0.0/26") });
        // Said once: the CIDR, "too small" and the AZ count appear one time each.
        assert.strictEqual(d.message.split("too small").length - 1, 1, d.message);
        assert.strictEqual(d.message.split("10.0.0.0/26").length - 1, 1, d.message);
    });

    it("rejects a spoke too small for its subnets", () => {
        const text = edit(base, "cidr: 10.1.0.0/16", "cidr: 10.1.0.0/28");
        const d = expectDiagnostic(load(text), { path: "spokes[0].cidr", message: /^spoke CIDR 10\.1\.0\.0\/28 is too small for 2 AZs: / });
        assert.strictEqual(d.message.split("10.1.0.0/28").length - 1, 1, d.message);
    });

    it("requires AZ names of the definition's region, once each", () => {
        const text = edit(base, "availabilityZones: 2", "availabilityZones: [us-east-1a, eu-west-1b, us-east-1a]");
        const result = load(text);
        expectDiagnostic(result, { path: "network.hub.availabilityZones[1]", message: "availability zone eu-west-1b is not in region us-east-1; expected a name such as us-east-1a", ...at(text, "eu-west-1b") });
        expectDiagnostic(result, { path: "network.hub.availabilityZones[2]", message: "availability zone us-east-1a is listed twice" });
    });
});

describe("definition validation: names and references", () => {
    it("rejects duplicate spoke names and reserved ones", () => {
        const dup = edit(base, "name: app-b", "name: app-a");
        expectDiagnostic(load(dup), { path: "spokes[1].name", message: 'spoke name "app-a" is already used by spokes[0]; spoke names name stacks and must be unique', ...at(dup, "app-a", 2) });
        for (const reserved of ["all", "org", "network", "security"]) {
            const text = edit(base, "name: app-b", `name: ${reserved}`);
            expectDiagnostic(load(text), { path: "spokes[1].name", message: new RegExp(`^"${reserved}" is reserved: it is the ${reserved} unit \\(stack tt-${reserved}\\)`) });
        }
        // hub and onprem name the hub VPC and the on-premises network in routes and the reachability report.
        expectDiagnostic(load(edit(base, "name: app-b", "name: hub")), { path: "spokes[1].name", message: /^"hub" is reserved: it names the shared-services hub VPC/ });
        expectDiagnostic(load(edit(base, "name: app-b", "name: onprem")), { path: "spokes[1].name", message: /^"onprem" is reserved: it names the on-premises network/ });
    });

    it("warns about one account id under two names and duplicate OU ids", () => {
        const text = edit(base, '  sandbox: "111111111111"\n', '  sandbox: "111111111111"\n  other: "111111111111"\n');
        expectDiagnostic(load(text), { severity: "warning", path: "accounts.other", message: 'account id 111111111111 is also "sandbox": names one account twice; each logical name should be a different account', ...at(text, '"111111111111"', 2) });
        const ou = edit(orgBase, "    workloads: ou-ab12-wrkld001\n", "    workloads: ou-ab12-wrkld001\n    again: ou-ab12-wrkld001\n");
        expectDiagnostic(oo(ou), { ...inOrg, severity: "warning", path: "organization.units.again", message: /^OU id ou-ab12-wrkld001 is also "workloads"/ });
    });

    it("rejects references to undefined accounts, with a suggestion", () => {
        const text = edit(base, "    account: sandbox\n    cidr: 10.2.0.0/16", "    account: sandbx\n    cidr: 10.2.0.0/16");
        expectDiagnostic(load(text), { path: "spokes[1].account", message: 'account "sandbx" is not in accounts — did you mean "sandbox"?', ...at(text, "sandbx") });
        const net = edit(base, "  account: sandbox\n  transitGateway", "  account: netops\n  transitGateway");
        expectDiagnostic(load(net), { path: "network.account", message: 'network account "netops" is not in accounts (known: sandbox)', ...at(net, "netops") });
        const sec = oo(orgBase + "security:\n  account: audit\n");
        expectDiagnostic(sec, { ...inOrg, path: "security.account", message: /^security account "audit" is not in accounts/ });
        const bucket = oo(orgBase + "perimeter:\n  protectedBuckets:\n    - name: my-bucket\n      account: nobody\n");
        expectDiagnostic(bucket, { ...inOrg, path: "perimeter.protectedBuckets[0].account", message: /^account "nobody" is not in accounts/ });
    });

    it("rejects references to undefined domains", () => {
        const spoke = edit(base, "    domain: apps\n  - name: app-b", "    domain: ap\n  - name: app-b");
        expectDiagnostic(load(spoke), { path: "spokes[0].domain", message: /^domain "ap" is not defined in network\.transitGateway\.domains/, ...at(spoke, "ap\n") });
        const reach = edit(base, "reaches: [shared, apps]", "reaches: [shared, apps, db]");
        expectDiagnostic(load(reach), { path: "network.transitGateway.domains.apps.reaches[2]", message: 'domain "db" is not defined in network.transitGateway.domains (defined: shared, apps; "onprem" means on-premises)', ...at(reach, "db]") });
    });

    it("rejects references to undefined OUs in shareWith and attachTo", () => {
        const text = edit(orgBase, "shareWith: [workloads]", "shareWith: [workload]") + "perimeter:\n  attachTo: [sandbox]\n";
        const result = oo(text);
        expectDiagnostic(result, { ...inOrg, path: "network.transitGateway.shareWith[0]", message: 'OU "workload" is not in organization.units — did you mean "workloads"?', ...at(text, "workload]") });
        expectDiagnostic(result, { ...inOrg, path: "perimeter.attachTo[0]", message: 'OU "sandbox" is not in organization.units (known: workloads)' });
    });

    it("without an organization, refuses org-only settings and cross-account spokes", () => {
        let text = edit(base, "  transitGateway:\n", "  transitGateway:\n    shareWith: [x1]\n");
        text = edit(text, '  sandbox: "111111111111"\n', '  sandbox: "111111111111"\n  team: "222222222222"\n');
        text = edit(text, "    account: sandbox\n    cidr: 10.2.0.0/16", "    account: team\n    cidr: 10.2.0.0/16");
        text += "perimeter:\n  attachTo: [x1]\n";
        const result = load(text);
        expectDiagnostic(result, { path: "network.transitGateway.shareWith", message: /^network\.transitGateway\.shareWith needs an organization/, ...at(text, "shareWith") });
        expectDiagnostic(result, { path: "perimeter.attachTo", message: /^perimeter\.attachTo needs an organization/, ...at(text, "attachTo") });
        expectDiagnostic(result, { path: "spokes[1].account", message: /^without an organization the transit gateway is not shared through RAM/, ...at(text, "team\n") });
    });

    it("requires the management account with an organization", () => {
        const text = edit(orgBase, '  management: "100000000001"\n', "");
        expectDiagnostic(oo(text), { ...inOrg, path: "accounts", message: /^with an organization, the management account must be listed under the name "management"/, ...at(text, "accounts:") });
    });

    it("warns when a trusted third-party account is one of ours", () => {
        const text = base + 'perimeter:\n  trustedAccounts: ["111111111111"]\n';
        expectDiagnostic(load(text), { severity: "warning", path: "perimeter.trustedAccounts[0]", message: /is the environment's own account "sandbox"/ });
    });

    it("rejects approved endpoint services of another Region", () => {
        const text = base + "perimeter:\n  approvedEndpointServices: [com.amazonaws.vpce.eu-west-1.vpce-svc-0123456789abcdef0]\n";
        expectDiagnostic(load(text), { path: "perimeter.approvedEndpointServices[0]", message: /is in region eu-west-1, but the environment is in us-east-1/ });
    });
});

describe("definition validation: route domains", () => {
    it("requires the shared domain", () => {
        const text = edit(edit(base, "      shared:\n        reaches: [apps]\n", ""), "reaches: [shared, apps]", "reaches: [apps]");
        expectDiagnostic(load(text), { path: "network.transitGateway.domains", message: /^missing domain "shared": the hub VPC/, ...at(text, "domains:") });
    });

    it("refuses spokes in domain onprem", () => {
        const text = edit(base, "    domain: apps\n  - name: app-b", "    domain: onprem\n  - name: app-b");
        expectDiagnostic(load(text), { path: "spokes[0].domain", message: /^a spoke cannot be in domain "onprem"/, ...at(text, "onprem") });
    });

    it("requires an on-premises connection and ranges to reach onprem", () => {
        const text = edit(base, "reaches: [shared, apps]", "reaches: [shared, apps, onprem]");
        const result = load(text);
        const position = at(text, "onprem]");
        expectDiagnostic(result, { path: "network.transitGateway.domains.apps.reaches[2]", message: 'domain "apps" reaches onprem, but network.transitGateway.onPremises (a VPN, a Direct Connect gateway or an existing attachment) is not configured', ...position });
        expectDiagnostic(result, { path: "network.transitGateway.domains.apps.reaches[2]", message: 'domain "apps" reaches onprem, but network.dns.onPremises.cidrs is empty: list the on-premises address ranges to route to', ...position });
    });

    it("rejects a reach that is not reciprocated, naming both domains and the two fixes", () => {
        const text = edit(base, "reaches: [apps]", "reaches: []");
        expectDiagnostic(load(text), {
            severity: "error",
            path: "network.transitGateway.domains.apps.reaches[0]",
            message:
                'domain "apps" reaches "shared" but "shared" does not reach "apps": a transit gateway routes each packet on its own, so replies from "shared" have no route back and no conversation (TCP, ping, DNS) works. Add "apps" to network.transitGateway.domains.shared.reaches; or, if one-way traffic is intended, declare it: add "shared" to network.transitGateway.domains.apps.oneWay',
            ...at(text, "shared, apps"),
        });
        // The smallest case: shared reaches apps, apps reaches nothing.
        const hubOnly = edit(base, "reaches: [shared, apps]", "reaches: []");
        expectDiagnostic(load(hubOnly), { severity: "error", path: "network.transitGateway.domains.shared.reaches[0]", message: /^domain "shared" reaches "apps" but "apps" does not reach "shared"/, ...at(hubOnly, "apps]") });
        // A domain that does not reach itself (isolated) is fine: no reach to reciprocate.
        expectClean(load(edit(base, "reaches: [shared, apps]", "reaches: [shared]")));
    });

    it("accepts a one-way reach declared in oneWay, and reports a declaration that does not hold", () => {
        const declared = edit(base, "reaches: [apps]", "reaches: []").replace("        reaches: [shared, apps]", "        reaches: [shared, apps]\n        oneWay: [shared]");
        expectClean(load(declared));
        const hubOnly = edit(base, "reaches: [shared, apps]", "reaches: []").replace("        reaches: [apps]", "        reaches: [apps]\n        oneWay: [apps]");
        expectClean(load(hubOnly));
        // Not in reaches.
        const stray = edit(base, "        reaches: [shared, apps]", "        reaches: [shared, apps]\n        oneWay: [shared, nope]");
        const strayResult = load(stray);
        expectDiagnostic(strayResult, {
            path: "network.transitGateway.domains.apps.oneWay[1]",
            message: 'domain "apps" declares "nope" one-way, but "nope" is not in its reaches: oneWay only marks a domain of reaches whose replies have no route back. Add "nope" to network.transitGateway.domains.apps.reaches, or remove it here',
            ...at(stray, "nope"),
        });
        // Reciprocated: the path is two-way, the declaration is wrong.
        expectDiagnostic(strayResult, {
            path: "network.transitGateway.domains.apps.oneWay[0]",
            message: 'domain "apps" declares "shared" one-way, but "shared" reaches "apps" back, so the path is two-way. Remove "shared" from network.transitGateway.domains.apps.oneWay (or "apps" from network.transitGateway.domains.shared.reaches if replies must not be routed)',
            ...at(stray, "shared, nope"),
        });
        // A domain reaching itself is always two-way.
        const self = edit(base, "        reaches: [shared, apps]", "        reaches: [shared, apps]\n        oneWay: [apps]");
        expectDiagnostic(load(self), { path: "network.transitGateway.domains.apps.oneWay[0]", message: /^domain "apps" declares "apps" one-way, but "apps" reaches "apps" back/ });
    });

    it("rejects on-premises reaching a domain that does not reach it back, and says the ranges are needed too", () => {
        const text = orgBase.replace("        reaches: [shared, prod, onprem]\n", "        reaches: [shared, prod]\n");
        const result = oo(text);
        expectDiagnostic(result, {
            ...inOrg,
            path: "network.transitGateway.domains.onprem.reaches[1]",
            message: /^domain "onprem" reaches "prod" but "prod" does not reach "onprem": .* Add "onprem" to network\.transitGateway\.domains\.prod\.reaches; or, if one-way traffic is intended, declare it: add "prod" to network\.transitGateway\.domains\.onprem\.oneWay$/,
        });
        // Without on-premises ranges, the fix needs them as well.
        const bare = `environment: tt
region: us-east-1
accounts:
  sandbox: "111111111111"
network:
  account: sandbox
  transitGateway:
    onPremises:
      vpn:
        customerGatewayIp: 198.51.100.7
    domains:
      shared:
        reaches: []
      onprem:
        reaches: [shared]
  hub:
    cidr: 10.0.0.0/21
`;
        expectDiagnostic(load(bare), {
            path: "network.transitGateway.domains.onprem.reaches[0]",
            message: /Add "onprem" to network\.transitGateway\.domains\.shared\.reaches \(reaching onprem also needs the on-premises ranges in network\.dns\.onPremises\.cidrs\); or, if one-way traffic is intended/,
        });
        expectClean(load(bare.replace("        reaches: [shared]\n", "        reaches: [shared]\n        oneWay: [shared]\n")));
    });

    it("refuses a one-way declaration between the hub and on-premises when Resolver endpoints need DNS answers", () => {
        const text = orgBase.replace("        reaches: [prod, onprem]\n", "        reaches: [prod, onprem]\n        oneWay: [onprem]\n").replace("      onprem:\n        reaches: [shared, prod]\n", "      onprem:\n        reaches: [prod]\n");
        expectDiagnostic(oo(text), {
            ...inOrg,
            path: "network.transitGateway.domains.shared.oneWay[0]",
            message: "the Resolver endpoints in the hub need answers from on-premises (DNS is a conversation), but shared declares onprem one-way: remove it from network.transitGateway.domains.shared.oneWay and add shared to network.transitGateway.domains.onprem.reaches",
        });
    });

    it("gives domain onprem no summary blocks: its address space is the on-premises ranges", () => {
        const text = orgBase.replace("      onprem:\n        reaches: [shared, prod]\n", "      onprem:\n        reaches: [shared, prod]\n        cidrs: [192.168.0.0/16]\n");
        expectDiagnostic(oo(text), { ...inOrg, path: "network.transitGateway.domains.onprem.cidrs", message: /^domain "onprem" takes no summary blocks: its address space is network\.dns\.onPremises\.cidrs/ });
    });

    it("requires the hub to reach on-premises for Resolver endpoints", () => {
        const text = edit(orgBase, "reaches: [prod, onprem]", "reaches: [prod]");
        const result = oo(text);
        expectDiagnostic(result, { ...inOrg, path: "network.dns.onPremises.inboundResolver", message: /^on-premises DNS servers reach the inbound Resolver in the hub only if the hub reaches on-premises/, ...at(text, "inboundResolver") });
        expectDiagnostic(result, { ...inOrg, path: "network.dns.onPremises.forwardedDomains", message: /^the outbound Resolver in the hub forwards/ });
    });

    it("checks the ASNs", () => {
        const text = edit(orgBase, "  transitGateway:\n", "  transitGateway:\n    asn: 65000\n");
        expectDiagnostic(oo(text), { ...inOrg, path: "network.transitGateway.onPremises.vpn.bgpAsn", message: "the on-premises BGP ASN 65000 equals the transit gateway's ASN; BGP needs two different ASNs" });
        const publicAsn = edit(base, "  transitGateway:\n", "  transitGateway:\n    asn: 16509\n");
        expectDiagnostic(load(publicAsn), { path: "network.transitGateway.asn", message: /^16509 is not a private ASN/, ...at(publicAsn, "16509") });
    });

    it("rejects duplicate forwarded domains and forwarding amazonaws.com", () => {
        const text = edit(orgBase, "          targetIps: [172.16.0.10]\n", "          targetIps: [172.16.0.10]\n        - domain: Corp.example.com\n          targetIps: [172.16.0.11]\n        - domain: s3.amazonaws.com\n          targetIps: [172.16.0.11]\n");
        const result = oo(text);
        expectDiagnostic(result, { ...inOrg, path: "network.dns.onPremises.forwardedDomains[1].domain", message: "domain corp.example.com is already forwarded by forwardedDomains[0]", ...at(text, "Corp.example.com") });
        expectDiagnostic(result, { ...inOrg, path: "network.dns.onPremises.forwardedDomains[2].domain", message: /^forwarding s3\.amazonaws\.com to on-premises/ });
    });
});

describe("definition validation: services", () => {
    it("rejects unknown services with a close suggestion", () => {
        const text = edit(base, "services: [ssm, kms]", "services: [ssm, ecr-dkr, frobnicate]");
        const result = load(text);
        expectDiagnostic(result, { path: "network.endpoints.services[1]", message: '"ecr-dkr" is not an AWS service with an interface VPC endpoint in the service catalog — did you mean "ecr.dkr"?', ...at(text, "ecr-dkr") });
        expectDiagnostic(result, { path: "network.endpoints.services[2]", message: /^"frobnicate" is not an AWS service .* \(docs\/services\.md lists the short names/ });
    });

    it("rejects global services with the catalog's reason", () => {
        const text = edit(edit(base, "services: [ssm, kms]", "services: [ssm, iam, health]"), "region: us-east-1", "region: eu-west-1");
        expectDiagnostic(load(text), { path: "network.endpoints.services[1]", message: /^"iam" cannot get an interface endpoint in eu-west-1: IAM \(com\.amazonaws\.iam\) is a global service: its one endpoint service exists only in us-east-1.*transit gateway peering/, ...at(text, "iam") });
        expectDiagnostic(load(text), { path: "network.endpoints.services[2]", message: /^"health" cannot get an interface endpoint in eu-west-1: AWS Health has no interface VPC endpoint/, ...at(text, "health") });
    });

    it("rejects duplicate services", () => {
        const text = edit(base, "services: [ssm, kms]", "services: [ssm, kms, ssm]");
        expectDiagnostic(load(text), { path: "network.endpoints.services[2]", message: 'service "ssm" is listed twice', ...at(text, "ssm]") });
    });

    it("rejects services hosted zones cannot serve, in hosted-zones mode only", () => {
        const text = edit(base, "services: [ssm, kms]", "services: [ssm, ecs-agent]\n  dns:\n    sharing: hosted-zones");
        expectDiagnostic(load(text), { path: "network.endpoints.services[1]", message: /^"ecs-agent" cannot be shared with private hosted zones: .*Use network\.dns\.sharing: profile$/ });
        expectClean(load(edit(base, "services: [ssm, kms]", "services: [ssm, ecs-agent]")));
    });

    it("warns that a central s3 interface endpoint needs the inbound Resolver", () => {
        const text = edit(base, "services: [ssm, kms]", "services: [ssm, s3]");
        expectDiagnostic(load(text), { severity: "warning", path: "network.endpoints.services[1]", message: /answers only on-premises clients through the inbound Resolver/ });
        expectClean(load(edit(orgBase, "services: [ssm, ecr.api, ecr.dkr]", "services: [ssm, s3]"), "oo.yaml"));
    });
});

describe("definition validation: endpoint services (PrivateLink)", () => {
    it("accepts the fixture's service", () => expectClean(oo(orgBase)));

    it("requires owner and consumers to be spokes, consumers not the owner", () => {
        let text = edit(orgBase, "    spoke: pay\n", "    spoke: payy\n");
        text = edit(text, "consumers: [shop]", "consumers: [shop, nobody, shop]");
        const result = oo(text);
        expectDiagnostic(result, { ...inOrg, path: "endpointServices[0].spoke", message: 'spoke "payy" is not defined in spokes — did you mean "pay"?', ...at(text, "payy") });
        expectDiagnostic(result, { ...inOrg, path: "endpointServices[0].consumers[1]", message: 'spoke "nobody" is not defined in spokes (defined: pay, shop)' });
        expectDiagnostic(result, { ...inOrg, path: "endpointServices[0].consumers[2]", message: 'consumer "shop" is listed twice' });
        const self = oo(edit(orgBase, "consumers: [shop]", "consumers: [pay]"));
        expectDiagnostic(self, { ...inOrg, path: "endpointServices[0].consumers[0]", message: /^"pay" owns this service/ });
    });

    it("requires targets inside the owning spoke", () => {
        const text = edit(orgBase, "targets: [10.16.0.10]", "targets: [10.17.0.10]");
        expectDiagnostic(oo(text), { ...inOrg, path: "endpointServices[0].targets[0]", message: 'target 10.17.0.10 is outside 10.16.0.0/16, the CIDR of the owning spoke "pay"; the Network Load Balancer\'s IP targets must be in its VPC', ...at(text, "10.17.0.10") });
    });

    it("rejects duplicate endpoint service names", () => {
        const text = orgBase + "  - name: pay-api\n    spoke: shop\n";
        expectDiagnostic(oo(text), { ...inOrg, path: "endpointServices[1].name", message: 'endpoint service name "pay-api" is already used by endpointServices[0]', ...at(text, "pay-api", 2) });
    });
});

describe("definition validation: quotas", () => {
    const catalogNames = () => Object.keys(require("../../aws/service-catalog").serviceCatalog).filter((n: string) => !require("../../aws/service-catalog").serviceCatalog[n].notCentralizable && !require("../../aws/service-catalog").serviceCatalog[n].privateDnsOnlyForInboundResolverEndpoint);

    it("limits interface endpoints per VPC: the hub in centralized mode", () => {
        const services = catalogNames().slice(0, 51);
        const text = edit(base, "services: [ssm, kms]", `services: [${services.join(", ")}]`);
        expectDiagnostic(load(text), {
            path: "network.endpoints.services",
            message: "the hub VPC would hold 51 interface endpoints, more than 50 (quota 50: Amazon VPC quotas: interface VPC endpoints per VPC; adjustable: once Service Quotas raises it, set quotas.interfaceEndpointsPerVpc)",
            ...at(text, "services"),
        });
        const fifty = edit(base, "services: [ssm, kms]", `services: [${services.slice(0, 50).join(", ")}]`);
        assert.deepStrictEqual(errors(load(fifty)), []);
    });

    it("limits interface endpoints per VPC: each spoke in distributed mode, with consumer endpoints", () => {
        const services = catalogNames().slice(0, 50);
        const text = edit(orgBase, "services: [ssm, ecr.api, ecr.dkr]", `mode: distributed\n    services: [${services.join(", ")}]`);
        const result = oo(text);
        expectDiagnostic(result, { ...inOrg, path: "spokes[1]", message: /^spoke "shop" would hold 51 interface endpoints \(50 services in distributed mode \+ 1 PrivateLink consumer endpoints\), more than 50/, ...at(text, "name: shop") });
        assert.strictEqual(errors(result).filter((d) => d.path === "spokes[0]").length, 0, "the owner has no consumer endpoint");
    });

    it("limits VPCs per Route 53 Profile and per private hosted zone", () => {
        const many = withSpokes(1000);
        expectDiagnostic(load(many), { path: "network.dns.sharing", message: /^1,003 VPCs \(1,002 spokes \+ the hub\) would associate with one Route 53 Profile, more than 1,000 \(quota 1,000: Route 53 Profiles quotas/ });
        const hz = withSpokes(300, edit(base, "services: [ssm, kms]", "services: [ssm, kms]\n  dns:\n    sharing: hosted-zones"));
        expectDiagnostic(load(hz), { path: "network.dns.sharing", message: /^303 VPCs .* more than 300 \(quota 300: Route 53 quotas: Amazon VPCs that you can associate with a private hosted zone, per hosted zone \(Request a higher quota\); adjustable: once Service Quotas raises it, set quotas\.vpcsPerPrivateHostedZone\); use sharing: profile/, ...at(hz, "hosted-zones") });
    }).timeout(20000);

    it("asks for a raised quota of at least 1: 0 is a whole number, but no quota", () => {
        for (const [value, message] of [
            ["0", /^expected a whole number of at least 1 .*never 0\)/],
            ["2.5", /^expected a whole number \(the quota value/],
            ["many", /^expected a whole number \(the quota value/],
        ] as const) {
            const text = `${base}quotas:\n  tgwPeeringAttachments: ${value}\n`;
            expectDiagnostic(load(text), { path: "quotas.tgwPeeringAttachments", message });
        }
    });

    it("limits TGW route tables to 20", () => {
        const domains = Array.from({ length: 20 }, (_, i) => `      d${i}:\n        reaches: [shared]\n`).join("");
        const text = edit(base, "      apps:\n", `${domains}      apps:\n`);
        expectDiagnostic(load(text), { path: "network.transitGateway.domains", message: /^22 route domains need 22 transit gateway route tables, more than 20 \(quota 20: Transit Gateway quotas/, ...at(text, "domains:") });
    });

    it("estimates TGW routes and limits them to 10,000", () => {
        const reaches = new Map([
            ["shared", ["a", "b"]],
            ["a", ["shared", "a", "onprem"]],
            ["b", ["shared"]],
        ]);
        // shared: 2 (a) + 3 (b) = 5 propagated; blackholes: itself (the hub) 1, onprem 2
        // a: 1 hub + 2 own + 2 onprem static = 5; blackhole b (no summaries): 3
        // b: 1 hub; blackholes a: 2, b itself: 3, onprem: 2
        const estimate = estimateTgwRoutes({ reaches, spokeDomains: ["a", "a", "b", "b", "b"], summaryCounts: new Map(), onPremCidrCount: 2 });
        assert.strictEqual(estimate, 5 + 1 + 2 + 5 + 3 + 1 + 2 + 3 + 2);
        const summarized = estimateTgwRoutes({ reaches, spokeDomains: ["a", "a", "b", "b", "b"], summaryCounts: new Map([["a", 1], ["b", 1]]), onPremCidrCount: 2 });
        assert.strictEqual(summarized, 5 + 1 + 2 + 5 + 1 + 1 + 1 + 1 + 2);
        // 5,000 spokes in a domain that reaches itself: 5,000 propagations in its table + 5,000 in shared's.
        const many = withSpokes(4999);
        const result = load(many);
        expectDiagnostic(result, { path: "network.transitGateway.domains", message: /^the route domains need about 10,00\d transit gateway routes .* more than 10,000 \(quota 10,000: Transit Gateway quotas/ });
    }).timeout(60000);

    it("limits attachments per transit gateway to 5,000", () => {
        const result = load(withSpokes(5000));
        expectDiagnostic(result, { path: "spokes", message: /^the transit gateway would have 5,003 attachments \(spokes \+ hub \+ on-premises\), more than 5,000 \(quota 5,000/ });
    }).timeout(60000);
});

describe("validateDefinition (pure)", () => {
    it("takes any value and a locate function, and never throws", () => {
        const locate = () => ({ line: 7, col: 3 });
        for (const value of [undefined, null, 3, "x", [], {}, { network: { transitGateway: { domains: [] } }, spokes: {} }]) {
            assert.ok(Array.isArray(validateDefinition(value, locate, "f.yaml")));
        }
        const [d] = validateDefinition({ spokes: [{ name: "all" }] }, locate, "f.yaml");
        assert.deepStrictEqual({ ...d, message: undefined }, { file: "f.yaml", line: 7, col: 3, path: "spokes[0].name", message: undefined, severity: "error" });
    });
});

describe("definition validation: PrivateLink failover", () => {
    const failover = `    failover:
      region: eu-west-1
      zone: pay.example.com
      provider:
        vpcId: vpc-0123456789abcdef0
        subnetIds: [subnet-0123456789abcdef0]
      consumers:
        - spoke: pay
          vpcId: vpc-0123456789abcdef1
          subnetIds: [subnet-0123456789abcdef1]
          cidr: 10.80.0.0/16
`;
    it("requires a second Region and consumers of the service", () => {
        const text = orgBase + failover;
        const result = load(text, "oo.yaml");
        expectDiagnostic(result, { file: "oo.yaml", path: "endpointServices[0].failover.region", message: "failover.region is eu-west-1, the environment's own Region; failover needs a second Region", ...at(text, "eu-west-1", 2) });
        expectDiagnostic(result, { file: "oo.yaml", path: "endpointServices[0].failover.consumers[0].spoke", message: '"pay" is not one of this service\'s consumers (shop); only consumers get failover endpoints', ...at(text, "pay\n          vpcId") });
        const fixed = edit(edit(text, "      region: eu-west-1", "      region: eu-central-1"), "        - spoke: pay", "        - spoke: shop");
        expectClean(load(fixed, "oo.yaml"));
    });
});

describe("definition validation: the on-premises route domain", () => {
    it("requires domain onprem when on-premises is connected, and the connection when onprem is declared", () => {
        const text = edit(orgBase, "      onprem:\n        reaches: [shared, prod]\n", "");
        expectDiagnostic(load(text, "oo.yaml"), { file: "oo.yaml", path: "network.transitGateway.onPremises", message: /^the on-premises attachment is associated with the route table of domain "onprem", which is not declared/, ...at(text, "onPremises:") });
        const noVpn = edit(orgBase, "    onPremises:\n      vpn:\n        customerGatewayIp: 198.51.100.7\n", "");
        expectDiagnostic(load(noVpn, "oo.yaml"), { file: "oo.yaml", path: "network.transitGateway.domains.onprem", message: /^domain "onprem" is the on-premises connection's route table, but network\.transitGateway\.onPremises is not configured/, ...at(noVpn, "onprem:") });
    });
});

describe("definition validation: raised quotas", () => {
    it("checks against quotas the user has raised, and only adjustable ones", () => {
        const text = withSpokes(1000) + "quotas:\n  vpcsPerProfile: 2000\n";
        assert.deepStrictEqual(errors(load(text)).map((d) => d.message), []);
        const still = load(withSpokes(1000) + "quotas:\n  vpcsPerProfile: 1001\n");
        expectDiagnostic(still, { path: "network.dns.sharing", message: /more than 1,001 \(quota 1,001: Route 53 Profiles quotas: VPC associations per Profile, raised in quotas\.vpcsPerProfile; adjustable/ });
        const unknown = base + "quotas:\n  vpcsPerHostedZone: 500\n";
        expectDiagnostic(load(unknown), { path: "quotas.vpcsPerHostedZone", message: /^unknown key "vpcsPerHostedZone"; allowed keys here: interfaceEndpointsPerVpc, vpcsPerProfile, vpcsPerPrivateHostedZone, tgwRouteTables, tgwRoutes, tgwPeeringAttachments, tgwPendingPeeringAttachments, securityGroupInboundRules$/ });
    }).timeout(20000);
});

describe("definition validation: endpoint service references", () => {
    const failover = `    failover:
      region: eu-central-1
      zone: pay.example.com
      provider:
        vpcId: vpc-0123456789abcdef0
        subnetIds: [subnet-0123456789abcdef0]
      consumers:
        - spoke: shopp
          vpcId: vpc-0123456789abcdef1
          subnetIds: [subnet-0123456789abcdef1]
          cidr: 10.80.0.0/16
`;

    it("requires a failover consumer to be an existing spoke, suggesting a close name", () => {
        const text = orgBase + failover;
        const result = oo(text);
        expectDiagnostic(result, {
            ...inOrg,
            path: "endpointServices[0].failover.consumers[0].spoke",
            message: 'spoke "shopp" is not defined in spokes (it must also be one of this service\'s consumers) — did you mean "shop"?',
            ...at(text, "shopp"),
        });
        assert.strictEqual(errors(result).length, 1, "one problem, said once");
    });

    it("warns that a service without consumers admits no principals", () => {
        const text = edit(orgBase, "    consumers: [shop]\n", "");
        expectDiagnostic(oo(text), {
            ...inOrg,
            severity: "warning",
            path: "endpointServices[0]",
            message: 'endpoint service "pay-api" has no consumers: it is built with no allowed principals, so no VPC can connect to it. List the spokes that use it under consumers',
            ...at(text, "name: pay-api"),
        });
        const empty = edit(orgBase, "consumers: [shop]", "consumers: []");
        expectDiagnostic(oo(empty), { ...inOrg, severity: "warning", path: "endpointServices[0].consumers", message: /^endpoint service "pay-api" has no consumers/, ...at(empty, "consumers: []") });
    });

    it("rejects a failover Region equal to the environment's", () => {
        const text = orgBase + edit(failover, "eu-central-1", "eu-west-1");
        expectDiagnostic(oo(text), { ...inOrg, path: "endpointServices[0].failover.region", message: /^failover\.region is eu-west-1, the environment's own Region/, ...at(text, "eu-west-1", 2) });
    });
});

describe("definition validation: the role that deploys endpoint services", () => {
    const withoutRole = edit(orgBase, "deployment:\n  roleName: NetworkAdmin\n", "");

    it("warns when stacks deploy as a role the perimeter SCP denies endpoint-service changes", () => {
        expectDiagnostic(oo(withoutRole), {
            ...inOrg,
            severity: "warning",
            path: "endpointServices",
            message:
                'the perimeter SCP lets only the network admin role "NetworkAdmin" (perimeter.networkAdminRole) create or modify endpoint services and accept their connections, but stacks deploy as "OrganizationAccountAccessRole" (the default of deployment.roleName): ' +
                'oo-pay (owner of pay-api) and oo-all do those through a provider that assumes "NetworkAdmin" in the owner\'s account, so that role must exist there and trust "OrganizationAccountAccessRole". Or set deployment.roleName: NetworkAdmin',
            ...at(withoutRole, "endpointServices:"),
        });
        const explicit = edit(orgBase, "roleName: NetworkAdmin", "roleName: Deployer");
        expectDiagnostic(oo(explicit), { ...inOrg, severity: "warning", path: "deployment.roleName", message: /only the network admin role "NetworkAdmin" .* but stacks deploy as "Deployer" \(deployment\.roleName\)/, ...at(explicit, "Deployer") });
    });

    it("names the failover provider spoke's stack too: it builds the failover Region's service with the same role", () => {
        const file = path.join(__dirname, "..", "review-regions", "definitions", "rfail.yaml");
        const warning = (loadDefinitionFile(file).diagnostics ?? []).find((d) => d.severity === "warning" && d.message.includes("create or modify endpoint services"));
        assert.ok(warning, "the role warning");
        assert.match(warning!.message, /rfail-pay-use2 \(owner of ledger\), rfail-pay-usw2 \(failover provider spoke: the failover Region's service\) and rfail-all/);
    });

    it("stays quiet when the roles match, without an organization, or without services", () => {
        expectClean(oo(orgBase));
        const sameRole = withoutRole + "perimeter:\n  networkAdminRole: OrganizationAccountAccessRole\n";
        expectClean(oo(sameRole));
        const noServices = withoutRole.slice(0, withoutRole.indexOf("endpointServices:"));
        expectClean(oo(noServices));
        const singleAccount = `${base}endpointServices:\n  - name: app-api\n    spoke: app-a\n    targets: [10.1.0.10]\n    consumers: [app-b]\n`;
        expectClean(load(singleAccount));
    });
});

describe("definition validation: protected buckets live in any account of the definition", () => {
    it("gives an account no unit deploys into an account unit of its own, which writes the bucket's policy", () => {
        const text = edit(orgBase, '  app: "100000000003"\n', '  app: "100000000003"\n  archive: "100000000009"\n') + "perimeter:\n  protectedBuckets:\n    - name: old-logs\n      account: archive\n";
        const result = oo(text);
        expectClean(result);
        assert.deepStrictEqual(unitsOf(result.definition!).slice(-1), ["account-archive"]);
        assert.strictEqual(ownerUnitOfAccount(result.definition!, "archive"), "account-archive");
    });

    it("leaves buckets in the management, network and spoke accounts to the units already there", () => {
        const text = orgBase + "perimeter:\n  protectedBuckets:\n    - name: org-trail\n      account: management\n    - name: net-logs\n      account: network\n    - name: app-data\n      account: app\n";
        const result = oo(text);
        expectClean(result);
        assert.ok(!unitsOf(result.definition!).some((u) => u.startsWith("account-")));
        // Without an organization there is no org unit: the management account gets an account unit.
        const single = edit(base, '  sandbox: "111111111111"\n', '  sandbox: "111111111111"\n  management: "111111111112"\n') + "perimeter:\n  protectedBuckets:\n    - name: org-trail\n      account: management\n";
        const loaded = load(single);
        expectClean(loaded);
        assert.strictEqual(ownerUnitOfAccount(loaded.definition!, "management"), "account-management");
    });
});

describe("definition validation: generated perimeter documents", () => {
    it("rejects a definition whose SCPs cannot be built within the 5,120-character limit, at accounts", () => {
        const many = Array.from({ length: 400 }, (_v, i) => `  extra-${i}: "${300000000000 + i}"\n`).join("");
        const text = edit(orgBase, 'accounts:\n', `accounts:\n${many}`);
        const d = expectDiagnostic(oo(text), { ...inOrg, path: "accounts", message: /^the data perimeter cannot be generated from this definition: statement \w+ alone is \d+ characters minified, over the 5120-character limit/ });
        assert.strictEqual(d.file, "oo.yaml");
        assert.ok(d.line > 0);
    });

    it("accepts the same organization with its real accounts", () => {
        expectClean(oo(orgBase));
    });
});
