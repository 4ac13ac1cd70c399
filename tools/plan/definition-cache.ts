/**
 * Planning every unit of a large environment runs the program once per unit, and every
 * run loads and validates the definition file. At 1,000 spokes one load takes 0.5-1 s,
 * which made the per-unit plans cost more than the resources they plan.
 *
 * `createDefinitionCache()` returns a loader for `ProgramSettings.loadDefinition` /
 * `PlanOptions.loadDefinition`: it reads the file every time and returns the earlier
 * result only when the text is exactly the text loaded before, so no change can hide
 * behind the cache. The shared result is frozen through and through: a run that tried to
 * change the definition would stop with a TypeError (modules are strict) instead of
 * silently handing its change to the next unit — cheaper than a deep copy per load.
 */
import * as fs from "fs";
import { LoadResult, loadDefinitionFile, loadDefinitionText } from "../../definition/load";

function deepFreeze<T>(value: T): T {
    if (value !== null && typeof value === "object" && !Object.isFrozen(value)) {
        Object.freeze(value);
        for (const child of Object.values(value)) deepFreeze(child);
    }
    return value;
}

/** A content-keyed definition loader (see above). */
export function createDefinitionCache(): (file: string) => LoadResult {
    const cache = new Map<string, { text: string; result: LoadResult }>();
    return (file: string): LoadResult => {
        let text: string;
        try {
            text = fs.readFileSync(file, "utf8");
        } catch {
            // Unreadable: the loader's own message.
            return loadDefinitionFile(file);
        }
        const hit = cache.get(file);
        if (hit && hit.text === text) return hit.result;
        const result = deepFreeze(loadDefinitionText(text, file));
        cache.set(file, { text, result });
        return result;
    };
}
