import sys
# gen.py NREGIONS [quota lines...] -> definition text (environment rq)
n=int(sys.argv[1]); quotas=sys.argv[2:]
regs=["us-east-1","eu-west-1","ap-southeast-2","sa-east-1","ca-central-1","eu-central-1"][:n]
out=["environment: rq","region: us-east-1","organization:","  id: o-rq00000001","accounts:",
 '  management: "850000000001"','  network: "850000000002"']
for i in range(n): out.append(f'  app{i}: "85000000001{i}"')
out+=["network:","  account: network","  transitGateway:","    asn: 64600","    domains:",
 "      shared: { reaches: [apps] }","      apps: { reaches: [shared, apps] }",
 "  hub: { cidr: 10.0.0.0/20, availabilityZones: 2 }","  endpoints:","    services: [ssm, kms]"]
if n>1:
  out.append("  regions:")
  for i,r in enumerate(regs[1:],1):
    out+= [f"    {r}:", f"      hub: {{ cidr: 10.{i*32}.0.0/20, availabilityZones: 2 }}",
           f"      transitGateway: {{ asn: {64600+i} }}", "      summaries:",
           f"        shared: [10.{i*32}.0.0/20]", f"        apps: [10.{i*32+16}.0.0/12]"]
out.append("spokes:")
for i,r in enumerate(regs):
  line=f"  - {{ name: app{i}, account: app{i}, cidr: 10.{i*32+16}.0.0/16, domain: apps"
  if i>0: line+=f", region: {r}"
  out.append(line+" }")
if quotas:
  out.append("quotas:")
  out+= ["  "+q for q in quotas]
print("\n".join(out))
