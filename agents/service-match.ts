import { foldText } from '../domain/text-normalization.js';
import type { ShopContext } from './customer-agent.js';

/**
 * Which of the shop's services a customer means. The intent layer gives a
 * canonical name ('banho', 'banho e tosa'); the shop names its own ("Banho",
 * "Banho e Tosa completo", "Consulta veterinária"). Exact match first, then a
 * shop name that starts with the canonical one, then one that contains it, so
 * 'banho' picks "Banho" and not "Banho e tosa".
 */
export type ShopService = ShopContext['services'][number];

function fold(text: string): string {
  return foldText(text).replace(/[^a-z0-9 ]+/g, ' ').replace(/\s+/g, ' ').trim();
}

export function matchShopService(services: readonly ShopService[], wanted: string): ShopService | undefined {
  const w = fold(wanted);
  if (w === '') return undefined;
  return (
    services.find((s) => fold(s.name) === w) ??
    services.find((s) => fold(s.name).startsWith(`${w} `)) ??
    services.find((s) => ` ${fold(s.name)} `.includes(` ${w} `))
  );
}

/** A shop service whose whole name appears in free text ("pode ser o Banho e Tosa"); the longest name wins. */
export function findServiceInText(services: readonly ShopService[], text: string): ShopService | undefined {
  const t = ` ${fold(text)} `;
  return [...services].sort((a, b) => b.name.length - a.name.length).find((s) => fold(s.name) !== '' && t.includes(` ${fold(s.name)} `));
}
