import type { AuthUser } from '../access/auth-user';
import { InvalidInputError } from '../common/domain-errors';
import { AchievementEventPayloads } from './achievement-event-payloads';
import type { Achievement } from './achievement.entity';
import type { SendEventDto } from './dto/send-event.dto';

describe('AchievementEventPayloads', () => {
  const user = { id: 'u1', roles: ['officeStaff'] } as unknown as AuthUser;
  const item = { id: 'a1' } as unknown as Achievement;
  const event = (dto: Partial<SendEventDto>): SendEventDto => ({ type: 'SUBMIT', ...dto });

  it('gives an event nobody provides for no payload, and the trimmed comment', async () => {
    const payloads = new AchievementEventPayloads();
    await expect(payloads.contentOf(user, item, event({ comment: '  好  ' }))).resolves.toEqual({
      payload: {},
      comment: '好',
    });
  });

  it('asks the registered provider, with the comment and the event data', async () => {
    const payloads = new AchievementEventPayloads();
    const seen: unknown[] = [];
    payloads.provide('ASSIGN_PANEL', (_user, _item, comment, data) => {
      seen.push(comment, data);
      return Promise.resolve({ panel: ['e1'] });
    });
    const dto = event({ type: 'ASSIGN_PANEL', comment: ' 换人 ', data: { panel: ['e1'] } });
    await expect(payloads.contentOf(user, item, dto)).resolves.toEqual({
      payload: { panel: ['e1'] },
      comment: '换人',
    });
    expect(seen).toEqual(['换人', { panel: ['e1'] }]);
  });

  it('refuses data on an event that takes none, and a missing reason where one is required', async () => {
    const payloads = new AchievementEventPayloads();
    await expect(
      payloads.contentOf(user, item, event({ type: 'PUBLISH', data: { x: 1 } })),
    ).rejects.toEqual(InvalidInputError.field('data', '该操作不接受附加数据'));
    await expect(
      payloads.contentOf(user, item, event({ type: 'WITHDRAW', comment: '  ' })),
    ).rejects.toEqual(InvalidInputError.field('comment', '该操作必须填写理由'));
  });

  it('takes one provider per event type', () => {
    const payloads = new AchievementEventPayloads();
    payloads.provideContent('SUBMIT_SCORE', () => Promise.resolve({ payload: {} }));
    expect(() => payloads.provide('SUBMIT_SCORE', () => Promise.resolve({}))).toThrow(
      'event SUBMIT_SCORE already has a payload provider',
    );
  });
});
