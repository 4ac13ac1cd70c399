/**
 * Preloaded into the policy pack's process (pack-process.ts: `node -r ts-register.js -r
 * pack-preload.ts run-policy-pack ...`), before the launcher runs. The pack started is its
 * transpiled JavaScript copy (pack-build.ts), so the TypeScript compiler the launcher
 * loads to compile a pack, and the modules of `@pulumi/pulumi` a pack never uses
 * (closure serialization, Automation API, provider hosting), are loaded only if something
 * actually uses them (sdk-internals.ts): the pack is ready in less than half the time.
 * What the pack runs, and the protocol, are unchanged.
 */
import * as fs from "fs";
import { deferLauncherTypeScript, deferUnusedSdkModules } from "./sdk-internals";

deferLauncherTypeScript();
deferUnusedSdkModules();

// For a pack spawned by one thread and driven by another (pack-process.ts, spawnPackForThread):
// the port the pack prints first is also written to this file, which the driving thread
// reads while the spawning thread is busy. What the pack prints is unchanged.
const portFile = process.env.LZ_PACK_PORT_FILE;
if (portFile) {
    delete process.env.LZ_PACK_PORT_FILE;
    const write = process.stdout.write;
    process.stdout.write = function (this: NodeJS.WriteStream, chunk: unknown, ...rest: unknown[]): boolean {
        process.stdout.write = write;
        const temporary = `${portFile}.tmp`;
        fs.writeFileSync(temporary, String(chunk));
        fs.renameSync(temporary, portFile);
        return (write as (...a: unknown[]) => boolean).call(this, chunk, ...rest);
    } as typeof process.stdout.write;
}
