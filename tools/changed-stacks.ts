/**
 * `npm run --silent changed-stacks -- <changed file>...` prints, as a JSON array, the
 * Pulumi stacks a pull request affects (the GitHub workflow turns it into a matrix):
 *   - a changed definition `stacks/<env>.yaml` affects every stack of that environment;
 *   - a changed stack file `Pulumi.<stack>.yaml` affects that stack;
 *   - a change to the program, the pack or the lockfile affects every stack.
 * Docs and tests alone affect none.
 */
import * as fs from "fs";
import * as path from "path";
import * as YAML from "yaml";

const projectRoot = path.resolve(__dirname, "..");

/** Stack name → environment, from the shipped `Pulumi.<stack>.yaml` files. */
export function shippedStacks(root = projectRoot): Map<string, string> {
    const stacks = new Map<string, string>();
    for (const file of fs.readdirSync(root)) {
        const m = /^Pulumi\.(.+)\.yaml$/.exec(file);
        if (!m) continue;
        const config = (YAML.parse(fs.readFileSync(path.join(root, file), "utf8")) ?? {}).config ?? {};
        const env = config["landing-zone:environment"];
        if (typeof env === "string") stacks.set(m[1], env);
    }
    return stacks;
}

const programPaths = [/^index\.ts$/, /^program\//, /^components\//, /^perimeter\//, /^network\//, /^definition\//, /^lambda\//, /^policypacks\//, /^package(-lock)?\.json$/, /^Pulumi\.yaml$/];

/** The stacks affected by a set of changed paths (relative to the project root). */
export function affectedStacks(changed: string[], stacks: Map<string, string>): string[] {
    const affected = new Set<string>();
    for (const file of changed) {
        if (programPaths.some((re) => re.test(file))) return [...stacks.keys()].sort();
        const def = /^stacks\/([^/]+)\.yaml$/.exec(file);
        if (def) for (const [stack, env] of stacks) if (env === def[1]) affected.add(stack);
        const stackFile = /^Pulumi\.(.+)\.yaml$/.exec(file);
        if (stackFile && stacks.has(stackFile[1])) affected.add(stackFile[1]);
    }
    return [...affected].sort();
}

if (require.main === module) {
    process.stdout.write(JSON.stringify(affectedStacks(process.argv.slice(2), shippedStacks())) + "\n");
}
