import type { OrganisationKind, Role, VerificationStatus } from '../app/modules/tenancy/roles'

// The demo world (issue #2 §9). Plain data, so the sign-in page can list the logins in demo mode.
export const DEMO_PASSWORD = 'demo-portal-2026'

export interface DemoOrg {
  key: string
  kind: OrganisationKind
  shortName: string
  legalName: string
  country: string
  innBase?: string
  kpp?: string
  vatId?: string
  /** The registered address, as order confirmations and protocols print it. */
  legalAddress: string
  verificationStatus: VerificationStatus
}

export const demoOrgs: DemoOrg[] = [
  {
    key: 'operator',
    kind: 'operator',
    shortName: 'ТехноСнаб',
    legalName: 'АО «ТехноСнаб»',
    country: 'RU',
    innBase: '770100001',
    kpp: '770101001',
    legalAddress: '115280, г. Москва, ул. Ленинская Слобода, д. 19, стр. 2',
    verificationStatus: 'verified',
  },
  {
    key: 'dealer1',
    kind: 'dealer',
    shortName: 'Вектор',
    legalName: 'ООО «Вектор»',
    country: 'RU',
    innBase: '780200002',
    kpp: '780201001',
    legalAddress: '196084, г. Санкт-Петербург, наб. Обводного канала, д. 118',
    verificationStatus: 'verified',
  },
  {
    key: 'dealer2',
    kind: 'dealer',
    shortName: 'Альфа-Дилер',
    legalName: 'ООО «Альфа-Дилер»',
    country: 'RU',
    innBase: '540300003',
    kpp: '540301001',
    legalAddress: '630091, г. Новосибирск, Красный пр., д. 50, офис 12',
    verificationStatus: 'verified',
  },
  {
    key: 'dealer3',
    kind: 'dealer',
    shortName: 'Сибирь Электро',
    legalName: 'ООО «Сибирь Электро»',
    country: 'RU',
    innBase: '550400004',
    kpp: '550401001',
    legalAddress: '644024, г. Омск, ул. 10 лет Октября, д. 219',
    verificationStatus: 'verified',
  },
  {
    key: 'keyAccount',
    kind: 'key_account',
    shortName: 'Гипермаркет Плюс',
    legalName: 'АО «Гипермаркет Плюс»',
    country: 'RU',
    innBase: '771500005',
    kpp: '771501001',
    legalAddress: '123112, г. Москва, Пресненская наб., д. 8, стр. 1',
    verificationStatus: 'verified',
  },
  {
    key: 'supplier1',
    kind: 'supplier',
    shortName: 'ПромКабель',
    legalName: 'ООО «ПромКабель»',
    country: 'RU',
    innBase: '632100006',
    kpp: '632101001',
    legalAddress: '443080, г. Самара, Московское ш., д. 15',
    verificationStatus: 'verified',
  },
  {
    key: 'supplier2',
    kind: 'supplier',
    shortName: 'Уралметиз',
    legalName: 'ООО «Уралметиз»',
    country: 'RU',
    innBase: '667200007',
    kpp: '667201001',
    legalAddress: '620027, г. Екатеринбург, ул. Челюскинцев, д. 106',
    verificationStatus: 'verified',
  },
  {
    key: 'supplier3',
    kind: 'supplier',
    shortName: 'Astana Components',
    legalName: 'ТОО «Astana Components»',
    country: 'KZ',
    vatId: 'KZ000740001307',
    legalAddress: 'Z05K7B0, Республика Казахстан, г. Астана, пр. Мангилик Ел, д. 55/20',
    verificationStatus: 'verified',
  },
  {
    key: 'supplier4',
    kind: 'supplier',
    shortName: 'Новый Поставщик',
    legalName: 'ООО «Новый Поставщик»',
    country: 'RU',
    innBase: '502400008',
    kpp: '502401001',
    legalAddress: '141070, Московская обл., г. Королёв, ул. Ленина, д. 3',
    verificationStatus: 'pending',
  },
]

export interface DemoLogin {
  email: string
  displayName: string
  locale: 'ru' | 'en'
  /** `invitedBy` (a demo login's e-mail): an invitation not yet answered, shown to the person on signing in. */
  memberships: { org: string; role: Role; invitedBy?: string }[]
}

export const demoLogins: DemoLogin[] = [
  { email: 'admin@technosnab.demo', displayName: 'Анна Админова', locale: 'ru', memberships: [{ org: 'operator', role: 'operator_admin' }] },
  { email: 'sales@technosnab.demo', displayName: 'Сергей Продажин', locale: 'ru', memberships: [{ org: 'operator', role: 'sales_manager' }] },
  { email: 'partners@technosnab.demo', displayName: 'Полина Партнёрова', locale: 'ru', memberships: [{ org: 'operator', role: 'partner_manager' }] },
  {
    email: 'procurement@technosnab.demo',
    displayName: 'Pavel Zakupov',
    locale: 'en',
    memberships: [{ org: 'operator', role: 'procurement_officer' }],
  },
  { email: 'admin@vector.demo', displayName: 'Виктор Векторов', locale: 'ru', memberships: [{ org: 'dealer1', role: 'dealer_admin' }] },
  { email: 'buyer@vector.demo', displayName: 'Вера Закупкина', locale: 'ru', memberships: [{ org: 'dealer1', role: 'dealer_buyer' }] },
  { email: 'admin@alfa-dealer.demo', displayName: 'Алексей Альфин', locale: 'ru', memberships: [{ org: 'dealer2', role: 'dealer_admin' }] },
  {
    email: 'buyer@alfa-dealer.demo',
    displayName: 'Ольга Покупкина',
    locale: 'ru',
    memberships: [
      { org: 'dealer2', role: 'dealer_buyer' },
      { org: 'dealer1', role: 'dealer_viewer', invitedBy: 'admin@vector.demo' },
    ],
  },
  // One person in two dealers of a group: the organisation switcher's demo.
  {
    email: 'admin@sib-electro.demo',
    displayName: 'Семён Сибиряков',
    locale: 'ru',
    memberships: [
      { org: 'dealer3', role: 'dealer_admin' },
      { org: 'dealer2', role: 'dealer_viewer' },
    ],
  },
  { email: 'buyer@sib-electro.demo', displayName: 'Светлана Заказова', locale: 'ru', memberships: [{ org: 'dealer3', role: 'dealer_buyer' }] },
  // Shop assistants (issue 14): a shop manager who confirms sales at Вектор's shop on Nevsky, and two assistants.
  { email: 'manager@vector.demo', displayName: 'Марина Магазинова', locale: 'ru', memberships: [{ org: 'dealer1', role: 'shop_manager' }] },
  { email: 'seller@vector.demo', displayName: 'Саша Продавцова', locale: 'ru', memberships: [{ org: 'dealer1', role: 'shop_assistant' }] },
  { email: 'seller@alfa-dealer.demo', displayName: 'Nikita Sovetov', locale: 'en', memberships: [{ org: 'dealer2', role: 'shop_assistant' }] },
  { email: 'edi@hypermarket.demo', displayName: 'Kirill Integrator', locale: 'en', memberships: [{ org: 'keyAccount', role: 'account_admin' }] },
  { email: 'bids@promcable.demo', displayName: 'Пётр Кабелев', locale: 'ru', memberships: [{ org: 'supplier1', role: 'supplier_admin' }] },
  { email: 'bids@uralmetiz.demo', displayName: 'Ульяна Метизова', locale: 'ru', memberships: [{ org: 'supplier2', role: 'supplier_bidder' }] },
  {
    email: 'bids@astana-components.demo',
    displayName: 'Aigerim Nurlanova',
    locale: 'en',
    memberships: [{ org: 'supplier3', role: 'supplier_admin' }],
  },
  { email: 'bids@new-supplier.demo', displayName: 'Николай Новиков', locale: 'ru', memberships: [{ org: 'supplier4', role: 'supplier_admin' }] },
]
