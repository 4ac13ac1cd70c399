/**
 * The perimeter section: trusted accounts are third parties, approved endpoint services
 * are in the Region, every protected bucket is listed once (its policy is made by the
 * first unit that deploys into its account, or by that account's own account unit), and
 * its own statements fit a bucket policy; exceptions name their own service's actions and resources; a configured service
 * that needs AWS-owned resources AWS does not publish for the Region is warned about until
 * an exception covers them; the Region guardrail and execute-api's private DNS are warned
 * about where they break something.
 */
import { awsOwnedResources } from "../../aws/aws-owned-resources";
import { partitionOf } from "../../aws/partitions";
import { privateDnsHijack } from "../../aws/private-dns";
import { crossRegionInferenceActions, regionDenySource } from "../../aws/region-deny";
import { catalogEntry } from "../../aws/service-catalog";
import { Path } from "../locate";
import { CheckContext, list, rec, str, strings } from "./context";

/** Statement ids of a protected bucket's perimeter statements (perimeter/bucket-policies.ts keeps the same list). */
export const perimeterBucketSids = ["DenyInsecureTransport", "DenyIdentitiesOutsidePerimeter", "DenyOutsideExpectedNetworks", "DenyDeployerDataOutsideExpectedNetworks"];

export function checkPerimeterReferences(c: CheckContext): void {
    const { accounts, perimeter, region } = c;
    const ownIds = new Map<string, string>();
    for (const [n, id] of Object.entries(accounts)) if (typeof id === "string" && !ownIds.has(id)) ownIds.set(id, n);
    for (const [i, id] of strings(perimeter?.trustedAccounts)) {
        const own = ownIds.get(id);
        if (own) c.warn(["perimeter", "trustedAccounts", i], `${id} is the environment's own account "${own}"; trustedAccounts is for third-party accounts (the environment's accounts are trusted already)`);
    }
    c.duplicateItems(["perimeter", "trustedAccounts"], perimeter?.trustedAccounts, "account id", "warning");
    for (const [i, svc] of strings(perimeter?.approvedEndpointServices)) {
        const m = /^com\.amazonaws\.vpce\.([a-z0-9-]+)\.vpce-svc-/.exec(svc);
        if (m && region && m[1] !== region) {
            c.error(["perimeter", "approvedEndpointServices", i], `${svc} is in region ${m[1]}, but the environment is in ${region}; interface endpoints reach services in their own Region`);
        }
    }
    c.duplicateItems(["perimeter", "approvedEndpointServices"], perimeter?.approvedEndpointServices, "service name", "warning");
    const buckets = new Map<string, number>();
    list(perimeter?.protectedBuckets).forEach((item, i) => {
        const b = rec(item);
        const name = str(b?.name);
        if (name !== undefined) {
            const previous = buckets.get(name);
            if (previous !== undefined) c.error(["perimeter", "protectedBuckets", i, "name"], `bucket "${name}" is already listed at perimeter.protectedBuckets[${previous}]`);
            else buckets.set(name, i);
        }
        c.accountRef(["perimeter", "protectedBuckets", i, "account"], b?.account, "account");
    });
}

// ---- exceptions, AWS-owned resources, protected-bucket statements, Region deny, DNS -----

/** Statement ids the endpoint policies use themselves (an exception may not reuse one). */
const builtInEndpointSids = new Set([
    "OurIdentitiesToOurResources",
    "OurIdentitiesRequestsNamingNoOwner",
    "OurIdentitiesToTrustedResources",
    "TrustedIdentitiesToOurResources",
    "AwsServicePrincipals",
    "OurIdentitiesToOurApis",
    "UnsignedCallsToOurApis",
    ...awsOwnedResources.map((e) => e.sid),
]);

/** Read-only actions: what an exception that admits any caller should be limited to. */
const readOnlyAction = /^[a-z0-9-]+:(Get|List|Describe|Head|BatchGet|BatchCheck)[A-Za-z0-9*?]*$/;

/**
 * Catalog services the environment's endpoints serve, with where each is listed: in `region`
 * (that hub Region's list — its own, or the home Region's it inherits — and its spokes' gateway
 * endpoints), or in every Region when `region` is undefined.
 */
function servedServices(c: CheckContext, region?: string): Map<string, Path> {
    const out = new Map<string, Path>();
    const regional = region !== undefined && region !== c.region ? rec(rec(c.network?.regions)?.[region]) : undefined;
    const own = regional ? rec(regional.endpoints)?.services : undefined;
    if (own !== undefined) {
        for (const [i, s] of strings(own)) if (!out.has(s)) out.set(s, ["network", "regions", region!, "endpoints", "services", i]);
    } else {
        for (const [i, s] of strings(c.endpoints?.services)) if (!out.has(s)) out.set(s, region !== undefined && region !== c.region ? ["network", "regions", region] : ["network", "endpoints", "services", i]);
    }
    if (region === undefined) {
        for (const r of otherHubRegions(c)) for (const [s, path] of servedServices(c, r)) if (!out.has(s)) out.set(s, path);
    }
    const rawSpokes = list(c.root.spokes).map(rec);
    for (const spoke of c.spokes) {
        const spokeRegion = str(rawSpokes[spoke.index]?.region) ?? c.region;
        if (region !== undefined && spokeRegion !== region) continue;
        for (const g of spoke.gatewayEndpoints) if (!out.has(g)) out.set(g, ["spokes", spoke.index, "gatewayEndpoints"]);
    }
    return out;
}

/** The hub Regions other than home, as written (`network.regions` keys). */
function otherHubRegions(c: CheckContext): string[] {
    return Object.keys(rec(c.network?.regions) ?? {}).filter((r) => r !== c.region && /^[a-z]{2}(-gov)?-[a-z]+-\d$/.test(r));
}

/** IAM prefixes the served services carry (IAM-signed ones only). */
function carriedPrefixes(served: Map<string, Path>): Set<string> {
    const prefixes = new Set<string>();
    for (const service of served.keys()) {
        const entry = catalogEntry(service);
        if (entry && entry.policy !== "unsupported") for (const p of entry.iamPrefixes) prefixes.add(p);
    }
    return prefixes;
}

/** An ARN template with `<placeholders>` (or an ARN pattern with `*`) as a regular expression. */
function arnRegex(pattern: string): RegExp {
    const escaped = pattern.replace(/[.+^${}()|[\]\\]/g, "\\$&").replace(/<[^>]+>/g, "[^:/]+").replace(/\*/g, ".*").replace(/\?/g, ".");
    return new RegExp(`^${escaped}$`);
}

/**
 * True when one of the user's resource patterns covers the documented template: the
 * pattern fills the template's placeholders (`assets-111122223333-us-east-1/*` for
 * `assets-<account>-us-east-1/*`), or its wildcards span them.
 */
function covers(patterns: string[], template: string): boolean {
    const example = template.replace(/<[^>]+>/g, "123456789012");
    return patterns.some((p) => arnRegex(template).test(p) || arnRegex(p).test(example));
}

/**
 * A statement id for the user's exception that takes the place of a built-in entry: the
 * built-in ids are reserved (every endpoint policy may carry them), so the Region is added —
 * `GlueStudioTransforms` → `GlueStudioTransformsApSoutheast2`.
 */
export function userExceptionName(sid: string, region: string): string {
    return sid + region.split("-").map((w) => w.charAt(0).toUpperCase() + w.slice(1)).join("");
}

interface ExceptionView {
    index: number;
    service?: string;
    resources: string[];
}

export function checkPerimeterExceptions(c: CheckContext): void {
    const perimeter = c.perimeter;
    const region = c.region;
    const partition = region ? partitionOf(region) : undefined;
    const served = servedServices(c);
    const carried = carriedPrefixes(served);
    const views: ExceptionView[] = [];
    const names = new Map<string, number>();

    list(perimeter?.exceptions).forEach((item, i) => {
        const e = rec(item);
        if (!e) return;
        const at = (key: string | number, ...rest: (string | number)[]): Path => ["perimeter", "exceptions", i, key, ...rest];
        const name = str(e.name);
        if (name !== undefined) {
            const previous = names.get(name);
            if (previous !== undefined) c.error(at("name"), `exception name "${name}" is already used by perimeter.exceptions[${previous}]; each becomes a statement id and must be unique`);
            else names.set(name, i);
            if (builtInEndpointSids.has(name)) c.error(at("name"), `"${name}" is a statement id the endpoint policies already use; choose another name`);
        }
        const service = str(e.service);
        if (service !== undefined && !carried.has(service)) {
            c.warn(
                at("service"),
                `no endpoint of the environment carries ${service} requests (network.endpoints.services and the spokes' gatewayEndpoints), so this exception has no effect` +
                    (carried.size > 0 ? `; the endpoints carry: ${[...carried].sort().join(", ")}` : ""),
            );
        }
        for (const [j, action] of strings(e.actions)) {
            const prefix = action.split(":")[0];
            if (service !== undefined && prefix !== service) {
                c.error(at("actions", j), `action ${action} is not a ${service} action; an exception holds the actions of its own service only (write ${service}:<Action>)`);
            }
            if (str(e.callers) === "any" && !readOnlyAction.test(action)) {
                c.warn(
                    at("actions", j),
                    `${action} is not a read action, but callers: any lets requests that carry no identity of ours make it through our endpoints; ` +
                        `keep callers: any for reading AWS-owned resources, or use callers: ours`,
                );
            }
        }
        const resources: string[] = [];
        for (const [j, arn] of strings(e.resources)) {
            const parts = arn.split(":");
            if (parts.length < 6) continue; // the shape check reports it
            resources.push(arn);
            if (partition && parts[1] !== "*" && parts[1] !== partition) {
                c.error(at("resources", j), `${arn} is in partition ${parts[1]}, but the environment's Region ${region} is in ${partition}`);
            }
            if (service !== undefined && parts[2] !== "*" && parts[2] !== service) {
                c.error(at("resources", j), `${arn} is a ${parts[2]} resource, not a ${service} one; an exception's resources belong to its service`);
            }
            const endpointRegions = region ? [region, ...otherHubRegions(c)] : [];
            if (region && parts[3] !== "" && !endpointRegions.some((r) => arnRegex(parts[3]).test(r))) {
                c.warn(
                    at("resources", j),
                    `${arn} is in Region ${parts[3]}, but the environment's endpoints are in ${endpointRegions.join(", ")}, and an interface or gateway endpoint carries requests to its own Region's API; ` +
                        `write ${endpointRegions.length > 1 ? "one of those" : region} (or * where AWS routes the call onwards, as Bedrock cross-Region inference does)`,
                );
            }
            const resourcePart = parts.slice(5).join(":");
            if (str(e.callers) === "any" && /^[*?]/.test(resourcePart)) {
                c.warn(
                    at("resources", j),
                    `${arn} starts with a wildcard, and callers: any admits requests that carry no identity of ours: anyone inside our network could reach every such resource ` +
                        `(every bucket, for S3) through our endpoints — the exfiltration the endpoint policy exists to stop. Name the AWS-owned resources (arn:${partition ?? "aws"}:${parts[2]}:${parts[3]}:${parts[4]}:<name>/*)`,
                );
            }
        }
        views.push({ index: i, service, resources });
    });

    // AWS-owned resources a configured service needs that no generated exception covers, in each hub Region.
    for (const region of c.region && partition ? [c.region, ...otherHubRegions(c)] : []) {
        const served = servedServices(c, region);
        const carried = carriedPrefixes(served);
        for (const entry of awsOwnedResources) {
            if (entry.resources(region, partition!) !== undefined) continue;
            const need = entry.neededBy === "always" ? undefined : entry.neededBy.find((s) => served.has(s));
            if (entry.neededBy !== "always" && need === undefined) continue;
            if (!carried.has(entry.via)) continue;
            const templates = entry.template(region, partition!);
            const userPatterns = views.filter((v) => v.service === entry.via).flatMap((v) => v.resources);
            const missing = templates.filter((t) => !covers(userPatterns, t));
            if (missing.length === 0) continue;
            const path = need !== undefined ? served.get(need)! : region === c.region ? ["network", "endpoints", "services"] : ["network", "regions", region];
            c.warn(
                path,
                `${need ?? "workloads"} need${need ? "s" : ""} AWS-owned resources AWS does not publish for ${region}, so no exception covers them and requests through ` +
                    `the ${entry.via} endpoints will be denied: ${entry.reason} Add to perimeter.exceptions: ` +
                    `{ name: ${userExceptionName(entry.sid, region)}, service: ${entry.via}, actions: [${entry.actions.join(", ")}], resources: [${missing.join(", ")}]` +
                    `${entry.callers !== "our-principals" ? ", callers: any" : ""}, reason: ... } with the account AWS documents for the Region`,
            );
        }
    }
}

/** Protected buckets' own statements: the IAM shape is the schema's; here, what the bucket policy makes of them. */
export function checkProtectedBucketStatements(c: CheckContext): void {
    const partition = c.region ? partitionOf(c.region) : "aws";
    const own = new Set(Object.values(c.accounts).filter((v): v is string => typeof v === "string"));
    list(c.perimeter?.protectedBuckets).forEach((item, i) => {
        const bucket = rec(item);
        const name = str(bucket?.name);
        for (const [j, arn] of strings(bucket?.awsServiceRoles)) {
            const parts = arn.split(":");
            if (parts.length < 6) continue; // the shape check reports it
            if (parts[1] !== partition) c.error(["perimeter", "protectedBuckets", i, "awsServiceRoles", j], `${arn} is in partition ${parts[1]}, but the environment's Region is in ${partition}`);
            else if (!own.has(parts[4])) {
                c.warn(
                    ["perimeter", "protectedBuckets", i, "awsServiceRoles", j],
                    `${arn} is not a role of the environment's accounts; a third party's service role is held by the identity perimeter anyway (trustedAccounts), so this exemption only helps roles of our accounts`,
                );
            }
        }
        const sids = new Map<string, number>();
        list(bucket?.statements).forEach((raw, j) => {
            const s = rec(raw);
            if (!s) return;
            const at = (...rest: (string | number)[]): Path => ["perimeter", "protectedBuckets", i, "statements", j, ...rest];
            const sid = str(s.Sid);
            if (sid !== undefined && sid !== "") {
                if (perimeterBucketSids.includes(sid)) c.error(at("Sid"), `Sid "${sid}" is one of the perimeter's own statements in this bucket policy; choose another`);
                const previous = sids.get(sid);
                if (previous !== undefined) c.error(at("Sid"), `Sid "${sid}" is already used by statements[${previous}]; statement ids are unique within a policy`);
                else sids.set(sid, j);
            }
            if (s.Principal === undefined && s.NotPrincipal === undefined) c.error(at(), "a bucket policy statement needs Principal (or NotPrincipal): who it applies to");
            if (s.Action === undefined && s.NotAction === undefined) c.error(at(), "a statement needs Action (or NotAction)");
            if (s.Resource === undefined && s.NotResource === undefined) c.error(at(), "a statement needs Resource (or NotResource)");
            if (name !== undefined) {
                const own = arnRegex(`arn:${partition}:s3:::${name}*`);
                const resources = typeof s.Resource === "string" ? [[0, s.Resource] as [number, string]] : strings(s.Resource);
                for (const [k, arn] of resources) {
                    if (arn !== "*" && !own.test(arn)) {
                        c.error(
                            typeof s.Resource === "string" ? at("Resource") : at("Resource", k),
                            `${arn} is not bucket ${name} or one of its objects; a bucket policy names only its own bucket (arn:${partition}:s3:::${name} and arn:${partition}:s3:::${name}/*)`,
                        );
                    }
                }
            }
            if (s.Effect === "Allow" && (s.Principal === "*" || rec(s.Principal)?.AWS === "*") && rec(s.Condition) === undefined) {
                c.error(at("Principal"), `this statement allows everyone without a condition: bucket ${name ?? ""} would be public; condition it (e.g. on aws:PrincipalOrgID) or name the principals`);
            }
        });
    });
}

/** The Region guardrail, the network perimeter's tags and private DNS shared with every spoke. */
export function checkPerimeterSwitches(c: CheckContext): void {
    const perimeter = c.perimeter;
    // perimeter.existingPolicies names OUs of organization.units (the per-OU count is checked with the generated policies: perimeter/validate.ts).
    const existing = rec(perimeter?.existingPolicies);
    for (const key of ["scps", "rcps"]) {
        const counts = rec(existing?.[key]);
        if (!counts) continue;
        for (const ou of Object.keys(counts)) {
            if (!c.organization) {
                c.error(["perimeter", "existingPolicies", key, ou], "perimeter.existingPolicies needs an organization: without one no SCP or RCP is attached", "key");
            } else if (!(ou in c.units)) {
                c.error(["perimeter", "existingPolicies", key, ou], `OU "${ou}" is not in organization.units${Object.keys(c.units).length ? ` (known: ${Object.keys(c.units).join(", ")})` : ""}`, "key");
            }
        }
    }
    if (perimeter?.denyOtherRegions === true) {
        if (!c.organization) {
            c.warn(["perimeter", "denyOtherRegions"], "denyOtherRegions needs an organization (it is an SCP); without organization it has no effect");
        }
        for (const [i, service] of strings(c.endpoints?.services)) {
            if (service === "bedrock-runtime" || service === "bedrock-agent-runtime") {
                c.warn(
                    ["network", "endpoints", "services", i],
                    `with perimeter.denyOtherRegions, Amazon Bedrock cross-Region inference profiles (${crossRegionInferenceActions.join(", ")}) route to Regions outside the environment ` +
                        `and are denied; use in-Region model ids, or adapt AWS's Region deny with cross-Region inference support (${regionDenySource.repository}, Region-controls)`,
                );
            }
        }
    }
    const include = str(perimeter?.includeTag);
    const exclude = str(perimeter?.breakGlassTag);
    if (include !== undefined && include === (exclude ?? "dp:exclude:network")) {
        c.error(["perimeter", "includeTag"], `includeTag and breakGlassTag are both "${include}": a principal tagged in would be tagged out at once; use two keys (AWS's: dp:include:network and dp:exclude:network)`);
    }
    if (c.endpoints?.executeApiPrivateDns === true) {
        const listed = strings(c.endpoints?.services).find(([, s]) => s === "execute-api");
        if (!listed) {
            c.warn(["network", "endpoints", "executeApiPrivateDns"], "execute-api is not in network.endpoints.services, so executeApiPrivateDns has no effect");
        } else {
            const hijack = privateDnsHijack("execute-api");
            c.warn(
                ["network", "endpoints", "executeApiPrivateDns"],
                `private DNS for execute-api is shared with every VPC: ${hijack?.effect ?? ""} (${hijack?.source ?? ""}). Leave it off and call private APIs at ` +
                    `https://<api-id>-<vpce-id>.execute-api.<region>.amazonaws.com unless no VPC calls a public API Gateway API`,
            );
        }
    }
}
