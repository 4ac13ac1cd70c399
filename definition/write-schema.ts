/**
 * `npm run schema`: writes definition/landing-zone.schema.json from the zod schema, the
 * single source of truth (a test fails when the committed file is out of date).
 */
import * as fs from "fs";
import * as path from "path";
import { definitionJsonSchema } from "./schema";

export const schemaFile = path.join(__dirname, "landing-zone.schema.json");

/** The exact text of the schema file. */
export function schemaText(): string {
    return `${JSON.stringify(definitionJsonSchema(), null, 2)}\n`;
}

if (require.main === module) {
    try {
        fs.writeFileSync(schemaFile, schemaText());
        console.log(`wrote ${path.relative(process.cwd(), schemaFile)}`);
    } catch (e) {
        console.error(`schema: ${(e as Error).message}`);
        process.exitCode = 2;
    }
}
