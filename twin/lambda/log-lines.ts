// Turns the chunks a function writes into the lines CloudWatch would show.

export class LineCollector {
  private readonly lines: string[] = [];
  private partial = '';

  push(text: string): void {
    const parts = (this.partial + text).split('\n');
    this.partial = parts.pop() ?? '';
    this.lines.push(...parts);
  }

  /** All complete lines, plus an unterminated last one. */
  finish(): string[] {
    if (this.partial !== '') {
      this.lines.push(this.partial);
      this.partial = '';
    }
    return [...this.lines];
  }
}
