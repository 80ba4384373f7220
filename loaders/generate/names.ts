/**
 * Russian names for the sample: staff, client names per segment, ticket categories, NPS comments.
 */
import type { Rng } from "./rng.ts";

export type Segment = "residential" | "cottage" | "business_center" | "industrial" | "other";

export const STAFF = {
  head: "Белов Андрей",
  supportManager: "Орлова Марина",
  successManager: "Смирнова Екатерина",
  engineer: "Волков Сергей",
  backupEngineer: "Никитин Павел",
} as const;

/** The one client whose name carries markup: every page must show it as plain text. */
export const HTML_CLIENT_NAME = "ЖК «<b>Сосны</b>» <script>alert(1)</script>";

const RESIDENTIAL = [
  "Северный парк", "Солнечный берег", "Зелёный квартал", "Весна", "Лесная поляна", "Речной", "Сити Парк",
  "Новые горизонты", "Кленовый", "Западные ворота", "Триумф", "Легенда", "Династия", "Панорама", "Европейский",
  "Изумрудный", "Белые ночи", "Серебряный бор", "Приморский", "Академический", "Победа", "Парковый", "Олимп",
  "Мечта", "Гармония", "Седьмое небо", "Летний сад", "Ясный", "Созвездие", "Акварель", "Родные берега", "Символ",
  "Гранд Парк", "Любимово", "Настроение", "Первый квартал", "Рассвет", "Южный", "Time", "Вишнёвый сад",
  "Маяк", "Ривьера", "Лазурный", "Восход", "Московские окна", "Платановый", "Дом у озера", "Новое Бутово",
  "Красная горка", "Уютный", "Тихий центр", "Полярная звезда", "Черёмушки", "Ломоносов", "Северная долина",
  "Солнцево Парк", "Светлый мир", "Город на реке", "Петровский", "Арбатский", "Невский", "Волжский", "Ладога",
];
const COTTAGE = [
  "Лесные дали", "Берёзки", "Сосновый бор", "Княжье озеро", "Малиновка", "Ельники", "Тихая гавань", "Заречье",
  "Дубрава", "Истра Лайф", "Новая Рига", "Рябиновая роща", "Озёрный край", "Светлые поляны", "Баварская деревня",
  "Медвежьи озёра", "Гринвуд", "Липки", "Усадьба Знаменское", "Солнечная долина", "Пестово", "Родники",
  "Кедровый", "Синий лес", "Луговое", "Петровские холмы", "Ольховка", "Вороново", "Жуковка Village", "Мирный",
];
const BUSINESS_CENTERS = [
  "Меридиан", "Омега Плаза", "Северная башня", "Кристалл", "Магистраль", "Трио", "Аврора", "Вектор", "Навигатор",
  "Атриум", "Белая площадь", "Нагатинский", "Полюс", "Горизонт", "Сенатор", "Невский форум", "Ростральный",
  "Фабрика", "Даниловский", "Премьер", "Квадрат", "Оптима", "Ньютон", "Галилей", "Садовая Плаза",
];
const INDUSTRIAL = [
  "Электроприбор", "Стальконструкция", "Техмаш", "Полимер", "Агрокомплекс", "Теплоприбор", "Металлист",
  "Станкомаш", "Химволокно", "Упаковка", "Кабельный завод", "Машиностроитель", "Стройдеталь", "Хлебозавод № 3",
];
const OTHER = [
  "Гимназия № 1514", "Школа № 2086", "Паркинг «Центральный»", "ТЦ «Радуга»", "Спорткомплекс «Олимпиец»",
  "Поликлиника № 12", "Стоянка «Аэропорт»", "Яхт-клуб «Парус»", "Фитнес-клуб «Атлет»", "Гостиница «Волга»",
  "Колледж связи № 54", "Детский лагерь «Звёздный»", "Автосервис «Мотор»", "Рынок «Южный»",
];

function residentialName(rng: Rng, base: string): string {
  const form = rng.next();
  if (form < 0.8) return `ЖК «${base}»`;
  if (form < 0.9) return `ТСЖ «${base}»`;
  return `УК «${base}»`;
}

function baseName(rng: Rng, segment: Segment): string {
  switch (segment) {
    case "residential":
      return residentialName(rng, rng.pick(RESIDENTIAL));
    case "cottage":
      return rng.chance(0.85) ? `КП «${rng.pick(COTTAGE)}»` : `СНТ «${rng.pick(COTTAGE)}»`;
    case "business_center":
      return `БЦ «${rng.pick(BUSINESS_CENTERS)}»`;
    case "industrial": {
      const base = rng.pick(INDUSTRIAL);
      const form = rng.next();
      // Straight quotes, as CRM exports often have them: exercises CSV quoting.
      if (form < 0.5) return `завод «${base}»`;
      if (form < 0.8) return `АО "${base}"`;
      return `ООО "${base}", склад`;
    }
    default:
      return rng.pick(OTHER);
  }
}

/** A client name not yet in `taken` (later buildings of one complex get «, корпус N»). */
export function uniqueClientName(rng: Rng, segment: Segment, taken: Set<string>): string {
  for (let attempt = 0; attempt < 20; attempt++) {
    const name = baseName(rng, segment);
    if (!taken.has(name)) {
      taken.add(name);
      return name;
    }
  }
  const base = baseName(rng, segment);
  for (let building = 2; ; building++) {
    const name = segment === "residential" ? `${base}, корпус ${building}` : `${base} (${building}-я очередь)`;
    if (!taken.has(name)) {
      taken.add(name);
      return name;
    }
  }
}

export type TicketType = "problem" | "consultation" | "improvement";

export interface Category {
  name: string;
  type: TicketType;
  /** relative weight by priority: [emergency, standard, consultation] */
  weights: readonly [number, number, number];
}

export const CATEGORIES: readonly Category[] = [
  { name: "Не открывается шлагбаум", type: "problem", weights: [30, 10, 0] },
  { name: "Не работает калитка или домофон", type: "problem", weights: [14, 6, 0] },
  { name: "Оборудование не в сети", type: "problem", weights: [24, 8, 0] },
  { name: "Не распознаётся номер автомобиля", type: "problem", weights: [6, 8, 1] },
  { name: "Пропуск не приходит", type: "problem", weights: [10, 14, 3] },
  { name: "Доступ жителя", type: "problem", weights: [0, 10, 16] },
  { name: "Интеграция с контроллером", type: "problem", weights: [12, 8, 4] },
  { name: "Приложение", type: "problem", weights: [4, 14, 14] },
  { name: "Биллинг", type: "consultation", weights: [0, 5, 14] },
  { name: "Настройка пропусков и ролей", type: "consultation", weights: [0, 6, 20] },
  { name: "Отчёты и выгрузки", type: "consultation", weights: [0, 3, 12] },
  { name: "Пожелание по доработке", type: "improvement", weights: [0, 8, 7] },
];

export const NPS_COMMENTS = {
  promoter: [
    "Всё работает отлично, спасибо поддержке",
    "Быстро решают вопросы",
    "Удобное приложение для жителей",
    "Шлагбаум работает как часы",
    "Рекомендуем соседям",
    "Приложение \"PASS24.Key\" удобное, пропуска гостям приходят сразу",
    "Спасибо за обучение администраторов",
  ],
  passive: [
    "В целом нормально, но приложение иногда подтормаживает",
    "Хотелось бы больше отчётов",
    "Пропуска иногда приходят с задержкой",
    "Дороговато, но работает",
    "Нормально, ждём интеграцию с домофоном",
  ],
  detractor: [
    "Долго ждали инженера",
    "Не открывался шлагбаум два дня",
    "Сложно дозвониться в поддержку",
    "Обещали интеграцию, до сих пор нет",
    "Часто сбоит распознавание номеров, жители жалуются",
  ],
} as const;
