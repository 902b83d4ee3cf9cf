import { InvalidInputError } from './domain-errors';
import {
  BIDI_MESSAGE,
  CONTROL_MESSAGE,
  DEPTH_MESSAGE,
  InputTextPipe,
  inputTextProblems,
  withoutBidiControls,
} from './input-text';

describe('the input character policy', () => {
  it('refuses C0 (but tab, LF, CR), DEL and C1 controls, naming each field by its path', () => {
    expect(
      inputTextProblems({
        title: 'a\u0000b',
        summary: '第一行\n第二行\t\r',
        completers: [{ name: '李四' }, { name: '王\u0085五' }],
        ip: { owner: 'x\u007f' },
      }),
    ).toEqual({
      title: [CONTROL_MESSAGE],
      'completers.1.name': [CONTROL_MESSAGE],
      'ip.owner': [CONTROL_MESSAGE],
    });
  });

  it('refuses bidi embeddings, overrides, isolates and marks, except in passwords', () => {
    for (const ch of ['\u202a', '\u202e', '\u2066', '\u2069', '\u200e', '\u200f', '\u061c']) {
      expect(inputTextProblems({ title: `成果${ch}名称` })).toEqual({ title: [BIDI_MESSAGE] });
    }
    expect(inputTextProblems({ password: 'Pass\u202eword-2026', newPassword: 'x\u2066' })).toEqual(
      {},
    );
    expect(inputTextProblems({ password: 'Pass\u0000word' })).toEqual({
      password: [CONTROL_MESSAGE],
    });
  });

  it('names a bare value by its parameter and checks keys too', () => {
    expect(inputTextProblems('abc\u0000', 'q')).toEqual({ q: [CONTROL_MESSAGE] });
    expect(inputTextProblems({ 'k\u0000': 1 })).toEqual({ 'k\u0000': [CONTROL_MESSAGE] });
    expect(inputTextProblems({ q: '中文名称\u200b', n: 1, b: true, z: null })).toEqual({});
  });

  it('refuses nesting deeper than the limit without recursion, however deep', () => {
    const deep = JSON.parse(`${'['.repeat(200_000)}${']'.repeat(200_000)}`) as unknown;
    expect(inputTextProblems(deep)).toEqual({ body: [DEPTH_MESSAGE] });
    const fine = JSON.parse(`${'{"a":'.repeat(20)}1${'}'.repeat(20)}`) as unknown;
    expect(inputTextProblems(fine)).toEqual({});
  });

  it('as a pipe: a 400 for query, params and body, custom decorators left to their handler', () => {
    const pipe = new InputTextPipe();
    expect(() => pipe.transform('a\u0000', { type: 'query', data: 'city' })).toThrow(
      InvalidInputError,
    );
    expect(() => pipe.transform({ title: '\u202e' }, { type: 'body' })).toThrow(InvalidInputError);
    expect(pipe.transform({ title: '\u202e' }, { type: 'custom' })).toEqual({ title: '\u202e' });
    expect(pipe.transform({ title: '标题' }, { type: 'body' })).toEqual({ title: '标题' });
  });

  it('drops bidi controls from text about to be rendered', () => {
    expect(withoutBidiControls('<b>gnp.\u202eexe</b>\u2066x\u2069\u200f')).toBe('<b>gnp.exe</b>x');
  });
});
