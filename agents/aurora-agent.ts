/**
 * The contract between the AuroraActor and whatever answers the owner: the
 * OpenAI-backed co-pilot (`AURORA_MODEL`, with a key) or the deterministic
 * offline Aurora. Tools are bound to the actor's org; no tool takes an org id.
 */
import type { AgentUsage, ToolCallRecord, WindowMessage } from './customer-agent.js';
import type { ToolOutcome } from './customer-tools.js';

export interface AuroraContext {
  /** ISO instant with the shop's offset. */
  now: string;
  shopName: string;
  timezone: string;
  /** A drafted campaign waiting for the owner's "sim", if any. */
  pendingCampaign: { kind: string; audienceSize: number } | null;
  /** A campaign being sent right now, if any. */
  runningCampaign: { kind: string; sent: number; pending: number } | null;
}

export interface AnalyticsFigures {
  period: 'hoje' | 'semana' | 'mes' | 'ano';
  total: number;
  completed: number;
  cancelled: number;
  noShows: number;
  revenueCents: number;
  newCustomers: number;
  topServices: Array<{ name: string; bookings: number }>;
  /** Bookings made (created) during the period, whatever their date: "hoje" answers both ways. */
  madeInPeriod: number;
  /** Percent change against the previous period of the same length; null when there is no base. */
  totalChangePercent: number | null;
  revenueChangePercent: number | null;
  /** The pt-BR text the offline Aurora would send for these figures. */
  say: string;
}

/** One booking of the agenda the owner asked about, as the owner reads it. */
export interface AgendaEntry {
  date: string;
  /** '14h', '9h30' in the shop's zone. */
  time: string;
  service: string;
  pet: string;
  customer: string;
  status: 'scheduled' | 'confirmed' | 'completed' | 'cancelled' | 'no_show';
}

/** The day or days the owner named ("amanhã", "sábado", "semana que vem", "dia 15"): bookings, free capacity, revenue. */
export interface DayAgendaFigures {
  /** pt-BR name of the span: "amanhã (quarta-feira, 02/12)". */
  label: string;
  fromDate: string;
  /** Inclusive. */
  toDate: string;
  /** Bookings scheduled in the span (by appointment time), every status, in time order (at most 40). */
  bookings: AgendaEntry[];
  counts: { scheduled: number; confirmed: number; completed: number; cancelled: number; noShows: number; total: number };
  /** Bookings by service, cancelled ones and no-shows left out. */
  byService: Array<{ name: string; bookings: number }>;
  /** Of the bookings already completed. */
  revenueCents: number;
  /** Of the scheduled and confirmed ones still ahead (what the span may still bring in). */
  expectedCents: number;
  /** Free start times per active service (for a medium-size pet), from now on. */
  free: Array<{ service: string; slots: number; first: string | null }>;
  /** Share of the shop's capacity (per category, during opening hours) the bookings take; null when closed all along. */
  occupancyPercent: number | null;
  /** Bookings made (created) during the span, for any date. */
  madeInSpan: number;
  say: string;
}

export interface AuroraToolbox {
  /** Bookings, free capacity and revenue of the day or days named in `quando` ("amanhã", "sábado", "dia 15"). */
  consultarAgenda(args: { quando: string; servico?: string }): Promise<ToolOutcome<DayAgendaFigures>>;
  buscarAnalytics(args: { periodo: 'hoje' | 'semana' | 'mes' | 'ano' }): Promise<ToolOutcome<AnalyticsFigures>>;
  listarClientesInativos(args: { dias?: number }): Promise<ToolOutcome<{ count: number; names: string[]; days: number }>>;
  /** Drafts a campaign and returns its preview ending in "Confirma o envio? (sim/não)" as `say`. */
  sugerirCampanha(args: { tipo: 'reativacao' | 'promocional' | 'aniversario' }): Promise<ToolOutcome<{ audience: number }>>;
  /**
   * Sends the pending draft. Refused (code `CONFIRMATION_REQUIRED`) unless the owner's message of
   * this very turn is an explicit yes: a model can never send a campaign on its own.
   */
  confirmarCampanha(): Promise<ToolOutcome<{ sending: number }>>;
  cancelarCampanha(): Promise<ToolOutcome<{ cancelled: true }>>;
  pararCampanha(): Promise<ToolOutcome<{ sent: number; cancelled: number }>>;
}

export interface AuroraTurnInput {
  text: string;
  window: WindowMessage[];
  context: AuroraContext;
  tools: AuroraToolbox;
}

export interface AuroraTurnResult {
  reply: string;
  toolCalls: ToolCallRecord[];
  usage?: AgentUsage;
  error?: string;
}

export interface AuroraAgent {
  readonly kind: 'openai' | 'offline';
  respond(input: AuroraTurnInput): Promise<AuroraTurnResult>;
}
