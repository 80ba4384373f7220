// Page loader of «Методика»: the page is rendered at build time from the definitions the code
// uses and config/settings.json (loaders/site/methodology-page.ts), so its anchors are static.
import { writeStdout } from "../loaders/export/arrow.ts";
import { methodologyData } from "../loaders/metrics/methodology.ts";
import { methodologyMarkdown } from "../loaders/site/methodology-page.ts";
import { loadSettings } from "../loaders/settings.ts";

// «Данные на <день>» under the heading, as on every page
const asOfLine = '\n```js\nimport { DataAsOf } from "./components/data-as-of.js";\ndisplay(DataAsOf(await FileAttachment("data/site/as-of.json").json()));\n```\n';
await writeStdout(methodologyMarkdown(methodologyData(loadSettings())).replace("\n# Методика\n", `\n# Методика\n${asOfLine}`));
