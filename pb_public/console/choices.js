// The answers a profile offers, as the profiles collection defines them (a Go test holds
// these lists to the schema). Languages and countries are named by the browser (Intl).
export const LANGUAGES = [
  'fr', 'nl', 'en', 'de', 'ar', 'ber', 'tr', 'es', 'it', 'pt', 'ro', 'pl', 'bg', 'ru', 'uk', 'fa', 'prs',
  'ps', 'ku', 'am', 'ti', 'om', 'so', 'sw', 'ln', 'lg', 'rw', 'wo', 'ff', 'bm', 'ha', 'yo', 'ig', 'ur', 'hi',
  'bn', 'ta', 'pa', 'ne', 'zh', 'vi', 'th', 'tl', 'ka', 'hy', 'sq', 'sr', 'bs', 'hr', 'mk', 'el', 'he', 'az',
  'uz', 'other',
];

export const SECTORS = [
  'administration', 'agriculture', 'arts_culture', 'commerce_retail', 'construction', 'education', 'energy',
  'engineering', 'finance_insurance', 'healthcare', 'hospitality_tourism', 'hr_recruitment', 'ict',
  'industry_manufacturing', 'legal', 'logistics_transport', 'marketing_communication', 'media', 'nonprofit',
  'pharma_life_sciences', 'public_sector', 'real_estate', 'research', 'sales', 'security', 'social_work',
  'other',
];

export const BARRIERS = [
  'language', 'experience', 'job_search_tools', 'self_confidence', 'network', 'discrimination',
  'digital_skills', 'other',
];

export const GENDERS = ['female', 'male', 'nonbinary', 'undisclosed'];

export const EDUCATION = ['primary', 'secondary', 'vocational', 'bachelor', 'master', 'doctorate'];

export const DAYS = ['mon', 'tue', 'wed', 'thu', 'fri', 'sat', 'sun'];
export const PARTS = ['morning', 'afternoon', 'evening'];

// ISO 3166 codes (from the time zone database's iso3166.tab).
export const COUNTRIES = [
  'AD', 'AE', 'AF', 'AG', 'AI', 'AL', 'AM', 'AO', 'AQ', 'AR', 'AS', 'AT', 'AU', 'AW', 'AX', 'AZ', 'BA', 'BB',
  'BD', 'BE', 'BF', 'BG', 'BH', 'BI', 'BJ', 'BL', 'BM', 'BN', 'BO', 'BQ', 'BR', 'BS', 'BT', 'BV', 'BW', 'BY',
  'BZ', 'CA', 'CC', 'CD', 'CF', 'CG', 'CH', 'CI', 'CK', 'CL', 'CM', 'CN', 'CO', 'CR', 'CU', 'CV', 'CW', 'CX',
  'CY', 'CZ', 'DE', 'DJ', 'DK', 'DM', 'DO', 'DZ', 'EC', 'EE', 'EG', 'EH', 'ER', 'ES', 'ET', 'FI', 'FJ', 'FK',
  'FM', 'FO', 'FR', 'GA', 'GB', 'GD', 'GE', 'GF', 'GG', 'GH', 'GI', 'GL', 'GM', 'GN', 'GP', 'GQ', 'GR', 'GS',
  'GT', 'GU', 'GW', 'GY', 'HK', 'HM', 'HN', 'HR', 'HT', 'HU', 'ID', 'IE', 'IL', 'IM', 'IN', 'IO', 'IQ', 'IR',
  'IS', 'IT', 'JE', 'JM', 'JO', 'JP', 'KE', 'KG', 'KH', 'KI', 'KM', 'KN', 'KP', 'KR', 'KW', 'KY', 'KZ', 'LA',
  'LB', 'LC', 'LI', 'LK', 'LR', 'LS', 'LT', 'LU', 'LV', 'LY', 'MA', 'MC', 'MD', 'ME', 'MF', 'MG', 'MH', 'MK',
  'ML', 'MM', 'MN', 'MO', 'MP', 'MQ', 'MR', 'MS', 'MT', 'MU', 'MV', 'MW', 'MX', 'MY', 'MZ', 'NA', 'NC', 'NE',
  'NF', 'NG', 'NI', 'NL', 'NO', 'NP', 'NR', 'NU', 'NZ', 'OM', 'PA', 'PE', 'PF', 'PG', 'PH', 'PK', 'PL', 'PM',
  'PN', 'PR', 'PS', 'PT', 'PW', 'PY', 'QA', 'RE', 'RO', 'RS', 'RU', 'RW', 'SA', 'SB', 'SC', 'SD', 'SE', 'SG',
  'SH', 'SI', 'SJ', 'SK', 'SL', 'SM', 'SN', 'SO', 'SR', 'SS', 'ST', 'SV', 'SX', 'SY', 'SZ', 'TC', 'TD', 'TF',
  'TG', 'TH', 'TJ', 'TK', 'TL', 'TM', 'TN', 'TO', 'TR', 'TT', 'TV', 'TW', 'TZ', 'UA', 'UG', 'UM', 'US', 'UY',
  'UZ', 'VA', 'VC', 'VE', 'VG', 'VI', 'VN', 'VU', 'WF', 'WS', 'YE', 'YT', 'ZA', 'ZM', 'ZW',
];
