/**
 * The ingress rules of a security group, whether written inline (`ingress` on the group, as
 * the landing-zone components do) or as standalone rule resources that users may hand-write
 * (`vpc.SecurityGroupIngressRule`, `ec2.SecurityGroupRule` of type ingress). Standalone rules
 * are found through their `securityGroupId` dependency on the group.
 */
import { insideAny, isAnywhere } from "./cidr";
import { Findings } from "./rule";
import { StackIndex, StackNode } from "./stack-index";
import { T } from "./types";
import { Unknown, isUnknown, list, num, record, str } from "./values";

export interface IngressRule {
    /** Where the rule is written, e.g. `security group hub-ssm-sg ingress[0]`. */
    label: string;
    protocol: string | Unknown | undefined;
    fromPort: number | Unknown | undefined;
    toPort: number | Unknown | undefined;
    cidrs: (string | Unknown)[] | Unknown;
    ipv6Cidrs: (string | Unknown)[] | Unknown;
    prefixLists: unknown[] | Unknown;
}

function strings(value: unknown): (string | Unknown)[] | Unknown {
    const l = list(value);
    if (isUnknown(l)) return l;
    return l.map((v) => (isUnknown(v) ? v : String(v)));
}

export function ingressRules(index: StackIndex, group: StackNode): IngressRule[] {
    const out: IngressRule[] = [];
    const inline = list(group.props["ingress"]);
    if (isUnknown(inline)) {
        out.push({ label: `security group ${group.name} ingress`, protocol: inline, fromPort: inline, toPort: inline, cidrs: inline, ipv6Cidrs: inline, prefixLists: inline });
    } else {
        inline.forEach((entry, i) => {
            const r = record(entry);
            const label = `security group ${group.name} ingress[${i}]`;
            if (r === undefined) return;
            if (isUnknown(r)) {
                out.push({ label, protocol: r, fromPort: r, toPort: r, cidrs: r, ipv6Cidrs: r, prefixLists: r });
                return;
            }
            out.push({
                label,
                protocol: str(r["protocol"]),
                fromPort: num(r["fromPort"]),
                toPort: num(r["toPort"]),
                cidrs: strings(r["cidrBlocks"]),
                ipv6Cidrs: strings(r["ipv6CidrBlocks"]),
                prefixLists: list(r["prefixListIds"]),
            });
        });
    }
    for (const { node, property } of index.referrers(group.urn)) {
        if (property !== "securityGroupId") continue;
        const p = node.props;
        if (node.type === T.securityGroupIngressRule) {
            const v4 = str(p["cidrIpv4"]);
            const v6 = str(p["cidrIpv6"]);
            out.push({
                label: `ingress rule ${node.name}`,
                protocol: str(p["ipProtocol"]),
                fromPort: num(p["fromPort"]),
                toPort: num(p["toPort"]),
                cidrs: v4 === undefined ? [] : [v4],
                ipv6Cidrs: v6 === undefined ? [] : [v6],
                prefixLists: p["prefixListId"] === undefined ? [] : [p["prefixListId"]],
            });
        } else if (node.type === T.securityGroupRule) {
            const type = str(p["type"]);
            if (type === "egress") continue;
            out.push({
                label: `security group rule ${node.name}`,
                protocol: isUnknown(type) ? type : str(p["protocol"]),
                fromPort: num(p["fromPort"]),
                toPort: num(p["toPort"]),
                cidrs: strings(p["cidrBlocks"]),
                ipv6Cidrs: strings(p["ipv6CidrBlocks"]),
                prefixLists: list(p["prefixListIds"]),
            });
        }
    }
    return out;
}

export function normaliseProtocol(protocol: string): "tcp" | "udp" | "all" | string {
    const p = protocol.toLowerCase();
    if (p === "6" || p === "tcp") return "tcp";
    if (p === "17" || p === "udp") return "udp";
    if (p === "-1" || p === "all") return "all";
    return p;
}

export interface IngressPolicy {
    /** What the group protects, for messages: `interface endpoint hub-ssm`. */
    subject: string;
    ports: number[];
    protocols: string[];
    /** Sources allowed; undefined when not configured (then only "anywhere" is judged). */
    allowedCidrs?: string[];
    allowedCidrsName: string;
}

/** Judges every rule against `policy`; reports into `findings`. */
export function judgeIngress(rules: IngressRule[], policy: IngressPolicy, findings: Findings): void {
    const portList = policy.ports.join(", ");
    for (const rule of rules) {
        const at = `${policy.subject}: ${rule.label}`;
        if (isUnknown(rule.protocol)) findings.undecided(`${rule.label} protocol (${rule.protocol.path})`);
        else if (rule.protocol !== undefined) {
            const protocol = normaliseProtocol(rule.protocol);
            if (!policy.protocols.includes(protocol)) {
                findings.violation(`${at} admits protocol "${rule.protocol}"; admit only ${policy.protocols.join("/")} on port ${portList}.`);
            } else {
                judgePorts(rule, policy, at, findings);
            }
        }
        if (isUnknown(rule.cidrs)) findings.undecided(`${rule.label} cidrBlocks (${rule.cidrs.path})`);
        else {
            for (const cidr of rule.cidrs) {
                if (isUnknown(cidr)) findings.undecided(`${rule.label} source CIDR (${cidr.path})`);
                else if (isAnywhere(cidr)) findings.violation(`${at} admits ${cidr} (anywhere); admit only ${policy.allowedCidrsName}${policy.allowedCidrs ? ` (${policy.allowedCidrs.join(", ")})` : ""}.`);
                else if (policy.allowedCidrs && !insideAny(cidr, policy.allowedCidrs)) {
                    findings.violation(`${at} admits ${cidr}, which is outside ${policy.allowedCidrsName} (${policy.allowedCidrs.join(", ") || "none"}); remove it or narrow it to those ranges.`);
                }
            }
        }
        if (isUnknown(rule.ipv6Cidrs)) findings.undecided(`${rule.label} ipv6CidrBlocks (${rule.ipv6Cidrs.path})`);
        else {
            for (const cidr of rule.ipv6Cidrs) {
                if (isUnknown(cidr)) findings.undecided(`${rule.label} IPv6 source (${cidr.path})`);
                else findings.violation(`${at} admits IPv6 source ${cidr}; the landing zone's internal ranges are IPv4: remove it.`);
            }
        }
        if (isUnknown(rule.prefixLists)) findings.undecided(`${rule.label} prefixListIds (${rule.prefixLists.path})`);
        else if (rule.prefixLists.length > 0) {
            findings.violation(`${at} admits prefix list(s) ${rule.prefixLists.map(String).join(", ")}, whose ranges the pack cannot verify; use CIDR blocks from ${policy.allowedCidrsName}.`);
        }
    }
}

function judgePorts(rule: IngressRule, policy: IngressPolicy, at: string, findings: Findings): void {
    const { fromPort, toPort } = rule;
    if (isUnknown(fromPort) || isUnknown(toPort)) {
        findings.undecided(`${rule.label} ports`);
        return;
    }
    const from = fromPort ?? 0;
    const to = toPort ?? from;
    const portList = policy.ports.join(", ");
    if (to < from || to - from > 1024) {
        findings.violation(`${at} admits ports ${from}-${to}; admit only port ${portList}.`);
        return;
    }
    const extra: number[] = [];
    for (let p = from; p <= to; p++) if (!policy.ports.includes(p)) extra.push(p);
    if (extra.length > 0) {
        const range = from === to ? `port ${from}` : `ports ${from}-${to}`;
        findings.violation(`${at} admits ${range}; admit only port ${portList}.`);
    }
}
