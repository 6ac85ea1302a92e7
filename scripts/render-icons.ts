// `node scripts/render-icons.ts`: draws public/icon.svg and public/icons/maskable.svg as the PNG app
// icons and favicon.ico (a PNG inside an ICO container) with Debian's Chromium. Run it after
// changing either SVG; the outputs are committed.
import { readFileSync, writeFileSync } from "node:fs";
import path from "node:path";
import { chromium } from "@playwright/test";
import { CHROMIUM_ARGS, CHROMIUM_PATH } from "../test/support/chromium.ts";

const publicDir = path.resolve(import.meta.dirname, "..", "public");
const svg = (file: string) => `data:image/svg+xml;base64,${readFileSync(path.join(publicDir, file)).toString("base64")}`;

const OUTPUTS = [
  { source: "icon.svg", size: 192, file: "icons/icon-192.png" },
  { source: "icon.svg", size: 512, file: "icons/icon-512.png" },
  { source: "icons/maskable.svg", size: 512, file: "icons/maskable-512.png" },
  // iOS draws its own rounded corners over a full square.
  { source: "icons/maskable.svg", size: 180, file: "apple-touch-icon.png" },
  { source: "icon.svg", size: 32, file: "favicon-32.png" },
];

/** An ICO file holding one PNG image (allowed since Windows Vista; every current browser reads it). */
function icoFromPng(png: Buffer, size: number): Buffer {
  const header = Buffer.alloc(6);
  header.writeUInt16LE(0, 0);
  header.writeUInt16LE(1, 2); // icon
  header.writeUInt16LE(1, 4); // one image
  const entry = Buffer.alloc(16);
  entry.writeUInt8(size, 0);
  entry.writeUInt8(size, 1);
  entry.writeUInt16LE(1, 4); // colour planes
  entry.writeUInt16LE(32, 6); // bits per pixel
  entry.writeUInt32LE(png.length, 8);
  entry.writeUInt32LE(header.length + entry.length, 12);
  return Buffer.concat([header, entry, png]);
}

const browser = await chromium.launch({ executablePath: CHROMIUM_PATH, args: CHROMIUM_ARGS });
try {
  const page = await browser.newPage();
  for (const { source, size, file } of OUTPUTS) {
    await page.setViewportSize({ width: size, height: size });
    await page.setContent(`<style>html,body{margin:0;background:transparent}</style><img src="${svg(source)}" width="${size}" height="${size}">`);
    await page.locator("img").evaluate((img: HTMLImageElement) => img.decode());
    const png = await page.screenshot({ omitBackground: true });
    if (file === "favicon-32.png") writeFileSync(path.join(publicDir, "favicon.ico"), icoFromPng(png, size));
    else writeFileSync(path.join(publicDir, file), png);
    console.log(`${file === "favicon-32.png" ? "favicon.ico" : file}: ${size}x${size}`);
  }
} finally {
  await browser.close();
}
