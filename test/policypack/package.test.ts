/**
 * The pack publishes alone (`pulumi policy publish` uploads policypacks/landing-zone), so its
 * folder carries what a reproducible install needs: @pulumi/* pinned exactly, every import
 * declared, and its own lockfile in step with its package.json. The repository's tests run the
 * same @pulumi/* versions the lockfile installs for users.
 *
 * Regenerate the lockfile after changing the pack's package.json (the root is an npm workspace,
 * so this is done in a scratch folder):
 *   d=$(mktemp -d) && cp policypacks/landing-zone/package.json $d && (cd $d && npm install --package-lock-only --ignore-scripts) \
 *     && cp $d/package-lock.json policypacks/landing-zone/ && npm install --package-lock-only --ignore-scripts
 */
import { strict as assert } from "assert";
import * as fs from "fs";
import * as path from "path";

const packDir = path.resolve(__dirname, "../../policypacks/landing-zone");
const pkg = JSON.parse(fs.readFileSync(path.join(packDir, "package.json"), "utf8"));
const lock = JSON.parse(fs.readFileSync(path.join(packDir, "package-lock.json"), "utf8"));

function sources(dir: string): string[] {
    return fs.readdirSync(dir, { withFileTypes: true }).flatMap((e) => {
        const p = path.join(dir, e.name);
        if (e.isDirectory()) return e.name === "node_modules" || e.name === "bin" ? [] : sources(p);
        return e.name.endsWith(".ts") ? [p] : [];
    });
}

/** `x.y.z` satisfies an exact, `^` or `~` range (the forms package.json uses here). */
function satisfies(version: string, range: string): boolean {
    const v = version.split(".").map(Number);
    const m = /^([\^~]?)(\d+)\.(\d+)\.(\d+)$/.exec(range);
    if (!m) return false;
    const r = [Number(m[2]), Number(m[3]), Number(m[4])];
    const atLeast = v[0] > r[0] || (v[0] === r[0] && (v[1] > r[1] || (v[1] === r[1] && v[2] >= r[2])));
    if (m[1] === "") return v.join(".") === r.join(".");
    if (m[1] === "~") return atLeast && v[0] === r[0] && v[1] === r[1];
    return atLeast && (r[0] > 0 ? v[0] === r[0] : v[1] === r[1]);
}

describe("policy pack: package and lockfile (publishes alone)", () => {
    it("pins every @pulumi/* dependency exactly", () => {
        for (const [name, spec] of Object.entries({ ...pkg.dependencies, ...pkg.devDependencies }) as [string, string][]) {
            if (name.startsWith("@pulumi/")) assert.match(spec, /^\d+\.\d+\.\d+$/, `${name} is "${spec}"; pin it exactly`);
        }
    });

    it("declares every package its sources import", () => {
        const declared = new Set(Object.keys(pkg.dependencies));
        for (const file of sources(packDir)) {
            for (const m of fs.readFileSync(file, "utf8").matchAll(/(?:from |require\()"((?:@[^/"]+\/)?[^/".][^/"]*)[^"]*"/g)) {
                assert.ok(declared.has(m[1]), `${path.relative(packDir, file)} imports ${m[1]}, which package.json does not declare`);
            }
        }
    });

    it("has its own lockfile, in step with package.json", () => {
        const root = lock.packages[""];
        assert.equal(lock.name, pkg.name);
        assert.deepEqual(root.dependencies, pkg.dependencies, "dependencies differ from package.json: regenerate the lockfile (see this file's comment)");
        assert.deepEqual(root.devDependencies ?? {}, pkg.devDependencies ?? {}, "devDependencies differ from package.json: regenerate the lockfile");
        for (const [name, spec] of Object.entries({ ...pkg.dependencies, ...pkg.devDependencies }) as [string, string][]) {
            const entry = lock.packages[`node_modules/${name}`];
            assert.ok(entry, `${name} is not in the lockfile`);
            assert.ok(satisfies(entry.version, spec), `the lockfile has ${name}@${entry.version}, which does not satisfy "${spec}"`);
        }
    });

    it("the repository's tests run the @pulumi/* versions the lockfile gives users", () => {
        for (const name of Object.keys(pkg.dependencies).filter((n) => n.startsWith("@pulumi/"))) {
            const installed = JSON.parse(fs.readFileSync(require.resolve(`${name}/package.json`, { paths: [packDir] }), "utf8")).version.replace(/^v/, "");
            assert.equal(installed, lock.packages[`node_modules/${name}`].version, `${name}: installed ${installed}, locked for the pack ${lock.packages[`node_modules/${name}`].version}`);
        }
    });
});
