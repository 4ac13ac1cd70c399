// Tests load TypeScript through the project's transpile cache (tools/plan/ts-register.js:
// transpileModule, no type check — `npm test` type-checks the whole project first with
// tsc), the same loader the npm scripts and every process the tools start use.
module.exports = {
    require: ["./tools/plan/ts-register.js"],
    extension: ["ts"],
    timeout: 180000,
    reporter: "spec",
    // A leaked handle (a gRPC channel, a child process) must not hang CI silently.
    exit: true,
};
