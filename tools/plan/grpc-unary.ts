/**
 * A gRPC client for unary calls, written on Node's own HTTP/2 module: the engine's side of
 * the Analyzer protocol (analyzer.ts) sends every request through it.
 *
 * Why not @grpc/grpc-js's client: judging a 1,000-spoke environment sends about 30,000
 * Analyze calls, and grpc-js spends ≈ 0.2 ms of CPU on each call's own machinery (call
 * stack, interceptors, load balancing, metadata) before a byte is written — more than the
 * policy pack spends evaluating the resource (docs/performance.md). The Pulumi CLI's
 * engine is not grpc-js either (it is Go's gRPC); what matters to the pack is the wire,
 * and the wire is the same: one HTTP/2 stream per call, `content-type: application/grpc`,
 * the request as one length-prefixed message, the answer as one length-prefixed message
 * followed by trailers carrying `grpc-status` / `grpc-message`
 * (https://github.com/grpc/grpc/blob/master/doc/PROTOCOL-HTTP2.md). The pack's server is
 * unchanged (@pulumi/policy on grpc-js). Unary calls only; no compression, deadlines or
 * retries, none of which the engine uses with analyzers.
 */
import * as http2 from "http2";

/** gRPC status codes this client names (https://grpc.github.io/grpc/core/md_doc_statuscodes.html). */
export const GrpcStatus = { OK: 0, UNKNOWN: 2, PERMISSION_DENIED: 7, UNIMPLEMENTED: 12, INTERNAL: 13, UNAVAILABLE: 14, UNAUTHENTICATED: 16 } as const;

/** The gRPC status of an HTTP answer that carries none (doc/http-grpc-status-mapping.md). */
function statusOfHttp(httpStatus: number): number {
    switch (httpStatus) {
        case 400:
            return GrpcStatus.INTERNAL;
        case 401:
            return GrpcStatus.UNAUTHENTICATED;
        case 403:
            return GrpcStatus.PERMISSION_DENIED;
        case 404:
            return GrpcStatus.UNIMPLEMENTED;
        case 429:
        case 502:
        case 503:
        case 504:
            return GrpcStatus.UNAVAILABLE;
        default:
            return GrpcStatus.UNKNOWN;
    }
}

/** A call that ended with a non-OK gRPC status (`code` as grpc-js reports it, so callers can test it). */
export class GrpcCallError extends Error {
    constructor(
        readonly method: string,
        readonly code: number,
        readonly details: string,
    ) {
        super(`${method}: ${code} ${details}`);
        this.name = "GrpcCallError";
    }
}

/** `grpc-message` is percent-encoded (PROTOCOL-HTTP2.md, "Responses"). */
function decodeGrpcMessage(value: unknown): string {
    if (typeof value !== "string") return "";
    try {
        return decodeURIComponent(value);
    } catch {
        return value;
    }
}

function header(headers: http2.IncomingHttpHeaders, name: string): string | undefined {
    const value = headers[name];
    return Array.isArray(value) ? value[0] : value;
}

/** One HTTP/2 connection to a gRPC server, for unary calls. */
export class UnaryClient {
    private readonly session: http2.ClientHttp2Session;
    private sessionError: Error | undefined;

    /** @param address `host:port` of the server (plaintext, as plugins listen on localhost). */
    constructor(readonly address: string) {
        this.session = http2.connect(`http://${address}`);
        // Without a listener a dropped connection would crash the process; each open call
        // still fails on its own stream, with this error as its cause.
        this.session.on("error", (err) => {
            this.sessionError = err;
        });
    }

    /**
     * Sends one request message to `method` (`/package.Service/Method`) and resolves with
     * the response message's bytes, or rejects with a GrpcCallError.
     */
    call(method: string, message: Uint8Array): Promise<Buffer> {
        return new Promise<Buffer>((resolve, reject) => {
            if (this.session.closed || this.session.destroyed) {
                reject(new GrpcCallError(method, GrpcStatus.UNAVAILABLE, `connection to ${this.address} is closed${this.sessionError ? `: ${this.sessionError.message}` : ""}`));
                return;
            }
            let stream: http2.ClientHttp2Stream;
            try {
                stream = this.session.request({
                    ":method": "POST",
                    ":path": method,
                    "content-type": "application/grpc",
                    te: "trailers",
                });
            } catch (err) {
                reject(new GrpcCallError(method, GrpcStatus.UNAVAILABLE, err instanceof Error ? err.message : String(err)));
                return;
            }
            const chunks: Buffer[] = [];
            let httpStatus: number | undefined;
            let grpcStatus: string | undefined;
            let grpcMessage = "";
            let settled = false;
            const fail = (code: number, details: string): void => {
                if (settled) return;
                settled = true;
                reject(new GrpcCallError(method, code, details));
            };
            stream.on("response", (headers) => {
                httpStatus = Number(headers[":status"]);
                // A "trailers-only" response (an error before any message) carries the status here.
                const status = header(headers, "grpc-status");
                if (status !== undefined) {
                    grpcStatus = status;
                    grpcMessage = decodeGrpcMessage(header(headers, "grpc-message"));
                }
            });
            stream.on("trailers", (trailers) => {
                grpcStatus = header(trailers, "grpc-status") ?? grpcStatus;
                grpcMessage = decodeGrpcMessage(header(trailers, "grpc-message")) || grpcMessage;
            });
            stream.on("data", (chunk: Buffer) => chunks.push(chunk));
            stream.on("error", (err) => fail(GrpcStatus.UNAVAILABLE, (this.sessionError ?? err).message));
            stream.on("close", () => {
                if (settled) return;
                if (httpStatus === undefined) return fail(GrpcStatus.UNAVAILABLE, `no answer from ${this.address}${this.sessionError ? `: ${this.sessionError.message}` : ""}`);
                if (httpStatus !== 200) return fail(statusOfHttp(httpStatus), `HTTP status ${httpStatus} from ${this.address}`);
                if (grpcStatus === undefined) return fail(GrpcStatus.INTERNAL, `the stream closed without a grpc-status${this.sessionError ? `: ${this.sessionError.message}` : ""}`);
                const code = /^\d+$/.test(grpcStatus) ? Number(grpcStatus) : GrpcStatus.UNKNOWN;
                if (code !== GrpcStatus.OK) return fail(code, grpcMessage || (code === GrpcStatus.UNKNOWN ? `unreadable grpc-status "${grpcStatus}"` : ""));
                const body = chunks.length === 1 ? chunks[0] : Buffer.concat(chunks);
                // One length-prefixed message: a compressed-flag byte and a big-endian length.
                if (body.length < 5 || body[0] !== 0) return fail(GrpcStatus.INTERNAL, `unexpected response framing (${body.length} bytes, flag ${body[0]})`);
                const length = body.readUInt32BE(1);
                if (body.length !== 5 + length) return fail(GrpcStatus.INTERNAL, `response of ${body.length - 5} bytes announced as ${length}`);
                settled = true;
                resolve(body.subarray(5));
            });
            const prefix = Buffer.allocUnsafe(5);
            prefix[0] = 0;
            prefix.writeUInt32BE(message.length, 1);
            stream.end(Buffer.concat([prefix, message]));
        });
    }

    /** Closes the connection (calls still open fail). */
    close(): void {
        if (!this.session.destroyed) this.session.destroy();
    }
}
