import type { NormalizedText } from './text-normalize.js';

/**
 * Signals that override whatever else a message asks, checked before any
 * intent rule: a marketing opt-out (LGPD requires honouring it), a hostile
 * message (prompt injection or social engineering, OWASP LLM01), and an
 * emergency (a hurt animal must reach a person, not a booking flow).
 */

/** Whole messages that mean "stop messaging me" ("PARAR", "sair", "STOP"). */
const OPT_OUT_WORDS = new Set(['parar', 'pare', 'para', 'sair', 'stop', 'descadastrar', 'descadastre', 'unsubscribe', 'remover', 'chega', 'cancelar inscricao', 'sair da lista']);

const OPT_OUT_PHRASES = [
  /\bnao (quero|desejo|gostaria de) (mais )?receber\b/,
  /\b(para|pare|parem|parar) de (me )?(mandar|enviar|encher|mandarem)\b/,
  /\bnao (me )?(mande|mandem|envie|enviem|manda|envia) mais\b/,
  /\b(me )?(tira|tirem|tire|remove|remova|removam|remover|exclui|excluam|exclua|retira|retire)( o)?( meu)?( numero| contato| telefone)? (da|dessa|desta|de sua|da sua) lista\b/,
  /\b(descadastrar|descadastra|descadastre|descadastro|cancelar (a |minha )?inscricao|sair da lista|nao me incomode|parem de me incomodar)\b/,
];

export function isOptOut(n: NormalizedText): boolean {
  return OPT_OUT_WORDS.has(n.text) || OPT_OUT_PHRASES.some((p) => p.test(n.text));
}

/** "ignore as instruções", "você agora é…", "finja ser…", "modo desenvolvedor", "qual o seu prompt". */
const INJECTION = [
  /\b(ignore|ignora|ignorar|ignorem|ignorando|esqueca|esquece|esquecer|desconsidere|desconsidera|desconsiderar|descarte|descarta)\b.{0,40}\b(instrucoes|instrucao|regras?|comandos?|orientacoes|prompt|anteriores?|configuracoes)\b/,
  /\b(voce|tu) agora (e|sera|vai ser)\b/,
  /\ba partir de agora (voce|tu) (e|sera|vai|deve|vai ser)\b/,
  /\b(finja|finge|fingir|simule|simula) (que|ser)\b/,
  /\b(aja|atue|responda) como (se|um|uma|o|a)\b/,
  /\bfaca de conta\b/,
  /\bmodo (desenvolvedor|dev|admin|administrador|deus|debug|root|sem restricoes|sem filtros?|irrestrito)\b/,
  /\b(jailbreak|dan mode|developer mode)\b/,
  /\b(sem|ignore suas) (restricoes|filtros|limitacoes)\b/,
  /\b(system prompt|prompt do sistema|prompt de sistema|prompt inicial|seu prompt|suas instrucoes|instrucoes do sistema|instrucoes originais|instrucoes internas|mensagem do sistema|configuracoes internas|suas regras internas)\b/,
];

/**
 * Claims of authority made to get what a customer may not have. "sou o dono"
 * alone is not one — a customer confirming they own the pet says exactly
 * that — so dono/dona/responsável count only with the shop named.
 */
const ROLE = '(dono|dona|proprietario|proprietaria|gerente|administrador|administradora|admin|desenvolvedor|desenvolvedora|programador|programadora|tecnico|tecnica|socio|socia|funcionario|funcionaria|responsavel)';
const STAFF_ROLE = '(proprietario|proprietaria|gerente|administrador|administradora|admin|desenvolvedor|desenvolvedora|programador|programadora|socio|socia)';
const SHOP = '(loja|clinica|pet ?shop|petshop|empresa|sistema|estabelecimento|negocio|app|aplicativo|bot|robo)';
const AUTHORITY = [
  new RegExp(`\\bsou (o |a )?${ROLE} (da|do|desta|deste|dessa|desse) ${SHOP}\\b`),
  new RegExp(`\\bsou (o |a )?${ROLE} (daqui|aqui)\\b`),
  new RegExp(`\\bsou (o |a )?${STAFF_ROLE}$`),
  /\bsou (do|da) (suporte|equipe|ti|desenvolvimento|empresa|patinha|openai|meta|whatsapp|administracao|gerencia)\b/,
];

/**
 * Asking for what only the shop may see: revenue, other customers' data,
 * credentials. "todos os clientes" needs a request ("me mostre todos os
 * clientes"), because "vocês atendem todos os clientes por ordem?" is innocent.
 */
const REQUEST = '(mostre|mostra|mostrar|liste|lista|listar|passa|passe|passar|envia|envie|enviar|manda|mande|mandar|quero|preciso|me da|me de|exporta|exporte|fala|diga|revele|revela|informe|informa|compartilhe)';
const DATA_GRAB = [
  /\b(faturamento|faturou|lucro|lucros|receita da loja|quanto (a loja|voces) (fatura|faturou|ganha|ganhou|lucra))\b/,
  /\b(lista|listagem|base|cadastro|dados|telefones?|numeros?|contatos?|enderecos?|cpfs?|nomes|historico|informacoes) (de|do|da|dos|das) ((outr[oa]s?|algum|alguma) (clientes?|usuarios?|tutor(es)?)|(todos os |todas as |os |as )?(clientes|usuarios|tutores))\b/,
  new RegExp(`\\b${REQUEST}\\b.{0,30}\\b(todos os|todas as) (clientes|usuarios|tutores|contatos|agendamentos)\\b`),
  /\b(senha|senhas) (do|da|de) (sistema|admin|administrador|painel|acesso|banco|login|dashboard|conta da loja)\b/,
  /\b(password|token|tokens|api key|chave (da|de) api|credenciais|banco de dados|base de dados)\b/,
];

export function isHostile(n: NormalizedText): boolean {
  return (
    INJECTION.some((p) => p.test(n.text)) ||
    AUTHORITY.some((p) => n.clauses.some((c) => p.test(c))) ||
    DATA_GRAB.some((p) => p.test(n.text))
  );
}

/**
 * Emergencies: the red flags a vet would send to a 24h emergency room — a seizure, being run
 * over, heavy bleeding, poison, not breathing, choking, fainting, a difficult birth — written
 * with or without accents and with the usual typos ("convulsao", "convulsinando", "atroplado",
 * "sangrano"). Routine complaints are not emergencies: "não quer comer direito desde ontem",
 * "tá com coceira", "vomitou uma vez" book a consultation, they do not silence the bot.
 */
const URGENT = [
  // Seizures, being run over, bleeding, poison, choking, fainting.
  /\b(convul\w*|combuls\w*|ataque epileptico|epilepsia|tremendo sem parar)\b/,
  /\b(atropel\w*|atroplad\w*|atrpelad\w*)\b/,
  /\b(sangrament\w*|hemorragia|sangr(ando|ano|o|ou|a) (muito|demais|sem parar|bastante|muito sangue)|sangrando(?! (um )?(pouco|pouquinho)))\b/,
  /\b(sangue) (no|na|nas|nos|pelo|pela|pelos|pelas|saindo|escorrendo)\b|\b(vomit\w*|coco|fezes|xixi|urina|diarreia|tossindo|tosse|cuspindo|urinando) ((com|de) )?sangue\b/,
  /\b(envenen\w*|intoxica\w*)\b/,
  /\b(comeu|engoliu|ingeriu|lambeu|bebeu|mordeu) (um |uma |o |a )?(veneno|chocolate|raticida|chumbinho|remedio|veneno de rato|uva|uvas|xilitol|inseticida|agua sanitaria|produto de limpeza|soda)\b/,
  /\b(engasg\w*|entalad[oa])\b/,
  /\b(desmai\w*|desacordad[oa]|inconscien\w*|desfalecid[oa]|nao (acorda|reage|responde a nada)|infartando|agonizando)\b/,
  // Not breathing ("não respira", "n tá respirando", "sem respirar", "falta de ar").
  /\bnao (esta |estou vendo ele |consegue |quer )?(respira|respirando|respirar)\b|\bsem respirar\b|\bfalta de ar\b|\b(respirando|respira) (com dificuldade|mal|muito rapido|com a boca aberta)\b|\bdificuldade (para|de) respirar\b|\bgengiva (roxa|azul|branca)\b|\blingua (roxa|azul)\b/,
  // Calls for help.
  /\b(emergencia|emergencial|socorro|sos)\b/,
  /\b(picad[oa]|mordid[oa]) (de|por) (cobra|escorpiao|aranha|abelhas|marimbondo)\b/,
  /\b(fratur\w*|quebrou a (pata|perna|coluna)|osso exposto)\b/,
  /\b(caiu d[aoe] (janela|sacada|varanda|escada|predio|laje|telhado))\b/,
  /\bnao consegue (andar|levantar|urinar|fazer xixi|ficar em pe|mexer as patas)\b/,
  // A difficult birth.
  /\b(trabalho de parto|parto (complicado|dificil|demorado|travado)|filhote (preso|entalado)|nao consegue (parir|ter os filhotes))\b/,
  // Days (two or more) without eating or drinking: "não come há 2 dias", "sem beber faz dias" — not "desde ontem".
  /\bnao (come|comeu|quer comer|esta comendo|bebe|bebeu|quer beber|esta bebendo)\b.{0,25}\b(ha|faz|por|a) ([2-9]|dois|duas|tres|quatro|cinco|uns|alguns|varios) dias\b/,
  /\bnao (come|comeu|bebe|bebeu)\b.{0,12}\b(ha|faz) dias\b/,
  /\bsem (comer|beber)\b.{0,12}\b(ha|faz|por) (([2-9]|dois|duas|tres|quatro|cinco|uns|alguns|varios) )?dias\b/,
  /\b(vomit\w*) sem parar\b/,
];

export function isUrgent(n: NormalizedText): boolean {
  return n.emoji.includes('urgent') || URGENT.some((p) => p.test(n.text));
}
