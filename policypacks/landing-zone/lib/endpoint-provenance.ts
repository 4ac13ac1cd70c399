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
}

const sources: ReadonlySet<string> = new Set([T.vpcEndpointService, T.stackReference, T.latticeResourceConfiguration, T.latticeServiceNetwork]);

/** Where `endpoint`'s input `property` comes from, as far as the stack says. */
export function provenance(index: StackIndex, endpoint: StackNode, property: string, stacks: string[]): Provenance {
    let wrongStack: string | undefined;
    let unknownName: string | undefined;
    for (const source of index.related(endpoint, property, sources)) {
        if (source.type !== T.stackReference) {
            return { own: `${source.type.split(":").pop()} ${source.name} of this stack`, serviceOfThisStack: source.type === T.vpcEndpointService ? source : undefined };
        }
        const stackName = str(source.props["name"]);
        if (isUnknown(stackName)) unknownName = source.name;
        else if (typeof stackName === "string") {
            if (stacks.includes(stackName)) return { own: `stack ${stackName}` };
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
