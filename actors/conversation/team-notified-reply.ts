import { openingStatus } from '../../domain/opening-status.js';
import { formatHourPtBr, formatRelativeDayPtBr } from '../../domain/pt-br-calendar.js';
import type { SchedulingSettings } from '../../domain/scheduling-settings.js';
import { localDateOf, localTimeOf } from '../../domain/zoned-time.js';
import type { Conversation } from '../../storage/conversations.repository.js';
import { hoursText } from './customer-context.js';

/**
 * What a customer waiting on the team hears once: their message arrived, the team knows, and —
 * when the shop is closed now — when it opens again, so "alo??" at 22h is not met by silence.
 */
export function teamNotifiedReply(settings: SchedulingSettings, nowMs: number): string {
  const opening = openingStatus(settings, nowMs);
  const heard = 'Recebi sua mensagem! 🐾 A equipe já foi avisada e vai responder por aqui';
  if (opening.open) return `${heard} assim que possível.`;
  const hours = hoursText(settings);
  const week = hours.length ? ` Nosso horário: ${hours.join('; ')}.` : '';
  if (opening.nextOpeningMs === null) return `${heard} assim que a loja voltar a atender — estamos fechados no momento.${week}`;
  const tz = settings.timezone;
  const day = formatRelativeDayPtBr(localDateOf(opening.nextOpeningMs, tz), localDateOf(nowMs, tz));
  return `${heard} quando a loja abrir: estamos fechados agora e voltamos ${day}, às ${formatHourPtBr(localTimeOf(opening.nextOpeningMs, tz))}.${week}`;
}

/**
 * A customer who writes while the conversation is with the team is acknowledged once per quiet
 * period (the one since the hand-off), and only while nobody of the team has written since the
 * hand-off: a person already talking to the customer needs no robot speaking in between.
 */
export function owesTeamNotifiedReply(conversation: Pick<Conversation, 'escalatedAt' | 'lastStaffMessageAt' | 'humanAckAt'>): boolean {
  const handOff = conversation.escalatedAt;
  if (!handOff) return false;
  const at = (iso: string | null) => (iso ? Date.parse(iso) : -Infinity);
  if (at(conversation.lastStaffMessageAt) >= at(handOff)) return false;
  return at(conversation.humanAckAt) < at(handOff);
}
