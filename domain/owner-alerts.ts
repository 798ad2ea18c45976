/**
 * Proactive alerts for the owner, each at most once a day (the caller claims
 * `(org, kind, day, subject)` before sending). Pure: figures in, alerts out.
 */
export type OwnerAlertKind =
  | 'no_shows'
  | 'agenda_vazia'
  | 'agenda_baixa'
  | 'queda_agendamentos'
  | 'numero_falhando'
  | 'limite_tokens'
  | 'configuracao_invalida'
  | 'loja_parada';

export interface OwnerAlert {
  kind: OwnerAlertKind;
  /** Distinguishes alerts of one kind on one day (e.g. which number). */
  subject: string;
  message: string;
}

export interface AlertFigures {
  noShowsToday: number;
  bookingsTomorrow: number;
  /** Bookings created in the last 7 days and in the 7 before. */
  createdThisWeek: number;
  createdLastWeek: number;
}

export const DROP_ALERT_PERCENT = 15;
export const LOW_TOMORROW = 3;

export function agendaAlerts(f: AlertFigures): OwnerAlert[] {
  const alerts: OwnerAlert[] = [];
  if (f.noShowsToday > 0) {
    alerts.push({ kind: 'no_shows', subject: '', message: `⚠️ ${f.noShowsToday} cliente${f.noShowsToday > 1 ? 's' : ''} não apareceu hoje (no-show). Vale um lembrete mais perto do horário.` });
  }
  if (f.bookingsTomorrow === 0) {
    alerts.push({ kind: 'agenda_vazia', subject: '', message: '📅 A agenda de amanhã está vazia. Quer que eu sugira uma campanha de última hora?' });
  } else if (f.bookingsTomorrow < LOW_TOMORROW) {
    alerts.push({ kind: 'agenda_baixa', subject: '', message: `📅 Amanhã só há ${f.bookingsTomorrow} agendamento${f.bookingsTomorrow > 1 ? 's' : ''}. Quer que eu sugira uma campanha?` });
  }
  if (f.createdLastWeek > 0) {
    const drop = Math.round(((f.createdLastWeek - f.createdThisWeek) / f.createdLastWeek) * 100);
    if (drop >= DROP_ALERT_PERCENT) {
      alerts.push({
        kind: 'queda_agendamentos', subject: '',
        message: `📉 Os agendamentos caíram ${drop}% em relação à semana passada (${f.createdThisWeek} contra ${f.createdLastWeek}). Uma campanha de reativação pode ajudar.`,
      });
    }
  }
  return alerts;
}

export function numberFailingAlert(instanceName: string, failures: number): OwnerAlert {
  return {
    kind: 'numero_falhando',
    subject: instanceName,
    message: `📵 O WhatsApp "${instanceName}" falhou ${failures} vezes seguidas ao conectar. Confira se o celular está com internet e se o aparelho ainda está conectado.`,
  };
}

/** Stored settings that break the rules (an older version, an edit around the API): ignored, defaults used. */
export function invalidSettingsAlert(paths: readonly string[]): OwnerAlert {
  const fields = [...new Set(paths)].join(', ');
  return {
    kind: 'configuracao_invalida',
    subject: '',
    message: `⚙️ Algumas configurações da loja estão inválidas e foram ignoradas (usei o padrão no lugar): ${fields}. Confira as configurações no painel.`,
  };
}

/** The shop's assistant kept failing and was paused alone; it is retried automatically. */
export function shopStoppedAlert(retryInMinutes: number): OwnerAlert {
  const when = retryInMinutes <= 1 ? 'em instantes' : `em cerca de ${retryInMinutes} minutos`;
  return {
    kind: 'loja_parada',
    subject: '',
    message: `🚨 O assistente da loja falhou várias vezes seguidas e foi pausado. Vou tentar religar sozinho ${when}; as mensagens dos clientes ficam guardadas e serão respondidas. Nossa equipe já foi avisada.`,
  };
}
