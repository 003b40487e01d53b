// Draws the app's PNG icons (Android's install and home screen, iOS's apple-touch-icon) from
// its SVG ones, in chromium. Run after changing pb_public/app/icons/*.svg: cd e2e && node icons.mjs
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { launchBrowser } from './server.mjs';

const icons = path.join(path.dirname(fileURLToPath(import.meta.url)), '..', 'pb_public', 'app', 'icons');
const drawn = [['icon.svg', 'icon-192.png', 192], ['icon.svg', 'icon-512.png', 512], ['maskable.svg', 'maskable-512.png', 512]];

const browser = await launchBrowser();
for (const [from, to, size] of drawn) {
  const page = await browser.newPage({ viewport: { width: size, height: size } });
  const svg = readFileSync(path.join(icons, from), 'utf8').replace('<svg ', `<svg width="${size}" height="${size}" `);
  await page.setContent(`<style>html,body{margin:0;background:transparent}</style>${svg}`);
  await page.screenshot({ path: path.join(icons, to), omitBackground: true });
  await page.close();
  console.log(`${to}: ${size}x${size} from ${from}`);
}
await browser.close();
