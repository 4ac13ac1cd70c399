# Generates invalid/*.yaml from the held-out definitions, one mutation each (run once; outputs committed).
import re, pathlib
D = pathlib.Path(__file__).parent
def mk(name, base, subs):
    t = (D / "definitions" / f"{base}.yaml").read_text()
    t = re.sub(r"^environment: .*$", f"environment: {name}", t, count=1, flags=re.M)
    for a, b in subs:
        assert a in t, (name, a)
        t = t.replace(a, b, 1)
    (D / "invalid" / f"{name}.yaml").write_text(t)
mk("i01-overlap", "rtwo", [("    cidr: 10.210.0.0/20\n", "    cidr: 10.110.0.0/20\n")])
mk("i02-asn", "rtwo", [("        asn: 64621\n", "        asn: 64620\n")])
mk("i03-nohub", "rtwo", [("    domain: dev\n    region: eu-central-1\n", "    domain: dev\n    region: sa-east-1\n")])
mk("i04-svc", "rtwo", [("        services: [ssm, ssmmessages, ec2messages, kms, sts]\n", "        services: [ssm, ssmmessages, ec2messages, kms, sts, kendra]\n")])
mk("i05-svc-inherit", "rtwo", [("      endpoints:\n        services: [ssm, ssmmessages, ec2messages, kms, sts]\n", "")])
mk("i06-homekey", "rtwo", [("  regions:\n    eu-central-1:\n", "  regions:\n    ap-southeast-2:\n")])
mk("i07-unitname", "rtwo", [("  - name: lab-fra-2\n", "  - name: network-eu-central-1\n")])
mk("i08-peerquota", "rtri", [("perimeter:\n", "quotas:\n  tgwPeeringAttachments: 1\n\nperimeter:\n")])
mk("i09-routequota", "rtwo", [("perimeter:\n", "quotas:\n  tgwRoutes: 5\n\nperimeter:\n")])
mk("i10-hubovl", "rtwo", [("        cidr: 10.200.0.0/22\n", "        cidr: 10.100.0.0/22\n")])
mk("i11-outside-summary", "rtwo", [("    cidr: 10.220.0.0/20\n", "    cidr: 10.221.0.0/20\n".replace("10.221.0.0/20", "10.240.0.0/20"))])
mk("i12-summary-overlap", "rtwo", [("        prod: [10.210.0.0/16]\n", "        prod: [10.110.0.0/16]\n")])
mk("i13-badregion", "rtwo", [("  regions:\n    eu-central-1:\n", "  regions:\n    eu-centrl-1:\n")])
mk("i14-asn-range", "rtwo", [("        asn: 64621\n", "        asn: 100\n")])
mk("i15-failover-provider", "rfail", [("        spoke: pay-usw2\n", "        spoke: shop-use2\n")])
mk("i16-summary-domain", "rtwo", [("        lab: [10.230.0.0/16]\n", "        lba: [10.230.0.0/16]\n")])
mk("i17-failover-region-nohub", "rfail", [("      region: us-west-2\n      zone:", "      region: ca-central-1\n      zone:")])
