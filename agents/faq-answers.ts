import type { CustomerClassification, CustomerIntent } from '../domain/intents/index.js';
import { formatBrl } from '../domain/money.js';
import { PET_SIZE_LABELS, PET_SIZES, type PetSize } from '../domain/pet-size.js';
import { normalizeSpecies } from '../domain/species.js';
import { usualSizeOfBreed } from '../domain/breed-sizes.js';
import { foldText } from '../domain/text-normalization.js';
import type { CustomerContext } from './customer-agent.js';
import { joinPtBr } from './pt-br-format.js';
import { matchShopService, type ShopService } from './service-match.js';

/**
 * Answers to the questions every shop gets all day (greeting, hours, prices,
 * services, address, payment, thanks), written from the shop's own data.
 * The offline agent answers with them, and the OpenAI agent answers with them
 * *before* calling the model (the original design's "intent detection before
 * GPT" and "FAQ cache"): they cost no tokens and cannot invent a price.
 */

export const FAQ_INTENTS: ReadonlySet<CustomerIntent> = new Set([
  'saudacao',
  'horario_funcionamento',
  'precos',
  'servicos',
  'endereco',
  'pagamento',
  'agradecimento',
]);

/** Below this the classifier is guessing, and the model (or a question) does better than a canned answer. */
export const FAQ_MIN_CONFIDENCE = 0.8;

/**
 * The prices of one service: 'pequeno R$ 50,00 · médio R$ 65,00', or one
 * price when every size costs the same ('R$ 150,00'), or the given size's.
 */
export function servicePrices(service: ShopService, size?: PetSize): string {
  if (size !== undefined) {
    const offering = service.bySize[size];
    return offering ? `${formatBrl(offering.priceCents)} (porte ${PET_SIZE_LABELS[size]})` : `não fazemos para porte ${PET_SIZE_LABELS[size]}`;
  }
  const offered = PET_SIZES.flatMap((s) => (service.bySize[s] ? [[s, service.bySize[s]!.priceCents] as const] : []));
  if (offered.length === 0) return 'preço sob consulta';
  if (new Set(offered.map(([, cents]) => cents)).size === 1) return formatBrl(offered[0]![1]);
  return offered.map(([s, cents]) => `${PET_SIZE_LABELS[s]} ${formatBrl(cents)}`).join(' · ');
}

/** 'Banho: pequeno R$ 50,00 · médio R$ 65,00'. */
export function formatServicePrices(service: ShopService, size?: PetSize): string {
  return `${service.name}: ${servicePrices(service, size)}`;
}

function pricesVaryBySize(service: ShopService): boolean {
  return new Set(Object.values(service.bySize).map((o) => o?.priceCents)).size > 1;
}

function cheapest(service: ShopService): number | null {
  const prices = PET_SIZES.flatMap((s) => (service.bySize[s] ? [service.bySize[s]!.priceCents] : []));
  return prices.length > 0 ? Math.min(...prices) : null;
}

/** Plural pt-BR for "não atende gatos". */
const SPECIES_PLURAL: Readonly<Record<string, string>> = { cão: 'cães', gato: 'gatos', ave: 'aves', roedor: 'roedores', coelho: 'coelhos', réptil: 'répteis' };

function servesSpecies(service: ShopService, species: string): boolean {
  if (service.species.length === 0) return true;
  const wanted = normalizeSpecies(species);
  return wanted !== null && service.species.some((s) => normalizeSpecies(s) === wanted);
}

function greeting(ctx: CustomerContext): string {
  const name = ctx.contact.name?.trim().split(/\s+/)[0];
  const hello = name ? `Olá, ${name}!` : 'Olá!';
  return `${hello} 🐾 Aqui é o assistente virtual da ${ctx.shop.name}. Posso ajudar com agendamentos (banho, tosa, consultas…), preços, horários e endereço. Como posso ajudar?`;
}

function hours(ctx: CustomerContext): string {
  if (ctx.shop.hoursText.length === 0) return 'Ainda não tenho o horário de funcionamento cadastrado aqui. Quer que eu chame alguém da equipe?';
  return `Nosso horário de funcionamento:\n${ctx.shop.hoursText.map((line) => `• ${line}`).join('\n')}`;
}

/**
 * The one size a price question is about: said ("porte grande"), a registered pet's ("o banho do
 * Thor"), or a breed's usual size ("tosa pra um golden" → G). Undefined: every size is listed.
 */
function sizeAskedAbout(ctx: CustomerContext, slots: CustomerClassification['slots']): { size?: PetSize; who?: string } {
  if (slots.size !== undefined) return { size: slots.size };
  const pet = slots.pet_name === undefined ? undefined : ctx.pets.find((p) => foldText(p.name) === foldText(slots.pet_name!));
  if (pet) return { size: pet.size, who: pet.name };
  const size = usualSizeOfBreed(slots.breed);
  return size === undefined ? {} : { size, who: slots.breed };
}

function priceList(ctx: CustomerContext, slots: CustomerClassification['slots']): string {
  const { services } = ctx.shop;
  if (services.length === 0) return 'Ainda não tenho a tabela de preços cadastrada aqui. Quer que eu chame alguém da equipe?';
  const { size, who } = sizeAskedAbout(ctx, slots);
  if (slots.service !== undefined) {
    const service = matchShopService(services, slots.service);
    if (!service) return `Não encontrei ${slots.service} entre os nossos serviços. ${serviceNames(ctx)}`;
    if (who !== undefined && size !== undefined) return `${service.name} para ${who}: ${servicePrices(service, size)}.`;
    const note = size === undefined && pricesVaryBySize(service) ? '\nO valor depende do porte do pet.' : '';
    return `${formatServicePrices(service, size)}${note}`;
  }
  const note = size === undefined && services.some(pricesVaryBySize) ? '\nO valor depende do porte do pet.' : '';
  const heading = who !== undefined ? `Nossos preços para ${who}:` : 'Nossos preços:';
  return `${heading}\n${services.map((s) => `• ${formatServicePrices(s, size)}`).join('\n')}${note}`;
}

function serviceNames(ctx: CustomerContext): string {
  return `Nossos serviços: ${joinPtBr(ctx.shop.services.map((s) => s.name))}.`;
}

function servicesAnswer(ctx: CustomerContext, slots: CustomerClassification['slots']): string {
  const { services } = ctx.shop;
  if (services.length === 0) return 'Ainda não tenho a lista de serviços cadastrada aqui. Quer que eu chame alguém da equipe?';
  if (slots.service !== undefined) {
    const service = matchShopService(services, slots.service);
    if (!service) return `No momento não oferecemos ${slots.service}. ${serviceNames(ctx)}`;
    if (slots.species !== undefined && !servesSpecies(service, slots.species)) {
      return `Infelizmente ${service.name} não atende ${SPECIES_PLURAL[slots.species] ?? slots.species}. ${serviceNames(ctx)}`;
    }
    return `Sim, fazemos ${service.name}! ${pricesVaryBySize(service) ? 'Valores' : 'Valor'}: ${servicePrices(service)}. Quer agendar?`;
  }
  const lines = services.map((s) => {
    const from = cheapest(s);
    return from === null ? `• ${s.name}` : `• ${s.name} (a partir de ${formatBrl(from)})`;
  });
  return `Nossos serviços:\n${lines.join('\n')}\nQuer agendar algum?`;
}

function address(ctx: CustomerContext): string {
  return ctx.shop.address
    ? `Estamos em: ${ctx.shop.address}. 📍`
    : 'Ainda não tenho o endereço cadastrado aqui. Quer que eu chame alguém da equipe para te passar?';
}

function payment(ctx: CustomerContext): string {
  return ctx.shop.paymentMethods.length > 0
    ? `Aceitamos ${joinPtBr(ctx.shop.paymentMethods)}.`
    : 'Ainda não tenho as formas de pagamento cadastradas aqui. Quer que eu chame alguém da equipe?';
}

/** The canned answer for a FAQ intent, or null when the intent is not one. */
export function answerFaq(classification: CustomerClassification, ctx: CustomerContext): string | null {
  switch (classification.intent) {
    case 'saudacao':
      return greeting(ctx);
    case 'horario_funcionamento':
      return hours(ctx);
    case 'precos':
      return priceList(ctx, classification.slots);
    case 'servicos':
      return servicesAnswer(ctx, classification.slots);
    case 'endereco':
      return address(ctx);
    case 'pagamento':
      return payment(ctx);
    case 'agradecimento':
      return 'Por nada! 🐶 Qualquer coisa, é só chamar.';
    default:
      return null;
  }
}

/** Whether the pre-model shortcut may answer: a confident FAQ intent and nothing waiting for a "sim". */
export function isConfidentFaq(classification: CustomerClassification, ctx: CustomerContext): boolean {
  return FAQ_INTENTS.has(classification.intent) && classification.confidence >= FAQ_MIN_CONFIDENCE && ctx.pendingAction === null;
}
