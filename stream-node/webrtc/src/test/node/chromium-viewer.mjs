// Drives headless Chromium (Debian's /usr/bin/chromium through playwright-core) to play the WHEP test player page,
// printing one JSON progress line per second from getStats() and a summary; saves a screenshot.
//
// usage: node chromium-viewer.mjs <player-url> <duration-ms> <screenshot.png> [tabs]
import { chromium } from "playwright-core";
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";

const [, , pageUrl, durationArg, screenshot, tabsArg] = process.argv;
const durationMs = Number(durationArg ?? 5000);
const tabs = Math.min(2, Number(tabsArg ?? 1)); // at most two tabs: the machine is shared
const out = (o) => process.stdout.write(JSON.stringify(o) + "\n");

const userDataDir = mkdtempSync(join(tmpdir(), "zonecam-chromium-"));
let context;
try {
  context = await chromium.launchPersistentContext(userDataDir, {
    executablePath: "/usr/bin/chromium",
    headless: false, // the flags below ask for the new headless mode explicitly
    args: [
      "--headless=new", "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
      "--disable-background-networking", "--disable-component-update", "--disable-sync",
      "--allow-loopback-in-peer-connection", "--autoplay-policy=no-user-gesture-required",
      ...(process.env.ZONECAM_CHROMIUM_ARGS ? process.env.ZONECAM_CHROMIUM_ARGS.split(" ") : []),
    ],
    viewport: { width: 660, height: 400 },
  });
  const pages = [];
  for (let i = 0; i < tabs; i++) {
    const page = i === 0 && context.pages().length > 0 ? context.pages()[0] : await context.newPage();
    page.on("console", (m) => process.stderr.write(`[tab ${i}] ${m.type()}: ${m.text()}\n`));
    await page.goto(pageUrl);
    pages.push(page);
  }
  const t0 = Date.now();
  while (Date.now() - t0 < durationMs) {
    await new Promise((r) => setTimeout(r, 1000));
    for (let i = 0; i < pages.length; i++) {
      const s = await pages[i].evaluate(() => window.zonecamSnapshot());
      if (s.error) {
        out({ type: "error", tab: i, message: s.error });
        process.exit(2);
      }
      const { g2g, ...rest } = s;
      out({ type: "progress", tab: i, t: Date.now() - t0, ...rest });
    }
  }
  for (let i = 0; i < pages.length; i++) {
    const s = await pages[i].evaluate(() => window.zonecamSnapshot());
    const sorted = [...s.g2g].sort((a, b) => a - b);
    const live = sorted;
    const pct = (q) => (live.length ? Math.round(live[Math.min(live.length - 1, Math.floor(q * live.length))]) : null);
    const { g2g, ...rest } = s;
    if (i === 0 && screenshot) await pages[i].screenshot({ path: screenshot });
    out({ type: "summary", tab: i, t: Date.now() - t0, ...rest, g2gSamples: live.length,
          g2gP50Ms: pct(0.5), g2gP95Ms: pct(0.95) });
    await pages[i].evaluate(() => window.zonecamClose());
  }
} catch (e) {
  out({ type: "error", message: String(e?.stack ?? e) });
  process.exitCode = 2;
} finally {
  await context?.close().catch(() => {});
  rmSync(userDataDir, { recursive: true, force: true });
}
