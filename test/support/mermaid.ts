/**
 * Parses Mermaid text with the `mermaid` package itself — the grammar GitHub renders with —
 * under Node, without a browser.
 *
 * Why a simulated DOM: flowcharts are parsed by mermaid's own (jison) grammar; the separate
 * `@mermaid-js/parser` package covers only the newer diagram types (info, packet, pie,
 * architecture, gitGraph, radar, treemap ...) and has no flowchart grammar. `mermaid.parse`
 * runs fine in Node up to the point where it sanitizes labels with DOMPurify, which needs
 * a `window` (without one, `DOMPurify.addHook is not a function`). happy-dom provides that
 * window while mermaid loads (DOMPurify keeps it), and is taken away again so no other test
 * in the process believes it runs in a browser; nothing is rendered.
 *
 * mermaid is ESM-only: it is loaded with a real dynamic `import()` (TypeScript compiled to
 * CommonJS would turn `import()` into `require()`, which cannot load ESM on Node 20).
 */
type Mermaid = { parse(text: string): Promise<{ diagramType: string } | false> };

const importEsm = new Function("specifier", "return import(specifier)") as (specifier: string) => Promise<{ default: Mermaid }>;

let loaded: Promise<Mermaid> | undefined;

async function load(): Promise<Mermaid> {
    const { Window } = await import("happy-dom");
    const g = globalThis as Record<string, unknown>;
    const window = new Window();
    g.window = window;
    g.document = window.document;
    try {
        // DOMPurify takes the window when mermaid's module is evaluated and keeps it.
        return (await importEsm("mermaid")).default;
    } finally {
        // Other tests in this process must not believe they run in a browser.
        delete g.window;
        delete g.document;
    }
}

/** The diagram type mermaid recognizes (`flowchart-v2` for a flowchart); rejects with mermaid's parse error. */
export async function parseMermaid(text: string): Promise<string> {
    loaded ??= load();
    const mermaid = await loaded;
    const result = await mermaid.parse(text);
    if (!result) throw new Error("mermaid did not recognize the diagram");
    return result.diagramType;
}

/** The body of every ```mermaid fenced block of a Markdown document. */
export function mermaidBlocks(markdown: string): string[] {
    return [...markdown.matchAll(/^```mermaid\n([\s\S]*?)^```$/gm)].map((m) => m[1]);
}
