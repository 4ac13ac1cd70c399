/**
 * The SNS alert of one event: its subject and message, valid for SNS Publish by
 * construction (aws/event-delivery.ts `snsPublishLimits`). A Publish that SNS refuses
 * (`InvalidParameter`) fails the same way on every retry and every replay, so an alert
 * that cannot be sent would turn a finding into silence: nothing taken from the event may
 * make the subject too long or put a line break, a control or a non-ASCII character in it,
 * or make the message too large.
 */
import { snsPublishLimits } from "../../aws/event-delivery";
import { isCloudTrailApiCallEvent } from "./cloudtrail";
import { Finding, Verdict, alertKinds } from "./findings";

const ellipsis = "...";

/** Printable ASCII only: whitespace becomes one space, any other character outside 0x20-0x7E a `?`. */
export function subjectText(value: string): string {
    return value
        .replace(/\s+/g, " ")
        .replace(/[^\x20-\x7e]/g, "?")
        .trim();
}

/** `text` cut to at most `max` characters, the cut marked with "...". */
function clip(text: string, max: number): string {
    if (text.length <= max) return text;
    return max <= ellipsis.length ? text.slice(0, Math.max(0, max)) : `${text.slice(0, max - ellipsis.length)}${ellipsis}`;
}

/** How an alert names a verdict: the alert kinds' titles (`NEEDS REVIEW`, ...). */
export function verdictTitle(verdict: Verdict): string {
    return alertKinds.find((k) => k.verdict === verdict)?.title ?? verdict.toUpperCase();
}

/**
 * `PrivateLink <kind>: <call> in <account> <Region>`, at most 99 printable ASCII characters
 * beginning with a letter. The account and Region keep up to 20 characters each (real
 * ones are shorter); the call name gives way first, cut with "...". The message carries
 * everything in full.
 */
export function alertSubject(kind: (typeof alertKinds)[number]["title"], eventName: string, account?: string, region?: string): string {
    const max = snsPublishLimits.maxSubjectLength;
    const head = `PrivateLink ${kind}: `;
    const where = account === undefined ? "" : ` in ${clip(subjectText(account) || "?", 20)} ${clip(subjectText(region ?? "") || "?", 20)}`;
    const subject = `${head}${clip(subjectText(eventName) || "event", max - head.length - where.length)}${where}`;
    // Belt and braces: whatever the parts were, never more than SNS accepts.
    return clip(subject, max);
}

/** The longest prefix of `text` whose UTF-8 encoding fits in `maxBytes`, never splitting a character. */
export function utf8Prefix(text: string, maxBytes: number): string {
    const bytes = Buffer.from(text, "utf8");
    if (bytes.length <= maxBytes) return text;
    let end = Math.max(0, maxBytes);
    while (end > 0 && (bytes[end] & 0xc0) === 0x80) end--;
    return bytes.subarray(0, end).toString("utf8");
}

const cutNote = "\n... (cut to fit SNS's message size limit; the evaluator's log has every finding and the event)";

function eventJson(event: unknown): string {
    try {
        return JSON.stringify(event) ?? String(event);
    } catch {
        return String(event);
    }
}

/** SNS subject and message for the notifiable findings of one event. */
export function notificationFor(event: unknown, findings: Finding[]): { subject: string; message: string } {
    const ct = isCloudTrailApiCallEvent(event) ? event : undefined;
    const kind = alertKinds.find((k) => findings.some((f) => f.verdict === k.verdict))?.title ?? "NEEDS REVIEW";
    const eventName = ct?.detail.eventName ?? findings[0]?.eventName ?? "event";
    const region = ct ? (ct.detail.awsRegion ?? ct.region) : undefined;
    const subject = alertSubject(kind, eventName, ct?.account, region);
    const caller = ct?.detail.userIdentity;
    const lines = [
        ct
            ? `${eventName} by ${caller?.sessionContext?.sessionIssuer?.arn ?? caller?.arn ?? caller?.type ?? "an unrecorded caller"}${caller?.invokedBy ? ` (invoked by ${caller.invokedBy})` : ""}`
            : "An event the evaluator could not read.",
        ct ? `account ${ct.account}, Region ${region}, at ${ct.detail.eventTime ?? ct.time ?? "unknown time"} (CloudTrail event ${ct.detail.eventID ?? "?"})` : "",
        "",
        ...findings.map((f) => `- ${verdictTitle(f.verdict)} [${f.rule}] ${f.subject}: ${f.reason}`),
    ];
    if (findings.some((f) => f.verdict === "undecided")) {
        lines.push(
            "",
            "COULD NOT DECIDE means the subjects above were NOT checked. Check them by hand, or replay the event once the cause is fixed",
            "(aws lambda invoke --invocation-type Event --function-name <evaluator> --payload file://event.json; see README, \"Replaying\").",
            "",
            "The event:",
            eventJson(event),
        );
    }
    const message = lines.join("\n");
    const max = snsPublishLimits.maxMessageBytes;
    if (Buffer.byteLength(message, "utf8") <= max) return { subject, message };
    // The event comes last, so it is what gets cut first.
    return { subject, message: `${utf8Prefix(message, max - Buffer.byteLength(cutNote, "utf8"))}${cutNote}` };
}
