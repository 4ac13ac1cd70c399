/**
 * One index of a stack, built once per stack rule evaluation (never a scan of the stack per
 * resource: big stacks have tens of thousands of resources).
 *
 * Relationships come from the engine's `propertyDependencies` (input name → resources it was
 * computed from) and `dependencies`, which are known during preview, unlike output ids.
 */
import type { PolicyResource } from "@pulumi/policy";
import { plainProps } from "./values";

export class StackNode {
    private cachedProps?: Record<string, unknown>;

    constructor(readonly resource: PolicyResource) {}

    get urn(): string {
        return this.resource.urn;
    }
    get type(): string {
        return this.resource.type;
    }
    get name(): string {
        return this.resource.name;
    }
    get parentUrn(): string | undefined {
        return this.resource.parent?.urn;
    }
    /** Plain snapshot of the resource's properties (taken on first use only). */
    get props(): Record<string, unknown> {
        if (!this.cachedProps) this.cachedProps = plainProps(this.resource.props);
        return this.cachedProps;
    }
    /** URNs the input `property` was computed from. */
    propertyDependencies(property: string): string[] {
        const deps = this.resource.propertyDependencies?.[property];
        return deps ? deps.map((d) => d.urn) : [];
    }
    dependencies(): string[] {
        return (this.resource.dependencies ?? []).map((d) => d.urn);
    }
}

export class StackIndex {
    readonly byUrn = new Map<string, StackNode>();
    private readonly byTypeMap = new Map<string, StackNode[]>();
    private referrersMap?: Map<string, { node: StackNode; property: string }[]>;
    private idMap?: Map<string, StackNode>;

    constructor(resources: PolicyResource[]) {
        for (const resource of resources) {
            const node = new StackNode(resource);
            this.byUrn.set(node.urn, node);
            let list = this.byTypeMap.get(node.type);
            if (!list) this.byTypeMap.set(node.type, (list = []));
            list.push(node);
        }
    }

    get(urn: string | undefined): StackNode | undefined {
        return urn === undefined ? undefined : this.byUrn.get(urn);
    }

    ofType(...types: string[]): StackNode[] {
        const out: StackNode[] = [];
        for (const t of types) out.push(...(this.byTypeMap.get(t) ?? []));
        return out;
    }

    /**
     * Resources of `types` that `node`'s input `property` was computed from. When the engine
     * sent no property dependencies for it, falls back to the resource's dependencies of those
     * types (still known in preview); a known literal id is matched against resources' `id`.
     */
    related(node: StackNode, property: string, types: ReadonlySet<string>): StackNode[] {
        const out: StackNode[] = [];
        const seen = new Set<string>();
        const add = (n: StackNode | undefined) => {
            if (n && types.has(n.type) && !seen.has(n.urn)) {
                seen.add(n.urn);
                out.push(n);
            }
        };
        const deps = node.propertyDependencies(property);
        for (const urn of deps) add(this.byUrn.get(urn));
        if (deps.length === 0) {
            const value = node.props[property];
            const ids = Array.isArray(value) ? value : [value];
            for (const id of ids) if (typeof id === "string") add(this.byId(id));
            // Only when the input is set but the engine sent no property dependencies for it.
            if (out.length === 0 && value !== undefined && node.resource.propertyDependencies?.[property] === undefined) {
                for (const urn of node.dependencies()) add(this.byUrn.get(urn));
            }
        }
        return out;
    }

    /** Resources whose input `property` was computed from `urn`, with that property. */
    referrers(urn: string): { node: StackNode; property: string }[] {
        if (!this.referrersMap) {
            const map = new Map<string, { node: StackNode; property: string }[]>();
            for (const node of this.byUrn.values()) {
                const pd = node.resource.propertyDependencies ?? {};
                for (const property of Object.keys(pd)) {
                    for (const dep of pd[property]) {
                        let list = map.get(dep.urn);
                        if (!list) map.set(dep.urn, (list = []));
                        list.push({ node, property });
                    }
                }
            }
            this.referrersMap = map;
        }
        return this.referrersMap.get(urn) ?? [];
    }

    /** The resource whose known `id` output is `id` (outputs carry ids only after deploy). */
    byId(id: string): StackNode | undefined {
        if (!this.idMap) {
            const map = new Map<string, StackNode>();
            for (const node of this.byUrn.values()) {
                let value: unknown;
                try {
                    value = node.resource.props?.["id"];
                } catch {
                    value = undefined; // unknown during preview
                }
                if (typeof value === "string" && value.length > 0) map.set(value, node);
            }
            this.idMap = map;
        }
        return this.idMap.get(id);
    }

    /** `node` and its ancestors, nearest first. */
    ancestors(node: StackNode): StackNode[] {
        const out: StackNode[] = [];
        let current: StackNode | undefined = this.get(node.parentUrn);
        while (current && out.length < 64) {
            out.push(current);
            current = this.get(current.parentUrn);
        }
        return out;
    }
}
