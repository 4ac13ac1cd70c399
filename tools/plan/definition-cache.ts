/**
 * Planning every unit of a large environment runs the program once per unit, and every
 * run loads and validates the definition file. At 1,000 spokes one load takes 0.5-1 s,
 * which made the per-unit plans cost more than the resources they plan.
 *
 * `createDefinitionCache()` returns a loader for `ProgramSettings.loadDefinition` /
 * `PlanOptions.loadDefinition`: it reads the file every time and returns the earlier
 * result only when the file's bytes are exactly the bytes loaded before, so no change can
 * hide behind the cache. The shared result is frozen through and through: a run that tried
 * to change the definition would stop with a TypeError (modules are strict) instead of
 * silently handing its change to the next unit — cheaper than a deep copy per load.
 *
 * A cache can start from another process's load (`seed`: the bytes it read and what
 * loading them gave): the parallel planner loads the file once and hands that to every
 * worker, and a worker still reads the file before each use and loads it afresh if the
 * bytes differ.
 */
import * as fs from "fs";
import * as path from "path";
import { LoadResult, loadDefinitionFile, loadDefinitionText } from "../../program/load";

function deepFreeze<T>(value: T): T {
    if (value !== null && typeof value === "object" && !Object.isFrozen(value)) {
        Object.freeze(value);
        for (const child of Object.values(value)) deepFreeze(child);
    }
    return value;
}

/** A definition file's bytes as read, and what loading exactly those bytes gave. */
export interface LoadedDefinition {
    file: string;
    bytes: Uint8Array;
    result: LoadResult;
}

/** A loader that also tells what it loaded (to seed another process's cache). */
export interface DefinitionCache {
    (file: string): LoadResult;
    /** The bytes and result the cache holds for `file`, if it loaded it. */
    loaded(file: string): LoadedDefinition | undefined;
}

/** A content-keyed definition loader (see above), optionally starting from `seed`. */
export function createDefinitionCache(seed?: LoadedDefinition): DefinitionCache {
    const cache = new Map<string, { bytes: Buffer; result: LoadResult }>();
    // Keyed by absolute path: a relative and an absolute name of one file share an entry.
    if (seed) cache.set(path.resolve(seed.file), { bytes: Buffer.from(seed.bytes), result: deepFreeze(seed.result) });
    const load = (file: string): LoadResult => {
        let bytes: Buffer;
        try {
            bytes = fs.readFileSync(file);
        } catch {
            // Unreadable: the loader's own message.
            return loadDefinitionFile(file);
        }
        const hit = cache.get(path.resolve(file));
        if (hit && hit.bytes.equals(bytes)) return hit.result;
        const result = deepFreeze(loadDefinitionText(bytes.toString("utf8"), file));
        cache.set(path.resolve(file), { bytes, result });
        return result;
    };
    return Object.assign(load, {
        loaded: (file: string): LoadedDefinition | undefined => {
            const hit = cache.get(path.resolve(file));
            return hit && { file, bytes: hit.bytes, result: hit.result };
        },
    });
}
