// The local commands' progress bar (npm run seed, npm run reindex, npm run import).

/** A progress bar on stderr: redrawn in place on a terminal, a line now and then otherwise (logs, CI). */
export class Progress {
  private readonly tty = process.stderr.isTTY === true;
  private label = '';
  private total = 0;
  private done = 0;
  private drawnAt = 0;
  private reported = -1;

  start(label: string, total: number) {
    this.label = label;
    this.total = total;
    this.done = 0;
    this.reported = -1;
    this.draw(true);
  }

  /** A total that grows while the work is being found (an import's file being split). */
  setTotal(total: number) {
    this.total = total;
  }

  set(done: number) {
    this.done = done;
    this.draw(false);
  }

  finish(note = '') {
    this.done = this.total;
    if (this.tty) process.stderr.write(`\r${this.line()}${note}\x1b[K\n`);
    else process.stderr.write(`${this.line()}${note}\n`);
  }

  private line() {
    const share = this.total === 0 ? 1 : this.done / this.total;
    const width = 30;
    const filled = Math.round(share * width);
    return `${this.label.padEnd(9)} [${'#'.repeat(filled)}${'.'.repeat(width - filled)}] ${this.done}/${this.total} ${String(Math.floor(share * 100)).padStart(3)}%`;
  }

  private draw(force: boolean) {
    if (this.tty) {
      if (!force && Date.now() - this.drawnAt < 80) return;
      this.drawnAt = Date.now();
      process.stderr.write(`\r${this.line()}\x1b[K`);
      return;
    }
    // Not a terminal: a line at each quarter.
    const quarter = this.total === 0 ? 4 : Math.floor((this.done / this.total) * 4);
    if (quarter > this.reported && quarter < 4) {
      this.reported = quarter;
      process.stderr.write(`${this.line()}\n`);
    }
  }
}
