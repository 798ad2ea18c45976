import type { CustomerToolbox, SlotSuggestion, ToolOutcome } from '../../agents/customer-tools.js';
import { BOOKING_REQUEST_MESSAGES_PT_BR, type BookingRequestErrorCode } from '../../domain/booking-request.js';
import { canCustomerChange } from '../../domain/customer-change-policy.js';
import { parseDatePhrase, type DayPeriod } from '../../domain/date-phrase.js';
import { formatBrl } from '../../domain/money.js';
import { isPetSize, PET_SIZE_LABELS, type PetSize } from '../../domain/pet-size.js';
import { formatDateTimePtBr } from '../../domain/pt-br-calendar.js';
import { normalizeSpecies } from '../../domain/species.js';
import { ofPet } from '../../domain/pet-sex.js';
import { toUtcIso } from '../../domain/instant.js';
import { nearestSlots } from '../../domain/nearest-slots.js';
import { addDays, isValidLocalDate, localDateOf, localMinutesOf, localToEpochMs, startOfLocalDay } from '../../domain/zoned-time.js';
import { BookingsRepository, type Booking } from '../../storage/bookings.repository.js';
import { ConversationsRepository } from '../../storage/conversations.repository.js';
import { PendingActionsRepository } from '../../storage/pending-actions.repository.js';
import { findPet, findService } from './catalog-lookup.js';
import type { TurnScope } from './turn-scope.js';

const CONFIRM = 'Confirma? (sim/não)';
const SUGGESTIONS = 3;
const DEFAULT_SEARCH_DAYS = 7;
const PERIOD_MINUTES: Record<DayPeriod, [number, number]> = { manha: [0, 720], tarde: [720, 1080], noite: [1080, 1440] };

const fail = (code: string, message: string): ToolOutcome<never> => ({ ok: false, code, message });

function bookingRefusal(error: unknown, timezone: string): ToolOutcome<never> {
  const e = error as { code?: string; message?: string; details?: { nextSlots?: Array<{ startsAt: string }> } };
  const text = BOOKING_REQUEST_MESSAGES_PT_BR[e.code as BookingRequestErrorCode];
  if (!text) throw error;
  const next = e.details?.nextSlots?.map((s) => formatDateTimePtBr(s.startsAt, timezone)) ?? [];
  return fail(e.code!, next.length ? `${text} Horários livres: ${next.join('; ')}.` : text);
}

/**
 * The customer tools over real storage, bound to one turn's scope. Writes
 * only propose (a pending action plus the "Confirma?" question); committing
 * is `commitPendingAction`, after the customer's "sim".
 */
export function createCustomerToolbox(scope: TurnScope): CustomerToolbox {
  const tz = scope.settings.timezone;
  const bookings = new BookingsRepository(scope.db);
  const pending = new PendingActionsRepository(scope.db);
  const label = (at: string) => formatDateTimePtBr(at, tz);
  const serviceNames = () => scope.services.filter((s) => s.active).map((s) => s.name).join(', ');

  async function contactBookings(): Promise<Booking[]> {
    return bookings.listForContact(scope.orgId, scope.contactId, scope.now);
  }

  async function findChangeable(agendamentoId: string | undefined, petName: string | undefined): Promise<Booking | ToolOutcome<never>> {
    const future = (await contactBookings()).filter((b) => (b.status === 'scheduled' || b.status === 'confirmed') && new Date(b.startsAt) > scope.now);
    let candidates = future;
    if (agendamentoId) candidates = future.filter((b) => b.id === agendamentoId);
    else if (petName) {
      const pet = findPet(scope.pets, petName);
      candidates = pet ? future.filter((b) => b.petId === pet.id) : [];
    }
    if (candidates.length === 0) return fail('AGENDAMENTO_NAO_ENCONTRADO', 'Não encontrei um agendamento futuro seu com esses dados.');
    if (candidates.length > 1) {
      return fail('AGENDAMENTO_AMBIGUO', `Você tem ${candidates.length} agendamentos: ${candidates.map((b) => describe(b)).join('; ')}. Qual deles?`);
    }
    return candidates[0]!;
  }

  function describe(b: Booking): string {
    const service = scope.services.find((s) => s.id === b.serviceId)?.name ?? 'serviço';
    const pet = scope.pets.find((p) => p.id === b.petId);
    return `${service} ${pet ? ofPet(pet.name, pet.sex) : 'do seu pet'} em ${label(b.startsAt)}`;
  }

  function changeAllowed(b: Booking): ToolOutcome<never> | undefined {
    const decision = canCustomerChange(b, scope.now, scope.settings.customerChangeLimitMin);
    if (decision.allowed) return undefined;
    if (decision.code === 'TOO_LATE_TO_CHANGE') {
      return fail('TOO_LATE_TO_CHANGE', `Alterações pelo WhatsApp só até ${Math.round(decision.limitMin / 60)}h antes do horário. Posso chamar alguém da equipe para ajudar.`);
    }
    return fail('INVALID_TRANSITION', 'Esse agendamento não pode mais ser alterado.');
  }

  function searchWindow(data: string | undefined, periodo: DayPeriod | undefined): { from: Date; to: Date; period?: DayPeriod; time?: string } {
    const today = localDateOf(scope.now, tz);
    let fromDate = today;
    let toDate = addDays(today, DEFAULT_SEARCH_DAYS);
    let period = periodo;
    let time: string | undefined;
    if (data) {
      const parsed = isValidLocalDate(data) ? { date: data } : parseDatePhrase(data, scope.now, tz);
      if (parsed?.range) {
        fromDate = parsed.range.fromDate;
        toDate = addDays(parsed.range.toDate, 1);
      } else if (parsed?.date) {
        fromDate = parsed.date;
        toDate = addDays(parsed.date, 1);
      }
      period ??= parsed?.period;
      time = parsed?.time;
    }
    return { from: new Date(startOfLocalDay(fromDate, tz)), to: new Date(startOfLocalDay(toDate, tz)), period, time };
  }

  /**
   * The instant the customer asked for: `time` on the day searched. Without a day of their own
   * ("às 15h"), the first day of the window whose `time` is still ahead, as a person would read it.
   */
  function desiredStart(window: { from: Date }, time: string, dayGiven: boolean): number {
    const firstDay = localDateOf(window.from, tz);
    const onFirstDay = localToEpochMs(firstDay, time, tz);
    return dayGiven || onFirstDay > scope.now.getTime() ? onFirstDay : localToEpochMs(addDays(firstDay, 1), time, tz);
  }

  return {
    async cadastrarPet({ outros, ...first }) {
      const pets = [];
      for (const { nome, especie, porte, raca, sexo } of [first, ...(outros ?? [])]) {
        const species = normalizeSpecies(especie);
        if (!species) return fail('ESPECIE_INVALIDA', 'Não entendi a espécie. É cão, gato ou outro?');
        if (!isPetSize(porte)) return fail('PORTE_INVALIDO', 'Qual o porte: P (pequeno), M (médio), G (grande) ou GG (gigante)?');
        const name = nome.trim().replace(/^\p{Ll}/u, (c) => c.toUpperCase());
        pets.push({ name, species, size: porte, breed: raca ?? null, sex: sexo ?? null });
      }
      const described = pets.map((p) => `${p.name}, ${p.species}${p.breed ? ` (${p.breed})` : ''}, porte ${p.size} (${PET_SIZE_LABELS[p.size].toLowerCase()})`);
      const summary = `Entendi, vou cadastrar ${described.join('; e ')}. ${CONFIRM}`;
      scope.effects.wrote = true;
      const [head, ...more] = pets;
      await pending.propose(scope.orgId, scope.conversationId, 'cadastrar_pet', { ...head!, ...(more.length > 0 ? { more } : {}) }, summary, scope.now);
      return { ok: true, data: { pending: true }, say: summary };
    },

    async consultarHorarios({ servico, pet, porte, data, periodo, horario }) {
      const service = findService(scope.services, servico);
      if (!service) return fail('SERVICO_NAO_ENCONTRADO', `Não encontrei esse serviço. Fazemos: ${serviceNames()}.`);
      const size: PetSize | undefined = porte ?? findPet(scope.pets, pet)?.size;
      if (!size) return fail('PORTE_NECESSARIO', 'Para ver os horários preciso saber o porte do pet: P, M, G ou GG?');
      const window = searchWindow(data, periodo);
      let slots;
      try {
        slots = await bookings.freeSlots(scope.orgId, service.id, size, window.from, window.to, scope.now);
      } catch (error) {
        return bookingRefusal(error, tz);
      }
      const price = service.bySize[size];
      const header = `${service.name}${price ? ` (${formatBrl(price.priceCents)})` : ''}`;
      const suggest = (list: typeof slots): SlotSuggestion[] => list.map((s) => ({ startsAt: s.startsAt, endsAt: s.endsAt, label: label(s.startsAt) }));
      const numbered = (list: SlotSuggestion[]) => list.map((s, i) => `${i + 1}) ${s.label}`).join('; ');

      const time = horario ?? window.time;
      if (time !== undefined) {
        // A desired time is more precise than a period, so the period does not filter: "de manhã às 15h" still checks 15h.
        const desired = desiredStart(window, time, Boolean(data));
        const { exactFree, slots: nearest } = nearestSlots(slots, desired, SUGGESTIONS);
        const picked = suggest(nearest);
        const asked = { startsAt: toUtcIso(desired), label: formatDateTimePtBr(desired, tz) };
        if (!picked.length) return fail('SEM_HORARIOS', `O horário pedido (${asked.label}) não está livre e não há outros horários livres nesse período. Quer tentar outro dia?`);
        return {
          ok: true,
          data: { service: service.name, slots: picked, exatoLivre: exactFree, horarioPedido: asked },
          say: exactFree
            ? `O horário pedido (${asked.label}) está livre para ${header}. Horários livres mais próximos: ${numbered(picked)}.`
            : `O horário pedido (${asked.label}) não está livre. Horários livres mais próximos para ${header}: ${numbered(picked)}.`,
        };
      }

      const [minStart, maxStart] = window.period ? PERIOD_MINUTES[window.period] : [0, 1440];
      const fitting = slots.filter((s) => {
        const minutes = localMinutesOf(s.startsAt, tz);
        return minutes >= minStart && minutes < maxStart;
      });
      const picked = suggest(fitting.slice(0, SUGGESTIONS));
      if (!picked.length) return fail('SEM_HORARIOS', 'Não há horários livres nesse período. Quer tentar outro dia?');
      return { ok: true, data: { service: service.name, slots: picked }, say: `Horários livres para ${header}: ${numbered(picked)}.` };
    },

    async agendarServico({ servico, pet, inicio }) {
      const service = findService(scope.services, servico);
      if (!service) return fail('SERVICO_NAO_ENCONTRADO', `Não encontrei esse serviço. Fazemos: ${serviceNames()}.`);
      const found = findPet(scope.pets, pet);
      if (!found) return fail('PET_NAO_CADASTRADO', `Não encontrei ${pet} no seu cadastro. Qual o nome, a espécie e o porte dele?`);
      let preview;
      try {
        preview = await bookings.preview(scope.orgId, { contactId: scope.contactId, petId: found.id, serviceId: service.id, startsAt: inicio }, scope.now);
      } catch (error) {
        return bookingRefusal(error, tz);
      }
      const summary = `Entendi, vou agendar ${service.name} para ${found.name} em ${label(preview.startsAt)} (${formatBrl(preview.priceCents)}). ${CONFIRM}`;
      scope.effects.wrote = true;
      await pending.propose(scope.orgId, scope.conversationId, 'agendar_servico', { serviceId: service.id, petId: found.id, startsAt: preview.startsAt }, summary, scope.now);
      return { ok: true, data: { pending: true }, say: summary };
    },

    async cancelarAgendamento({ agendamentoId, pet }) {
      const booking = await findChangeable(agendamentoId, pet);
      if ('ok' in booking) return booking;
      const refused = changeAllowed(booking);
      if (refused) return refused;
      const summary = `Vou cancelar ${describe(booking)}. ${CONFIRM}`;
      scope.effects.wrote = true;
      await pending.propose(scope.orgId, scope.conversationId, 'cancelar_agendamento', { bookingId: booking.id }, summary, scope.now);
      return { ok: true, data: { pending: true }, say: summary };
    },

    async remarcarAgendamento({ agendamentoId, pet, novoInicio }) {
      const booking = await findChangeable(agendamentoId, pet);
      if ('ok' in booking) return booking;
      const refused = changeAllowed(booking);
      if (refused) return refused;
      let preview;
      try {
        preview = await bookings.preview(
          scope.orgId,
          { contactId: scope.contactId, petId: booking.petId, serviceId: booking.serviceId, startsAt: novoInicio, excludeBookingId: booking.id },
          scope.now,
        );
      } catch (error) {
        return bookingRefusal(error, tz);
      }
      const summary = `Vou remarcar ${describe(booking)} para ${label(preview.startsAt)}. ${CONFIRM}`;
      scope.effects.wrote = true;
      await pending.propose(scope.orgId, scope.conversationId, 'remarcar_agendamento', { bookingId: booking.id, startsAt: preview.startsAt }, summary, scope.now);
      return { ok: true, data: { pending: true }, say: summary };
    },

    async meusAgendamentos() {
      const list = (await contactBookings()).map((b) => ({ id: b.id, label: describe(b), status: b.status }));
      return { ok: true, data: { bookings: list } };
    },

    async escalarParaHumano({ motivo }) {
      scope.effects.wrote = true;
      await new ConversationsRepository(scope.db).escalate(scope.orgId, scope.conversationId, motivo.slice(0, 200), scope.now);
      return { ok: true, data: { escalated: true } };
    },
  };
}
