/**
 * Preloaded into the policy pack's process (pack-process.ts: `node -r ts-register.js -r
 * pack-preload.ts run-policy-pack ...`), before the launcher runs. The pack started is its
 * transpiled JavaScript copy (pack-build.ts), so the TypeScript compiler the launcher
 * loads to compile a pack, and the closure-serialization tooling `@pulumi/pulumi` loads,
 * are loaded only if something actually uses them (sdk-internals.ts): the pack is ready in
 * about half the time. What the pack runs, and the protocol, are unchanged.
 */
import { deferClosureTooling, deferLauncherTypeScript } from "./sdk-internals";

deferLauncherTypeScript();
deferClosureTooling();
