// Simulator calibration (loaders/simulator/calibrate.ts) on the resolved data (folder or warehouse): the
// pre-filled scenario, the working-minute calendar for 36 months and the observed history.
import { closeDataset, siteAsOfOverride } from "../../loaders/site/dataset.ts";
import { calibrate } from "../../loaders/simulator/calibrate.ts";
import { openRunPipeline, resolveRunData } from "../../loaders/warehouse/run-data.ts";

const resolved = resolveRunData(undefined, undefined);
const source = resolved.kind === "warehouse" ? "warehouse" : resolved.source;
const pipeline = await openRunPipeline(undefined, undefined, { now: siteAsOfOverride() });
const now = pipeline.now;
const calibration = await calibrate(pipeline.connection, { now, settings: pipeline.settings, dataDir: null, dataSource: source });
closeDataset(pipeline);
process.stdout.write(JSON.stringify(calibration));
