import nextVitals from "eslint-config-next/core-web-vitals";
import nextTs from "eslint-config-next/typescript";

const config = [
  ...nextVitals,
  ...nextTs,
  {
    ignores: [".next/**", "node_modules/**", "lib/generated/**", ".data/**", ".test-data/**", "screenshots/**", "next-env.d.ts"],
  },
  {
    rules: {
      // lib/env.ts is the only reader of process.env (STYLE.md); scripts and tests set up processes.
      "no-restricted-properties": ["error", { object: "process", property: "env", message: "Read configuration through lib/env.ts" }],
      "@typescript-eslint/no-unused-vars": ["error", { argsIgnorePattern: "^_", varsIgnorePattern: "^_" }],
    },
  },
  {
    files: ["lib/env.ts", "scripts/**", "test/**", "bench/**", "vitest.config.mts", "prisma.config.ts", "next.config.js", "eslint.config.mjs"],
    rules: { "no-restricted-properties": "off", "@typescript-eslint/no-explicit-any": "off" },
  },
  {
    // Dependency direction (DESIGN.md): lib never imports from app, workers or serve.
    files: ["lib/**"],
    rules: { "no-restricted-imports": ["error", { patterns: [{ group: ["@/app/*", "@/workers/*", "@/serve/*"], message: "lib must not depend on app, workers or serve" }] }] },
  },
];

export default config;
