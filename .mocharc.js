// Tests run TypeScript through ts-node without type checking (npm test type-checks the
// whole project first with tsc), which keeps the run fast on two cores.
process.env.TS_NODE_TRANSPILE_ONLY = "true";

module.exports = {
    require: ["ts-node/register"],
    extension: ["ts"],
    timeout: 180000,
    reporter: "spec",
    // A leaked handle (a gRPC channel, a child process) must not hang CI silently.
    exit: true,
};
