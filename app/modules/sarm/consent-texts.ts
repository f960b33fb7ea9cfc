import type { Locale } from '../../i18n'

// The consent texts (152-FZ "О персональных данных", art. 9) as a person reads them when giving consent. A consent
// row stores the version and the very text shown, so a later wording never rewrites what someone agreed to. A new
// wording is a new version here; it applies to consents given from then on.

export type ConsentPurpose = 'processing' | 'honour_photo'

export const consentTexts: Record<ConsentPurpose, { version: string } & Record<Locale, string>> = {
  processing: {
    version: 'pd-2026-12',
    ru:
      'Я даю согласие оператору портала и дилеру, у которого работаю, на обработку моих персональных данных (имя, ' +
      'e-mail, телефон, магазин, сведения о продажах) для учёта продаж, начисления бонусов и призов, обучения и ' +
      'приглашений на мероприятия. Согласие действует до отзыва; отозвать его можно в любой момент на странице ' +
      '«Мои согласия», после чего обработка, для которой оно нужно, прекращается.',
    en:
      'I consent to the portal operator and the dealer I work for processing my personal data (name, e-mail, phone, ' +
      'shop, sales records) to record sales, pay bonuses and prizes, train me and invite me to events. The consent ' +
      'lasts until withdrawn; I can withdraw it at any time on the “My consents” page, and the processing that needs ' +
      'it then stops.',
  },
  honour_photo: {
    version: 'photo-2026-12',
    ru:
      'Я согласен(на), чтобы моя фотография была показана на доске почёта портала участникам программы. Согласие ' +
      'можно отозвать в любой момент: фотография будет удалена сразу.',
    en:
      'I agree to my photo being shown on the portal’s honour board to the programme’s participants. I can withdraw ' +
      'this at any time: the photo is deleted at once.',
  },
}
