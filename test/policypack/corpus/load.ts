/**
 * Reads corpus programs: YAML files, each a program as the engine sends it to the pack
 * (resources with type, inputs, outputs, dependencies) and the verdict a careful security
 * engineer expects. See README.md beside this file for the format.
 */
import * as fs from "fs";
import * as path from "path";
import * as YAML from "yaml";
import { PlannedResource, UNKNOWN } from "../../../analysis/plan-records";
import { PlanResult } from "../../../tools/plan/model";

export interface CorpusResource {
    type: string;
    name: string;
    inputs?: Record<string, unknown>;
    outputs?: Record<string, unknown>;
    /** Input name → names of the resources it was computed from. */
    deps?: Record<string, string[]>;
    parent?: string;
    /** A resource the program reads (a StackReference). */
    read?: boolean;
}

export interface CorpusProgram {
    file: string;
    description: string;
    source?: string;
    stack: string;
    /** `<rule> <resource name>` for every mandatory violation expected, sorted; [] = clean. */
    mandatory: string[];
    /** Rules expected to leave an advisory "could not decide" note (subset check). */
    advisory: string[];
    resources: CorpusResource[];
}

/** Every `*.yaml` under `dir`, recursively, sorted. */
export function corpusFiles(dir: string): string[] {
    if (!fs.existsSync(dir)) return [];
    const out: string[] = [];
    for (const entry of fs.readdirSync(dir, { withFileTypes: true })) {
        const p = path.join(dir, entry.name);
        if (entry.isDirectory()) out.push(...corpusFiles(p));
        else if (entry.name.endsWith(".yaml") || entry.name.endsWith(".yml")) out.push(p);
    }
    return out.sort();
}

/** Reads one program; throws one error listing every problem, with the file and key. */
export function loadProgram(file: string): CorpusProgram {
    const raw = YAML.parse(fs.readFileSync(file, "utf8")) as Record<string, unknown> | null;
    const problems: string[] = [];
    const at = (key: string, message: string) => problems.push(`${file}: ${key}: ${message}`);
    if (!raw || typeof raw !== "object") throw new Error(`${file}: expected a mapping with description, expect and resources`);
    if (typeof raw.description !== "string") at("description", "expected a one-line description");
    const expect = (raw.expect ?? {}) as Record<string, unknown>;
    if (!Array.isArray(expect.mandatory)) at("expect.mandatory", 'expected a list of "<rule> <resource name>" ([] for a clean program)');
    const resources = raw.resources;
    if (!Array.isArray(resources) || resources.length === 0) at("resources", "expected a non-empty list");
    const names = new Set<string>();
    (Array.isArray(resources) ? resources : []).forEach((r: Record<string, unknown>, i: number) => {
        if (typeof r?.type !== "string") at(`resources[${i}].type`, "expected a Pulumi type token such as aws:ec2/vpc:Vpc");
        if (typeof r?.name !== "string") at(`resources[${i}].name`, "expected a resource name");
        else if (names.has(r.name)) at(`resources[${i}].name`, `"${r.name}" is used twice`);
        else names.add(r.name);
    });
    (Array.isArray(resources) ? resources : []).forEach((r: CorpusResource, i: number) => {
        for (const [input, deps] of Object.entries(r.deps ?? {})) {
            for (const d of deps) if (!names.has(d)) at(`resources[${i}].deps.${input}`, `no resource named "${d}"`);
        }
        if (r.parent !== undefined && !names.has(r.parent)) at(`resources[${i}].parent`, `no resource named "${r.parent}"`);
    });
    for (const [i, entry] of ((expect.mandatory as unknown[]) ?? []).entries()) {
        if (typeof entry !== "string" || !/^\S+ \S+$/.test(entry)) at(`expect.mandatory[${i}]`, 'expected "<rule> <resource name>"');
    }
    if (problems.length > 0) throw new Error(problems.join("\n"));
    return {
        file,
        description: raw.description as string,
        source: raw.source as string | undefined,
        stack: (raw.stack as string | undefined) ?? "prod-corpus",
        mandatory: [...(expect.mandatory as string[])].sort(),
        advisory: (expect.advisory as string[] | undefined) ?? [],
        resources: resources as CorpusResource[],
    };
}

/** `<unknown>` (or `unknown`) in a corpus file is a value unknown during preview. */
function unknowns(value: unknown): unknown {
    if (value === "<unknown>") return UNKNOWN;
    if (Array.isArray(value)) return value.map(unknowns);
    if (value && typeof value === "object") return Object.fromEntries(Object.entries(value).map(([k, v]) => [k, unknowns(v)]));
    return value;
}

/** The program as the offline plan records it, ready for the Analyzer protocol. */
export function planOf(program: CorpusProgram): PlanResult {
    const stackUrn = `urn:pulumi:${program.stack}::landing-zone::pulumi:pulumi:Stack::landing-zone-${program.stack}`;
    const urnOf = new Map(program.resources.map((r) => [r.name, `urn:pulumi:${program.stack}::landing-zone::${r.type}::${r.name}`]));
    const resources: PlannedResource[] = program.resources.map((r) => ({
        urn: urnOf.get(r.name) as string,
        type: r.type,
        name: r.name,
        parent: r.parent ? urnOf.get(r.parent) : undefined,
        custom: !r.type.startsWith("awsx:"),
        inputs: unknowns(r.inputs ?? {}) as Record<string, unknown>,
        outputs: r.outputs ? (unknowns(r.outputs) as Record<string, unknown>) : undefined,
        dependencies: Object.fromEntries(Object.entries(r.deps ?? {}).map(([k, v]) => [k, v.map((n) => urnOf.get(n) as string)])),
        read: r.read,
    }));
    const byType: Record<string, number> = {};
    for (const r of resources) byType[r.type] = (byType[r.type] ?? 0) + 1;
    return { stack: program.stack, units: [], resources, violations: [], summary: { resources: resources.length, byType }, stackUrn };
}
