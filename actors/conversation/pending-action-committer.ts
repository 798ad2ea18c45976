import { BOOKING_REQUEST_MESSAGES_PT_BR, type BookingRequestErrorCode } from '../../domain/booking-request.js';
import { canCustomerChange } from '../../domain/customer-change-policy.js';
import { formatDateTimePtBr } from '../../domain/pt-br-calendar.js';
import type { PetSize } from '../../domain/pet-size.js';
import { BookingsRepository, customerActorLabel, type Booking } from '../../storage/bookings.repository.js';
import type { Executor } from '../../storage/executor.js';
import type { PendingAction } from '../../storage/pending-actions.repository.js';
import { isPetSex, type Pet, PetsRepository } from '../../storage/pets.repository.js';
import { agree, ofPet } from '../../domain/pet-sex.js';
import { joinPtBr } from '../../agents/pt-br-format.js';
import { DELETION_DONE, ERASE_KIND } from './data-deletion.js';
import type { TurnScope } from './turn-scope.js';

export interface CommitOutcome {
  status: 'confirmed' | 'failed';
  text: string;
  /** The question that ends the reply unless the agent has a better next step. */
  nextQuestion?: string;
  /** A booking created or changed, for the realtime `booking:created` event. */
  booking?: Booking;
  createdBooking?: boolean;
  /** The customer confirmed their deletion: the turn anonymises them once the reply is queued. */
  erase?: boolean;
}

/**
 * Carries out what the customer just confirmed, inside the turn's
 * transaction (`db`), so the write, the pending action's resolution and the
 * reply commit together or not at all.
 */
export async function commitPendingAction(db: Executor, scope: TurnScope, action: PendingAction): Promise<CommitOutcome> {
  const tz = scope.settings.timezone;
  const p = action.payload;
  const bookings = new BookingsRepository(db);
  /** The customer did it, on WhatsApp: their label goes on what they booked or changed. */
  const actor = customerActorLabel(scope.contactId);
  const serviceName = (id: string) => scope.services.find((s) => s.id === id)?.name ?? 'o serviço';
  const petName = (id: string) => scope.pets.find((x) => x.id === id)?.name ?? 'seu pet';
  /** "do Thor", "da Mel": the pet's sex chooses the article. */
  const ofPetId = (id: string) => {
    const pet = scope.pets.find((x) => x.id === id);
    return pet ? ofPet(pet.name, pet.sex) : 'do seu pet';
  };
  try {
    switch (action.kind) {
      case 'cadastrar_pet': {
        // One pet, or several proposed together ("tenho um golden e uma gata"): all or none, in this transaction.
        const proposed = [p, ...(Array.isArray(p.more) ? (p.more as Array<Record<string, unknown>>) : [])];
        const registered = [];
        for (const one of proposed) {
          const pet = await new PetsRepository(db).upsert(scope.orgId, scope.contactId, {
            name: String(one.name), species: String(one.species), size: one.size as PetSize, breed: (one.breed as string | null) ?? null,
            sex: isPetSex(one.sex) ? one.sex : null,
          }, scope.now);
          registered.push(pet);
        }
        return { status: 'confirmed', text: registeredText(registered), nextQuestion: `Quer agendar algum serviço para ${joinPtBr(registered.map((r) => r.name), 'ou')}?` };
      }
      case 'agendar_servico': {
        const booking = await bookings.book(
          scope.orgId,
          { contactId: scope.contactId, petId: String(p.petId), serviceId: String(p.serviceId), startsAt: String(p.startsAt), source: 'whatsapp', actor },
          scope.now,
        );
        return {
          status: 'confirmed',
          booking,
          createdBooking: true,
          text: `Agendado! ✅ ${serviceName(booking.serviceId)} para ${petName(booking.petId)} em ${formatDateTimePtBr(booking.startsAt, tz)}. Um dia antes eu mando um lembrete. Até lá! 🐶`,
        };
      }
      case 'cancelar_agendamento': {
        const current = await bookings.findById(scope.orgId, String(p.bookingId));
        if (!current || !canCustomerChange(current, scope.now, scope.settings.customerChangeLimitMin).allowed) {
          return { status: 'failed', text: 'Esse agendamento não pode mais ser cancelado por aqui. Vou chamar alguém da equipe para ajudar.' };
        }
        const booking = await bookings.applyEvent(scope.orgId, current.id, 'cancel', scope.now, 'cancelado pelo cliente no WhatsApp', actor);
        return { status: 'confirmed', booking, text: `Cancelado. ${serviceName(booking.serviceId)} ${ofPetId(booking.petId)} em ${formatDateTimePtBr(booking.startsAt, tz)} foi desmarcado. Se quiser, é só pedir um novo horário.` };
      }
      case ERASE_KIND:
        return { status: 'confirmed', text: DELETION_DONE, erase: true };
      case 'remarcar_agendamento': {
        const current = await bookings.findById(scope.orgId, String(p.bookingId));
        if (!current || !canCustomerChange(current, scope.now, scope.settings.customerChangeLimitMin).allowed) {
          return { status: 'failed', text: 'Esse agendamento não pode mais ser remarcado por aqui. Vou chamar alguém da equipe para ajudar.' };
        }
        const booking = await bookings.reschedule(scope.orgId, current.id, String(p.startsAt), scope.now, { actor });
        return { status: 'confirmed', booking, text: `Remarcado! ✅ ${serviceName(booking.serviceId)} ${ofPetId(booking.petId)} agora é em ${formatDateTimePtBr(booking.startsAt, tz)}.` };
      }
    }
  } catch (error) {
    const e = error as { code?: string; details?: { nextSlots?: Array<{ startsAt: string }> } };
    const known = BOOKING_REQUEST_MESSAGES_PT_BR[e.code as BookingRequestErrorCode];
    if (!known) throw error;
    const next = e.details?.nextSlots?.map((s) => formatDateTimePtBr(s.startsAt, tz)) ?? [];
    return { status: 'failed', text: `Puxa, não consegui: ${known}${next.length ? ` Horários livres: ${next.join('; ')}.` : ''}` };
  }
  return { status: 'failed', text: 'Não consegui concluir esse pedido. Vou chamar alguém da equipe.' };
}

/** "Pronto! Thor está cadastrado.", "Pronto! Luna está cadastrada.", "Pronto! Thor e Mel estão cadastrados." */
function registeredText(pets: readonly Pet[]): string {
  const names = joinPtBr(pets.map((p) => p.name));
  if (pets.length === 1) return `Pronto! ${names} está ${agree(pets[0]!.sex, 'cadastrado', 'cadastrada')}. 🐾`;
  const allFemale = pets.every((p) => p.sex === 'fêmea');
  return `Pronto! ${names} estão ${allFemale ? 'cadastradas' : 'cadastrados'}. 🐾`;
}
