import { mkdir, mkdtemp, rm, symlink, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import { dirname, join } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { findFiles, SKIP_REASONS, scanWorkspace } from "../src/engine/find-files.js";
import { compileGlob, compileGlobSet } from "../src/engine/glob.js";
import { skippedLines } from "../src/select-files.js";

describe("compileGlob", () => {
  const cases: [string, string[], string[]][] = [
    ["*.pdf", ["a.pdf", ".hidden.pdf"], ["a.png", "dir/a.pdf.txt"]],
    ["docs/*.pdf", ["docs/a.pdf"], ["docs/sub/a.pdf", "a.pdf", "docs/a.pdfx"]],
    ["docs/**/*.pdf", ["docs/a.pdf", "docs/x/y/z.pdf"], ["other/a.pdf", "docsx/a.pdf"]],
    ["**/*.pdf", ["a.pdf", "x/a.pdf", "x/y/a.pdf"], ["a.png"]],
    ["**", ["a", "x/y/z"], []],
    ["docs/**", ["docs/a", "docs/x/y"], ["doc/a"]],
    ["a/**/b/*.txt", ["a/b/c.txt", "a/x/y/b/c.txt"], ["a/b/x/c.txt", "a/xb/c.txt"]],
    ["file?.txt", ["file1.txt", "fileA.txt"], ["file10.txt", "file/.txt"]],
    ["*.{pdf,png}", ["a.pdf", "b.png"], ["c.jpg"]],
    ["{invoices,receipts}/**/*.pdf", ["invoices/a.pdf", "receipts/2024/b.pdf"], ["other/a.pdf"]],
    ["x.{a,{b,c}}", ["x.a", "x.b", "x.c"], ["x.d"]],
    ["[ab]*.txt", ["a1.txt", "b.txt"], ["c.txt"]],
    ["[!ab]*.txt", ["c.txt"], ["a.txt"]],
    ["[0-9].txt", ["5.txt"], ["x.txt"]],
    ["a+b(1).txt", ["a+b(1).txt"], ["aab(1).txt"]],
    ["\\*.txt", ["*.txt"], ["a.txt"]],
    ["./docs//a.pdf", ["docs/a.pdf"], []],
    ["a**b", ["ab", "axxb"], ["a/b"]],
  ];
  it.each(cases)("%s", (pattern, yes, no) => {
    const glob = compileGlob(pattern);
    for (const path of yes) expect(glob.matchesExactly(path), `${pattern} should match ${path}`).toBe(true);
    for (const path of no)
      expect(glob.matchesExactly(path), `${pattern} should not match ${path}`).toBe(false);
  });

  it("matches everything under a matched directory", () => {
    const glob = compileGlob("docs");
    expect(glob.matches("docs/a.pdf")).toBe(true);
    expect(glob.matches("docs/x/y.pdf")).toBe(true);
    expect(glob.matches("docsx/a.pdf")).toBe(false);
    expect(compileGlob("docs/").matches("docs/a.pdf")).toBe(true);
  });

  it("computes the literal base directory to walk from", () => {
    expect(compileGlob("invoices/2024/*.pdf").base).toBe("invoices/2024");
    expect(compileGlob("invoices/**/x.pdf").base).toBe("invoices");
    expect(compileGlob("*.pdf").base).toBe("");
    expect(compileGlob("{a,b}/x.pdf").base).toBe("");
    expect(compileGlob("docs").base).toBe("");
  });

  it("treats unbalanced brackets literally", () => {
    expect(compileGlob("a[b.txt").matchesExactly("a[b.txt")).toBe(true);
    expect(compileGlob("a{b.txt").matchesExactly("a{b.txt")).toBe(true);
  });
});

describe("compileGlobSet", () => {
  it("lets excludes win and prunes excluded directories", () => {
    const set = compileGlobSet(["docs/**/*.pdf"], ["docs/drafts", "**/*.tmp.pdf"]);
    expect(set.selects("docs/a.pdf")).toBe(true);
    expect(set.selects("docs/drafts/a.pdf")).toBe(false);
    expect(set.selects("docs/x/a.tmp.pdf")).toBe(false);
    expect(set.excludesDirectory("docs/drafts")).toBe(true);
    expect(set.excludesDirectory("docs/final")).toBe(false);
  });

  it("walks from the fewest base directories", () => {
    expect(compileGlobSet(["a/b/*.pdf", "a/*.pdf", "c/d/*.pdf"], []).bases).toEqual(["a", "c/d"]);
    expect(compileGlobSet(["a/*.pdf", "*.txt"], []).bases).toEqual([""]);
  });
});

describe("findFiles", () => {
  let root: string;
  let outside: string;
  const files = [
    "docs/a.pdf",
    "docs/b.txt",
    "docs/drafts/c.pdf",
    "docs/deep/er/d.pdf",
    "invoices/2024/i1.pdf",
    "invoices/2024/i2.png",
    ".git/objects/x.pdf",
    "node_modules/pkg/readme.pdf",
    "top.pdf",
  ];

  beforeAll(async () => {
    root = await mkdtemp(join(tmpdir(), "extendkit-glob-"));
    outside = await mkdtemp(join(tmpdir(), "extendkit-outside-"));
    for (const file of files) {
      await mkdir(dirname(join(root, file)), { recursive: true });
      await writeFile(join(root, file), `content of ${file}`);
    }
    await writeFile(join(outside, "secret.pdf"), "runner secret");
    await symlink(join(outside, "secret.pdf"), join(root, "docs/escape.pdf"));
    await symlink(join(root, "docs/a.pdf"), join(root, "docs/inside-link.pdf"));
    await symlink(join(root, "docs"), join(root, "docs/loop"));
    await symlink(join(root, "missing.pdf"), join(root, "docs/dangling.pdf"));
  });
  afterAll(async () => {
    await rm(root, { recursive: true, force: true });
    await rm(outside, { recursive: true, force: true });
  });

  it("finds matching files sorted by path with sizes, skipping .git", async () => {
    const found = await findFiles(root, ["**/*.pdf"], ["node_modules"]);
    expect(found.map((f) => f.path)).toEqual([
      "docs/a.pdf",
      "docs/deep/er/d.pdf",
      "docs/drafts/c.pdf",
      "docs/inside-link.pdf",
      "invoices/2024/i1.pdf",
      "top.pdf",
    ]);
    expect(found[0]).toEqual({
      path: "docs/a.pdf",
      absolutePath: join(root, "docs/a.pdf"),
      bytes: "content of docs/a.pdf".length,
    });
  });

  it("never follows a symlink out of the workspace or into a loop", async () => {
    const found = (await findFiles(root, ["docs"], [])).map((f) => f.path);
    expect(found).not.toContain("docs/escape.pdf");
    expect(found).not.toContain("docs/dangling.pdf");
    expect(found.some((p) => p.startsWith("docs/loop/"))).toBe(false);
    expect(found).toContain("docs/b.txt");
  });

  it("applies excludes and several include patterns without duplicates", async () => {
    const found = await findFiles(
      root,
      ["docs/**/*.pdf", "docs/*.pdf", "invoices/**/*.{pdf,png}"],
      ["docs/drafts", "**/*link*"],
    );
    expect(found.map((f) => f.path)).toEqual([
      "docs/a.pdf",
      "docs/deep/er/d.pdf",
      "invoices/2024/i1.pdf",
      "invoices/2024/i2.png",
    ]);
  });

  it("returns nothing for patterns under a missing directory", async () => {
    expect(await findFiles(root, ["nope/**/*.pdf"], [])).toEqual([]);
  });

  it("selects a single file by its literal path", async () => {
    expect((await findFiles(root, ["invoices/2024/i1.pdf"], [])).map((f) => f.path)).toEqual([
      "invoices/2024/i1.pdf",
    ]);
  });
});

describe("scanWorkspace: contained to the workspace, nothing skipped silently", () => {
  let root: string;
  let outside: string;
  beforeAll(async () => {
    root = await mkdtemp(join(tmpdir(), "extendkit-scan-"));
    outside = await mkdtemp(join(tmpdir(), "extendkit-scan-outside-"));
    await mkdir(join(outside, "deep"), { recursive: true });
    await writeFile(join(outside, "stolen.txt"), "runner file");
    await writeFile(join(outside, "deep", "stolen2.txt"), "runner file");
    await mkdir(join(root, "docs", "sub"), { recursive: true });
    await writeFile(join(root, "docs", "ok.txt"), "fine");
    await writeFile(join(root, "docs", "sub", "ok2.txt"), "fine");
    // The reproduction: a glob base that is a symlink to a directory outside the workspace.
    await symlink(outside, join(root, "invoices"));
    await symlink(join(outside, "stolen.txt"), join(root, "docs", "escape.txt"));
    await symlink(join(root, "docs", "gone.txt"), join(root, "docs", "dangling.txt"));
    await symlink(join(root, "docs", "sub"), join(root, "docs", "linked-dir"));
    await symlink(outside, join(root, "docs", "out-dir"));
    await writeFile(
      Buffer.concat([
        Buffer.from(join(root, "docs", "bad-")),
        Buffer.from([0xff, 0xfe]),
        Buffer.from(".txt"),
      ]),
      "x",
    );
  });
  afterAll(async () => {
    await rm(root, { recursive: true, force: true });
    await rm(outside, { recursive: true, force: true });
  });

  it("refuses a glob base that is a symlink out of the workspace", async () => {
    const scan = await scanWorkspace(root, ["invoices/**/*.txt"], []);
    expect(scan.files).toEqual([]);
    expect(scan.skipped).toEqual([{ path: "invoices", reason: SKIP_REASONS.outside }]);
  });

  it("lists every refused entry with its reason and processes the rest", async () => {
    const scan = await scanWorkspace(root, ["docs/**/*.txt"], []);
    expect(scan.files.map((f) => f.path)).toEqual(["docs/ok.txt", "docs/sub/ok2.txt"]);
    expect(scan.skipped).toEqual([
      { path: "docs/bad-\\xff\\xfe.txt", reason: SKIP_REASONS.notUtf8 },
      { path: "docs/dangling.txt", reason: SKIP_REASONS.dangling },
      { path: "docs/escape.txt", reason: SKIP_REASONS.outside },
      { path: "docs/linked-dir", reason: SKIP_REASONS.directoryLink },
      { path: "docs/out-dir", reason: SKIP_REASONS.directoryLink },
    ]);
  });

  it("lists nothing the patterns do not select", async () => {
    const scan = await scanWorkspace(root, ["docs/ok.txt"], []);
    expect(scan.files.map((f) => f.path)).toEqual(["docs/ok.txt"]);
    expect(scan.skipped).toEqual([]);
  });

  it("caps the listed lines and counts the rest", () => {
    const many = Array.from({ length: 25 }, (_, i) => ({ path: `d/${i}`, reason: "r" }));
    const lines = skippedLines(many);
    expect(lines).toHaveLength(21);
    expect(lines[20]).toBe("…and 5 more");
  });
});
