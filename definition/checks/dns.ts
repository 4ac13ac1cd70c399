/**
 * On-premises DNS: the inbound and outbound Resolvers have ranges to admit and a route
 * to on-premises; forwarded domains are distinct, never AWS's own, and their DNS servers
 * are routable. And `network.dns.shareWith` is warned about where nothing is shared.
 */
import { addressInside } from "../cidr";
import { Path } from "../locate";
import { CheckContext, HUB_DOMAIN, ONPREM_DOMAIN, list, rec, str, strings } from "./context";

export function checkOnPremisesDns(c: CheckContext): void {
    const { onPremDns, domains, reaches, onPremCidrs } = c;
    const hubReachesOnPrem = (reaches.get(HUB_DOMAIN) ?? []).includes(ONPREM_DOMAIN);
    const forwarded = list(onPremDns?.forwardedDomains);
    if (onPremDns?.inboundResolver === true) {
        if (!c.hasOnPremCidrs) {
            c.error(["network", "dns", "onPremises", "inboundResolver"], "an inbound Resolver admits DNS (port 53) only from network.dns.onPremises.cidrs, which is empty: list the on-premises ranges", "key");
        }
        if (domains && !hubReachesOnPrem) {
            c.error(["network", "dns", "onPremises", "inboundResolver"], `on-premises DNS servers reach the inbound Resolver in the hub only if the hub reaches on-premises: add ${ONPREM_DOMAIN} to network.transitGateway.domains.${HUB_DOMAIN}.reaches`, "key");
        }
    }
    if (forwarded.length > 0 && domains && !hubReachesOnPrem) {
        c.error(["network", "dns", "onPremises", "forwardedDomains"], `the outbound Resolver in the hub forwards to on-premises DNS servers only if the hub reaches on-premises: add ${ONPREM_DOMAIN} to network.transitGateway.domains.${HUB_DOMAIN}.reaches`, "key");
    }
    // A DNS query needs its answer: a one-way declaration between the hub and on-premises
    // leaves the Resolver endpoints without replies.
    const hubOneWay = strings(rec(domains?.[HUB_DOMAIN])?.oneWay).some(([, d]) => d === ONPREM_DOMAIN);
    if (hubReachesOnPrem && hubOneWay && (onPremDns?.inboundResolver === true || forwarded.length > 0)) {
        const index = strings(rec(domains?.[HUB_DOMAIN])?.oneWay).find(([, d]) => d === ONPREM_DOMAIN)![0];
        c.error(
            ["network", "transitGateway", "domains", HUB_DOMAIN, "oneWay", index],
            `the Resolver endpoints in the hub need answers from on-premises (DNS is a conversation), but ${HUB_DOMAIN} declares ${ONPREM_DOMAIN} one-way: remove it from network.transitGateway.domains.${HUB_DOMAIN}.oneWay and add ${HUB_DOMAIN} to network.transitGateway.domains.${ONPREM_DOMAIN}.reaches`,
        );
    }
    const seenDomains = new Map<string, number>();
    forwarded.forEach((item, i) => {
        const f = rec(item);
        const domainName = str(f?.domain)?.toLowerCase().replace(/\.$/, "");
        const path: Path = ["network", "dns", "onPremises", "forwardedDomains", i];
        if (domainName !== undefined) {
            const previous = seenDomains.get(domainName);
            if (previous !== undefined) c.error([...path, "domain"], `domain ${domainName} is already forwarded by forwardedDomains[${previous}]`);
            else seenDomains.set(domainName, i);
            if (domainName === "amazonaws.com" || domainName.endsWith(".amazonaws.com")) {
                c.error([...path, "domain"], `forwarding ${domainName} to on-premises would take AWS service names (and the central endpoints) away from the VPCs`);
            }
        }
        for (const [j, ip] of strings(f?.targetIps)) {
            const address = c.ipAt([...path, "targetIps", j], ip);
            if (address !== undefined && onPremCidrs.length > 0 && !onPremCidrs.some((o) => addressInside(address, o.block))) {
                c.warn([...path, "targetIps", j], `${ip} is not inside network.dns.onPremises.cidrs, so the hub has no route to this DNS server`);
            }
        }
    });
}

/**
 * `network.dns.shareWith` names the OUs that AWS RAM shares the network account's DNS
 * resources with. The program shares two things (program/services.ts): the Route 53
 * Profile, built in profile mode when the hub holds the endpoints (centralized) or
 * forwarding rules; and, in hosted-zones mode, the Resolver forwarding rules. Anything
 * else shares nothing, and the key silently does nothing. (Without an organization the
 * key is already an error: checks/organization.ts.)
 */
export function checkDnsShareWith(c: CheckContext): void {
    const { dns, organization, mode, sharing } = c;
    if (dns?.shareWith === undefined || !organization) return;
    const forwarding = list(c.onPremDns?.forwardedDomains).length > 0;
    if (forwarding || (sharing === "profile" && mode === "centralized")) return;
    const path: Path = ["network", "dns", "shareWith"];
    if (sharing === "hosted-zones") {
        c.warn(path, "has no effect, these OUs receive nothing: in hosted-zones mode the service zones reach each spoke VPC through zone association authorizations, not AWS RAM, and there are no forwarding rules to share (network.dns.onPremises.forwardedDomains is empty). Remove it", "key");
    } else {
        c.warn(path, "has no effect, these OUs receive nothing: with network.endpoints.mode distributed and no forwarded domains no Route 53 Profile is built (each spoke resolves its own endpoints), so nothing is shared through AWS RAM. Remove it", "key");
    }
}
