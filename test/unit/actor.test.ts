// Who is making a change, as the platform's wrappers set it: the records written record it (`createdBy` once,
// `updatedBy` on every change), and nothing leaks from one invocation into another.
import type { Context, EventBridgeEvent } from 'aws-lambda';
import { describe, expect, it } from 'vitest';
import { actingAs, currentActor, stamped } from '../../functions/platform/actor.ts';
import { eventHandler } from '../../functions/platform/event-handler.ts';
import { scheduledHandler } from '../../functions/platform/scheduled.ts';
import * as z from '../../functions/platform/zod.ts';

describe('the actor', () => {
  it('stamps a new record with its maker, and a changed one with its changer only', () => {
    const made = actingAs('member-a', () => stamped({ id: '1', version: 1 }));
    expect(made).toEqual({ id: '1', version: 1, createdBy: 'member-a', updatedBy: 'member-a' });
    const changed = actingAs('member-b', () => stamped({ ...made, version: 2 }));
    expect(changed).toMatchObject({ createdBy: 'member-a', updatedBy: 'member-b' });
    // A record from before actors were recorded: its maker is not guessed at a later change.
    expect(actingAs('member-b', () => stamped({ id: '2', version: 5 }))).not.toHaveProperty('createdBy');
  });

  it('is the system outside any handler, and each concurrent piece of work keeps its own', async () => {
    expect(currentActor()).toBe('system');
    const seen = await Promise.all(
      ['a', 'b', 'c'].map((who) =>
        actingAs(who, async () => {
          await new Promise((resolve) => setTimeout(resolve, Math.random() * 10));
          return currentActor();
        }),
      ),
    );
    expect(seen).toEqual(['a', 'b', 'c']);
    expect(currentActor()).toBe('system');
  });

  it('is system:<function> in an automation and system:<schedule> in a job', async () => {
    let inRule: string | undefined;
    const rule = eventHandler(z.object({ eventId: z.string() }), async () => {
      inRule = currentActor();
      return {};
    });
    await rule(
      { detail: { eventId: 'e' }, 'detail-type': 'X' } as EventBridgeEvent<string, unknown>,
      {
        functionName: 'activate-won-account',
      } as Context,
    );
    expect(inRule).toBe('system:activate-won-account');
    let inJob: string | undefined;
    const job = scheduledHandler(async () => {
      inJob = currentActor();
      return {};
    });
    await job({ schedule: 'tasks-due', time: '2026-12-01T10:00:00Z' });
    expect(inJob).toBe('system:tasks-due');
  });
});
