import sys
n=int(sys.argv[1]); nd=int(sys.argv[2]); quotas=sys.argv[3:]
regs=["us-east-1","eu-west-1","ap-southeast-2"][:n]
out=["environment: rq","region: us-east-1","organization:","  id: o-rq00000001","accounts:",
 '  management: "850000000001"','  network: "850000000002"', '  app: "850000000010"']
out+=["network:","  account: network","  transitGateway:","    asn: 64600","    domains:"]
for d in range(nd): out.append(f"      d{d}: {{ reaches: [d{d}] }}")
out+=["  hub: { cidr: 10.0.0.0/20, availabilityZones: 2 }","  endpoints:","    services: [ssm]"]
if n>1:
  out.append("  regions:")
  for i,r in enumerate(regs[1:],1):
    out+= [f"    {r}:", f"      hub: {{ cidr: 10.{100+i}.0.0/20, availabilityZones: 2 }}", f"      transitGateway: {{ asn: {64600+i} }}"]
out.append("spokes:")
for d in range(nd):
  out.append(f"  - {{ name: s{d}, account: app, cidr: 10.{d+1}.0.0/16, domain: d{d} }}")
if quotas: out.append("quotas:"); out+=["  "+q for q in quotas]
print("\n".join(out))
