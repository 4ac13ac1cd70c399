// The landing-zone Pulumi program. Everything it does starts in program/index.ts.
import { runLandingZone } from "./program";

export = runLandingZone();
