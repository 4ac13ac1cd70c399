/**
 * The governance Lambdas as the program uploads them: the esbuild bundle that
 * components/detective-controls.ts puts in each function's code archive, loaded the way
 * the Lambda Node.js runtime loads `index.js` (CommonJS, `/var/task`), with the AWS SDK
 * resolved from node_modules as the runtime provides it. Each load is a cold start: fresh
 * module state (caches, clients).
 */
import { createRequire } from "module";
import * as path from "path";
import { bundleLambda } from "../../components/detective-controls";

export type LambdaHandler = (event: unknown) => Promise<unknown>;

export const lambdaEntries = { evaluator: "governance/handler.ts", configRule: "config-rule/handler.ts" } as const;

/** Loads a bundle's `handler` in a fresh module scope. */
export function loadBundledHandler(entry: string): LambdaHandler {
    const code = bundleLambda(entry);
    const mod = { exports: {} as Record<string, unknown> };
    const requireFromRoot = createRequire(path.resolve(__dirname, "..", "..", "index.ts"));
    new Function("module", "exports", "require", "__dirname", "__filename", code)(mod, mod.exports, requireFromRoot, "/var/task", "/var/task/index.js");
    const handler = mod.exports.handler;
    if (typeof handler !== "function") throw new Error(`${entry}: the bundle exports no handler`);
    return handler as LambdaHandler;
}

/** Runs `fn` with the given environment variables set (and the previous environment restored), console.log silenced. */
export async function withEnvironment<T>(env: Record<string, string | undefined>, fn: () => Promise<T>): Promise<T> {
    const saved = { ...process.env };
    const log = console.log;
    for (const [k, v] of Object.entries(env)) {
        if (v === undefined) delete process.env[k];
        else process.env[k] = v;
    }
    console.log = () => undefined;
    try {
        return await fn();
    } finally {
        console.log = log;
        process.env = saved;
    }
}
