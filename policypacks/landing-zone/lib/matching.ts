/**
 * "Every X has a Y" rules match Ys to Xs, never count them: one Y (a flow log, a connection
 * notification) has one target, so a Y whose target is one of several candidates (computed from
 * several resources, or unknown during preview) covers at most one of them.
 */

/** Size of a maximum matching of rows (the Xs) to the names (the Ys) each may take (augmenting paths). */
export function maximumMatching(rows: string[][]): number {
    const owner = new Map<string, number>();
    const tryRow = (r: number, seen: Set<string>): boolean => {
        for (const name of rows[r]) {
            if (seen.has(name)) continue;
            seen.add(name);
            const current = owner.get(name);
            if (current === undefined || tryRow(current, seen)) {
                owner.set(name, r);
                return true;
            }
        }
        return false;
    };
    let size = 0;
    for (let r = 0; r < rows.length; r++) if (tryRow(r, new Set())) size++;
    return size;
}
