/**
 * The Patinha HTTP API (see API.md): a bearer token (operator, integrations) or the session
 * cookie of a signed-in owner or staff member (sent by the browser itself), JSON in and out,
 * errors as `{ error: { code, message } }` turned into ApiError with a pt-BR message.
 */
const MESSAGES = {
  VALIDATION_FAILED: 'Confira os dados informados.',
  MALFORMED_JSON: 'Confira os dados informados.',
  INVALID_PHONE: 'Telefone inválido. Use por exemplo +55 11 98765-4321.',
  UNAUTHORIZED: 'Seu acesso não vale mais. Entre de novo.',
  INVALID_CREDENTIALS: 'E-mail ou senha incorretos.',
  OWNER_ONLY: 'Só o dono da loja pode fazer isso.',
  CSRF_REJECTED: 'Pedido recusado por segurança. Recarregue a página e tente de novo.',
  LINK_EXPIRED: 'Este link já foi usado ou expirou. Peça um novo ao dono da loja.',
  EMAIL_TAKEN: 'Esse e-mail já tem conta no Patinha.',
  NOT_FOUND: 'Não encontrado.',
  ALREADY_EXISTS: 'Já existe um cadastro com esses dados.',
  CONFLICT: 'Conflito com outra alteração. Atualize e tente de novo.',
  SLOT_TAKEN: 'Esse horário acabou de ser ocupado. Escolha outro.',
  PET_ALREADY_BOOKED: 'Esse pet já tem um agendamento nesse horário.',
  RESOURCE_UNAVAILABLE: 'Esse profissional ou sala não faz esse serviço (ou está desativado).',
  RESOURCE_IN_USE: 'Ainda há agendamentos futuros com esse profissional ou sala. Remarque ou cancele antes.',
  INVALID_TRANSITION: 'Não dá para fazer isso com o agendamento nesse status.',
  ANONYMIZED: 'Os dados deste cliente foram apagados.',
  OUTSIDE_BUSINESS_HOURS: 'Fora do horário de funcionamento.',
  IN_CLOSURE: 'A loja está fechada nessa data.',
  SERVICE_INACTIVE: 'Esse serviço está desativado.',
  SIZE_NOT_OFFERED: 'Esse serviço não é oferecido para o porte do pet.',
  SPECIES_NOT_SERVED: 'Esse serviço não atende essa espécie.',
  IN_THE_PAST: 'Esse horário já passou.',
  TOO_SOON: 'Muito em cima da hora para esse horário.',
  BEYOND_HORIZON: 'Data longe demais para agendar.',
  TOO_LATE_TO_CHANGE: 'Já é tarde para mudar esse agendamento.',
  WRONG_TRANSPORT: 'Esse número é um WhatsApp de verdade, não um simulador.',
  NOT_CONNECTED: 'O número não está conectado.',
  PAYLOAD_TOO_LARGE: 'Texto grande demais.',
  RATE_LIMITED: 'Muitas tentativas seguidas. Aguarde um pouco.',
  MAILBOX_FULL: 'O sistema está ocupado. Tente de novo em instantes.',
  NOT_READY: 'O sistema ainda está iniciando. Tente de novo em instantes.',
  SHUTTING_DOWN: 'O Patinha está reiniciando. Tente de novo em instantes.',
  INTERNAL: 'Algo deu errado do nosso lado. Tente de novo.',
  NETWORK: 'Sem conexão com o servidor do Patinha.',
};

export class ApiError extends Error {
  constructor(status, code, serverMessage, details, retryAfterS) {
    super(MESSAGES[code] ?? `Erro ${status}.`);
    this.name = 'ApiError';
    this.status = status;
    this.code = code;
    this.serverMessage = serverMessage;
    this.details = details;
    this.retryAfterS = retryAfterS;
  }
}

export function messageOf(error) {
  return error instanceof ApiError ? error.message : MESSAGES.INTERNAL;
}

export class Api {
  #token;
  #orgId;
  #onUnauthorized;

  constructor({ token, orgId, onUnauthorized }) {
    this.#token = token;
    this.#orgId = orgId;
    this.#onUnauthorized = onUnauthorized;
  }

  get orgId() {
    return this.#orgId;
  }

  /** An org route: `org('GET', '/bookings', { query })`. */
  org(method, path, options = {}) {
    return this.request(method, `/api/orgs/${encodeURIComponent(this.#orgId)}${path}`, options);
  }

  admin(method, path, options = {}) {
    return this.request(method, `/admin${path}`, options);
  }

  async request(method, url, { query, json, signal } = {}) {
    const qs = query ? new URLSearchParams(Object.entries(query).filter(([, v]) => v !== undefined && v !== null && v !== '')).toString() : '';
    const headers = { accept: 'application/json' };
    if (this.#token) headers.authorization = `Bearer ${this.#token}`;
    let body;
    if (json !== undefined) {
      headers['content-type'] = 'application/json';
      body = JSON.stringify(json);
    }
    let response;
    try {
      response = await fetch(qs ? `${url}?${qs}` : url, { method, headers, body, signal, cache: 'no-store' });
    } catch (error) {
      if (error?.name === 'AbortError') throw error;
      throw new ApiError(0, 'NETWORK', String(error));
    }
    const text = await response.text();
    let data;
    try {
      data = text ? JSON.parse(text) : undefined;
    } catch {
      data = undefined;
    }
    if (!response.ok) {
      const e = data?.error ?? {};
      const retry = Number(response.headers.get('retry-after'));
      const error = new ApiError(response.status, e.code ?? (response.status >= 500 ? 'INTERNAL' : 'VALIDATION_FAILED'), e.message, e.details, Number.isFinite(retry) ? retry : undefined);
      // A wrong password (INVALID_CREDENTIALS, also 401) is the form's to say, not a lost session.
      if (response.status === 401 && error.code === 'UNAUTHORIZED') this.#onUnauthorized?.(error);
      throw error;
    }
    return data;
  }

  /** Every page of a cursor-paginated list (bounded). */
  async all(path, query = {}, maxPages = 10) {
    const items = [];
    let cursor;
    for (let page = 0; page < maxPages; page++) {
      const result = await this.org('GET', path, { query: { ...query, limit: 200, cursor } });
      items.push(...result.items);
      cursor = result.nextCursor;
      if (!cursor) break;
    }
    return items;
  }
}

/** Checks a token without an Api instance (sign-in screen). */
export async function probe(url, token) {
  const api = new Api({ token, orgId: '' });
  return api.request('GET', url);
}
