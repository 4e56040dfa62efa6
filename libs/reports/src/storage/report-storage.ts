import type { Readable } from 'node:stream';

/** A stored report file opened for reading. */
export interface StoredReport {
  body: Readable;
  sizeBytes: number;
}

/**
 * Where report files live. The worker writes, the api reads; both must reach the same store (a shared directory
 * by default). An S3-compatible store implements the same three calls.
 */
export interface ReportStorage {
  /** Stores the whole stream under `key`; the file appears only once complete. Returns its size. */
  put(key: string, body: Readable): Promise<{ sizeBytes: number }>;
  /** Opens a stored file, or throws ReportError `report_file_not_found`. */
  get(key: string): Promise<StoredReport>;
  /** Deletes a stored file; deleting a missing one is not an error. */
  delete(key: string): Promise<void>;
  /** Where the file under `key` is kept, for people to find it (an absolute path; a URL for a remote store). */
  locate(key: string): string;
}

/** Injection token for the process's ReportStorage. */
export const REPORT_STORAGE = Symbol('REPORT_STORAGE');
