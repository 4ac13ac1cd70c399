// Tests load TypeScript through the project's transpile cache (tools/plan/ts-register.js:
// transpileModule, no type check — `npm test` type-checks the whole project first with
// tsc), the same loader the npm scripts and every process the tools start use.
// test/support/process-guard.ts fails a test that starts a process outside a
// `*.process.test.ts` file (the files `npm run test:unit` leaves out).
// test/support/run-cache.ts makes a directory for the run that its worker processes share
// (rehearsals computed once per run, test/support/rehearsals.ts) and removes it at the end.
module.exports = {
    require: ["./tools/plan/ts-register.js", "./test/support/process-guard.ts", "./test/support/run-cache.ts"],
    extension: ["ts"],
    timeout: 180000,
    reporter: "spec",
    // A leaked handle (a gRPC channel, a child process) must not hang CI silently.
    exit: true,
    // A larger young generation: the rehearsal and plan tests allocate many short-lived
    // objects (Outputs, protobuf messages); with V8's default the scavenger runs often and
    // costs ~15% of the CPU of \`npm run test:unit\` (measured; see docs/performance.md).
    "node-option": ["max-semi-space-size=64"],
};
