// The department settings (config/settings.json) the pages need for targets and thresholds.
import { writeStdout } from "../../loaders/export/arrow.ts";
import { loadSettings } from "../../loaders/settings.ts";

const { _comment, ...settings } = loadSettings() as Record<string, unknown>;
void _comment;
await writeStdout(JSON.stringify(settings));
