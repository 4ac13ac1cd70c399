/**
 * Where a consumer endpoint's connection target comes from when its value is not known yet.
 * The organization's own endpoint services get their names from AWS at creation
 * (`com.amazonaws.vpce.<region>.vpce-svc-<id>`), so a consumer's `serviceName` is unknown during
 * preview when the service is created in the same deployment (unit `all`), and known when it is
 * read from the owner's stack outputs. Rules that need the name use this to say precisely what
 * they could not decide, and approve the organization's own services by provenance.
 */
import { StackIndex, StackNode } from "./stack-index";
import { T } from "./types";
import { isUnknown, str } from "./values";

export interface Provenance {
    /** The organization owns the target: a resource of this stack, or a stack that publishes endpoint services. */
    own?: string;
    /** The endpoint service of this stack the value is computed from, when it is one. */
    serviceOfThisStack?: StackNode;
    /** A StackReference whose stack is not one of the endpoint-service stacks. */
    wrongStack?: string;
    /** A StackReference whose stack name is unknown. */
    unknownName?: string;
    /**
     * The known string values the trusted source carries (a StackReference's outputs, the
     * properties of the stack's own endpoint service or VPC Lattice resource). A known target
     * is the organization's own only when it is one of these: provenance proves where a value
     * was computed from, not what `apply()` returned.
     */
    values?: ReadonlySet<string>;
}

/** Every known string inside `value` (nested lists and objects included). */
function knownStrings(value: unknown, out: Set<string>, depth = 0): Set<string> {
    if (depth > 32 || isUnknown(value)) return out;
    if (typeof value === "string") out.add(value);
    else if (Array.isArray(value)) for (const v of value) knownStrings(v, out, depth + 1);
    else if (value && typeof value === "object") for (const v of Object.values(value)) knownStrings(v, out, depth + 1);
    return out;
}

/**
 * Is the known `target` one of the values its trusted source carries? An endpoint service's
 * name is `com.amazonaws.vpce.<region>.<service id>` (https://docs.aws.amazon.com/vpc/latest/privatelink/privatelink-share-your-services.html),
 * so a known service id of the source counts as its name too.
 */
export function isSourceValue(origin: Provenance, target: string): boolean {
    const values = origin.values;
    if (!values) return false;
    if (values.has(target)) return true;
    const last = target.split(".").pop() ?? "";
    return /^vpce-svc-[0-9a-f]+$/.test(last) && target.startsWith("com.amazonaws.vpce.") && values.has(last);
}

const sources: ReadonlySet<string> = new Set([T.vpcEndpointService, T.stackReference, T.latticeResourceConfiguration, T.latticeServiceNetwork]);

/** Where `endpoint`'s input `property` comes from, as far as the stack says. */
export function provenance(index: StackIndex, endpoint: StackNode, property: string, stacks: string[]): Provenance {
    let wrongStack: string | undefined;
    let unknownName: string | undefined;
    for (const source of index.related(endpoint, property, sources)) {
        if (source.type !== T.stackReference) {
            return {
                own: `${source.type.split(":").pop()} ${source.name} of this stack`,
                serviceOfThisStack: source.type === T.vpcEndpointService ? source : undefined,
                values: knownStrings(source.props, new Set()),
            };
        }
        const stackName = str(source.props["name"]);
        if (isUnknown(stackName)) unknownName = source.name;
        else if (typeof stackName === "string") {
            if (stacks.includes(stackName)) return { own: `stack ${stackName}`, values: knownStrings(source.props["outputs"], new Set()) };
            wrongStack = stackName;
        }
    }
    return { wrongStack, unknownName };
}

/**
 * Why an unknown `serviceName` is expected, when it is: it is computed from an endpoint service
 * this stack creates, whose name AWS assigns at creation. Undefined otherwise.
 */
export function expectedUnknownServiceName(index: StackIndex, endpoint: StackNode, stacks: string[]): string | undefined {
    const origin = provenance(index, endpoint, "serviceName", stacks);
    if (origin.serviceOfThisStack) {
        return (
            `its serviceName is computed from VpcEndpointService ${origin.serviceOfThisStack.name} of this stack, whose name AWS assigns when it creates the service ` +
            `(com.amazonaws.vpce.<region>.vpce-svc-...), so it is unknown at preview whenever the service and its consumers deploy together (unit all); ` +
            `a stack that reads the name from the owner's stack outputs has it at preview`
        );
    }
    if (origin.own) return `its serviceName comes from ${origin.own}, whose output is not known at this preview`;
    return undefined;
}
