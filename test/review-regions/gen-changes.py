# Generates changes/<case>/from/<env>.yaml and changes/<case>/<env>.yaml (the rehearsal's layout)
# from the held-out definitions (run once; outputs committed).
import re, pathlib
D = pathlib.Path(__file__).parent
rtwo = (D / "definitions/rtwo.yaml").read_text()
rtri = (D / "definitions/rtri.yaml").read_text()
def drop_region_block(t, region, nxt):
    # drop "    <region>:" ... up to the next line matching nxt (exclusive)
    s = t.index(f"    {region}:\n"); e = t.index(nxt, s)
    return t[:s] + t[e:]
def drop_spokes(t, region):
    out = re.sub(r"  - name: [^\n]+\n(?:    [^\n]+\n)*?    region: " + re.escape(region) + r"\n", "", t)
    return out
single = drop_spokes(rtwo, "eu-central-1")
s = single.index("  regions:\n"); e = single.index("\nspokes:")
single = single[:s] + single[e+1:]
assert "eu-central-1" not in single.split("spokes:")[1]
added = rtwo.replace("  - name: dev-syd\n", "  - name: prod-fra-2\n    account: appb\n    cidr: 10.210.16.0/20\n    domain: prod\n    region: eu-central-1\n  - name: dev-syd\n", 1)
tri2 = drop_spokes(drop_region_block(rtri, "ap-northeast-1", "\nspokes:"), "ap-northeast-1")
def case(name, env, frm, to):
    p = D / "changes" / name; (p / "from").mkdir(parents=True, exist_ok=True)
    (p / "from" / f"{env}.yaml").write_text(frm); (p / f"{env}.yaml").write_text(to)
case("g1-add-region", "rtwo", single, rtwo)
case("g2-add-spoke-region2", "rtwo", rtwo, added)
case("g3-remove-region", "rtwo", rtwo, single)
case("g4-add-third-region", "rtri", tri2, rtri)
