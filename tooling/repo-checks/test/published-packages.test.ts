// Every package the workspace publishes (each packages/* without "private": true) packs clean: publint with
// no message at any level, the metadata a registry page and `moduleResolution: node10` need, and the MIT
// LICENSE inside the tarball. The packages are built before this runs (turbo's ^build).
import { execFileSync, spawnSync } from "node:child_process";
import { existsSync, mkdirSync, readdirSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { createRequire } from "node:module";
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import { publint } from "publint";
import { describe, expect, it } from "vitest";
import { REPO_ROOT } from "../src/repo.js";

interface PackageJson {
  name: string;
  private?: boolean;
  license?: string;
  main?: string;
  types?: string;
  files?: string[];
  keywords?: string[];
  homepage?: string;
  bugs?: { url?: string };
  repository?: { type?: string; url?: string; directory?: string };
  engines?: { node?: string };
  exports?: Record<string, unknown>;
}

const PACKAGE_DIR = fileURLToPath(new URL("..", import.meta.url));
const require = createRequire(import.meta.url);

const published = readdirSync(join(REPO_ROOT, "packages"))
  .map((name) => ({ dir: `packages/${name}`, path: join(REPO_ROOT, "packages", name) }))
  .filter(({ path }) => existsSync(join(path, "package.json")))
  .map((entry) => ({
    ...entry,
    pkg: JSON.parse(readFileSync(join(entry.path, "package.json"), "utf8")) as PackageJson,
  }))
  .filter(({ pkg }) => pkg.private !== true);

/** The files `npm publish` would put in the tarball. */
function packedFiles(path: string): string[] {
  const out = execFileSync("npm", ["pack", "--dry-run", "--json", "--ignore-scripts"], {
    cwd: path,
    encoding: "utf8",
    stdio: ["ignore", "pipe", "ignore"],
  });
  const [report] = JSON.parse(out) as Array<{ files: Array<{ path: string }> }>;
  return report!.files.map((file) => file.path);
}

const rootLicense = readFileSync(join(REPO_ROOT, "LICENSE"), "utf8");

it("the root LICENSE is MIT", () => {
  expect(rootLicense).toMatch(/^MIT License\n/);
  expect(rootLicense).toContain("Permission is hereby granted, free of charge");
});

it("core and the emulator are the published packages", () => {
  expect(published.map(({ pkg }) => pkg.name).sort()).toEqual(["@extendkit/core", "@extendkit/emulator"]);
});

describe.each(published)("$pkg.name", ({ dir, path, pkg }) => {
  it("publint reports nothing, at any level, on the packed package", async () => {
    const { messages } = await publint({ pkgDir: path, level: "suggestion", strict: true, pack: "pnpm" });
    expect(messages).toEqual([]);
  });

  it("has repository, homepage, bugs, engines and keywords", () => {
    expect(pkg.license).toBe("MIT");
    expect(pkg.repository).toEqual({
      type: "git",
      url: expect.stringMatching(/^git\+https:\/\/github\.com\/[\w.-]+\/[\w.-]+\.git$/),
      directory: dir,
    });
    const web = pkg.repository!.url!.replace(/^git\+/, "").replace(/\.git$/, "");
    expect(pkg.homepage).toBe(`${web}/tree/main/${dir}#readme`);
    expect(pkg.bugs).toEqual({ url: `${web}/issues` });
    expect(pkg.engines?.node).toMatch(/^>=20/);
    expect(pkg.keywords?.length).toBeGreaterThanOrEqual(3);
    expect(pkg.keywords).toContain("extend");
  });

  it("resolves under moduleResolution node10: top-level types and main are the root export's", () => {
    const root = pkg.exports?.["."] as { types: string; default: string };
    expect(pkg.types).toBe(root.types);
    expect(pkg.main).toBe(root.default);
    // And a consumer still on node10 resolution gets the types (strict: an untyped import is TS7016).
    const dir = join(PACKAGE_DIR, ".tmp", "node10", pkg.name.replace(/\W+/g, "-"));
    rmSync(dir, { recursive: true, force: true });
    mkdirSync(dir, { recursive: true });
    writeFileSync(
      join(dir, "consumer.ts"),
      `import * as pkg from "${pkg.name}";\nexport const exported: string[] = Object.keys(pkg);\n`,
    );
    const options = {
      ...{ module: "commonjs", moduleResolution: "node10", target: "ES2022", lib: ["ES2022", "DOM"] },
      ...{ strict: true, noEmit: true, types: ["node"] },
    };
    writeFileSync(
      join(dir, "tsconfig.json"),
      JSON.stringify({ compilerOptions: options, files: ["consumer.ts"] }),
    );
    const tsc = spawnSync(process.execPath, [require.resolve("typescript/bin/tsc"), "-p", "tsconfig.json"], {
      cwd: dir,
      encoding: "utf8",
    });
    expect(tsc.stdout).toBe("");
    expect(tsc.status).toBe(0);
  });

  it("ships the MIT LICENSE (the root one) and its README", () => {
    expect(pkg.files).toContain("LICENSE");
    const files = packedFiles(path);
    expect(files).toEqual(expect.arrayContaining(["LICENSE", "README.md", "package.json"]));
    expect(files).toContain(pkg.types!.replace(/^\.\//, ""));
    expect(files).toContain(pkg.main!.replace(/^\.\//, ""));
    expect(readFileSync(join(path, "LICENSE"), "utf8")).toBe(rootLicense);
  });
});
