// The moment every page of this build is judged at (the site dataset's `now`) and the calendar's
// time zone, for pages that show «на <дату>» without loading the whole KPI file.
import { writeStdout } from "../../loaders/export/arrow.ts";
import { closeDataset, openSiteDataset } from "../../loaders/site/dataset.ts";

const pipeline = await openSiteDataset();
const asOf = pipeline.now.toISOString();
const timezone = pipeline.settings.calendar.timezone;
closeDataset(pipeline);
await writeStdout(JSON.stringify({ asOf, timezone }));
