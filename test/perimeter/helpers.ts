/** Shared helpers of the perimeter tests: the shipped definitions and every document generated from them. */
import * as fs from "fs";
import * as path from "path";
import { loadDefinitionFile } from "../../program/load";
import { Definition } from "../../definition/schema";
import { protectedBucketPolicies } from "../../perimeter/bucket-policies";
import { gatewayEndpointPolicy, interfaceEndpointPolicy } from "../../perimeter/endpoint-policies";
import { resourceControlPolicies } from "../../perimeter/rcps";
import { sizingNetworks } from "../../perimeter/networks";
import { serviceControlPolicies } from "../../perimeter/scps";
import { DocumentKind } from "../../perimeter/size";
import { PolicyDocument } from "../../perimeter/types";

export const stacksDir = path.resolve(__dirname, "..", "..", "stacks");

/** Loads a shipped definition, failing the test with the loader's diagnostics. */
export function shipped(name: string): Definition {
    return loadDefinition(path.join(stacksDir, `${name}.yaml`));
}

/** Loads a definition file, failing the test with the loader's diagnostics. */
export function loadDefinition(file: string): Definition {
    const { definition, diagnostics } = loadDefinitionFile(file);
    const errors = diagnostics.filter((d) => d.severity === "error");
    if (!definition || errors.length > 0) throw new Error(`${file} does not load: ${JSON.stringify(errors)}`);
    return definition;
}

/** Every shipped definition by environment name. */
export function allShipped(): Record<string, Definition> {
    return Object.fromEntries(
        fs
            .readdirSync(stacksDir)
            .filter((f) => f.endsWith(".yaml"))
            .map((f) => [f.replace(/\.yaml$/, ""), shipped(f.replace(/\.yaml$/, ""))]),
    );
}

export interface GeneratedDocument {
    name: string;
    kind: DocumentKind;
    document: PolicyDocument;
}

/** Every document the perimeter library generates for a definition (the SCPs/RCPs as after the network stack published its hub VPC). */
export function generatedDocuments(definition: Definition): GeneratedDocument[] {
    const docs: GeneratedDocument[] = [];
    const networks = sizingNetworks(definition);
    for (const p of serviceControlPolicies(definition, networks)) docs.push({ name: `scp ${p.name}`, kind: "scp", document: p.document });
    for (const p of resourceControlPolicies(definition, networks)) docs.push({ name: `rcp ${p.name}`, kind: "rcp", document: p.document });
    for (const b of protectedBucketPolicies(definition)) docs.push({ name: `bucket ${b.bucket}`, kind: "bucket", document: b.document });
    for (const service of definition.network.endpoints.services) {
        const document = interfaceEndpointPolicy(definition, service);
        if (document) docs.push({ name: `endpoint ${service}`, kind: "endpoint", document });
    }
    for (const service of ["s3", "dynamodb"] as const) {
        docs.push({ name: `gateway endpoint ${service}`, kind: "endpoint", document: gatewayEndpointPolicy(definition, service) });
    }
    return docs;
}
