#!/usr/bin/env node
// Command-line face of the same code the dashboard runs: registers tsx so the TypeScript
// sources in loaders/ run as they are, then hands over to the dispatcher.
import { register } from "tsx/esm/api";

register();
const { main } = await import("../loaders/cli/main.ts");
process.exitCode = await main(process.argv.slice(2));
