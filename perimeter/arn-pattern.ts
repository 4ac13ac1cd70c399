/**
 * Does a policy's Resource pattern (`arn:aws:ec2:*:*:vpc-endpoint/*`) cover any ARN of a
 * resource type whose format the Service Authorization Reference gives as a template
 * (`arn:${Partition}:ec2:${Region}:${Account}:vpc-endpoint-service/${VpcEndpointServiceId}`)?
 *
 * IAM compares ARNs segment by segment (partition, service, Region, account, then the
 * resource part, which may itself contain colons), so a wildcard never crosses a segment:
 * that is what keeps `vpc-endpoint/*` from matching a `vpc-endpoint-service` ARN. Within
 * a segment, both sides are wildcard patterns (`*` and `?` in the policy, `${Var}` in the
 * template) and the question is whether their languages intersect.
 */

/** Replaces policy variables (`${aws:username}`) and template variables (`${Region}`) by `*`. */
function variablesToWildcards(text: string): string {
    return text.replace(/\$\{[^}]*\}/g, "*");
}

/** Splits an ARN into its 6 segments; the resource part keeps its colons. */
export function arnSegments(arn: string): string[] | undefined {
    const parts = arn.split(":");
    if (parts.length < 6 || parts[0] !== "arn") return undefined;
    return [...parts.slice(0, 5), parts.slice(5).join(":")];
}

/** True when some string matches both wildcard patterns (`*` any run, `?` one character). */
export function wildcardPatternsIntersect(a: string, b: string): boolean {
    const memo = new Map<number, boolean>();
    const width = b.length + 1;
    const visit = (i: number, j: number): boolean => {
        const key = i * width + j;
        const cached = memo.get(key);
        if (cached !== undefined) return cached;
        let result = false;
        if (i === a.length && j === b.length) result = true;
        else if (i < a.length && a[i] === "*") result = visit(i + 1, j) || (j < b.length && visit(i, j + 1));
        else if (j < b.length && b[j] === "*") result = visit(i, j + 1) || (i < a.length && visit(i + 1, j));
        else if (i < a.length && j < b.length) result = (a[i] === b[j] || a[i] === "?" || b[j] === "?") && visit(i + 1, j + 1);
        memo.set(key, result);
        return result;
    };
    return visit(0, 0);
}

/**
 * True when the policy resource pattern can match an ARN of the template's resource type.
 * `*` matches everything; a template that is not an ARN is treated as matching anything.
 */
export function resourcePatternMatchesType(pattern: string, arnTemplate: string): boolean {
    if (pattern === "*") return true;
    const template = arnSegments(variablesToWildcards(arnTemplate));
    if (!template) return true;
    const wanted = arnSegments(variablesToWildcards(pattern));
    if (!wanted) return false;
    return wanted.every((segment, i) => wildcardPatternsIntersect(segment, template[i]));
}
