import type { ConnectOptions, Transport, TransportConnection } from '../../whatsapp/transport.js';

/**
 * A stand-in for a real number that has not been paired yet (a fake of our
 * own Transport interface): it shows a QR and, when given a phone, answers
 * with a pairing code the way Baileys does after its first QR.
 */
export class PairingTransport implements Transport {
  readonly kind = 'baileys' as const;
  readonly requested: string[] = [];

  async connect(options: ConnectOptions): Promise<TransportConnection> {
    const emit = (event: Parameters<ConnectOptions['onEvent']>[0]['event']) => options.onEvent({ instanceId: options.instanceId, generation: options.generation, event });
    queueMicrotask(() => {
      emit({ type: 'status', status: 'connecting' });
      emit({ type: 'qr', qr: 'ref,key', qrDataUrl: 'data:image/png;base64,AAAA' });
      if (options.pairingPhone) {
        this.requested.push(options.pairingPhone);
        emit({ type: 'pairing-code', code: 'PATI-NHA1' });
      }
    });
    return {
      generation: options.generation,
      send: async () => {
        throw Object.assign(new Error('not paired'), { code: 'NOT_CONNECTED' });
      },
      requestPairingCode: async (phone) => {
        this.requested.push(phone);
        return 'PATI-NHA2';
      },
      end: async () => undefined,
    };
  }

  async hasCredentials(): Promise<boolean> {
    return false;
  }

  async logout(): Promise<void> {}

  async release(): Promise<void> {}
}
