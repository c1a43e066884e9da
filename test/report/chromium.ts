import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { chromium, type BrowserContext, type Page } from 'playwright-core';

/** Debian's Chromium; tests that need it skip with a message when it is absent. */
export const CHROMIUM = '/usr/bin/chromium';
export const chromiumPresent = existsSync(CHROMIUM);

export interface OpenedReport {
  readonly page: Page;
  /** Requests that tried to leave the disk (the report must be one offline file). */
  readonly offDisk: readonly string[];
  close(): Promise<void>;
}

/**
 * Opens an HTML file in headless Chromium with the flags this machine needs (no background networking,
 * a fresh profile) and every network request stopped and recorded.
 */
export async function openInChromium(file: string, profileDir: string): Promise<OpenedReport> {
  const browser: BrowserContext = await chromium.launchPersistentContext(
    join(profileDir, 'chromium-profile'),
    {
      executablePath: CHROMIUM,
      headless: true,
      args: [
        '--headless',
        '--no-sandbox',
        '--disable-gpu',
        '--disable-quic',
        '--no-first-run',
        '--disable-background-networking',
        '--disable-component-update',
        '--disable-sync',
      ],
      viewport: { width: 1400, height: 900 },
    },
  );
  await browser.route(/^https?:/, (route) => route.abort());
  const page = await browser.newPage();
  const offDisk: string[] = [];
  page.on('request', (request) => {
    if (!/^(file|data|blob):/.test(request.url())) offDisk.push(request.url());
  });
  await page.goto(`file://${file}`);
  return { page, offDisk, close: () => browser.close() };
}

/** The number an Allure overview shows for a status (`total`, `passed`, `failed`, …). */
export async function shownCount(page: Page, status: string): Promise<number> {
  const text = await page.getByTestId(`metadata-item-${status}`).innerText();
  return Number(/(\d+)\s*$/.exec(text.trim())?.[1] ?? Number.NaN);
}
