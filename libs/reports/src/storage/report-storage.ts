import type { Readable } from 'node:stream';

/** A stored report file opened for reading. */
export interface StoredReport {
  body: Readable;
  sizeBytes: number;
}

/**
 * Where report files live. The worker writes, the api reads; both must reach the same store: a shared directory
 * (LocalDiskReportStorage) or an S3-compatible bucket (S3ReportStorage).
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
  /**
   * A short-lived URL that fetches the file straight from the store, saved by a browser as `file.fileName`. Only
   * stores reachable by URL have it (S3); the api redirects to it when configured to.
   */
  downloadUrl?(key: string, file: DownloadFile, expiresSeconds: number): Promise<string>;
}

/** How a browser should save a downloaded report. */
export interface DownloadFile {
  fileName: string;
  contentType: string;
}

/** Injection token for the process's ReportStorage. */
export const REPORT_STORAGE = Symbol('REPORT_STORAGE');
