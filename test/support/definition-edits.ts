/**
 * Edits of a definition's YAML text that keep its comments and layout: what a pull request
 * does to `stacks/<env>.yaml` (remove a spoke, add one, change the service list).
 */
import * as YAML from "yaml";

function edit(text: string, change: (doc: YAML.Document) => void): string {
    const doc = YAML.parseDocument(text);
    change(doc);
    return doc.toString();
}

/** The definition without the spoke named `name`. */
export function withoutSpoke(text: string, name: string): string {
    return edit(text, (doc) => {
        const spokes = doc.get("spokes") as YAML.YAMLSeq;
        const i = spokes.items.findIndex((s) => YAML.isMap(s) && s.get("name") === name);
        if (i < 0) throw new Error(`no spoke ${name}`);
        spokes.items.splice(i, 1);
    });
}

/** The definition with one more spoke (and, when `accountId` is given, its account). */
export function withSpoke(text: string, spoke: { name: string; account: string; cidr: string; domain: string }, accountId?: string): string {
    return edit(text, (doc) => {
        if (accountId) {
            // Account ids are strings: quoted, or YAML reads a number.
            const id = new YAML.Scalar(accountId);
            id.type = "QUOTE_DOUBLE";
            doc.setIn(["accounts", spoke.account], id);
        }
        (doc.get("spokes") as YAML.YAMLSeq).items.push(doc.createNode(spoke));
    });
}

/** The definition with `network.endpoints.services` replaced. */
export function withServices(text: string, services: string[]): string {
    return edit(text, (doc) => doc.setIn(["network", "endpoints", "services"], doc.createNode(services)));
}
