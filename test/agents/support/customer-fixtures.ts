import type { CustomerContext, ShopContext } from '../../../agents/customer-agent.js';

/**
 * A small pet shop in São Paulo, on Monday 7 December 2026 at 12:00 local
 * time, so "amanhã" is Tuesday 08/12 and slot labels read "terça, 08/12 às 10h".
 */
export const NOW_ISO = '2026-12-07T15:00:00.000Z';
export const TIMEZONE = 'America/Sao_Paulo';

export const SHOP: ShopContext = {
  name: 'Pet Shop Amigo Fiel',
  timezone: TIMEZONE,
  address: 'Rua das Palmeiras, 123 - Vila Mariana, São Paulo/SP',
  paymentMethods: ['Pix', 'cartão de crédito', 'cartão de débito', 'dinheiro'],
  hoursText: ['seg a sex: 8h às 18h', 'sáb: 8h às 13h', 'dom: fechado'],
  services: [
    {
      id: 'svc-banho',
      name: 'Banho',
      category: 'banho',
      species: ['cão', 'gato'],
      bySize: { P: { durationMin: 60, priceCents: 5000 }, M: { durationMin: 75, priceCents: 6500 }, G: { durationMin: 90, priceCents: 8000 } },
    },
    {
      id: 'svc-banho-tosa',
      name: 'Banho e tosa',
      category: 'banho',
      species: ['cão'],
      bySize: { P: { durationMin: 90, priceCents: 9000 }, M: { durationMin: 120, priceCents: 11000 } },
    },
    {
      id: 'svc-tosa',
      name: 'Tosa',
      category: 'tosa',
      species: ['cão'],
      bySize: { P: { durationMin: 60, priceCents: 6000 }, M: { durationMin: 75, priceCents: 7500 } },
    },
    {
      id: 'svc-consulta',
      name: 'Consulta veterinária',
      category: 'consulta',
      species: [],
      bySize: { P: { durationMin: 30, priceCents: 15000 }, M: { durationMin: 30, priceCents: 15000 }, G: { durationMin: 30, priceCents: 15000 }, GG: { durationMin: 30, priceCents: 15000 } },
    },
  ],
};

export function customerContext(overrides: Partial<CustomerContext> = {}): CustomerContext {
  return {
    now: NOW_ISO,
    shop: SHOP,
    contact: { name: 'Mariana Souza', phone: '+5511987654321' },
    pets: [],
    bookings: [],
    pendingAction: null,
    ...overrides,
  };
}

/** The seven customer tools, in the order the catalog defines them: what the schemas and the model's `tools` are checked against. */
export const CUSTOMER_TOOLS_IN_ORDER = [
  'cadastrar_pet',
  'consultar_horarios',
  'agendar_servico',
  'cancelar_agendamento',
  'remarcar_agendamento',
  'meus_agendamentos',
  'escalar_para_humano',
];
