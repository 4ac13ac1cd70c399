/**
 * What the governance evaluator can conclude about one subject of one call, and the
 * alert each conclusion raises. README's "Alerts the security team receives" lists every
 * rule here (a test keeps the two in step).
 */

/**
 * - `allowed`: judged, and within the rules.
 * - `violation`: judged, and against the rules.
 * - `review`: judged as far as the facts go, and a person should look (no rule broken
 *   that the evaluator can prove, but nothing proves it fine either).
 * - `undecided`: something failed while judging (a throttled or denied lookup, an
 *   unreadable event, a bug): the subject was NOT checked. Never silence.
 * - `ignored`: nothing to judge (the call failed, or is not a governed call).
 */
export type Verdict = "allowed" | "violation" | "review" | "undecided" | "ignored";

export interface Finding {
    verdict: Verdict;
    /** One of `findingRules` (what was concluded), for alerts and README. */
    rule: FindingRule;
    eventName: string;
    /** Account the call was made in. */
    account: string;
    region: string;
    /** What was judged: a service name, an endpoint id, a principal, the caller. */
    subject: string;
    reason: string;
}

/** Every conclusion, its verdict and what a security engineer does about it. */
export const findingRules = {
    // ---- allowed / ignored: no alert ----
    "approved-service": { verdict: "allowed", meaning: "endpoint to a third-party service on perimeter.approvedEndpointServices (exact name)" },
    "aws-service": { verdict: "allowed", meaning: "endpoint to an AWS service (owner `amazon`)" },
    "organization-owned": { verdict: "allowed", meaning: "the service, resource, consumer or principal belongs to an organization account" },
    "trusted-account": { verdict: "allowed", meaning: "the consumer, principal or resource owner is on perimeter.trustedAccounts" },
    "aws-managed-endpoint": { verdict: "allowed", meaning: "an endpoint an AWS service created and manages for the account (requesterManaged, or created by AWS itself)" },
    "network-admin": { verdict: "allowed", meaning: "endpoint-service administration by perimeter.networkAdminRole" },
    "acceptance-required": { verdict: "allowed", meaning: "the service keeps acceptance required" },
    "failed-call": { verdict: "ignored", meaning: "the call failed (errorCode set), or this item of it did (in the response's `unsuccessful` list): nothing changed" },
    "not-governed": { verdict: "ignored", meaning: "not a call the detective controls judge" },
    // ---- violations ----
    "untrusted-service": {
        verdict: "violation",
        meaning: "an endpoint to a service owned outside the organization that is not an approved endpoint service",
        action: "Find the endpoint (subject, account, Region), delete it or add the exact service name to perimeter.approvedEndpointServices after review.",
    },
    "untrusted-resource": {
        verdict: "violation",
        meaning: "a Resource or ServiceNetwork endpoint to a resource configuration or service network owned outside the organization and not a trusted account",
        action: "Delete the endpoint, or add the owner to perimeter.trustedAccounts after review.",
    },
    "connection-outside-organization": {
        verdict: "violation",
        meaning: "a service accepted a connection from an endpoint owned outside the organization and not a trusted account",
        action: "Reject the connection (RejectVpcEndpointConnections) and find out who accepted it.",
    },
    "permissions-everyone": {
        verdict: "violation",
        meaning: "a service's allowed principals now include `*` (every AWS account may request a connection)",
        action: "Remove `*` (ModifyVpcEndpointServicePermissions --remove-allowed-principals '*').",
    },
    "permissions-outside-organization": {
        verdict: "violation",
        meaning: "a service's allowed principals now include an account outside the organization that is not trusted",
        action: "Remove the principal, or add the account to perimeter.trustedAccounts after review.",
    },
    "acceptance-not-required": {
        verdict: "violation",
        meaning: "a service was created or changed to accept connections without review (AcceptanceRequired false)",
        action: "Set acceptance required again (ModifyVpcEndpointServiceConfiguration --acceptance-required) and review its connections.",
    },
    "administered-by-other": {
        verdict: "violation",
        meaning: "endpoint-service administration by an identity other than perimeter.networkAdminRole (another role, an IAM user, the root user, another account), the management account included",
        action: "Find out who (the caller in the alert) and why; undo the change if it was not planned.",
    },
    // ---- needs review ----
    "service-not-visible": {
        verdict: "review",
        meaning: "the endpoint's service is not visible from the caller's account, so its owner is unknown (deleted since, or a private service shared only with that account)",
        action: "Look the endpoint up in the account and check which service it connects to.",
    },
    "connection-not-found": {
        verdict: "review",
        meaning: "an accepted endpoint is not among the service's connections any more (rejected or deleted since)",
        action: "Check the service's connections in the owner's account.",
    },
    "principal-not-account": {
        verdict: "review",
        meaning: "a principal added to a service is neither `*` nor an IAM ARN, so its account is unknown",
        action: "Check the service's allowed principals.",
    },
    "administered-by-aws": {
        verdict: "review",
        meaning: "an AWS service (its own account or a service-linked role) administered an endpoint service for the account",
        action: "Check which AWS feature did it (invokedBy) and that someone enabled it on purpose.",
    },
    // ---- could not decide ----
    "lookup-failed": {
        verdict: "undecided",
        meaning: "an AWS lookup the decision needs failed after retries (throttled, denied, unavailable): the subject was not checked",
        action: "Check the subject by hand; if it repeats, check the inspector role in that account and Region.",
    },
    "organization-unavailable": {
        verdict: "undecided",
        meaning: "the organization's account list could not be read after retries: whether the owner, consumer or principal is a member was not checked",
        action: "Check the account by hand; if it repeats, check that the security account is a delegated administrator allowed to call organizations:ListAccounts.",
    },
    "notification-target-unknown": {
        verdict: "undecided",
        meaning:
            "a connection notification was changed or deleted by someone other than perimeter.networkAdminRole, and whether it was an endpoint service's (administration) or a consumer endpoint's could not be told: CloudTrail records only the notification's id, and a deleted notification cannot be looked up",
        action: "Find out who (the caller in the alert) and why; check the connection notifications of the account's endpoint services in that Region (the Config rule's daily run also flags a service left without an enabled Connect and Accept notification).",
    },
    "event-incomplete": {
        verdict: "undecided",
        meaning: "the CloudTrail record lacks a field the decision needs (service name, service id, caller)",
        action: "Read the event (included in the alert) in CloudTrail and judge it by hand.",
    },
    "evaluator-error": {
        verdict: "undecided",
        meaning: "the evaluator failed while judging (an unexpected error or a bad setting): what it names was not checked",
        action: "Judge the event by hand; report the error (it is in the alert and the function's log).",
    },
} as const satisfies Record<string, { verdict: Verdict; meaning: string; action?: string }>;

export type FindingRule = keyof typeof findingRules;

/** Alert kinds, most severe first: the subject line names the most severe one present. */
export const alertKinds = [
    { verdict: "violation", title: "VIOLATION" },
    { verdict: "undecided", title: "COULD NOT DECIDE" },
    { verdict: "review", title: "NEEDS REVIEW" },
] as const;

/** The findings that raise an alert: violations, undecided and review. */
export function notifiable(findings: Finding[]): Finding[] {
    return findings.filter((f) => alertKinds.some((k) => k.verdict === f.verdict));
}
