import type { CustomerIntent } from './customer-intent.js';
import { SERVICE_WORD } from './service-slot.js';
import { FAREWELL, GREETING, THANKS } from './small-talk.js';

/**
 * Cue phrases for each customer intent, over canonical text (text-normalize.ts:
 * "pra" is "para", "pro" is "para o", "tá" is "esta", "vc" is "voce", accents
 * are gone). A message scores, per intent, the weight of its strongest cue.
 *
 * Weights say how much a cue alone proves: "desmarca" (0.95) is a
 * cancellation whatever else is said; "quanto" (0.6) is probably a price; a
 * greeting (0.5) loses to anything with content. Cues that need the slots
 * (a date, a breed) live in classify-customer-message.ts.
 */
export interface IntentRule {
  readonly intent: CustomerIntent;
  readonly weight: number;
  readonly pattern: RegExp;
}

const VET = '(veterinari[oa]s?|clinico geral)';
const BOOKING_NOUN = '(banho|tosa|consulta|vacina|hidratacao|agendamento|horario|retorno|castracao|exame|reserva)';
const DAY_WORD = '(manha|tarde|noite|hoje|amanha|depois|outro|outra|semana|dia|proxima|proximo|segunda|terca|quarta|quinta|sexta|sabado|domingo|\\d)';

function rule(intent: CustomerIntent, weight: number, pattern: RegExp | string): IntentRule {
  return { intent, weight, pattern: typeof pattern === 'string' ? new RegExp(pattern) : pattern };
}

export const CUSTOMER_RULES: readonly IntentRule[] = Object.freeze([
  // Opening hours.
  rule('horario_funcionamento', 0.95, /\bhorarios? de (funcionamento|atendimento|abertura|fechamento)\b/),
  rule('horario_funcionamento', 0.9, /\b(abre|abrem|abrir|abriu|abertos?|abertas?|fecha|fecham|fechar|funcionam|funcionamento|expediente)\b/),
  rule('horario_funcionamento', 0.9, /\b(esta|estao|vai estar|vao estar|fica|ficam) fechad[oa]s?\b/),
  rule('horario_funcionamento', 0.9, /\bate que horas?\b/),
  rule('horario_funcionamento', 0.9, /\b(atendem|trabalham|abrem|funcionam) (no|nos|de|em|aos) (feriados?|domingos?|sabados?|fim de semana|fins de semana)\b/),
  rule('horario_funcionamento', 0.8, /\b(qual|quais) (e )?(o |os )?horarios?( de voces| da loja| da clinica| do pet ?shop)?$/),
  rule('horario_funcionamento', 0.8, /\bhorarios? (de|da) (voces|loja|clinica)\b/),
  rule('horario_funcionamento', 0.8, /\bferiados?\b/),
  rule('horario_funcionamento', 0.7, /\bfunciona\b/),

  // Prices.
  rule('precos', 0.9, /\bquanto (custa|custam|e|sai|saem|fica|ficam|esta|estao|cobra|cobram|seria|vai ser|vai ficar|vai sair|da|deu)\b/),
  rule('precos', 0.9, /\b(preco|precos|valor|valores|tabela|orcamento|custa|custam|custo|custos|taxa)\b/),
  rule('precos', 0.7, /\b(caro|barato|promocao|promocoes|desconto)\b/),
  rule('precos', 0.6, /\bquanto\b(?! tempo)/),

  // What the shop offers.
  rule('servicos', 0.9, /\b(quais|que|qual) (sao )?(os )?(servicos|tipos de servico|opcoes de servico)\b/),
  rule('servicos', 0.85, /\b(voce|voces) (fazem|faz|tem|oferecem|oferece|aplicam|aplica|atendem|atende|trabalham|trabalha|buscam|busca|levam|leva|pegam|vendem|vende|cuidam|hospedam)\b/),
  rule('servicos', 0.85, /\bleva e traz\b|\btaxi ?dog\b/),
  rule('servicos', 0.8, `\\b(faz|fazem|fazer|aplica|aplicam|tem|teria|trabalha|trabalham|atende|atendem|oferece|oferecem)\\b.*\\b(${SERVICE_WORD.slice(1, -1)}|${VET.slice(1, -1)})\\b`),
  rule('servicos', 0.8, /\b(atende|atendem|aceita|aceitam|cuida de|cuidam de)\b.*\b(gatos?|cachorros?|caes|exoticos?|coelhos?|passaros?|aves|roedores|hamsters?|repteis|tartarugas?|filhotes?|idosos?|bravos?)\b/),
  rule('servicos', 0.8, /\b(busca|buscam|pega|pegam|buscaria|buscariam|podem buscar|pode buscar|podem pegar)\b.{0,25}\bem casa\b/),
  rule('servicos', 0.75, `\\bcomo funciona\\b.*\\b${SERVICE_WORD}`),
  rule('servicos', 0.7, /\bquanto tempo (demora|leva|dura)\b/),
  rule('servicos', 0.7, /\bservicos?\b/),

  // Registering a pet.
  rule('cadastrar_pet', 0.95, /\b(cadastrar|cadastra|cadastre|cadastro|cadastrando|registrar|registra|registro)\b/),
  rule('cadastrar_pet', 0.9, /\b(se chama|chamad[oa]|chamadinh[oa]|nome (dele|dela|do (meu )?(pet|cachorro|gato|cao|bichinho|filhote)|da (minha )?(cachorra|gata|cadela|bichinha|pet)) (e|eh))\b/),

  // Free slots.
  rule('consultar_horarios', 0.9, /\b(tem|teria|tera) (algum |alguma |um |uma )?(horarios?|vagas?|horas?|agenda|disponibilidade|encaixe|espaco)\b/),
  rule('consultar_horarios', 0.9, /\b(quais|que|qual) (os |as )?(horarios|dias|vagas)( que)? (livres?|disponiveis|disponivel|vagos?|voces tem|tem|estao livres|estao disponiveis)\b/),
  rule('consultar_horarios', 0.9, /\bhorarios? (livres?|disponiveis|disponivel|vagos?)\b/),
  rule('consultar_horarios', 0.9, /\b(dias?|horarios?|hora|vagas?) [a-z ]{0,15}\blivres?\b|\btem livre\b/),
  rule('consultar_horarios', 0.85, /\b(vagas?|disponibilidade|disponivel|disponiveis|encaixar|encaixe)\b/),
  rule('consultar_horarios', 0.8, /\bquando (tem|teria|voces tem|da|posso levar|consigo levar|tem vaga)\b/),
  rule('consultar_horarios', 0.8, /\bque horas? (tem|voces tem|teria|da para)\b/),
  rule('consultar_horarios', 0.75, /\b(como esta a agenda|agenda (livre|aberta|disponivel))\b/),

  // Booking.
  rule('agendar', 0.9, /\b(agendar|agende|agendo|agendamos|agenda (um|uma|o|a|para)|marcar|marca|marque|marco|marcamos|reservar|reserva (um|uma|para)|reserve|fazer (um |o )?agendamento|quero um horario|queria um horario|quero horario)\b/),
  rule('agendar', 0.8, `\\b(quero|queria|gostaria|preciso|precisa|precisando|quer|queremos)( (de|fazer|dar|levar|trazer|um|uma|o|a|mais|ele|ela|para))* ${SERVICE_WORD}\\b`),
  rule('agendar', 0.75, /\b(quero|queria|gostaria de|vou|posso|podemos|consigo|da para) (levar|trazer|passar ai|ir ai|aparecer)\b/),

  // Cancelling.
  rule('cancelar', 0.95, /\b(cancelar|cancela|cancele|cancelo|cancelamento|cancelem|desmarcar|desmarca|desmarque|desmarco)\b/),
  rule('cancelar', 0.85, /\bnao (vou|vamos) (mais )?(conseguir|poder) (ir|levar|trazer|comparecer|aparecer)\b/),
  rule('cancelar', 0.75, /\bnao (vou|vamos) mais\b/),

  // Rescheduling.
  rule('remarcar', 0.95, /\b(remarcar|remarca|remarque|remarco|remarcacao|reagendar|reagenda|reagende|reagendamento|adiar|adia|adie|antecipar|antecipa|adiantar|adianta)\b/),
  rule('remarcar', 0.9, `\\b(mudar|muda|mude|trocar|troca|troque|alterar|altera|altere|passar|passa|transferir|transfere|mover|move)( o| a)?( meu| minha)? (horario|dia|data|hora|agendamento|marcacao|reserva|${BOOKING_NOUN.slice(1, -1)})\\b`),
  rule('remarcar', 0.85, `\\b(passar|passa|mudar|muda|trocar|troca|jogar|joga|empurrar|empurra|transferir) para (o |a )?(parte da |periodo da )?${DAY_WORD}`),
  rule('remarcar', 0.8, /\b(outro dia|outra data|outro horario|outra hora)\b/),

  // The customer's own bookings.
  rule('meus_agendamentos', 0.9, /\btenho (algum |alguma |um |uma |algo )?([a-z]+ )?(marcad|agendad|reservad)\w*/),
  rule('meus_agendamentos', 0.9, /\b(qual|que|quando)\b.{0,30}\b(ficou|marcad\w*|agendad\w*|reservad\w*)\b/),
  rule('meus_agendamentos', 0.85, /\b(meus|minhas|meu|minha) (agendamentos?|horarios?|consultas?|reservas?|marcacoes?)\b/),
  rule('meus_agendamentos', 0.85, /\b(ficou|esta|ficaram) (marcad|agendad|confirmad|reservad)\w*/),
  rule('meus_agendamentos', 0.8, `\\bquando (e|sera|vai ser|ficou) (o|a) ${BOOKING_NOUN}\\b`),
  rule('meus_agendamentos', 0.8, /\b(qual|que) (dia|hora|horas|horario|data) (e|sera|vai ser) (o|a)\b/),

  // A person.
  rule('humano', 0.95, /\bfalar com (um |uma |o |a |algum |alguma |alguem d[ao] )?(pessoa|atendente|humano|humana|gente|alguem|funcionari[oa]|responsavel|gerente|dono|dona|veterinari[oa]|moca|moco|recepcao|ser humano|pessoa de verdade|voces|loja|clinica)\b/),
  rule('humano', 0.95, /\b(atendente|atendimento humano|humano|humana|pessoa de verdade|pessoa real|ser humano|gente de verdade)\b/),
  rule('humano', 0.9, /\bme (passa|transfere|transfira|encaminha|encaminhe|passe) (para|a|ao)\b/),
  rule('humano', 0.85, /\b(robo|bot|chatbot|maquina|inteligencia artificial)\b/),
  rule('humano', 0.85, /\b(me liga|me ligue|me ligar|pode me ligar|ligar para mim|liga para mim|me chama no)\b/),
  // Health complaints that are not emergencies: the bot gives no medical advice, a person triages.
  rule('humano', 0.6, /\b(vomit\w*|diarreia|coceira|cocando|mancando|manca|tossindo|tosse|espirrando|febre|ferida|ferido|machucad\w*|doente|caroco|inchad\w*|sem apetite|apatic[oa])\b/),

  // Address.
  rule('endereco', 0.9, /\bonde (fica|ficam|e a loja|e a clinica|e|esta|estao|voces ficam|voces estao|fica a loja|fica a clinica)\b/),
  rule('endereco', 0.9, /\b(endereco|localizacao|localiza|como chego|como chegar|chegar ai|chegar na loja|mapa|maps|waze|ponto de referencia)\b/),
  rule('endereco', 0.7, /\b(rua|bairro|estacionamento)\b/),

  // Payment.
  rule('pagamento', 0.85, /\b(pix|cartao|cartoes|credito|debito|parcela|parcelas|parcelar|parcelam|parcelado|parcelo|boleto|dinheiro|especie|sem juros|formas? de pagamento|pagamento|maquininha|troco|transferencia|vale refeicao|sodexo|alelo)\b/),
  rule('pagamento', 0.7, /\b(pagar|pago|pagamos|aceita|aceitam)\b/),

  // Whether the pet is ready.
  rule('status_servico', 0.9, /\b(ficou|esta|ja esta|ja ficou|ficaram|estao|ja estao) (pronto|pronta|prontos|prontas|prontinho|prontinha|limpo|limpa|cheiroso|cheirosa)\b/),
  rule('status_servico', 0.9, /\bja (terminou|terminaram|acabou|acabaram|finalizou|finalizaram|foi atendid\w*|tomou banho|saiu do banho)\b|\b(terminou|acabou) (o|a) (banho|tosa|consulta)\b/),
  rule('status_servico', 0.9, /\b(posso|pode|da para|consigo|devo|vou|venho|podemos) (ja )?(ir )?(buscar|pegar|retirar)\b(?!.{0,25}\bem casa\b)/),
  rule('status_servico', 0.85, /\b(que horas|quando|a que horas) (fica pronto|fica pronta|termina|acaba)\b/),
  rule('status_servico', 0.8, /\b(ja )?(pode|podem) (ir embora|ser buscad[oa]|ser retirad[oa])\b/),
  rule('status_servico', 0.7, /\bcade (o|a|meu|minha)\b/),

  // The pet's vaccination record.
  rule('vacinas', 0.95, /\b(carteira|carteirinha|cartao|caderneta) de vacina\w*/),
  rule('vacinas', 0.85, /\b(vacin|vermifug)\w*\b.{0,30}\b(atrasad\w*|vencid\w*|em dia|proxim\w*|reforco|dose|doses|falta|faltam|precisa|tomou|tomar|toma|ja|quando|vence|venceu|atualizad\w*|calendario)\b/),
  rule('vacinas', 0.85, /\b(proxima|quando|ja|precisa|falta|faltam|calendario)\b.{0,30}\b(vacin|vermifug)\w*/),

  // Small talk.
  rule('agradecimento', 0.6, THANKS),
  rule('agradecimento', 0.55, FAREWELL),
  rule('saudacao', 0.5, GREETING),
]);

/**
 * Which intent wins when two score the same: the one whose mistake costs more
 * to miss. A person or a cancellation outranks a booking; a booking outranks a
 * price question; small talk comes last.
 */
export const CUSTOMER_TIE_ORDER: readonly CustomerIntent[] = Object.freeze([
  'opt_out',
  'humano',
  'cancelar',
  'remarcar',
  'status_servico',
  'meus_agendamentos',
  'agendar',
  'consultar_horarios',
  'vacinas',
  'precos',
  'pagamento',
  'endereco',
  'horario_funcionamento',
  'servicos',
  'cadastrar_pet',
  'informar_porte',
  'confirmar_sim',
  'confirmar_nao',
  'agradecimento',
  'saudacao',
  'outro',
]);
