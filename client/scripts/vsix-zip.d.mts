// Types of vsix-zip.mjs (the zip writer and reader of the .vsix), for TypeScript callers.

export interface ZipEntryInput {
  name: string;
  data: Buffer;
}

export interface ZipEntry {
  name: string;
  /** Uncompressed bytes. */
  size: number;
  compressedSize: number;
  /** Inflates the content, checked against the stored CRC. */
  read(): Buffer;
}

export function zip(entries: ZipEntryInput[]): Buffer;
export function readZip(archive: Buffer): ZipEntry[];
