/**
 * Preloaded into the policy pack's process (pack-process.ts: `node -r ts-register.js -r
 * pack-preload.ts run-policy-pack ...`), before the launcher runs. The pack started is its
 * transpiled JavaScript copy (pack-build.ts), so the TypeScript compiler the launcher
 * loads to compile a pack, and the modules of `@pulumi/pulumi` a pack never uses
 * (closure serialization, Automation API, provider hosting), are loaded only if something
 * actually uses them (sdk-internals.ts): the pack is ready in less than half the time.
 * What the pack runs, and the protocol, are unchanged.
 */
import { deferLauncherTypeScript, deferUnusedSdkModules } from "./sdk-internals";

deferLauncherTypeScript();
deferUnusedSdkModules();
