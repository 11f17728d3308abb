// bench/extraction/readability.mjs INDIR OUTDIR: Readability.js (with jsdom) on INDIR/*.html,
// writing OUTDIR/<id>.txt and printing the time spent parsing + extracting (not file I/O).
import { readdirSync, readFileSync, writeFileSync, mkdirSync } from "node:fs";
import { JSDOM, VirtualConsole } from "jsdom";
import { Readability } from "@mozilla/readability";

const [indir, outdir] = process.argv.slice(2);
mkdirSync(outdir, { recursive: true });
const files = readdirSync(indir).filter((f) => f.endsWith(".html")).sort();
const quiet = new VirtualConsole();
let bytes = 0;
let spent = 0n;
let failed = 0;
for (const f of files) {
  const html = readFileSync(`${indir}/${f}`, "utf8");
  bytes += Buffer.byteLength(html);
  const t0 = process.hrtime.bigint();
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
  writeFileSync(`${outdir}/${f.replace(/\.html$/, ".txt")}`, text);
}
const s = Number(spent) / 1e9;
console.log(`readability.js: ${files.length} files, ${(bytes / 1e6).toFixed(1)} MB, ` +
  `${s.toFixed(3)} s, ${(bytes / 1e6 / s).toFixed(2)} MB/s, ${failed} failed`);
