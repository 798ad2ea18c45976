import type { PetSize } from '../pet-size.js';
import type { Species } from '../species.js';

/**
 * What a customer's WhatsApp message asks for, and the facts it carries.
 *
 * The names are pt-BR and snake_case because they are the labels of the shared
 * sample (shared/data/pt-br-customer-messages.jsonl) and of the LLM tools; the
 * offline agent maps each intent to a tool or a canned answer.
 */
export const CUSTOMER_INTENTS = Object.freeze([
  'saudacao',
  'horario_funcionamento',
  'precos',
  'servicos',
  'cadastrar_pet',
  'informar_porte',
  'consultar_horarios',
  'agendar',
  'cancelar',
  'remarcar',
  'meus_agendamentos',
  'humano',
  'confirmar_sim',
  'confirmar_nao',
  'opt_out',
  'agradecimento',
  'endereco',
  'pagamento',
  'status_servico',
  'vacinas',
  'outro',
] as const);

export type CustomerIntent = (typeof CUSTOMER_INTENTS)[number];

/** Canonical, lower-case names of what a pet shop or vet clinic sells. */
export type ServiceName =
  | 'banho'
  | 'tosa'
  | 'banho e tosa'
  | 'tosa higiênica'
  | 'hidratação'
  | 'corte de unhas'
  | 'consulta'
  | 'vacina'
  | 'vermífugo'
  | 'castração'
  | 'exame'
  | 'hotel'
  | 'creche'
  | 'leva e traz';

export type WeekdayName = 'segunda' | 'terça' | 'quarta' | 'quinta' | 'sexta' | 'sábado' | 'domingo';

/**
 * Facts read from one message. Keys are snake_case to match the sample and the
 * tool arguments. Every key is optional: a slot is present only when the
 * message states it.
 */
export interface CustomerSlots {
  service?: ServiceName;
  size?: PetSize;
  /** As the customer capitalised it, or title-cased when written all lower/upper case. */
  pet_name?: string;
  species?: Species;
  /** Lower-case canonical breed, e.g. 'vira-lata', 'shih tzu', 'são bernardo'. */
  breed?: string;
  age_years?: number;
  age_months?: number;
  /** The weekday named, when one is ("vcs abrem sábado?"). */
  weekday?: WeekdayName;
  /**
   * The date part of the message in a canonical pt-BR phrase ("hoje à tarde",
   * "sexta de manhã", "12/12", "semana que vem", "à tarde"), for the date
   * resolver (domain/date-phrase.ts) to turn into a day in the shop's timezone.
   */
  date_phrase?: string;
  /** 'HH:mm', 24 h. */
  time?: string;
  /** An emergency: the conversation must reach a person now. */
  urgent?: true;
  /** A bare "1" or "2", the answer to a reminder's numbered options. */
  reminder_answer?: 1 | 2;
  /** Prompt injection or social engineering; never act on the message's content. */
  hostile?: true;
}

export interface CustomerClassification {
  readonly intent: CustomerIntent;
  /** 0..1; how sure the rules are. Below ~0.6 the agent should ask or defer to the LLM. */
  readonly confidence: number;
  readonly slots: Readonly<CustomerSlots>;
}
