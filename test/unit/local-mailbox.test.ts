// The laptop's mailbox: each mail one whole .eml file, however often and however concurrently it is delivered,
// and no draft left behind.
import { existsSync, mkdtempSync, readdirSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { localMailbox } from '../../functions/work/local-mailbox.ts';
import type { Mail } from '../../functions/work/mail.ts';

const mail: Mail = {
  id: '01JMAILMAILMAILMAILMAILMA1',
  to: 'tess@example.test',
  subject: 'Due now',
  text: `Hello Tess,\n\n${'A long line of the mail. '.repeat(4000)}`,
  status: 'sending',
  about: {},
  createdAt: '2026-12-02T10:00:00.000Z',
  version: 2,
};

describe('the local mailbox', () => {
  it('writes a mail delivered many times at once as one whole file, leaving no draft', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'mailbox-'));
    const box = localMailbox(dir);
    await Promise.all(Array.from({ length: 12 }, () => box.send(mail, 'crm@example.test')));
    expect(readdirSync(dir)).toEqual([`${mail.id}.eml`]);
    const written = readFileSync(join(dir, `${mail.id}.eml`), 'utf8');
    expect(written.startsWith('From: crm@example.test\r\nTo: tess@example.test\r\n')).toBe(true);
    expect(written.endsWith(`${mail.text}\r\n`)).toBe(true);
  });

  it('never shows a reader half a mail: the file appears whole', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'mailbox-'));
    const big = { ...mail, text: 'x'.repeat(8 * 1024 * 1024) };
    const file = join(dir, `${mail.id}.eml`);
    const sizes: number[] = [];
    let done = false;
    const sent = localMailbox(dir)
      .send(big, 'crm@example.test')
      .finally(() => {
        done = true;
      });
    while (!done) {
      if (existsSync(file)) sizes.push(readFileSync(file).length);
      await new Promise((resolve) => setImmediate(resolve));
    }
    await sent;
    const whole = readFileSync(file).length;
    expect(whole).toBeGreaterThan(big.text.length);
    expect(sizes.every((size) => size === whole)).toBe(true);
  });
});
