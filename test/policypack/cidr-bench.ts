/**
 * Prints how long the pack's CIDR aggregation and containment take for 1,000, 10,000 and
 * 100,000 blocks (nested and adjacent spoke ranges). Containment is asked against one list, as
 * the rules do (the config's arrays), so the merged ranges are built once and each question is
 * a binary search:
 *   npx ts-node --transpile-only test/policypack/cidr-bench.ts
 */
import { aggregate, insideAny } from "../../policypacks/landing-zone/lib/cidr";

for (const n of [1000, 10000, 100000]) {
    const blocks: string[] = [];
    for (let i = 0; i < n; i++) {
        const a = 10 + Math.floor(i / 65536);
        blocks.push(`${a}.${Math.floor(i / 256) % 256}.${i % 256}.0/24`);
        if (i % 3 === 0) blocks.push(`${a}.${Math.floor(i / 256) % 256}.${i % 256}.128/25`); // nested
    }
    const t0 = process.hrtime.bigint();
    const summary = aggregate(blocks);
    const t1 = process.hrtime.bigint();
    let inside = 0;
    for (let i = 0; i < 1000; i++) if (insideAny(blocks[(i * 7919) % blocks.length], blocks)) inside++;
    const t2 = process.hrtime.bigint();
    console.log(
        `${String(blocks.length).padStart(7)} blocks: aggregate ${(Number(t1 - t0) / 1e6).toFixed(1)} ms (${summary.length} blocks), ` +
            `1,000 insideAny (first builds the ranges) ${(Number(t2 - t1) / 1e6).toFixed(1)} ms (${inside} inside)`,
    );
}
