import { existsSync } from 'node:fs';
import { mkdtemp, rm } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { chromium, type BrowserContext, type Page } from 'playwright-core';
import { ScriptedAgent } from './pipeline-harness.js';
import { skipOrFail } from './services.js';

/**
 * A real Chromium (Debian's package, driven by playwright-core) for the
 * dashboard tests. Missing Chromium skips with a notice, or fails when
 * REQUIRE_SERVICES=1. Every launch gets a fresh profile directory.
 */
export const CHROMIUM_PATH = process.env.CHROMIUM_PATH || '/usr/bin/chromium';

export const CHROMIUM_ARGS = Object.freeze([
  '--headless',
  '--no-sandbox',
  '--disable-gpu',
  '--disable-background-networking',
  '--disable-component-update',
  '--no-first-run',
  '--lang=pt-BR',
  '--disable-quic',
  '--disable-sync',
]);

/**
 * How long a UI condition may take before the test fails (real time: the browser is not on the fake
 * clock). Generous: on a loaded 2-core machine a live update was once seen to take over 10 s.
 */
export const UI_TIMEOUT_MS = 30_000;

export interface BrowserSession {
  context: BrowserContext;
  page: Page;
  /** Console errors, page errors and CSP refusals seen so far (a clean page has none). */
  problems: string[];
  newPage(): Promise<Page>;
  close(): Promise<void>;
}

export function chromiumMissing(): string | undefined {
  return existsSync(CHROMIUM_PATH) ? undefined : `${CHROMIUM_PATH} is missing (apt-get install chromium)`;
}

/** Skips (or fails under REQUIRE_SERVICES=1) when there is no Chromium. Call from a `before`/`beforeEach`. */
export function requireChromium(context: Mocha.Context): void {
  const missing = chromiumMissing();
  if (missing) skipOrFail(context, 'Chromium', missing);
}

export async function openBrowser(options: { fixedTime?: number; viewport?: { width: number; height: number } } = {}): Promise<BrowserSession> {
  const profile = await mkdtemp(path.join(os.tmpdir(), 'patinha-chromium-'));
  let context: BrowserContext;
  try {
    // Playwright passes the profile as --user-data-dir itself (it refuses the flag in `args`).
    context = await chromium.launchPersistentContext(profile, {
      executablePath: CHROMIUM_PATH,
      args: [...CHROMIUM_ARGS],
      timeout: 30_000,
      locale: 'pt-BR',
      timezoneId: 'America/Sao_Paulo',
      viewport: options.viewport ?? { width: 1280, height: 800 },
      reducedMotion: 'reduce',
    });
  } catch (error) {
    await rm(profile, { recursive: true, force: true });
    throw error;
  }
  context.setDefaultTimeout(UI_TIMEOUT_MS);
  const problems: string[] = [];
  const watch = async (page: Page) => {
    page.on('console', (message) => {
      // HTTP errors the dashboard handles itself (a 404 feature probe, a refused token) are not problems.
      if (message.type() === 'error' && !message.text().startsWith('Failed to load resource')) problems.push(`console: ${message.text()}`);
    });
    page.on('pageerror', (error) => problems.push(`page error: ${error.message}`));
    // The dashboard thinks "today" is the fake clock's day; its timers still run in real time.
    if (options.fixedTime !== undefined) await page.clock.setFixedTime(new Date(options.fixedTime));
    return page;
  };
  const page = await watch(context.pages()[0] ?? (await context.newPage()));
  return {
    context,
    page,
    problems,
    newPage: async () => watch(await context.newPage()),
    async close() {
      await context.close().catch(() => undefined);
      await rm(profile, { recursive: true, force: true });
    },
  };
}

/** Signs in through the Entrar screen. Without `orgId` (admin token) it picks `orgName` from the list. */
export async function signIn(page: Page, baseUrl: string, credentials: { token: string; orgId?: string; orgName?: string }): Promise<void> {
  await page.goto(`${baseUrl}/`);
  // E-mail and password is the usual way in; the token form is one click away.
  await page.getByRole('button', { name: 'Entrar com token de acesso' }).click();
  await page.getByLabel('Token de acesso').fill(credentials.token);
  if (credentials.orgId) await page.getByLabel('ID da loja').fill(credentials.orgId);
  await page.getByRole('button', { name: 'Entrar', exact: true }).click();
  // The admin token opens the shop picker; a shop token alone signs straight into its shop.
  if (!credentials.orgId && !credentials.token.startsWith('pat_')) await page.getByRole('button', { name: new RegExp(credentials.orgName ?? '.') }).first().click();
  await page.getByRole('navigation', { name: 'Seções do painel' }).waitFor();
  await page.locator('.live-online').waitFor({ state: 'attached' }); // live events flow from here on
}

/** Signs an owner or staff member in with e-mail and password (the session cookie). */
export async function signInWithPassword(page: Page, baseUrl: string, email: string, password: string): Promise<void> {
  await page.goto(`${baseUrl}/`);
  await page.getByLabel('E-mail').fill(email);
  await page.getByLabel('Senha').fill(password);
  await page.getByRole('button', { name: 'Entrar', exact: true }).click();
  await page.getByRole('navigation', { name: 'Seções do painel' }).waitFor();
  await page.locator('.live-online').waitFor({ state: 'attached' });
}

/**
 * Waits until `check` passes (returns without throwing), polling; the last
 * failure is rethrown at the deadline. For conditions a locator cannot wait on.
 */
export async function eventually<T>(check: () => Promise<T> | T, timeoutMs = UI_TIMEOUT_MS): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    try {
      return await check();
    } catch (error) {
      if (Date.now() > deadline) throw error;
      await new Promise((resolve) => setTimeout(resolve, 50));
    }
  }
}

/**
 * A scripted customer assistant that books like the real one: "banho" registers
 * Rex (pending "sim"), "amanhã" books a Banho tomorrow at 10h (pending "sim").
 */
export function bookingAgent(): ScriptedAgent {
  return new ScriptedAgent(async (input) => {
    if (/banho/i.test(input.text)) {
      await input.tools.cadastrarPet({ nome: 'Rex', especie: 'cachorro', porte: 'M' });
      return { reply: 'Entendi, vou cadastrar Rex, cão, porte M (médio). Confirma? (sim/não)' };
    }
    if (/amanh/i.test(input.text)) {
      const outcome = await input.tools.agendarServico({ servico: 'banho', pet: 'Rex', inicio: '2026-12-02T10:00:00-03:00' });
      return { reply: outcome.ok ? outcome.say! : `erro ${outcome.code}` };
    }
    return { reply: 'Oi! Sou a assistente do Pet Shop. Posso agendar banho, tosa ou consulta. Como posso ajudar?' };
  });
}
