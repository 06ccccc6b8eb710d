// `npm run start:web`: the web process alone (`next start -p $PORT`), for a machine that runs only
// web replicas against shared PostgreSQL and Redis. Assumes `npm run build` (or `npm start`) built .next.
import { spawn } from "node:child_process";
import fs from "node:fs";
import path from "node:path";

const ROOT = path.resolve(__dirname, "..");

if (!fs.existsSync(path.join(ROOT, ".next", "BUILD_ID"))) {
  console.error("web: no build in .next; run `npm run build` first (npm start builds automatically)");
  process.exit(1);
}

const port = process.env.PORT || "3000";
const child = spawn(path.join(ROOT, "node_modules", ".bin", "next"), ["start", "-p", port], {
  cwd: ROOT,
  stdio: "inherit",
  env: { ...process.env, NODE_ENV: process.env.NODE_ENV || "production", NEXT_TELEMETRY_DISABLED: "1" },
});
for (const signal of ["SIGINT", "SIGTERM"] as const) process.on(signal, () => child.kill(signal));
child.on("error", (error) => {
  console.error(`web: cannot run next: ${error.message}`);
  process.exit(1);
});
child.on("exit", (code, signal) => process.exit(code ?? (signal === "SIGTERM" || signal === "SIGINT" ? 0 : 1)));
