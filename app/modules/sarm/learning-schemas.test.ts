import { describe, expect, it } from 'vitest'
import { parseOptions, splitEmails, TrainingInput } from './learning-schemas'

// The quiz options as the desk types them, and the invitation list's e-mails.

describe('parseOptions', () => {
  it.each([
    [
      'Да | Yes\n*Нет | No',
      {
        options: [
          { ru: 'Да', en: 'Yes' },
          { ru: 'Нет', en: 'No' },
        ],
        correctIndex: 1,
      },
    ],
    [
      '*A | A\r\nБ | B\n\nВ | C',
      {
        options: [
          { ru: 'A', en: 'A' },
          { ru: 'Б', en: 'B' },
          { ru: 'В', en: 'C' },
        ],
        correctIndex: 0,
      },
    ],
  ])('reads %j', (text, expected) => {
    expect(parseOptions(text)).toEqual(expected)
  })

  it.each([
    ['one option', '*Да | Yes'],
    ['none marked', 'Да | Yes\nНет | No'],
    ['two marked', '*Да | Yes\n*Нет | No'],
    ['a language missing', '*Да\nНет | No'],
    ['an extra bar', '*Да | Yes | Oui\nНет | No'],
    ['seven options', ['*1 | 1', '2 | 2', '3 | 3', '4 | 4', '5 | 5', '6 | 6', '7 | 7'].join('\n')],
  ])('refuses %s', (_name, text) => {
    expect(parseOptions(text)).toBeNull()
  })
})

describe('TrainingInput', () => {
  it('needs date, place and capacity in person, material and a question online', () => {
    const inPerson = TrainingInput.safeParse({ kind: 'in_person', titleRu: 'К', titleEn: 'T' })
    expect(inPerson.success).toBe(false)
    const paths = inPerson.error!.issues.map((i) => i.path.join('.'))
    expect(paths).toEqual(expect.arrayContaining(['startsLocal', 'place', 'capacity']))
    const online = TrainingInput.safeParse({ kind: 'online', titleRu: 'К', titleEn: 'T', materialRu: 'М', materialEn: 'M' })
    expect(online.error!.issues.map((i) => i.message)).toContain('sarm.training.error.noQuestions')
  })
})

describe('splitEmails', () => {
  it('splits by lines, commas and semicolons, lower-cased, each once', () => {
    expect(splitEmails('A@x.ru, b@x.ru;\na@X.ru\n\n c@x.ru ')).toEqual(['a@x.ru', 'b@x.ru', 'c@x.ru'])
  })
})
