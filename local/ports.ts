/**
 * Listening with a clear error. Node reports a busy port as a bare `EADDRINUSE` stack
 * trace; a finance officer needs to know which service and which variable to change.
 */
import type { Server } from 'node:http';
import net from 'node:net';
import { LOCAL_HOST } from './config';

export class PortInUseError extends Error {
  override name = 'PortInUseError';
  constructor(
    readonly service: string,
    readonly port: number,
    readonly envVar: string,
    options?: ErrorOptions,
  ) {
    super(
      `${service}: port ${port} on ${LOCAL_HOST} is already in use / 端口 ${port} 已被占用. ` +
        `Stop the other program or choose another port, e.g. ${envVar}=${port + 1} npm start`,
      options,
    );
  }
}

/** Binds `server` on 127.0.0.1 only (never exposed to the office network); returns the bound port. */
export function listenLocal(server: Server, port: number, service: string, envVar: string): Promise<number> {
  return new Promise((resolve, reject) => {
    const onError = (err: NodeJS.ErrnoException) => {
      server.off('listening', onListening);
      if (err.code === 'EADDRINUSE' || err.code === 'EACCES') {
        reject(new PortInUseError(service, port, envVar, { cause: err }));
      } else {
        reject(err);
      }
    };
    const onListening = () => {
      server.off('error', onError);
      const address = server.address();
      resolve(typeof address === 'object' && address !== null ? address.port : port);
    };
    server.once('error', onError);
    server.once('listening', onListening);
    server.listen(port, LOCAL_HOST);
  });
}

/** A port that was free a moment ago (tests; the OS may hand it out again later). */
export function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const probe = net.createServer();
    probe.once('error', reject);
    probe.listen(0, LOCAL_HOST, () => {
      const address = probe.address();
      const port = typeof address === 'object' && address !== null ? address.port : 0;
      probe.close(() => resolve(port));
    });
  });
}

/** Closes a server, dropping idle keep-alive sockets so the close does not hang on them. */
export function closeServer(server: Server): Promise<void> {
  return new Promise((resolve, reject) => {
    if (!server.listening) {
      resolve();
      return;
    }
    server.close((err) => (err ? reject(err) : resolve()));
    server.closeIdleConnections();
  });
}
