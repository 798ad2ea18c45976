/**
 * Live events from the org's Socket.IO namespace `/org/<orgId>`, through the
 * locally served client bundle. Views subscribe here (not to the socket), so
 * leaving a screen just drops its listeners. After a reconnect a `resync`
 * event tells views to reload what they may have missed.
 */
const EVENTS = [
  'whatsapp:status', 'whatsapp:disconnected', 'whatsapp:qr', 'whatsapp:pairing_code',
  'message:new', 'conversation:escalated', 'conversation:released', 'booking:created', 'alert',
];

export class Realtime {
  #listeners = new Map();
  #socket;
  #wasConnected = false;
  state = 'connecting';

  on(event, fn) {
    let set = this.#listeners.get(event);
    if (!set) this.#listeners.set(event, (set = new Set()));
    set.add(fn);
    return () => set.delete(fn);
  }

  emit(event, payload) {
    for (const fn of [...(this.#listeners.get(event) ?? [])]) {
      try {
        fn(payload);
      } catch (error) {
        console.error(`listener of ${event} failed`, error);
      }
    }
  }

  #setState(state) {
    this.state = state;
    this.emit('state', state);
  }

  async connect(orgId, token) {
    let io;
    try {
      ({ io } = await import('/vendor/socket.io.esm.min.js'));
    } catch (error) {
      console.warn('Socket.IO client unavailable; live updates are off', error);
      this.#setState('offline');
      return;
    }
    // Default transports: long-polling first, then the upgrade to WebSocket (works behind proxies that block WebSockets).
    const socket = io(`/org/${orgId}`, { auth: { token }, reconnectionDelayMax: 10_000 });
    this.#socket = socket;
    socket.on('connect', () => {
      this.#setState('online');
      if (this.#wasConnected) this.emit('resync');
      this.#wasConnected = true;
    });
    socket.on('disconnect', () => this.#setState('offline'));
    socket.on('connect_error', (error) => {
      if (error?.message === 'UNAUTHORIZED') {
        socket.disconnect();
        this.#setState('unauthorized');
      } else {
        this.#setState('offline');
      }
    });
    for (const event of EVENTS) socket.on(event, (payload) => this.emit(event, payload));
  }

  close() {
    this.#socket?.disconnect();
    this.#socket = undefined;
    this.#listeners.clear();
  }
}
