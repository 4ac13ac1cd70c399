/**
 * Checks every policy document an offline plan would deploy: endpoint policies, SCPs,
 * RCPs and bucket policies, read from the planned resources' inputs. Values that are
 * unknown during preview (`"<unknown>"`) cannot be judged and are skipped.
 */
import { checkPolicyDocument, PolicyFinding } from "./check";
import { DocumentKind } from "./size";

/** The plan's marker for unknown values (analysis/plan-records.ts `UNKNOWN`). */
const UNKNOWN = "<unknown>";

/** What this check reads of a planned resource (a plan record has at least this). */
export interface PlannedPolicyCarrier {
    urn: string;
    /** Logical name. */
    name: string;
    /** Pulumi type token, e.g. `aws:ec2/vpcEndpoint:VpcEndpoint`. */
    type: string;
    /** Resource inputs; unknown values are the string `"<unknown>"`. */
    inputs: Record<string, unknown>;
}

export interface PlannedDocument {
    urn: string;
    name: string;
    type: string;
    kind: DocumentKind;
    /** The document as planned: JSON text or an object. */
    document: unknown;
}

export interface PlannedDocumentFinding extends PolicyFinding {
    urn: string;
    /** Logical name of the resource that carries the document. */
    name: string;
    kind: DocumentKind;
}

function containsUnknown(value: unknown): boolean {
    if (value === UNKNOWN) return true;
    if (typeof value === "string") return value.includes(`"${UNKNOWN}"`);
    if (Array.isArray(value)) return value.some(containsUnknown);
    if (typeof value === "object" && value !== null) return Object.values(value).some(containsUnknown);
    return false;
}

const organizationPolicyKinds: Record<string, DocumentKind> = {
    SERVICE_CONTROL_POLICY: "scp",
    RESOURCE_CONTROL_POLICY: "rcp",
};

/** The policy documents in a plan whose values are known. */
export function plannedDocuments(resources: PlannedPolicyCarrier[]): PlannedDocument[] {
    const documents: PlannedDocument[] = [];
    for (const r of resources) {
        const base = { urn: r.urn, name: r.name, type: r.type };
        let kind: DocumentKind | undefined;
        let document: unknown;
        switch (r.type) {
            case "aws:ec2/vpcEndpoint:VpcEndpoint":
            case "aws:ec2/vpcEndpointPolicy:VpcEndpointPolicy":
                kind = "endpoint";
                document = r.inputs.policy;
                break;
            case "aws:organizations/policy:Policy":
                kind = typeof r.inputs.type === "string" ? organizationPolicyKinds[r.inputs.type] : undefined;
                // Without `type` the provider creates an SCP.
                if (r.inputs.type === undefined) kind = "scp";
                document = r.inputs.content;
                break;
            case "aws:s3/bucketPolicy:BucketPolicy":
                kind = "bucket";
                document = r.inputs.policy;
                break;
        }
        if (!kind || document === undefined || document === null || document === "" || containsUnknown(document)) continue;
        documents.push({ ...base, kind, document });
    }
    return documents;
}

/** Findings for every known policy document in the plan. */
export async function checkPlannedDocuments(resources: PlannedPolicyCarrier[]): Promise<PlannedDocumentFinding[]> {
    const findings: PlannedDocumentFinding[] = [];
    for (const doc of plannedDocuments(resources)) {
        for (const f of await checkPolicyDocument(doc.document, doc.kind)) {
            findings.push({ ...f, urn: doc.urn, name: doc.name, kind: doc.kind });
        }
    }
    return findings;
}
