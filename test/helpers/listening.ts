import { existsSync, readdirSync, readFileSync, readlinkSync } from 'node:fs';

/** A listening TCP socket as Linux lists it in /proc/net/tcp{,6}. */
export interface ListeningSocket {
  readonly address: string;
  readonly port: number;
  readonly inode: string;
}

/** Why bind addresses cannot be read here (not Linux), or undefined. */
export const procNetUnavailable = (): string | undefined =>
  existsSync('/proc/net/tcp') ? undefined : 'there is no /proc/net/tcp (not Linux)';

// /proc/net/tcp writes addresses as the kernel holds them: 32-bit words in host (little-endian) order.
const word = (hex: string): number[] => {
  const bytes = (hex.match(/../g) ?? []).map((pair) => Number.parseInt(pair, 16));
  return bytes.reverse();
};

const addressOf = (hex: string): string => {
  if (hex.length === 8) return word(hex).join('.');
  const bytes = (hex.match(/.{8}/g) ?? []).flatMap(word);
  const groups = Array.from({ length: 8 }, (_, i) =>
    (((bytes[2 * i] ?? 0) << 8) | (bytes[2 * i + 1] ?? 0)).toString(16),
  );
  const text = groups.join(':');
  // IPv4-mapped (::ffff:a.b.c.d) is reported as the IPv4 address it is.
  if (text.startsWith('0:0:0:0:0:ffff:')) return bytes.slice(12).join('.');
  return text === '0:0:0:0:0:0:0:1' ? '::1' : text === '0:0:0:0:0:0:0:0' ? '::' : text;
};

/** Every TCP socket in LISTEN state on this machine. */
export const listeningSockets = (): ListeningSocket[] =>
  ['/proc/net/tcp', '/proc/net/tcp6']
    .filter((file) => existsSync(file))
    .flatMap((file) => readFileSync(file, 'utf8').trim().split('\n').slice(1))
    .map((line) => line.trim().split(/\s+/))
    .filter((fields) => fields[3] === '0A')
    .map((fields) => {
      const [address = '', port = '0'] = (fields[1] ?? '').split(':');
      return { address: addressOf(address), port: Number.parseInt(port, 16), inode: fields[9] ?? '' };
    });

/** Whether an address is the loopback interface only. */
export const isLoopback = (address: string): boolean => address.startsWith('127.') || address === '::1';

/** The sockets listening on a port. */
export const listeningOn = (port: number): ListeningSocket[] =>
  listeningSockets().filter((socket) => socket.port === port);

/** The pid whose open files include one of these socket inodes (our own processes only are readable). */
export const ownerOf = (inodes: readonly string[]): number | undefined => {
  const wanted = new Set(inodes.map((inode) => `socket:[${inode}]`));
  for (const pid of readdirSync('/proc').filter((name) => /^\d+$/.test(name))) {
    let fds: string[];
    try {
      fds = readdirSync(`/proc/${pid}/fd`);
    } catch {
      continue;
    }
    for (const fd of fds) {
      try {
        if (wanted.has(readlinkSync(`/proc/${pid}/fd/${fd}`))) return Number(pid);
      } catch {
        // closed meanwhile
      }
    }
  }
  return undefined;
};

/** Every socket a process listens on. */
export const listeningOf = (pid: number): ListeningSocket[] => {
  const inodes = new Set<string>();
  for (const fd of readdirSync(`/proc/${pid}/fd`)) {
    try {
      const match = /^socket:\[(\d+)\]$/.exec(readlinkSync(`/proc/${pid}/fd/${fd}`));
      if (match?.[1] !== undefined) inodes.add(match[1]);
    } catch {
      // closed meanwhile
    }
  }
  return listeningSockets().filter((socket) => inodes.has(socket.inode));
};
