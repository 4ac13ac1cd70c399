/**
 * Bounded retries with exponential backoff and full jitter, in one place.
 *
 * The Lambdas create their SDK clients with `maxAttempts: 1`, so every AWS call is retried
 * here and only here: a throttled or transient error (the SDK's own classification, kept
 * in aws/api-errors.ts) is retried up to `attempts` times in all, waiting a random time in
 * [0, min(cap, base * 2^n)) before retry n; any other error is thrown at once. A paginated
 * read retries the page that failed, not the pages before it.
 *
 * Why not the SDK's retry strategy: its retries happen inside the client's middleware, so
 * they cannot be observed or tested offline, and stacking two layers multiplies the worst
 * case (3 SDK attempts × N ours). One layer, with a total that fits the function's timeout.
 */
import { retryableNetworkCodes, retryableStatusCodes, throttlingErrorCodes, transientErrorCodes } from "../../aws/api-errors";

export interface RetryPolicy {
    /** Attempts in all, the first included. */
    attempts: number;
    /** Backoff base in milliseconds. */
    baseDelayMs: number;
    /** Longest single wait in milliseconds. */
    maxDelayMs: number;
    sleep?: (ms: number) => Promise<void>;
    /** Uniform in [0, 1). */
    random?: () => number;
}

/**
 * 5 attempts, 200 ms base, 5 s cap: at most 0.2 + 0.4 + 0.8 + 1.6 = 3 s of waiting per call.
 * `GOVERNANCE_RETRY_ATTEMPTS` and `GOVERNANCE_RETRY_BASE_MS` override it.
 */
export function retryPolicyFromEnvironment(env: NodeJS.ProcessEnv): RetryPolicy {
    const attempts = Number(env.GOVERNANCE_RETRY_ATTEMPTS ?? 5);
    const base = Number(env.GOVERNANCE_RETRY_BASE_MS ?? 200);
    return {
        attempts: Number.isInteger(attempts) && attempts >= 1 ? attempts : 5,
        baseDelayMs: Number.isFinite(base) && base >= 0 ? base : 200,
        maxDelayMs: 5000,
    };
}

interface ErrorLike {
    name?: string;
    code?: string;
    $metadata?: { httpStatusCode?: number };
    $retryable?: { throttling?: boolean };
}

/** True for throttling and transient errors, as the AWS SDK classifies them. */
export function isRetryable(error: unknown): boolean {
    if (typeof error !== "object" || error === null) return false;
    const e = error as ErrorLike;
    if (e.$retryable) return true;
    if (e.name && (throttlingErrorCodes.includes(e.name) || transientErrorCodes.includes(e.name))) return true;
    if (e.code && (throttlingErrorCodes.includes(e.code) || retryableNetworkCodes.includes(e.code))) return true;
    const status = e.$metadata?.httpStatusCode;
    return status !== undefined && retryableStatusCodes.includes(status);
}

/** A short, log-safe description of an error: `Name: message`. */
export function describeError(error: unknown): string {
    if (error instanceof Error) return `${error.name}: ${error.message}`;
    return String(error);
}

const realSleep = (ms: number) => new Promise<void>((resolve) => setTimeout(resolve, ms));

/** Runs `call`, retrying throttling and transient errors with full-jitter backoff. */
export async function withRetries<T>(call: () => Promise<T>, policy: RetryPolicy): Promise<T> {
    const sleep = policy.sleep ?? realSleep;
    const random = policy.random ?? Math.random;
    for (let attempt = 1; ; attempt++) {
        try {
            return await call();
        } catch (error) {
            if (attempt >= policy.attempts || !isRetryable(error)) throw error;
            const ceiling = Math.min(policy.maxDelayMs, policy.baseDelayMs * 2 ** (attempt - 1));
            await sleep(Math.floor(random() * ceiling));
        }
    }
}

/**
 * Every item of a NextToken-paginated read. Each page is fetched with retries; a page that
 * still fails after them fails the whole read (a partial list must never be mistaken for
 * the whole one).
 */
export async function readAllPages<P, I>(
    fetchPage: (token: string | undefined) => Promise<P>,
    itemsOf: (page: P) => I[] | undefined,
    tokenOf: (page: P) => string | undefined,
    policy: RetryPolicy,
): Promise<I[]> {
    const items: I[] = [];
    let token: string | undefined;
    const seen = new Set<string>();
    do {
        const page = await withRetries(() => fetchPage(token), policy);
        items.push(...(itemsOf(page) ?? []));
        token = tokenOf(page) || undefined;
        if (token !== undefined) {
            // A service that hands back a token it already gave would loop forever.
            if (seen.has(token)) throw new Error(`pagination returned the token ${token} twice`);
            seen.add(token);
        }
    } while (token !== undefined);
    return items;
}
