// Every kind of page Posvet serves, by an address the demo consultation has. The HTML checker
// (html.spec.ts) and the layout checks (layout.spec.ts) go through the same list.
export const pages = [
  '/',
  '/communities/digitalna-ljubljana',
  '/consultations/1',
  '/consultations/1?sort=new&page=1',
  // Open to guests, with registration questions (the demo's last consultation).
  '/consultations/5',
  '/ideas/1',
  '/consultations/1/new',
  '/ideas/1/edit',
  '/ideas/1/history',
  '/search?q=podatki',
  '/login',
  '/register',
  '/password/forgot',
  '/password/reset?token=0',
  '/account/confirm?token=0',
  '/account',
  '/report/idea/1',
  '/communities/digitalna-ljubljana/moderation/log',
  '/notifications',
  '/consultations/1/answers',
  '/consultations/1/results',
  '/communities/digitalna-ljubljana/dashboard',
  '/consultations/1/settings',
  '/communities/digitalna-ljubljana/settings',
  '/communities/new',
  '/ideas/14',
  '/measures/14/history',
  '/measures/14/manage',
  '/consultations/2/measures/new',
  '/communities/digitalna-ljubljana/implementation',
  // The demo's consultation of statements (a real Pol.is conversation).
  '/consultations/6',
  '/consultations/6?sort=common-ground',
  '/consultations/6/statements',
  '/consultations/6/results',
  // The demo's survey (in the consultation open to guests).
  '/consultations/5/surveys',
  '/surveys/1',
  '/surveys/1?page=2',
  '/surveys/1?page=check',
  '/surveys/1/results',
  '/surveys/1/results?by=1',
  // The demo's districts (approximate shapes): a consultation filtered by one, an idea placed
  // in one (with a comment and its reply).
  '/consultations/1?area=14',
  '/ideas/3',
  '/no-such-page',
];

// Pages only a community's moderators or administrators open (refused to anyone else).
export const adminPages = [
  '/communities/digitalna-ljubljana/moderation',
  '/communities/digitalna-ljubljana/audit',
  '/communities/digitalna-ljubljana/members',
  '/moderate/idea/1',
  '/surveys/1/build',
  // Site administrators only (the demo has none: the page says so).
  '/site/look',
];

// The pages a reviewer looks at first, photographed at a phone's and a laptop's width.
export const showcase = [
  '/',
  '/communities/digitalna-ljubljana',
  '/consultations/1',
  '/ideas/1',
  '/ideas/14',
  '/consultations/1/results',
  '/consultations/6/statements',
  '/consultations/6/results',
  '/communities/digitalna-ljubljana/implementation',
  '/communities/digitalna-ljubljana/dashboard',
  '/communities/digitalna-ljubljana/moderation',
  '/communities/digitalna-ljubljana/settings',
  '/login',
];
