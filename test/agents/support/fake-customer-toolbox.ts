import type { CustomerContext } from '../../../agents/customer-agent.js';
import type { CadastrarPetArgs, ConsultarHorariosArgs, CustomerToolbox, NewPetArgs, FreeSlotsAnswer, ToolOutcome } from '../../../agents/customer-tools.js';
import { formatSlotLabelPtBr } from '../../../agents/pt-br-format.js';
import { matchShopService } from '../../../agents/service-match.js';
import { nearestSlots } from '../../../domain/nearest-slots.js';
import { PET_SIZE_LABELS, type PetSize } from '../../../domain/pet-size.js';
import { foldText } from '../../../domain/text-normalization.js';
import { addDays, localDateOf, localToEpochMs, toZonedIso } from '../../../domain/zoned-time.js';
import { customerContext } from './customer-fixtures.js';

/**
 * An in-memory implementation of our own `CustomerToolbox` interface, with
 * the real contract's behaviour: reads answer at once, writes only store a
 * pending action and return the "Confirma? (sim/não)" question, and
 * `commit()` plays the ConversationActor receiving the customer's "sim".
 */

type Pet = CustomerContext['pets'][number];
type Booking = CustomerContext['bookings'][number];

interface Pending {
  kind: string;
  summary: string;
  apply: () => void;
}

const PERIOD_HOURS: Readonly<Record<'manha' | 'tarde' | 'noite', number[]>> = { manha: [8, 9, 10, 11], tarde: [14, 15, 16, 17], noite: [] };

export class FakeCustomerToolbox implements CustomerToolbox {
  readonly calls: Array<{ method: keyof CustomerToolbox; args: unknown }> = [];
  pets: Pet[];
  bookings: Booking[];
  pending: Pending | null = null;
  /** Hours (local) that are already taken, e.g. ['2026-12-08T09:00'], to script a busy agenda. */
  taken = new Set<string>();
  #base: CustomerContext;
  #seq = 0;

  constructor(base: CustomerContext = customerContext()) {
    this.#base = base;
    this.pets = [...base.pets];
    this.bookings = [...base.bookings];
  }

  /** The context the actor would build right now. */
  context(): CustomerContext {
    return {
      ...this.#base,
      pets: [...this.pets],
      bookings: [...this.bookings],
      pendingAction: this.pending ? { kind: this.pending.kind, summary: this.pending.summary } : null,
    };
  }

  /** The customer said "sim". */
  commit(): string {
    if (!this.pending) throw new Error('nothing pending to commit');
    const { summary, apply } = this.pending;
    apply();
    this.pending = null;
    return summary;
  }

  /** The customer said "não". */
  discard(): void {
    this.pending = null;
  }

  callsOf(method: keyof CustomerToolbox): unknown[] {
    return this.calls.filter((c) => c.method === method).map((c) => c.args);
  }

  #tz(): string {
    return this.#base.shop.timezone;
  }

  #findPet(name: string | undefined): Pet | undefined {
    return name === undefined ? undefined : this.pets.find((p) => foldText(p.name) === foldText(name));
  }

  #propose(kind: string, summary: string, apply: () => void): ToolOutcome<{ pending: true }> {
    this.pending = { kind, summary, apply };
    return { ok: true, data: { pending: true }, say: `${summary}. Confirma? (sim/não)` };
  }

  async cadastrarPet(args: CadastrarPetArgs): Promise<ToolOutcome<{ pending: true }>> {
    this.calls.push({ method: 'cadastrarPet', args });
    const { outros, ...first } = args;
    const all = [first, ...(outros ?? [])];
    const describe = (p: NewPetArgs) => `${p.nome} (${p.especie}${p.raca ? `, ${p.raca}` : ''}, porte ${PET_SIZE_LABELS[p.porte as PetSize]})`;
    return this.#propose('cadastrar_pet', `Entendi, vou cadastrar o pet ${all.map(describe).join(' e o pet ')}`, () => {
      for (const p of all) this.pets.push({ id: `pet-${++this.#seq}`, name: p.nome, species: p.especie, breed: p.raca ?? null, size: p.porte });
    });
  }

  async consultarHorarios(args: ConsultarHorariosArgs): Promise<ToolOutcome<FreeSlotsAnswer>> {
    this.calls.push({ method: 'consultarHorarios', args });
    const service = matchShopService(this.#base.shop.services, args.servico);
    if (!service) return { ok: false, code: 'SERVICE_NOT_FOUND', message: `Serviço não encontrado: ${args.servico}` };
    const date = args.data ?? addDays(localDateOf(this.#base.now, this.#tz()), 1);
    // As the real toolbox: a desired time searches the whole day, not only the period.
    const hours = args.periodo && args.horario === undefined ? PERIOD_HOURS[args.periodo] : [...PERIOD_HOURS.manha, ...PERIOD_HOURS.tarde];
    const slots = hours
      .filter((h) => !this.taken.has(`${date}T${String(h).padStart(2, '0')}:00`))
      .map((h) => {
        const start = localToEpochMs(date, h * 60, this.#tz());
        return {
          startsAt: toZonedIso(start, this.#tz()),
          endsAt: toZonedIso(start + 60 * 60_000, this.#tz()),
          label: formatSlotLabelPtBr(start, this.#tz()),
        };
      });
    if (args.horario === undefined) return { ok: true, data: { service: service.name, slots } };
    const desired = localToEpochMs(date, args.horario, this.#tz());
    const { exactFree, slots: nearest } = nearestSlots(slots, desired, 3);
    const horarioPedido = { startsAt: toZonedIso(desired, this.#tz()), label: formatSlotLabelPtBr(desired, this.#tz()) };
    return { ok: true, data: { service: service.name, slots: nearest, exatoLivre: exactFree, horarioPedido } };
  }

  async agendarServico(args: { servico: string; pet: string; inicio: string }): Promise<ToolOutcome<{ pending: true }>> {
    this.calls.push({ method: 'agendarServico', args });
    const pet = this.#findPet(args.pet);
    if (!pet) return { ok: false, code: 'PET_NOT_FOUND', message: `Pet não encontrado: ${args.pet}` };
    const service = matchShopService(this.#base.shop.services, args.servico);
    if (!service) return { ok: false, code: 'SERVICE_NOT_FOUND', message: `Serviço não encontrado: ${args.servico}` };
    const label = formatSlotLabelPtBr(args.inicio, this.#tz());
    return this.#propose('agendar_servico', `Vou agendar ${service.name} para ${pet.name} na ${label}`, () => {
      this.bookings.push({ id: `bk-${++this.#seq}`, serviceName: service.name, petName: pet.name, startsAt: args.inicio, status: 'scheduled' });
    });
  }

  #findBooking(args: { agendamentoId?: string; pet?: string }): Booking | undefined {
    if (args.agendamentoId !== undefined) return this.bookings.find((b) => b.id === args.agendamentoId);
    return this.bookings.find((b) => args.pet !== undefined && foldText(b.petName) === foldText(args.pet));
  }

  async cancelarAgendamento(args: { agendamentoId?: string; pet?: string }): Promise<ToolOutcome<{ pending: true }>> {
    this.calls.push({ method: 'cancelarAgendamento', args });
    const booking = this.#findBooking(args);
    if (!booking) return { ok: false, code: 'BOOKING_NOT_FOUND', message: 'Agendamento não encontrado' };
    return this.#propose('cancelar_agendamento', `Vou cancelar ${booking.serviceName} de ${booking.petName} na ${formatSlotLabelPtBr(booking.startsAt, this.#tz())}`, () => {
      booking.status = 'cancelled';
    });
  }

  async remarcarAgendamento(args: { agendamentoId?: string; pet?: string; novoInicio: string }): Promise<ToolOutcome<{ pending: true }>> {
    this.calls.push({ method: 'remarcarAgendamento', args });
    const booking = this.#findBooking(args);
    if (!booking) return { ok: false, code: 'BOOKING_NOT_FOUND', message: 'Agendamento não encontrado' };
    const label = formatSlotLabelPtBr(args.novoInicio, this.#tz());
    return this.#propose('remarcar_agendamento', `Vou remarcar ${booking.serviceName} de ${booking.petName} para ${label}`, () => {
      booking.startsAt = args.novoInicio;
    });
  }

  async meusAgendamentos(): Promise<ToolOutcome<{ bookings: Array<{ id: string; label: string; status: string }> }>> {
    this.calls.push({ method: 'meusAgendamentos', args: {} });
    return {
      ok: true,
      data: {
        bookings: this.bookings.map((b) => ({ id: b.id, label: `${b.serviceName} de ${b.petName} — ${formatSlotLabelPtBr(b.startsAt, this.#tz())}`, status: b.status })),
      },
    };
  }

  async escalarParaHumano(args: { motivo: string }): Promise<ToolOutcome<{ escalated: true }>> {
    this.calls.push({ method: 'escalarParaHumano', args });
    return { ok: true, data: { escalated: true } };
  }
}
