// The one way browser tests start Chromium: Debian's when installed, else the one @sparticuz/chromium ships.
import { existsSync, mkdtempSync, readFileSync, renameSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { type Browser, chromium } from 'playwright-core';

/** Debian's package `chromium`; used when present, as it matches the machine's libraries. */
export const SYSTEM_CHROMIUM = '/usr/bin/chromium';

/**
 * The environment variable that chooses the browser: `bundled` forces the npm package's binary (so the
 * fallback is tested on a machine that has Debian's), `system` forces Debian's; unset or `auto` picks.
 */
export const CHROMIUM_ENV = 'ZIGGURAT_CHROMIUM';

/**
 * The flags this machine needs (`/work/.library/env/machines/node-svc.md`, "Known to work"): no sandbox
 * as root, no GPU, and no background connections, which the machine's closed network refuses. Playwright
 * adds `--headless` (headless is its default) and a fresh `--user-data-dir` of its own for every launch,
 * which it removes on close.
 */
export const CHROMIUM_ARGS: readonly string[] = [
  '--headless',
  '--no-sandbox',
  '--disable-gpu',
  '--disable-quic',
  '--no-first-run',
  '--disable-background-networking',
  '--disable-component-update',
  '--disable-sync',
];

/** The unpacked bundled browser, shared by the test processes of one package version. */
function bundledCache(): { directory: string; version: string } {
  // The package's entry is build/esm/index.js; its package.json is two folders up.
  const file = new URL('../../package.json', import.meta.resolve('@sparticuz/chromium'));
  const pkg = JSON.parse(readFileSync(file, 'utf8'));
  const version = String(pkg.version);
  return { directory: join(tmpdir(), `ziggurat-chromium-${version}`), version };
}

/**
 * The path of the bundled binary, unpacked on first use. `executablePath()` unpacks into `os.tmpdir()`
 * and trusts whatever `chromium` it finds there, so a half-written file from a parallel test process would
 * be launched: each process unpacks into a private directory and renames it into place, and the first
 * rename wins.
 */
async function bundledChromium(): Promise<string> {
  const cache = bundledCache();
  const binary = join(cache.directory, 'chromium');
  if (existsSync(binary)) return binary;
  const { default: Chromium } = await import('@sparticuz/chromium');
  const staging = mkdtempSync(join(tmpdir(), `ziggurat-chromium-${cache.version}-unpacking-`));
  const savedTmpdir = process.env.TMPDIR;
  process.env.TMPDIR = staging; // executablePath() reads os.tmpdir() as it unpacks
  try {
    await Chromium.executablePath();
  } catch (error) {
    rmSync(staging, { recursive: true, force: true });
    throw error;
  } finally {
    if (savedTmpdir === undefined) delete process.env.TMPDIR;
    else process.env.TMPDIR = savedTmpdir;
  }
  try {
    renameSync(staging, cache.directory);
  } catch (error) {
    rmSync(staging, { recursive: true, force: true });
    if (!existsSync(binary)) throw error; // not another process winning the race
  }
  return binary;
}

/** Which binary to launch, as CHROMIUM_ENV and the machine say. */
async function chromiumPath(): Promise<string> {
  const choice = process.env[CHROMIUM_ENV] ?? 'auto';
  if (choice === 'bundled') return bundledChromium();
  if (choice === 'system') {
    if (!existsSync(SYSTEM_CHROMIUM))
      throw new Error(`${CHROMIUM_ENV}=system, but ${SYSTEM_CHROMIUM} is missing`);
    return SYSTEM_CHROMIUM;
  }
  if (choice === 'auto' || choice === '')
    return existsSync(SYSTEM_CHROMIUM) ? SYSTEM_CHROMIUM : bundledChromium();
  throw new Error(`${CHROMIUM_ENV}=${choice}: expected bundled, system or auto`);
}

/**
 * Launch headless Chromium for a browser test: Debian's `/usr/bin/chromium` when it exists, else the
 * binary the `@sparticuz/chromium` devDependency ships (so `npm test` needs nothing installed by hand).
 * `ZIGGURAT_CHROMIUM=bundled` forces the bundled one. Close the browser in the test's `after`.
 * @example
 * const browser = await launchBrowser();
 * const page = await browser.newPage();
 * await page.goto(base);
 * await browser.close();
 */
export async function launchBrowser(): Promise<Browser> {
  return chromium.launch({ executablePath: await chromiumPath(), args: [...CHROMIUM_ARGS], timeout: 60_000 });
}
