/**
 * What the customer assistant can do, as one toolbox bound to a single org,
 * contact and conversation. Reads answer at once; writes only *propose*: they
 * store a pending action and return the pt-BR question ending in
 * "Confirma? (sim/não)". Only the customer's "sim" (handled by the
 * ConversationActor, not by a model) commits it.
 *
 * Every argument arrives from a model or a parser, so each is validated (zod
 * schemas in `customer-tool-schemas.ts`) and never carries an org or contact id.
 */
export type ToolOutcome<T = unknown> =
  | { ok: true; data: T; /** pt-BR text the assistant should say (e.g. the confirmation question). */ say?: string }
  | { ok: false; code: string; message: string };

export interface SlotSuggestion {
  startsAt: string;
  endsAt: string;
  /** pt-BR, e.g. "terça, 08/12 às 10h". */
  label: string;
}

export interface ConsultarHorariosArgs {
  servico: string;
  pet?: string;
  porte?: 'P' | 'M' | 'G' | 'GG';
  data?: string;
  periodo?: 'manha' | 'tarde' | 'noite';
  /** Desired start, 'HH:mm' in the shop's zone: the answer is then the free slots nearest it. */
  horario?: string;
}

export interface FreeSlotsAnswer {
  service: string;
  /** In time order; with `horario`, nearest first (the exact time first when free). */
  slots: SlotSuggestion[];
  /** Only with `horario`: whether that exact start is free (it is then `slots[0]`). */
  exatoLivre?: boolean;
  /** Only with `horario`: the start that was checked, as `SlotSuggestion.startsAt` and `label` write it. */
  horarioPedido?: { startsAt: string; label: string };
}

export interface NewPetArgs {
  nome: string;
  especie: string;
  porte: 'P' | 'M' | 'G' | 'GG';
  raca?: string;
  /** For pt-BR agreement ("Luna está cadastrada"). */
  sexo?: 'macho' | 'fêmea';
}

export interface CadastrarPetArgs extends NewPetArgs {
  outros?: NewPetArgs[];
}

export interface CustomerToolbox {
  /** Registers one pet, or several at once (`outros`) under one confirmation: "tenho um golden e uma gata". */
  cadastrarPet(args: CadastrarPetArgs): Promise<ToolOutcome<{ pending: true }>>;
  consultarHorarios(args: ConsultarHorariosArgs): Promise<ToolOutcome<FreeSlotsAnswer>>;
  agendarServico(args: { servico: string; pet: string; inicio: string }): Promise<ToolOutcome<{ pending: true }>>;
  cancelarAgendamento(args: { agendamentoId?: string; pet?: string }): Promise<ToolOutcome<{ pending: true }>>;
  remarcarAgendamento(args: { agendamentoId?: string; pet?: string; novoInicio: string }): Promise<ToolOutcome<{ pending: true }>>;
  meusAgendamentos(): Promise<ToolOutcome<{ bookings: Array<{ id: string; label: string; status: string }> }>>;
  escalarParaHumano(args: { motivo: string }): Promise<ToolOutcome<{ escalated: true }>>;
}
