import { PolicySession } from "./analyzer";
import { loadForPlan, planProgram } from "./run";
import { withDefinitionCache } from "./definition-cache";
import { policyConfigFor } from "../policy-config";
import * as path from "path";
(async () => {
  const file = process.argv[2];
  const { definition } = loadForPlan(file);
  const s = await PolicySession.start({ packDir: path.resolve("policypacks/landing-zone"), config: policyConfigFor(definition) });
  await withDefinitionCache(async () => {
    for (let i = 0; i < 12; i++) {
      const p = await planProgram({ definitionFile: file, unit: `spoke-${String(i).padStart(4, "0")}`, definition });
      const t = Date.now();
      const r = await s.judge(p);
      console.log(i, Date.now() - t, JSON.stringify(r.timings), r.violations.length);
    }
  });
  s.close();
})();
