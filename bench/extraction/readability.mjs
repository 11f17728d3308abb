// bench/extraction/readability.mjs INDIR OUTDIR: Readability.js (with jsdom) on INDIR/*.html,
// writing OUTDIR/<id>.txt and printing the time spent parsing + extracting (not file I/O):
// CPU time of the process (process.cpuUsage, user + system, all of Node's threads), as the
// newscorpus side counts CPU time (os.clock), and the wall-clock time. PASSES=n (default 1):
// the best of n passes over all the pages (the outputs of the last).
import { readdirSync, readFileSync, writeFileSync, mkdirSync } from "node:fs";
import { JSDOM, VirtualConsole } from "jsdom";
import { Readability } from "@mozilla/readability";

const [indir, outdir] = process.argv.slice(2);
mkdirSync(outdir, { recursive: true });
const files = readdirSync(indir).filter((f) => f.endsWith(".html")).sort();
const quiet = new VirtualConsole();
const passes = Math.max(1, parseInt(process.env.PASSES || "1", 10) || 1);
let bytes = 0;
let spent = 0n;
let cpu = 0;
let failed = 0;
let best = null;
for (let pass = 0; pass < passes; pass++) {
  bytes = 0;
  spent = 0n;
  cpu = 0;
  failed = 0;
  for (const f of files) {
    const html = readFileSync(`${indir}/${f}`, "utf8");
    bytes += Buffer.byteLength(html);
    const t0 = process.hrtime.bigint();
    const c0 = process.cpuUsage();
    let text = "";
    try {
      const dom = new JSDOM(html, { virtualConsole: quiet });
      const art = new Readability(dom.window.document).parse();
      text = art && art.textContent ? art.textContent : "";
      dom.window.close();
    } catch (e) {
      failed++;
    }
    spent += process.hrtime.bigint() - t0;
    const c1 = process.cpuUsage(c0);
    cpu += (c1.user + c1.system) / 1e6;
    writeFileSync(`${outdir}/${f.replace(/\.html$/, ".txt")}`, text);
  }
  if (best === null || cpu < best.cpu) best = { cpu, spent };
}
cpu = best.cpu;
spent = best.spent;
const s = Number(spent) / 1e9;
console.log(`readability.js: ${files.length} files, ${(bytes / 1e6).toFixed(1)} MB, ` +
  `${cpu.toFixed(3)} s, ${(bytes / 1e6 / cpu).toFixed(2)} MB/s, ${failed} failed ` +
  (passes > 1 ? `(best of ${passes} passes) ` : "") +
  `(CPU time; wall clock ${s.toFixed(3)} s, ${(bytes / 1e6 / s).toFixed(2)} MB/s)`);
