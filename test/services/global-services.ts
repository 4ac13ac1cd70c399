/** The global services' definitions shared by global-endpoints.test.ts and its process test. */
import * as fs from "fs";
import * as os from "os";
import * as path from "path";
import * as YAML from "yaml";

const root = path.resolve(__dirname, "../..");

export const GLOBAL = ["iam", "route53", "organizations"];

/** stacks/dev.yaml in `region` with the global services added to its endpoints. */
export function devWithGlobalServices(region: string): string {
    const doc = YAML.parseDocument(fs.readFileSync(path.join(root, "stacks", "dev.yaml"), "utf8"));
    doc.set("region", region);
    doc.setIn(["network", "endpoints", "services"], ["ssm", "kms", ...GLOBAL]);
    const file = path.join(fs.mkdtempSync(path.join(os.tmpdir(), "lz-global-")), "dev.yaml");
    fs.writeFileSync(file, doc.toString());
    return file;
}
