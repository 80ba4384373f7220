// The simulator engine + Web Worker entry bundled into one self-contained IIFE script (no
// imports, no network): the pages load it with FileAttachment(...).text() and start it from a Blob URL.
import { build } from "esbuild";
import { fileURLToPath } from "node:url";

const result = await build({
  entryPoints: [fileURLToPath(new URL("../components/simulator/worker.ts", import.meta.url))],
  bundle: true,
  format: "iife",
  platform: "browser",
  target: "es2020",
  minify: true,
  write: false,
  logLevel: "silent",
});
process.stdout.write(result.outputFiles[0]!.text);
