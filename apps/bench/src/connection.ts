import net from "node:net"
import postgres from "postgres"

/**
 * A postgres.js pool for the generator and the measurements' own statements. Its sockets set
 * TCP_NODELAY, which postgres.js 3.4.9 leaves off: after a COPY, every statement on that connection
 * otherwise waits about 40 ms for the delayed acknowledgement (Nagle), and a national load is
 * several hundred COPY statements. The baseline server does not use this, so that it runs with the
 * same driver settings as the platform.
 */
export const openPostgres = (url: string, max = 1): postgres.Sql =>
  postgres(url, {
    max,
    onnotice: () => {},
    socket: ({ host, port }: { host: ReadonlyArray<string>; port: ReadonlyArray<number> }) =>
      new Promise<net.Socket>((resolve, reject) => {
        const socket = net.connect({ host: host[0] ?? "127.0.0.1", port: port[0] ?? 5432, noDelay: true })
        socket.once("connect", () => resolve(socket))
        socket.once("error", reject)
      }),
  } as postgres.Options<Record<string, postgres.PostgresType>>)
