/**
 * The pt-BR intent layer: what a customer or the shop owner is asking, read
 * deterministically. Used by the offline agent, and in front of the LLM to
 * answer the obvious without spending tokens (DESIGN §6.2).
 */
export { classifyCustomerMessage } from './classify-customer-message.js';
export { classifyOwnerMessage } from './classify-owner-message.js';
export {
  CUSTOMER_INTENTS,
  type CustomerClassification,
  type CustomerIntent,
  type CustomerSlots,
  type ServiceName,
  type WeekdayName,
} from './customer-intent.js';
export {
  type AnalyticsPeriod,
  type CampaignKind,
  OWNER_INTENTS,
  type OwnerClassification,
  type OwnerIntent,
  type OwnerSlots,
} from './owner-intent.js';
export {
  collapseRepeats,
  detectEmoji,
  type EmojiSignal,
  expandAbbreviations,
  foldAccents,
  type NormalizedText,
  normalizeText,
} from './text-normalize.js';
export { matchYesNoPhrase, parseYesNo, type YesNo, type YesNoOptions } from './yes-no.js';
