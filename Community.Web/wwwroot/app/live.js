// The live hub connection (/hubs/live) with the SignalR browser client, loaded as the classic script
// /lib/signalr/signalr.min.js (global `signalR`). Status: connecting | connected | reconnecting | offline.
import { createStore } from './store.js';

export const liveStatus = createStore('offline');

const handlers = new Map();
let connection = null;
let retryTimer = null;
let wanted = false;
let attempts = 0;
let currentToken = async () => '';

/**
 * Subscribes to a hub message (userEvent, circleEvent, ...) across reconnects: for as long as the app runs, or
 * until signal aborts (a page's subscription). Returns an unsubscribe function.
 */
export function onLive(message, handler, signal) {
  if (!handlers.has(message)) handlers.set(message, new Set());
  handlers.get(message).add(handler);
  connection?.on(message, handler);
  const off = () => {
    handlers.get(message)?.delete(handler);
    connection?.off(message, handler);
  };
  signal?.addEventListener('abort', off, { once: true });
  return off;
}

/**
 * Invokes a hub method (JoinCircle, LeaveCircle, ...) on the current connection. Rejects when there is no
 * connected connection: callers invoke again when liveStatus turns `connected`.
 */
export function invokeLive(method, ...args) {
  const hub = connection;
  if (!hub || hub.state !== globalThis.signalR?.HubConnectionState?.Connected) {
    return Promise.reject(new Error('The live connection is not connected.'));
  }
  return hub.invoke(method, ...args);
}

/**
 * Connects with the token from getToken. onUnauthorized is called when the hub refuses the token.
 * Keeps retrying (with back-off) after SignalR's own automatic reconnect gives up, until stopLive().
 */
export function startLive(getToken, { onUnauthorized } = {}) {
  stopLive();
  const signalR = globalThis.signalR;
  if (!signalR) {
    console.warn('SignalR client missing (/lib/signalr/signalr.min.js): live updates are off.');
    liveStatus.set('offline');
    return;
  }
  wanted = true;
  attempts = 0;
  currentToken = async () => (await getToken()) ?? '';
  const hub = new signalR.HubConnectionBuilder()
    .withUrl('/hubs/live', { accessTokenFactory: () => currentToken() })
    .withAutomaticReconnect()
    .configureLogging(signalR.LogLevel.Warning)
    .build();
  connection = hub;
  for (const [message, set] of handlers) for (const handler of set) hub.on(message, handler);
  hub.onreconnecting(() => {
    if (connection === hub) liveStatus.set('reconnecting');
  });
  hub.onreconnected(async () => {
    await settled(hub);
    if (connection === hub) liveStatus.set('connected');
  });
  hub.onclose(() => {
    if (connection !== hub) return;
    liveStatus.set('offline');
    scheduleRetry(hub, onUnauthorized);
  });
  connect(hub, onUnauthorized);
}

async function connect(hub, onUnauthorized) {
  if (connection !== hub || !wanted) return;
  liveStatus.set(attempts === 0 ? 'connecting' : 'reconnecting');
  try {
    await hub.start();
    await settled(hub);
    attempts = 0;
    if (connection === hub) liveStatus.set('connected');
  } catch (error) {
    if (connection !== hub) return;
    if (error?.statusCode === 401 || /\b401\b/.test(String(error?.message))) {
      liveStatus.set('offline');
      onUnauthorized?.(error);
      return;
    }
    liveStatus.set('offline');
    scheduleRetry(hub, onUnauthorized);
  }
}

// The server joins a connection to its own streams after the handshake that start() waits for, and handles calls only
// once that is done: one round trip (renewing with the token just used, which changes nothing) means the connection is
// in its streams before the app says `connected`.
async function settled(hub) {
  try {
    await hub.invoke('RenewToken', await currentToken());
  } catch {
    // A refused renewal (the session just ended) closes the connection anyway.
  }
}

function scheduleRetry(hub, onUnauthorized) {
  if (!wanted || connection !== hub) return;
  clearTimeout(retryTimer);
  attempts += 1;
  const delay = Math.min(30000, 1000 * 2 ** Math.min(attempts, 5));
  retryTimer = setTimeout(() => connect(hub, onUnauthorized), delay);
}

export function stopLive() {
  wanted = false;
  clearTimeout(retryTimer);
  const hub = connection;
  connection = null;
  liveStatus.set('offline');
  if (hub) hub.stop().catch(() => {});
}
