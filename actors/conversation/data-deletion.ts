import { isDataDeletionRequest } from '../../domain/intents/data-deletion-request.js';
import { AuditLogRepository, type AuditActor } from '../../storage/audit-log.repository.js';
import type { Executor } from '../../storage/executor.js';
import { erasePersonalData, type EraseCounts, type EraseRequest } from '../../storage/personal-data-eraser.js';
import { PendingActionsRepository } from '../../storage/pending-actions.repository.js';
import type { TurnScope } from './turn-scope.js';

/**
 * A customer's own request, on WhatsApp, to be forgotten (LGPD art. 18, VI). Like every write
 * the assistant proposes, it waits for a "sim": the request is a pending action, and the
 * customer's yes anonymises them in the turn that queues the confirmation (customer-turn.ts,
 * docs/privacy.md). Answered the same with or without a model: the law is not a prompt.
 */
export const ERASE_KIND = 'apagar_dados';

export const DELETION_QUESTION =
  'Entendi: você quer que a gente apague seus dados. Isso apaga seu cadastro, seu telefone, os nomes dos seus pets e nossas conversas; ' +
  'seus agendamentos ficam só como números, sem nada que identifique você. Não dá para desfazer. Confirma? (sim/não)';

export const DELETION_DONE =
  'Pronto, seus dados foram apagados. ✅ Esta é a última mensagem que enviamos para este número. Se escrever de novo, a gente começa do zero. 🐾';

export { isDataDeletionRequest };

/** Stores the request as the conversation's open proposal and returns the question to ask. */
export async function proposeDeletion(scope: TurnScope): Promise<string> {
  await new PendingActionsRepository(scope.db).propose(scope.orgId, scope.conversationId, ERASE_KIND, {}, 'Apagar os dados do cliente', scope.now);
  scope.effects.wrote = true;
  return DELETION_QUESTION;
}

/**
 * Anonymises the customer in the caller's transaction and writes who asked, and through which
 * channel, to the audit log with the counts. The one way a deletion happens: the customer's "sim"
 * on WhatsApp, the staff's DELETE through this actor, or the route on a node without actors.
 * Undefined (and nothing written) when they were anonymised already.
 */
export async function eraseAndRecord(trx: Executor, request: EraseRequest, by: { actor: AuditActor | string; channel: 'whatsapp' | 'api' }): Promise<EraseCounts | undefined> {
  const counts = await erasePersonalData(trx, request);
  if (!counts) return undefined;
  await new AuditLogRepository(trx).record({
    at: request.now, orgId: request.orgId, actor: by.actor, action: 'contact.anonymized', entity: 'contact', entityId: request.contactId,
    details: { reason: 'request', channel: by.channel, counts: { ...counts } },
  });
  return counts;
}

/** The customer's confirmed request on WhatsApp, in the turn's transaction. */
export async function eraseOnCustomerRequest(trx: Executor, request: EraseRequest): Promise<void> {
  await eraseAndRecord(trx, request, { actor: { kind: 'customer', id: 'whatsapp' }, channel: 'whatsapp' });
}
