// «Методика»: the metric definitions the code uses (loaders/metrics/definitions.ts) with their
// current targets, the workload norms, trigger thresholds and plan-check assumptions from
// config/settings.json, each with its source.
import { writeStdout } from "../../loaders/export/arrow.ts";
import { methodologyData } from "../../loaders/metrics/methodology.ts";
import { loadSettings } from "../../loaders/settings.ts";

await writeStdout(JSON.stringify(methodologyData(loadSettings())));
