// What every browser test here shares: Debian's chromium, started as this machine needs, and a
// check that prints what passed (the Java side looks for the "ok: ..." lines).
import { chromium } from 'playwright-core';

export function check(condition, what) {
  if (!condition) throw new Error(`failed: ${what}`);
  console.log(`ok: ${what}`);
}

export function launchChromium() {
  return chromium.launch({
    executablePath: process.env.CHROMIUM || '/usr/bin/chromium',
    // without the networking flags chromium keeps calling Google's hosts, which this machine refuses
    args: ['--headless', '--no-sandbox', '--disable-gpu', '--disable-background-networking', '--disable-quic',
      '--no-first-run', '--disable-component-update', '--disable-sync'],
  });
}
