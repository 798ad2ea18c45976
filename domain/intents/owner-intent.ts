/**
 * What the shop owner asks Aurora, the owner's co-pilot (DESIGN §6.5). Each
 * intent maps to one Aurora tool (buscar_analytics, listar_clientes_inativos,
 * sugerir_campanha), to the pending campaign (confirm, cancel, stop), or to a
 * canned reply.
 */
export const OWNER_INTENTS = Object.freeze([
  'analytics',
  'clientes_inativos',
  'sugerir_campanha',
  'confirmar_sim',
  'confirmar_nao',
  'parar_campanha',
  'resumo',
  'ajuda',
  'saudacao',
  'outro',
] as const);

export type OwnerIntent = (typeof OWNER_INTENTS)[number];

/** The periods buscar_analytics knows; "mes" without the accent because it is a key, not text. */
export type AnalyticsPeriod = 'hoje' | 'semana' | 'mes' | 'ano';

export type CampaignKind = 'reativacao' | 'promocional' | 'aniversario';

/**
 * Present only when the owner said it: "faturamento" alone has no period, and
 * Aurora should pick its default (or ask) rather than trust a guess made here.
 */
export interface OwnerSlots {
  period?: AnalyticsPeriod;
  kind?: CampaignKind;
}

export interface OwnerClassification {
  readonly intent: OwnerIntent;
  readonly confidence: number;
  readonly slots: Readonly<OwnerSlots>;
}
