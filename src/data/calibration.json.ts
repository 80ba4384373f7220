// Simulator calibration (loaders/simulator/calibrate.ts) on the resolved data folder: the
// pre-filled scenario, the working-minute calendar for 36 months and the observed history.
import { resolveDataDir } from "../../loaders/data-dir.ts";
import { runPipeline } from "../../loaders/pipeline.ts";
import { closeDataset, siteAsOfOverride } from "../../loaders/site/dataset.ts";
import { calibrate } from "../../loaders/simulator/calibrate.ts";

const { dir, source } = resolveDataDir();
const pipeline = await runPipeline(dir, { now: siteAsOfOverride() });
const now = pipeline.now;
const calibration = await calibrate(pipeline.connection, { now, settings: pipeline.settings, dataDir: null, dataSource: source });
closeDataset(pipeline);
process.stdout.write(JSON.stringify(calibration));
void dir;
