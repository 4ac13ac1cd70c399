/**
 * The unary gRPC client the Analyzer driver sends its encoded requests with
 * (tools/plan/unary-client.ts: grpc-js with pass-through serializers), against a grpc-js
 * server — the server library policy packs run on: the bytes go through unchanged, error
 * statuses arrive with their messages, unknown methods, large messages, and a server that
 * goes away.
 */
import * as grpc from "@grpc/grpc-js";
import * as assert from "assert";
import { GrpcCallError, GrpcStatus, UnaryClient } from "../../tools/plan/unary-client";

const identity = (b: Buffer): Buffer => b;
const method = (path: string) => ({ path, requestStream: false, responseStream: false, requestSerialize: identity, requestDeserialize: identity, responseSerialize: identity, responseDeserialize: identity });
const service = { reverse: method("/test.Bytes/Reverse"), fail: method("/test.Bytes/Fail"), hang: method("/test.Bytes/Hang") };

describe("plan: unary gRPC client (grpc-js, encoded messages)", function () {
    this.timeout(30000);
    let server: grpc.Server;
    let address: string;

    beforeEach(async () => {
        server = new grpc.Server();
        server.addService(service, {
            reverse: (call: grpc.ServerUnaryCall<Buffer, Buffer>, cb: grpc.sendUnaryData<Buffer>) => cb(null, Buffer.from(call.request).reverse()),
            fail: (_call: unknown, cb: grpc.sendUnaryData<Buffer>) => cb({ code: grpc.status.FAILED_PRECONDITION, details: "policy pack says: ümlaut, 100% sure" }),
            hang: () => undefined,
        });
        const port = await new Promise<number>((resolve, reject) => server.bindAsync("127.0.0.1:0", grpc.ServerCredentials.createInsecure(), (err, p) => (err ? reject(err) : resolve(p))));
        address = `127.0.0.1:${port}`;
    });
    afterEach(() => server.forceShutdown());

    it("sends a request and returns the answer's bytes, many calls at once, small and large", async () => {
        const client = new UnaryClient(address);
        try {
            const requests = Array.from({ length: 200 }, (_, i) => Buffer.from(`request ${i}`));
            const answers = await Promise.all(requests.map((r) => client.call("/test.Bytes/Reverse", r)));
            answers.forEach((a, i) => assert.strictEqual(a.toString(), Buffer.from(requests[i]).reverse().toString()));
            // Bigger than HTTP/2's default 64 KiB flow-control window, and empty.
            const big = Buffer.alloc(3 * 1024 * 1024, 7);
            big[0] = 1;
            const reversed = await client.call("/test.Bytes/Reverse", big);
            assert.strictEqual(reversed.length, big.length);
            assert.strictEqual(reversed[reversed.length - 1], 1);
            assert.strictEqual((await client.call("/test.Bytes/Reverse", new Uint8Array(0))).length, 0);
            // A view into a larger buffer (what an encoder may hand over): exactly its bytes are sent.
            const view = new Uint8Array([9, 9, 1, 2, 3, 9]).subarray(2, 5);
            assert.deepStrictEqual([...(await client.call("/test.Bytes/Reverse", view))], [3, 2, 1]);
        } finally {
            client.close();
        }
    });

    it("rejects with the server's status code and its decoded message", async () => {
        const client = new UnaryClient(address);
        try {
            await assert.rejects(client.call("/test.Bytes/Fail", Buffer.from("x")), (err: GrpcCallError) => {
                assert.strictEqual(err.code, grpc.status.FAILED_PRECONDITION);
                assert.strictEqual(err.details, "policy pack says: ümlaut, 100% sure");
                return true;
            });
            await assert.rejects(client.call("/test.Bytes/NoSuchMethod", Buffer.from("x")), (err: GrpcCallError) => err.code === GrpcStatus.UNIMPLEMENTED);
        } finally {
            client.close();
        }
    });

    it("fails open calls and later ones when the server goes away, instead of hanging", async () => {
        const client = new UnaryClient(address);
        try {
            await client.call("/test.Bytes/Reverse", Buffer.from("warm up the connection"));
            const open = client.call("/test.Bytes/Hang", Buffer.from("x"));
            server.forceShutdown();
            await assert.rejects(open, (err: GrpcCallError) => typeof err.code === "number" && err.code !== GrpcStatus.OK);
            await assert.rejects(client.call("/test.Bytes/Reverse", Buffer.from("y")), (err: GrpcCallError) => err.code === GrpcStatus.UNAVAILABLE);
        } finally {
            client.close();
        }
    });

    it("fails calls to an address nobody listens on", async () => {
        const client = new UnaryClient("127.0.0.1:1");
        try {
            await assert.rejects(client.call("/test.Bytes/Reverse", Buffer.from("x")), (err: GrpcCallError) => err.code === GrpcStatus.UNAVAILABLE);
        } finally {
            client.close();
        }
    });
});
