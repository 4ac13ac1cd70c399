/**
 * Transit gateway: a private Amazon-side ASN, and a VPN whose customer gateway is a
 * public address speaking another ASN.
 */
import { privateAsnRanges } from "../../aws/transit-gateway";
import { isPrivateAddress, parseIpv4 } from "../cidr";
import { CheckContext, rec, str } from "./context";

export function checkTransitGateway(c: CheckContext): void {
    const { tgw, onPremConnection } = c;
    const asn = tgw?.asn;
    if (typeof asn === "number" && !privateAsnRanges.some(([low, high]) => asn >= low && asn <= high)) {
        const ranges = privateAsnRanges.map(([low, high]) => `${low}-${high}`).join(" or ");
        c.error(["network", "transitGateway", "asn"], `${asn} is not a private ASN; the transit gateway's Amazon-side ASN must be ${ranges}`);
    }
    const vpn = rec(rec(onPremConnection)?.vpn);
    if (vpn) {
        c.ipAt(["network", "transitGateway", "onPremises", "vpn", "customerGatewayIp"], vpn.customerGatewayIp);
        const bgp = typeof vpn.bgpAsn === "number" ? vpn.bgpAsn : 65000;
        if (bgp === (typeof asn === "number" ? asn : 64512)) {
            c.error(["network", "transitGateway", "onPremises", "vpn", "bgpAsn"], `the on-premises BGP ASN ${bgp} equals the transit gateway's ASN; BGP needs two different ASNs`);
        }
        const gatewayIp = str(vpn.customerGatewayIp);
        const parsedGw = gatewayIp ? parseIpv4(gatewayIp) : undefined;
        if (parsedGw !== undefined && isPrivateAddress(parsedGw)) {
            c.warn(["network", "transitGateway", "onPremises", "vpn", "customerGatewayIp"], `${gatewayIp} is a private address; a site-to-site VPN needs the public IP of the on-premises device`);
        }
    }
}
