/**
 * Where the policy pack, as it stands, disagrees with AWS's documented behaviour — one
 * place, matched narrowly, until the pack is changed to agree (docs/perimeter.md, "What the
 * policy pack must accept"). Tests that require zero mandatory violations on the shipped
 * definitions set these aside and fail on anything else.
 *
 * The one disagreement: endpoint policies must let requests that carry no identity of ours
 * read the AWS-owned resources AWS lists for exactly that (unauthenticated Amazon Linux
 * repository reads, ECR image layers fetched through a URL an ECR account presigned ...;
 * aws/aws-owned-resources.ts `callers`), and the pack's trusted-identities rule reads any
 * Allow without an identity condition as admitting outsiders.
 */
import { awsOwnedResources } from "../../aws/aws-owned-resources";

const anyCallerSids = new Set(awsOwnedResources.filter((e) => e.callers !== "our-principals").map((e) => e.sid));

/** True for a violation that only says an AWS-owned any-caller exception is not limited to our identities. */
export function awaitingPackChange(v: { policy: string; message: string }): boolean {
    if (v.policy !== "endpoints-vpc-endpoint-policy-trusted-identities") return false;
    // The pack's wording: "Statement[n] ("<Sid>") lets <an outsider or an anonymous caller> through (...)".
    const sid = /Statement\[\d+\] \("([A-Za-z0-9]+)"\) (allows any identity|lets .+ through)/.exec(v.message)?.[1];
    return sid !== undefined && anyCallerSids.has(sid);
}

/**
 * The mandatory violations of the plan CLI's text output (`  - [mandatory] <policy>  (<type>: <name>)`,
 * then its description and message lines), so a test of the CLI can set the same ones aside.
 */
export function mandatoryInOutput(stdout: string): { policy: string; message: string }[] {
    const out: { policy: string; message: string }[] = [];
    const lines = stdout.split("\n");
    for (let i = 0; i < lines.length; i++) {
        const m = /^\s+- \[mandatory\] (\S+)/.exec(lines[i]);
        if (m) out.push({ policy: m[1], message: `${lines[i + 1] ?? ""}\n${lines[i + 2] ?? ""}` });
    }
    return out;
}
