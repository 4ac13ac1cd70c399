import { withDefinitionCache } from "./definition-cache";
import { planProgram } from "./run";
(async () => {
  const file = process.argv[2];
  await withDefinitionCache(async () => {
    for (let i = 0; i < Number(process.argv[3]); i++) {
      const t = Date.now();
      const p = await planProgram({ definitionFile: file, definition: (require("./run").loadForPlan(file)).definition, unit: `spoke-${String(i).padStart(4, "0")}` });
      if (i % 10 === 0) console.log(i, p.summary.resources, Date.now() - t);
    }
  });
})();
