#!/usr/bin/env python3
"""Review oracle, written from AWS's model and the README's stated rules, not the code.
usage: oracle.py <definition.yaml> <plan.json>   -> prints mismatches, exit 1 on any."""
import json, sys, yaml
defn = yaml.safe_load(open(sys.argv[1])); plan = json.load(open(sys.argv[2]))
home = defn["region"]; regions = [home] + list((defn["network"].get("regions") or {}).keys())
doms = defn["network"]["transitGateway"]["domains"]
reaches = {d: set(v.get("reaches") or []) for d, v in doms.items()}
oneway = {d: set(v.get("oneWay") or []) for d, v in doms.items()}
has_onprem = bool(defn["network"]["transitGateway"].get("onPremises")) and bool(((defn["network"].get("dns") or {}).get("onPremises") or {}).get("cidrs"))
nodes = {f"hub@{r}": "shared" for r in regions} if len(regions) > 1 else {"hub": "shared"}
for s in defn["spokes"]: nodes[s["name"]] = s["domain"]
if has_onprem: nodes["onprem"] = "onprem"
bad = []
exp2, exp1 = {}, {}
for a, da in nodes.items():
    for b, db in nodes.items():
        if a == b: continue
        if db in reaches.get(da, ()) and da in reaches.get(db, ()):
            exp2.setdefault(a, set()).add(b)
        elif db in reaches.get(da, ()) and db in oneway.get(da, ()):
            exp1.setdefault(a, set()).add(b)
got2 = {k: set(v) for k, v in plan["reachability"].items() if v}
got1 = {k: set(v) for k, v in (plan.get("reachabilityOneWay") or {}).items() if v}
for name, e, g in (("two-way", exp2, got2), ("one-way", exp1, got1)):
    for a in sorted(set(e) | set(g)):
        if e.get(a, set()) != g.get(a, set()):
            bad.append(f"{name} {a}: expected {sorted(e.get(a, set()))} got {sorted(g.get(a, set()))}")
if plan.get("reachabilityPartial"): bad.append(f"partial: {plan['reachabilityPartial']}")
mand = [v for v in plan["violations"] if v.get("enforcementLevel", v.get("level")) == "mandatory"]
if mand: bad.append(f"mandatory: {[v.get('policyName', v) for v in mand]}")
# which table each peering side is associated with
reached = set().union(*reaches.values())
def qualifies(q, r):
    if q == "onprem": return False
    need = reached - {"onprem"}
    if r == home and any("onprem" in reaches[x] for x in reaches if x != "onprem"): need = need | {"onprem"}
    return need <= reaches[q]
expected_table = {}
for r in regions:
    qs = sorted(q for q in doms if qualifies(q, r))
    expected_table[r] = "shared" if "shared" in qs else (qs[0] if qs else "peering")
res = {x["urn"]: x for x in plan["resources"]}
got_table = {}
for x in plan["resources"]:
    if x["type"] == "aws:ec2transitgateway/routeTableAssociation:RouteTableAssociation" and x["name"].startswith("peering-"):
        t = res[x["dependencies"]["transitGatewayRouteTableId"][0]]
        tags = t["inputs"].get("tags") or {}
        side = next(r for r in regions if x["name"].endswith(f"-{r}-assoc"))
        got_table.setdefault(side, set()).add(tags.get("landing-zone:domain") or tags.get("landing-zone:role"))
for r in regions:
    if got_table.get(r) != {expected_table[r]}:
        bad.append(f"peering table in {r}: expected {expected_table[r]} got {got_table.get(r)}")
# each Region's central interface endpoints admit that Region's hub and the spokes that reach shared
# (AWS PrivateLink: the endpoint's security group must allow the resources that use it)
import ipaddress
def covered(c, blocks): return any(ipaddress.ip_network(c).subnet_of(ipaddress.ip_network(b)) for b in blocks)
env = defn["environment"]
for r in regions:
    sgname = f"{env}-endpoints-sg-443" if r == home else f"{env}-endpoints-{r}-sg-443"
    sg = next((x for x in plan["resources"] if x["type"] == "aws:ec2/securityGroup:SecurityGroup" and x["name"] == sgname), None)
    if sg is None: continue
    blocks = [b for i in sg["inputs"].get("ingress", []) for b in (i.get("cidrBlocks") or [])]
    hub = defn["network"]["hub"]["cidr"] if r == home else defn["network"]["regions"][r]["hub"]["cidr"]
    users = [("hub", hub)] + [(s["name"], s["cidr"]) for s in defn["spokes"] if s.get("region", home) == r and "shared" in reaches.get(s["domain"], ())]
    missing = [f"{n} {c}" for n, c in users if not covered(c, blocks)]
    if missing: bad.append(f"endpoint SG {sgname} ({r}) does not admit {missing}")
print(f"{sys.argv[1]}: tables {expected_table}; " + ("OK" if not bad else "MISMATCH\n  " + "\n  ".join(bad)))
sys.exit(1 if bad else 0)
