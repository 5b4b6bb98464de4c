/**
 * A small ZIP writer (PKWARE APPNOTE 6.3.x, no ZIP64): local file headers, the central
 * directory and the end-of-central-directory record. Each entry is deflated with node:zlib
 * (or stored when deflate does not help), carries its CRC-32, and records unix permissions in
 * the high 16 bits of its external attributes ("version made by" = 3, UNIX), so `unzip` and
 * Gradescope restore setup.sh and run_autograder as executables. Dates are fixed, so the same
 * inputs give the same bytes.
 */
import { deflateRawSync } from 'node:zlib';
import { UsageError } from '../grader/errors.js';

export interface ZipEntry {
  /** Forward-slash path inside the archive, no leading slash, no `..`. */
  readonly name: string;
  readonly data: Uint8Array;
  /** Unix permission bits (default 0o644). */
  readonly mode?: number;
}

const CRC_TABLE = ((): Uint32Array => {
  const table = new Uint32Array(256);
  for (let n = 0; n < 256; n++) {
    let c = n;
    for (let k = 0; k < 8; k++) c = c & 1 ? 0xedb88320 ^ (c >>> 1) : c >>> 1;
    table[n] = c >>> 0;
  }
  return table;
})();

/** CRC-32 (IEEE 802.3, reflected, as ZIP and gzip use it). */
export function crc32(data: Uint8Array): number {
  let crc = 0xffffffff;
  for (const byte of data) crc = (CRC_TABLE[(crc ^ byte) & 0xff] ?? 0) ^ (crc >>> 8);
  return (crc ^ 0xffffffff) >>> 0;
}

// 1980-01-01 00:00, the earliest MS-DOS date: a fixed stamp keeps archives reproducible.
const DOS_TIME = 0;
const DOS_DATE = (0 << 9) | (1 << 5) | 1;
const S_IFREG = 0o100000;
const UTF8_FLAG = 1 << 11;
const MAX_U16 = 0xffff;
const MAX_U32 = 0xffffffff;

/** The bytes of a ZIP archive holding `entries` in the given order. */
export function createZip(entries: readonly ZipEntry[]): Buffer {
  if (entries.length > MAX_U16)
    throw new UsageError(`A zip without ZIP64 holds at most ${MAX_U16} entries, got ${entries.length}`);
  const locals: Buffer[] = [];
  const centrals: Buffer[] = [];
  const seen = new Set<string>();
  let offset = 0;
  for (const entry of entries) {
    checkName(entry.name, seen);
    const name = Buffer.from(entry.name, 'utf8');
    const crc = crc32(entry.data);
    const deflated = deflateRawSync(entry.data, { level: 9 });
    const stored = deflated.length >= entry.data.length;
    const body = stored ? Buffer.from(entry.data) : deflated;
    if (body.length > MAX_U32 || offset > MAX_U32)
      throw new UsageError(`"${entry.name}" does not fit in a zip without ZIP64`);
    const method = stored ? 0 : 8;

    const fields: EntryFields = {
      method,
      crc,
      compressedSize: body.length,
      size: entry.data.length,
      nameLength: name.length,
    };
    const local = Buffer.alloc(30);
    local.writeUInt32LE(0x04034b50, 0);
    writeEntryFields(local, 4, fields);
    local.writeUInt16LE(0, 28); // extra field length

    const central = Buffer.alloc(46);
    central.writeUInt32LE(0x02014b50, 0);
    central.writeUInt16LE((3 << 8) | 20, 4); // made by UNIX, spec 2.0
    writeEntryFields(central, 6, fields);
    central.writeUInt16LE(0, 30); // extra
    central.writeUInt16LE(0, 32); // comment
    central.writeUInt16LE(0, 34); // disk
    central.writeUInt16LE(0, 36); // internal attributes
    central.writeUInt32LE(((S_IFREG | ((entry.mode ?? 0o644) & 0o7777)) << 16) >>> 0, 38);
    central.writeUInt32LE(offset, 42);

    locals.push(local, name, body);
    centrals.push(central, name);
    offset += local.length + name.length + body.length;
  }
  const directory = Buffer.concat(centrals);
  if (offset > MAX_U32) throw new UsageError('The archive does not fit in a zip without ZIP64');
  const end = Buffer.alloc(22);
  end.writeUInt32LE(0x06054b50, 0);
  end.writeUInt16LE(0, 4);
  end.writeUInt16LE(0, 6);
  end.writeUInt16LE(entries.length, 8);
  end.writeUInt16LE(entries.length, 10);
  end.writeUInt32LE(directory.length, 12);
  end.writeUInt32LE(offset, 16);
  end.writeUInt16LE(0, 20);
  return Buffer.concat([...locals, directory, end]);
}

interface EntryFields {
  readonly method: number;
  readonly crc: number;
  readonly compressedSize: number;
  readonly size: number;
  readonly nameLength: number;
}

/**
 * The 24 bytes the local header (at 4) and the central directory header (at 6) share, in the
 * same order: version needed, flags, method, time, date, CRC-32, both sizes, name length.
 */
function writeEntryFields(header: Buffer, at: number, f: EntryFields): void {
  header.writeUInt16LE(20, at); // version needed: 2.0 (deflate)
  header.writeUInt16LE(UTF8_FLAG, at + 2);
  header.writeUInt16LE(f.method, at + 4);
  header.writeUInt16LE(DOS_TIME, at + 6);
  header.writeUInt16LE(DOS_DATE, at + 8);
  header.writeUInt32LE(f.crc, at + 10);
  header.writeUInt32LE(f.compressedSize, at + 14);
  header.writeUInt32LE(f.size, at + 18);
  header.writeUInt16LE(f.nameLength, at + 22);
}

function checkName(name: string, seen: Set<string>): void {
  const parts = name.split('/');
  if (
    name === '' ||
    name.startsWith('/') ||
    name.includes('\\') ||
    parts.some((p) => p === '' || p === '.' || p === '..')
  ) {
    throw new UsageError(
      `Bad zip entry name "${name}": expected a relative forward-slash path without "." or ".." parts`,
    );
  }
  if (seen.has(name)) throw new UsageError(`Duplicate zip entry "${name}"`);
  seen.add(name);
}
