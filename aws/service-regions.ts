/**
 * Which Regions offer each catalogued service (aws/service-catalog.ts): the catalog's services
 * are not offered in every Region, and a hub can only host an endpoint of a service its Region
 * has. Validation checks every hub Region's `endpoints.services` against this table.
 *
 * Source: AWS's published endpoint metadata, `botocore/data/endpoints.json` (partition `aws`),
 * botocore 1.43.11 — the machine-readable form of the "AWS service endpoints" pages of the
 * AWS General Reference (https://docs.aws.amazon.com/general/latest/gr/aws-service-information.html)
 * and of "AWS Services by Region"
 * (https://aws.amazon.com/about-aws/global-infrastructure/regional-product-services/).
 * https://github.com/boto/botocore/blob/develop/botocore/data/endpoints.json
 * `service-availability.json` holds, for each catalog entry, the endpoint prefix it was read under
 * and the Regions with a (non-deprecated) Regional endpoint of that prefix; `partitionRegions`
 * the Regions the file knows at all. The authoritative answer for one account is
 * `aws ec2 describe-vpc-endpoint-services --region <r>`
 * (https://docs.aws.amazon.com/vpc/latest/privatelink/aws-services-privatelink-support.html#vpce-view-available-services);
 * it cannot be asked offline, so the table stands in for it, pessimistically:
 *
 * - a Region the metadata knows, where the service has no endpoint: **not offered** (an error);
 * - a service the metadata does not list (endpoints with no SDK API of their own: imagebuilder,
 *   email-smtp, bedrock-runtime…), or a Region newer than the file: **unknown** (a warning, never
 *   assumed available: check with describe-vpc-endpoint-services before deploying).
 *
 * Read under another prefix (the endpoint is one more door into the same service, and AWS documents
 * it with that service):
 * - `ssmmessages`, `ec2messages` under `ssm`: Systems Manager needs the three endpoints together
 *   in each Region it manages instances in
 *   (https://docs.aws.amazon.com/systems-manager/latest/userguide/setup-create-vpc.html);
 * - `ecr.dkr` under `api.ecr`: the registry and the ECR API are the two endpoints of one Amazon ECR
 *   (https://docs.aws.amazon.com/AmazonECR/latest/userguide/vpc-endpoints.html);
 * - `execute-api` under `apigateway`: invoking private APIs of API Gateway in that Region
 *   (https://docs.aws.amazon.com/apigateway/latest/developerguide/apigateway-private-apis.html);
 * - the others by their SDK endpoint prefix (`kinesis-streams` → `kinesis`, `kinesis-firehose` →
 *   `firehose`, `sagemaker.api` → `api.sagemaker`, `ecs-agent` → `ecs`, `airflow.*` → `airflow`, …).
 *
 * - `bedrock-runtime` from the `bedrock-runtime-<region>` endpoints of `bedrock`: the list is
 *   `partial` (newer Regions of Bedrock's control plane have no such entry), so a Region it does
 *   not name is unknown, not "not offered".
 *
 * Global services pinned to us-east-1 (`onlyIn` in the catalog) are not decided here.
 *
 * Refreshed with `npm run refresh:service-regions -- --endpoints <botocore>/data/endpoints.json`
 * (tools/refresh-service-regions.ts): it keeps the rows above and recomputes their Regions.
 */
import table from "./service-availability.json";

/** Where the table comes from (docs, messages). */
export const serviceRegionsSource = {
    file: "botocore/data/endpoints.json",
    version: table.botocoreVersion,
    url: "https://github.com/boto/botocore/blob/develop/botocore/data/endpoints.json",
    page: "https://aws.amazon.com/about-aws/global-infrastructure/regional-product-services/",
};

/** Regions of the `aws` partition the table knows. */
export const tableRegions: readonly string[] = table.partitionRegions;

/** `partial`: the Regions listed offer it; the others are unknown (not "not offered"). */
const services: Record<string, { endpointPrefix: string; regions: string[]; partial?: boolean }> = table.services;

export type ServiceAvailability =
    | { status: "offered" }
    | { status: "not-offered"; why: string }
    | { status: "unknown"; why: string };

/** Whether `service` (a catalog short name) is offered in `region`, from the sourced table. */
export function serviceAvailability(service: string, region: string): ServiceAvailability {
    const row = Object.prototype.hasOwnProperty.call(services, service) ? services[service] : undefined;
    if (!row) {
        return {
            status: "unknown",
            why: `AWS's endpoint metadata (${serviceRegionsSource.file} ${serviceRegionsSource.version}) does not list where "${service}" is offered, so it is not assumed available in ${region}; check with aws ec2 describe-vpc-endpoint-services --region ${region}`,
        };
    }
    if (!tableRegions.includes(region)) {
        return {
            status: "unknown",
            why: `${region} is not a Region of AWS's endpoint metadata (${serviceRegionsSource.file} ${serviceRegionsSource.version}), so "${service}" is not assumed available there; check with aws ec2 describe-vpc-endpoint-services --region ${region}`,
        };
    }
    if (row.regions.includes(region)) return { status: "offered" };
    if (row.partial) {
        return {
            status: "unknown",
            why: `AWS's endpoint metadata (${serviceRegionsSource.file} ${serviceRegionsSource.version}) lists "${service}" in some Regions only partly, and not in ${region}, so it is not assumed available there; check with aws ec2 describe-vpc-endpoint-services --region ${region}`,
        };
    }
    return {
        status: "not-offered",
        why: `"${service}" is not offered in ${region}: AWS's endpoint metadata (${serviceRegionsSource.file} ${serviceRegionsSource.version}, "${row.endpointPrefix}") has no endpoint there (see ${serviceRegionsSource.page})`,
    };
}

/** The Regions the table says offer `service` (empty when it does not list the service). */
export function regionsOffering(service: string): string[] {
    return Object.prototype.hasOwnProperty.call(services, service) ? [...services[service].regions] : [];
}
