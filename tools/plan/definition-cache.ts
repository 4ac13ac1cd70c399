/**
 * Planning every unit of a large environment runs the program once per unit, and every
 * run loads and validates the definition file (twice: the plan and the program). At
 * 1,000 spokes one load takes 0.5-1 s, which made the per-unit plans cost more than the
 * resources they plan. While `withDefinitionCache` runs, a load of a file whose text is
 * exactly the text loaded before returns a deep copy of that earlier result: the file is
 * still read every time and any difference in its text is loaded afresh, so no change
 * can hide behind the cache; the copy keeps one run's edits from reaching the next.
 */
import * as fs from "fs";
import * as load from "../../definition/load";

type Loader = typeof load.loadDefinitionFile;

let depth = 0;
let original: Loader | undefined;
const cache = new Map<string, { text: string; result: load.LoadResult }>();

function cachedLoad(file: string): load.LoadResult {
    let text: string;
    try {
        text = fs.readFileSync(file, "utf8");
    } catch {
        // Unreadable: the loader's own message.
        return original!(file);
    }
    const hit = cache.get(file);
    if (hit && hit.text === text) return hit.result;
    const result = deepFreeze(load.loadDefinitionText(text, file));
    cache.set(file, { text, result });
    return result;
}

/**
 * Freezes a load result through and through. Every run shares it, so a run that tried to
 * change the definition would stop with a TypeError (modules are strict) instead of
 * silently handing its change to the next unit. Cheaper than a deep copy per load, which
 * cost milliseconds per unit and much garbage at 1,000 spokes.
 */
function deepFreeze<T>(value: T): T {
    if (value !== null && typeof value === "object" && !Object.isFrozen(value)) {
        Object.freeze(value);
        for (const child of Object.values(value)) deepFreeze(child);
    }
    return value;
}

/**
 * Runs `task` with definition loads answered from the content-keyed cache (see above).
 * The program imports the loader from `definition/load`, so the module's export is
 * swapped for the duration and restored afterwards.
 */
export async function withDefinitionCache<T>(task: () => Promise<T>): Promise<T> {
    const exports = load as unknown as Record<string, unknown>;
    if (depth++ === 0) {
        original = load.loadDefinitionFile;
        exports.loadDefinitionFile = cachedLoad;
        if (load.loadDefinitionFile !== cachedLoad) {
            depth--;
            original = undefined;
            throw new Error("definition/load's exports cannot be replaced (not CommonJS?); the definition cache needs them writable");
        }
    }
    try {
        return await task();
    } finally {
        if (--depth === 0) {
            exports.loadDefinitionFile = original;
            original = undefined;
            cache.clear();
        }
    }
}
