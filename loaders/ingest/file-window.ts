/**
 * A window of a file for the physical-record scan (physical-records.ts): at most a chunk plus the
 * longest record the reader accepts, read from the file on demand into storage the caller gives
 * (a Buffer, or the line kernel's WebAssembly memory), so a scan holds a bounded amount of the file.
 * On request it checks, as the bytes arrive, that the file is valid UTF-8 throughout (native check
 * of each byte once, in file order), which spares the encoding detection a read of its own.
 */
import { isUtf8 } from "node:buffer";
import { fstatSync, readSync } from "node:fs";
import { completeUtf8Prefix } from "./file-format.ts";

/** A window of the file: `bytes` holds the file's bytes from `start` on. */
export class Window {
  bytes: Buffer;
  start = 0;
  /** increases whenever the window's bytes change */
  generation = 0;
  readonly size: number;
  /** with `checkUtf8`: the file's bytes before this offset are valid UTF-8 */
  private utf8ValidTo = 0;
  private utf8Invalid = false;

  /** `storage`: where the file's bytes are read (longer than `maxRecordBytes` + 2) */
  constructor(
    private readonly fd: number,
    private readonly storage: Buffer,
    private readonly maxRecordBytes: number,
    private readonly checkUtf8 = false,
  ) {
    this.size = fstatSync(fd).size;
    this.bytes = storage.subarray(0, 0);
  }

  /**
   * With `checkUtf8`: true when every byte of the file was read and is valid UTF-8; false when an
   * invalid byte was found, or the scan skipped bytes (the file then needs a check of its own).
   */
  get validUtf8(): boolean {
    return this.checkUtf8 && !this.utf8Invalid && this.utf8ValidTo >= this.size;
  }

  /** Checks the bytes just read from the first one not yet checked, up to the last whole character. */
  private checkNewBytes(): void {
    if (!this.checkUtf8 || this.utf8Invalid || this.start > this.utf8ValidTo) return;
    const fresh = this.bytes.subarray(Math.min(this.utf8ValidTo - this.start, this.bytes.length));
    const whole = this.end >= this.size ? fresh.length : completeUtf8Prefix(fresh);
    if (isUtf8(fresh.subarray(0, whole))) this.utf8ValidTo += whole;
    else this.utf8Invalid = true;
  }

  get end(): number {
    return this.start + this.bytes.length;
  }

  /** Makes the window start at `position` and hold as much as fits after it. */
  moveTo(position: number): void {
    const keepFrom = position - this.start;
    let kept = 0;
    if (keepFrom >= 0 && keepFrom < this.bytes.length) {
      kept = this.bytes.length - keepFrom;
      this.bytes.copy(this.storage, 0, keepFrom);
    }
    const n = readSync(this.fd, this.storage, kept, this.storage.length - kept, position + kept);
    this.start = position;
    this.bytes = this.storage.subarray(0, kept + n);
    this.generation++;
    this.checkNewBytes();
  }

  /** Ensures the window holds `maxRecordBytes` + 2 bytes from `position` on (or the file's end). */
  reach(position: number): void {
    if (position < this.start || Math.min(position + this.maxRecordBytes + 2, this.size) > this.end) this.moveTo(position);
  }

  /** File offset of the next `byte` at or after `position` (streaming past the window), or the file size. */
  seek(position: number, byte: number): number {
    for (let p = position; ; ) {
      if (p >= this.size) return this.size;
      if (p < this.start || p >= this.end) this.moveTo(p);
      const i = this.bytes.indexOf(byte, p - this.start);
      if (i !== -1) return this.start + i;
      p = this.end;
    }
  }
}
