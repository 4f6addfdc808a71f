import * as dgram from 'dgram';

/** A DNS server that answers every query with NXDOMAIN: Squid's resolver for names outside its hosts_file. */
export interface FakeDns {
  address: string;
  close(): Promise<void>;
}

/** Answers NXDOMAIN on address:53 (Squid cannot use another port); needs the right to bind port 53. */
export async function startNxdomainDns(address: string): Promise<FakeDns> {
  const socket = dgram.createSocket('udp4');
  socket.on('message', (query, peer) => {
    if (query.length < 12) return;
    const answer = Buffer.from(query);
    // Header: keep the ID; QR=1, opcode copied, RD copied, RA=1, RCODE=3 (NXDOMAIN); no answer records.
    answer[2] = 0x80 | (query[2] & 0x79);
    answer[3] = 0x83;
    answer.writeUInt16BE(0, 6);
    answer.writeUInt16BE(0, 8);
    answer.writeUInt16BE(0, 10);
    socket.send(answer, peer.port, peer.address);
  });
  await new Promise<void>((resolve, reject) => {
    socket.once('error', reject);
    socket.bind(53, address, () => resolve());
  });
  return { address, close: () => new Promise<void>((resolve) => socket.close(() => resolve())) };
}
