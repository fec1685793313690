// Where the bulk area's records are kept: an import's partition (`IMPORT#<id>`) holds the import, its chunks
// (`CHUNK#<n>`), the tally its chunks add their counts to (`TALLY`, announced nothing) and its rows' errors
// (`ERROR#<row>`). The claims an import keeps so that importing a file again finds what it made: a company's
// name (`IMPORTNAME#<key>`) and, for a person without an e-mail address, the person (`IMPORTPERSON#<key>`).
import { byType, entity, type Key, recordOf } from '../platform/entity.ts';
import type { Import, ImportChunk, ImportError } from './import.ts';

export const importPartition = (importId: string) => `IMPORT#${importId}`;
export const importKey = (importId: string): Key => ({ pk: importPartition(importId), sk: 'IMPORT' });

export const imports = /* @__PURE__ */ entity({
  type: 'Import',
  key: (record: Import): Key => importKey(record.id),
  indexes: { all: /* @__PURE__ */ byType<Import>('IMPORT') },
});

const pad = (n: number, width: number) => String(n).padStart(width, '0');

export const CHUNK_PREFIX = 'CHUNK#';
export const chunkKey = (importId: string, n: number): Key => ({
  pk: importPartition(importId),
  sk: `${CHUNK_PREFIX}${pad(n, 6)}`,
});

export const importChunks = /* @__PURE__ */ entity({
  type: 'ImportChunk',
  key: (chunk: ImportChunk): Key => chunkKey(chunk.importId, chunk.n),
  indexes: {},
});

/** The counts the import's finished chunks have added up to (ADDed to by each chunk's last batch). */
export const tallyKey = (importId: string): Key => ({ pk: importPartition(importId), sk: 'TALLY' });

export const ERROR_PREFIX = 'ERROR#';
export const importErrorKey = (importId: string, row: number, n = 0): Key => ({
  pk: importPartition(importId),
  sk: `${ERROR_PREFIX}${pad(row, 10)}#${pad(n, 3)}`,
});

export const importErrorItem = (importId: string, error: ImportError, n: number) => ({
  ...importErrorKey(importId, error.row, n),
  type: 'ImportError',
  ...error,
});

/** A company's name as imported: the account the first row naming it made (or joined). */
export const nameClaimKey = (nameKey: string): Key => ({ pk: `IMPORTNAME#${nameKey}`, sk: 'CLAIM' });
/** A person imported without an e-mail address, by name, phone and company: the contact made for them. */
export const personClaimKey = (personKey: string): Key => ({ pk: `IMPORTPERSON#${personKey}`, sk: 'CLAIM' });

export const toImport = (item: Record<string, unknown>) => recordOf<Import>(item);
export const toChunk = (item: Record<string, unknown>) => recordOf<ImportChunk>(item);
