/**
 * A write a model proposes (a booking, a campaign) is only committed on the
 * person's "sim", so the question its tool wrote must reach them. Models
 * paraphrase; this check is deterministic and shared by both OpenAI agents.
 */

/** "…Confirma? (sim/não)", "Confirma o agendamento?", "Confirma o envio? (sim/não)": the person is being asked to confirm. */
export const ASKS_CONFIRMATION = /\bconfirma\b[^.!\n]*\?/i;

/** The model's text with the tool's question appended, unless there is none or the text already asks. */
export function withConfirmationQuestion(text: string, question: string | undefined): string {
  if (question === undefined || ASKS_CONFIRMATION.test(text)) return text;
  return text === '' ? question : `${text}\n\n${question}`;
}
