/**
 * `npm run services-doc` renders docs/services.md, the supported AWS services, from the
 * service catalog (aws/service-catalog.ts): one source for validation, the editor schema
 * and this page. `--check` exits 1 when the committed file is stale (a test runs it).
 */
import * as path from "path";
import { ServiceCatalogEntry, catalogRows, serviceCatalog } from "../aws/service-catalog";
import { policyWords, privateDnsNames } from "../definition/enumerations";
import { CliIo, stdio } from "./cli";
import { generatedFileCommand } from "./generated-file";

const target = path.resolve(__dirname, "..", "docs", "services.md");

const code = (text: string) => `\`${text}\``;
/** Table cell text: pipes escaped, and `<region>`-style placeholders kept visible (not read as HTML). */
const cell = (text: string) => text.replace(/\|/g, "\\|").replace(/\n/g, " ").replace(/</g, "&lt;").replace(/>/g, "&gt;");

function notes(entry: ServiceCatalogEntry): string {
    const out: string[] = [];
    if (entry.onlyIn) out.push(`hub in ${entry.onlyIn.regions.join(", ")} only`);
    if (entry.gatewayEndpoint) out.push("also a free gateway endpoint, which VPCs use; the central interface endpoint answers on-premises clients only");
    if (entry.hostedZonesUnsupported) out.push(`not with \`dns.sharing: hosted-zones\`: ${entry.hostedZonesUnsupported}`);
    if (entry.ports.length !== 1 || entry.ports[0] !== 443) out.push(`ports ${entry.ports.join(", ")}`);
    if (entry.notCovered.length > 0) out.push("some SDK hosts not served (below)");
    return out.join("; ");
}

function row(entry: ServiceCatalogEntry): string {
    const dns = privateDnsNames(entry, "<region>");
    return `| ${code(entry.name)} | ${cell(entry.title)} | ${code(entry.serviceName("<region>"))} | ${dns.length ? dns.map(code).join("<br>") : "Route 53 Profile only"} | ${policyWords(entry)} | ${entry.gatewayEndpoint ? "yes" : ""} | ${cell(notes(entry))} |`;
}

/** The page, as Markdown. */
export function renderServices(): string {
    const entries = catalogRows.map((r) => serviceCatalog[r.name]);
    const available = entries.filter((e) => !e.notCentralizable);
    const unavailable = entries.filter((e) => e.notCentralizable);
    const out = [
        "# Supported AWS services",
        "",
        "<!-- Generated from aws/service-catalog.ts by `npm run services-doc`; do not edit by hand. -->",
        "",
        "The names `network.endpoints.services` accepts. `<region>` stands for the environment's",
        "Region. **Private DNS names** are the names the interface endpoint answers for: what",
        "VPCs resolve through the Route 53 Profile (`dns.sharing: profile`), and the zones and",
        "records `dns.sharing: hosted-zones` creates (`*.` is a wildcard record). **Endpoint",
        "policy**: *perimeter policy* means the endpoint gets the generated data-perimeter",
        "policy; *full access only* means AWS accepts no other policy on it; *no endpoint",
        "policy* means the endpoint takes none.",
        "",
        "Every service with an SDK client is checked against the AWS SDK for JavaScript v3: a",
        "test sends each of the client's operations through its endpoint rules in us-east-1 and",
        "eu-west-1 and fails on a hostname these DNS names do not cover, unless the catalog",
        "says why (the last table). Sources: AWS's list of services that integrate with AWS",
        "PrivateLink (https://docs.aws.amazon.com/vpc/latest/privatelink/aws-services-privatelink-support.html)",
        "and each service's interface endpoint page, cited in `aws/service-catalog.ts`.",
        "",
        `## Services with interface endpoints (${available.length})`,
        "",
        "| name | AWS service | endpoint service | private DNS names | endpoint policy | gateway endpoint | notes |",
        "|---|---|---|---|---|---|---|",
        ...available.map(row),
        "",
        "## Gateway endpoints",
        "",
        "`spokes[].gatewayEndpoints` takes " +
            entries
                .filter((e) => e.gatewayEndpoint)
                .map((e) => code(e.name))
                .join(" and ") +
            " (free, on every route table of the VPC; default both). https://docs.aws.amazon.com/vpc/latest/privatelink/gateway-endpoints.html",
        "",
        "## Global services: a hub in one Region only",
        "",
        "| name | why |",
        "|---|---|",
        ...available.filter((e) => e.onlyIn).map((e) => `| ${code(e.name)} | ${cell(e.onlyIn!.why)} |`),
        "",
        "## Not available as an interface endpoint",
        "",
        "Catalogued so validation can say why, and so their SDK hostnames are checked too.",
        "",
        "| name | AWS service | why |",
        "|---|---|---|",
        ...unavailable.map((e) => `| ${code(e.name)} | ${cell(e.title)} | ${cell(e.notCentralizable!)} |`),
        "",
        "## SDK hostnames these endpoints do not serve",
        "",
        "Hostnames the AWS SDK resolves for a catalogued service that no endpoint of the catalog",
        "answers for. Calls to them leave through NAT, or fail in a VPC without internet access.",
        "",
        "| name | hostname | why |",
        "|---|---|---|",
        ...entries.flatMap((e) => e.notCovered.map((n) => `| ${code(e.name)} | ${code(n.host.replace("{region}", "<region>").replace("{account}", "<account>"))} | ${cell(n.reason)} |`)),
    ];
    return out.join("\n") + "\n";
}

/** Writes the file, or with --check says whether it is stale; returns the exit code. */
export function main(argv: string[], io: CliIo = stdio): number {
    return generatedFileCommand(argv, io, { script: "services-doc", target, render: renderServices });
}

if (require.main === module) process.exitCode = main(process.argv.slice(2));
