import { analyticsReply, inactiveReply, type PeriodFigures } from '../../../../agents/aurora/aurora-replies.js';
import type { AnalyticsFigures, AuroraContext, AuroraToolbox, DayAgendaFigures } from '../../../../agents/aurora-agent.js';
import { dayOverviewReply } from '../../../../agents/aurora/aurora-day-replies.js';
import type { ToolOutcome } from '../../../../agents/customer-tools.js';
import { campaignMessage, draftPreview, type CampaignKind } from '../../../../domain/campaign-draft.js';
import { changePercent } from '../../../../domain/analytics-period.js';
import { classifyOwnerMessage } from '../../../../domain/intents/index.js';

/**
 * An in-memory implementation of our own `AuroraToolbox` interface with the
 * real contract's rules: sugerirCampanha only drafts (and returns the preview
 * ending in "Confirma o envio? (sim/não)"), and confirmarCampanha sends only
 * when the owner's message of this turn — given with `beginTurn(text)`, as
 * the actor binds it — is an explicit yes. Everything the toolbox did is in
 * `calls` and `sent`.
 */

export const NOW_ISO = '2026-12-08T14:30:00-03:00';
export const SHOP = 'Pet Shop Amigo Fiel';
export const TZ = 'America/Sao_Paulo';

/** The six Aurora tools, in the order the catalog defines them: what the schemas and the model's `tools` are checked against. */
export const AURORA_TOOLS_IN_ORDER = [
  'buscar_analytics',
  'consultar_agenda',
  'listar_clientes_inativos',
  'sugerir_campanha',
  'confirmar_campanha',
  'cancelar_campanha',
  'parar_campanha',
];

type Period = AnalyticsFigures['period'];
type Method = keyof AuroraToolbox;

const FIGURES: Readonly<Record<Period, { current: PeriodFigures; previous: PeriodFigures; newCustomers: number }>> = {
  hoje: {
    current: { scheduled: 0, confirmed: 0, completed: 12, cancelled: 2, no_show: 1, revenueCents: 84_000 },
    previous: { scheduled: 0, confirmed: 0, completed: 9, cancelled: 1, no_show: 0, revenueCents: 70_000 },
    newCustomers: 2,
  },
  semana: {
    current: { scheduled: 5, confirmed: 3, completed: 40, cancelled: 4, no_show: 2, revenueCents: 312_000 },
    previous: { scheduled: 0, confirmed: 0, completed: 50, cancelled: 6, no_show: 4, revenueCents: 390_000 },
    newCustomers: 6,
  },
  mes: {
    current: { scheduled: 10, confirmed: 5, completed: 120, cancelled: 9, no_show: 6, revenueCents: 980_000 },
    previous: { scheduled: 0, confirmed: 0, completed: 110, cancelled: 8, no_show: 7, revenueCents: 900_000 },
    newCustomers: 15,
  },
  ano: {
    current: { scheduled: 10, confirmed: 5, completed: 1_300, cancelled: 90, no_show: 60, revenueCents: 10_500_000 },
    previous: { scheduled: 0, confirmed: 0, completed: 0, cancelled: 0, no_show: 0, revenueCents: 0 },
    newCustomers: 180,
  },
};

const MADE_IN_PERIOD: Readonly<Record<Period, number>> = { hoje: 6, semana: 30, mes: 110, ano: 1_400 };

/** Saturday 12/12 of the fake shop: two baths and a grooming, one bath slot left. */
export function agendaFor(quando: string): DayAgendaFigures {
  const figures: Omit<DayAgendaFigures, 'say'> = {
    label: `${quando} (sábado, 12/12)`, fromDate: '2026-12-12', toDate: '2026-12-12',
    bookings: [
      { date: '2026-12-12', time: '8h', service: 'Banho', pet: 'Rex', customer: 'Ana', status: 'confirmed' },
      { date: '2026-12-12', time: '9h', service: 'Banho', pet: 'Mel', customer: 'João', status: 'scheduled' },
      { date: '2026-12-12', time: '10h', service: 'Tosa', pet: 'Luna', customer: 'Carla', status: 'scheduled' },
    ],
    counts: { scheduled: 2, confirmed: 1, completed: 0, cancelled: 0, noShows: 0, total: 3 },
    byService: [{ name: 'Banho', bookings: 2 }, { name: 'Tosa', bookings: 1 }],
    revenueCents: 0, expectedCents: 23_000,
    free: [{ service: 'Banho', slots: 1, first: '11h' }, { service: 'Tosa', slots: 0, first: null }],
    occupancyPercent: 75, madeInSpan: 1,
  };
  return { ...figures, say: dayOverviewReply({ ...figures, say: '' }) };
}

const total = (f: PeriodFigures) => f.scheduled + f.confirmed + f.completed + f.cancelled + f.no_show;

export function figuresFor(periodo: Period): AnalyticsFigures {
  const { current, previous, newCustomers } = FIGURES[periodo];
  return {
    period: periodo,
    total: total(current),
    completed: current.completed,
    cancelled: current.cancelled,
    noShows: current.no_show,
    revenueCents: current.revenueCents,
    newCustomers,
    madeInPeriod: MADE_IN_PERIOD[periodo],
    topServices: [{ name: 'Banho', bookings: Math.ceil(total(current) / 2) }],
    totalChangePercent: changePercent(total(previous), total(current)),
    revenueChangePercent: changePercent(previous.revenueCents, current.revenueCents),
    say: analyticsReply(periodo, current, previous, newCustomers, MADE_IN_PERIOD[periodo]),
  };
}

export interface FakeAuroraOptions {
  draft?: { kind: CampaignKind; audience: number } | null;
  running?: { kind: CampaignKind; sent: number; pending: number } | null;
  inactive?: string[];
  audience?: Partial<Record<CampaignKind, number>>;
  /** Methods that throw, as a database outage would. */
  failing?: Method[];
}

export class FakeAuroraToolbox implements AuroraToolbox {
  readonly calls: Array<{ method: Method; args: unknown }> = [];
  /** Campaigns actually sent (confirmed). */
  readonly sent: Array<{ kind: CampaignKind; audience: number }> = [];
  draft: { kind: CampaignKind; audience: number } | null;
  running: { kind: CampaignKind; sent: number; pending: number } | null;
  inactive: string[];
  audience: Record<CampaignKind, number>;
  failing: Set<Method>;
  /** The owner's message of the current turn. */
  turnText = '';

  constructor(options: FakeAuroraOptions = {}) {
    this.draft = options.draft ?? null;
    this.running = options.running ?? null;
    this.inactive = options.inactive ?? ['Mariana', 'João', 'Carla'];
    this.audience = { reativacao: 3, promocional: 25, aniversario: 0, ...options.audience };
    this.failing = new Set(options.failing ?? []);
  }

  /** The actor binds the toolbox to the turn's text before the agent runs. */
  beginTurn(text: string): this {
    this.turnText = text;
    return this;
  }

  /** The context the actor would build right now. */
  context(overrides: Partial<AuroraContext> = {}): AuroraContext {
    return {
      now: NOW_ISO,
      shopName: SHOP,
      timezone: TZ,
      pendingCampaign: this.draft ? { kind: this.draft.kind, audienceSize: this.draft.audience } : null,
      runningCampaign: this.running ? { ...this.running } : null,
      ...overrides,
    };
  }

  callsOf(method: Method): unknown[] {
    return this.calls.filter((c) => c.method === method).map((c) => c.args);
  }

  #enter(method: Method, args: unknown): void {
    this.calls.push({ method, args });
    if (this.failing.has(method)) throw new Error(`db down in ${method}`);
  }

  async buscarAnalytics(args: { periodo: Period }): Promise<ToolOutcome<AnalyticsFigures>> {
    this.#enter('buscarAnalytics', args);
    const figures = figuresFor(args.periodo);
    return { ok: true, data: figures, say: figures.say };
  }

  async consultarAgenda(args: { quando: string; servico?: string }): Promise<ToolOutcome<DayAgendaFigures>> {
    this.#enter('consultarAgenda', args);
    const figures = agendaFor(args.quando);
    return { ok: true, data: figures, say: figures.say };
  }

  async listarClientesInativos(args: { dias?: number }): Promise<ToolOutcome<{ count: number; names: string[]; days: number }>> {
    this.#enter('listarClientesInativos', args);
    const days = args.dias ?? 30;
    return { ok: true, data: { count: this.inactive.length, names: [...this.inactive], days }, say: inactiveReply(this.inactive.length, this.inactive, days) };
  }

  async sugerirCampanha(args: { tipo: CampaignKind }): Promise<ToolOutcome<{ audience: number }>> {
    this.#enter('sugerirCampanha', args);
    const audience = this.audience[args.tipo];
    if (audience > 0) this.draft = { kind: args.tipo, audience };
    return { ok: true, data: { audience }, say: draftPreview(args.tipo, audience, campaignMessage(args.tipo, SHOP)) };
  }

  async confirmarCampanha(): Promise<ToolOutcome<{ sending: number }>> {
    this.#enter('confirmarCampanha', {});
    // The real rule: only the owner's own explicit yes in this very turn sends.
    if (classifyOwnerMessage(this.turnText).intent !== 'confirmar_sim') {
      return { ok: false, code: 'CONFIRMATION_REQUIRED', message: 'O dono não disse "sim" nesta mensagem. Mostre a prévia e pergunte "Confirma o envio? (sim/não)".' };
    }
    if (!this.draft) return { ok: false, code: 'NO_PENDING_CAMPAIGN', message: 'Não há campanha aguardando confirmação.' };
    const { kind, audience } = this.draft;
    this.sent.push({ kind, audience });
    this.running = { kind, sent: 0, pending: audience };
    this.draft = null;
    return {
      ok: true,
      data: { sending: audience },
      say: `🚀 Campanha confirmada! Enviando para ${audience} clientes, com intervalos para proteger o número. Aviso quando terminar. Para interromper, diga "parar campanha".`,
    };
  }

  async cancelarCampanha(): Promise<ToolOutcome<{ cancelled: true }>> {
    this.#enter('cancelarCampanha', {});
    if (!this.draft) return { ok: false, code: 'NO_PENDING_CAMPAIGN', message: 'Não há campanha aguardando confirmação.' };
    this.draft = null;
    return { ok: true, data: { cancelled: true }, say: 'Tudo bem, campanha cancelada. Nada foi enviado.' };
  }

  async pararCampanha(): Promise<ToolOutcome<{ sent: number; cancelled: number }>> {
    this.#enter('pararCampanha', {});
    if (!this.running) return { ok: false, code: 'NO_RUNNING_CAMPAIGN', message: 'Não há campanha em andamento.' };
    const { sent, pending } = this.running;
    this.running = null;
    return { ok: true, data: { sent, cancelled: pending }, say: `⏹️ Campanha interrompida: ${sent} enviadas, ${pending} canceladas.` };
  }
}
