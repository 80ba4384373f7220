/**
 * Every metric of the monthly KPI object, as data: key (a dotted path; `<priority>`, `<role>`,
 * `<kind>`, `<trigger>` stand for each value), Russian name, definition, formula, target (the
 * settings key it is read from and its direction), unit and the source in the seeds.
 * The «Методика» page, loaders/metrics/README.md and the dashboards' links (/methodology#<id>)
 * are generated from this list; a test checks that every key of the KPI object is covered (the
 * auxiliary keys without a definition of their own are named in aux-keys.ts).
 */
import { PRIORITIES, VISIT_KINDS } from "../../src/core/settings.ts";
import { WORKLOAD_ROLES } from "../../src/core/workload.ts";

export type Unit =
  | "доля"
  | "обращений"
  | "обращений в рабочий день"
  | "минут делового времени"
  | "баллов (1–5)"
  | "пунктов NPS (−100…100)"
  | "ответов"
  | "клиентов"
  | "₽ в месяц"
  | "проектов"
  | "проекто-недель"
  | "дней"
  | "замечаний"
  | "выездов"
  | "часов"
  | "счетов"
  | "статус"
  | "да/нет"
  | "число"
  | "дата"
  | "рабочих дней";

export interface MetricDefinition {
  /** dotted key in the KPI object; placeholders <priority>, <role>, <kind>, <trigger> */
  key: string;
  name_ru: string;
  definition_ru: string;
  formula: string;
  unit: Unit;
  /** settings key of the target, "sla.<priority>.compliance_target" for SLA */
  target_key?: string;
  target_direction?: "min" | "max";
  /** target as the seeds phrase it */
  target_ru?: string;
  source_ru: string;
  /** group heading on the «Методика» page */
  group: string;
}

const S = "«Структура отдела сопровождения», раздел «KPI и метрики отдела»";
const LOAD = "«Структура отдела сопровождения», раздел «Расчет нагрузки и эффективности»";
const REC = "«Структура отдела сопровождения», «Рекомендации по развитию структуры» → «Масштабирование при необходимости»";

export const PLACEHOLDER_VALUES: Record<string, readonly string[]> = {
  priority: [...PRIORITIES, "all"],
  role: WORKLOAD_ROLES,
  kind: VISIT_KINDS,
  trigger: ["second_support_manager", "second_success_manager", "second_engineer", "implementation_assistant"],
};

export const PLACEHOLDER_NAMES_RU: Record<string, string> = {
  priority: "приоритет: emergency — экстренные, standard — стандартные, consultation — консультации, all — все",
  role: "роль: support_manager — менеджер ТП, success_manager — МОС, implementation_manager — менеджер по внедрению, senior_engineer — старший инженер, head — руководитель ОС",
  kind: "вид выезда: audit — аудит, installation — монтаж, commissioning — ПНР, maintenance — ТО, emergency — аварийный, training — обучение",
  trigger: "триггер: second_support_manager, second_success_manager, second_engineer, implementation_assistant",
};

export const METRIC_DEFINITIONS: readonly MetricDefinition[] = [
  // — SLA —
  {
    key: "sla.<priority>.compliance", group: "SLA технической поддержки", name_ru: "Соблюдение SLA", unit: "доля",
    definition_ru: "Доля обращений месяца, решённых в пределах лимита, среди тех, чей исход уже известен: выполнено или нарушено. Обращение относится к месяцу своего создания (по московскому времени) и оценивается по тому, что известно на момент расчёта, а не на конец месяца: решённое в следующем месяце остаётся в своём месяце, так что каждое обращение учтено ровно в одном месяце. Экстренное выполнено, только если соблюдены оба срока: ответ за 15 деловых минут и решение за 4 деловых часа. Стандартные и консультации — лимит 5 календарных дней. Открытое обращение, у которого лимит уже истёк к моменту расчёта, — нарушение; открытое в пределах лимита («в работе») в знаменатель не входит. Пока у месяца есть нерешённые обращения, его значение предварительное (provisional) и ещё может измениться.",
    formula: "выполнено / (выполнено + нарушено)", target_key: "sla.<priority>.compliance_target", target_direction: "min",
    target_ru: "100 % экстренных, 95 %+ стандартных и консультаций", source_ru: `${S}: «Соблюдение SLA экстренных обращений: 100%…», «95%+ стандартных и консультаций»`,
  },
  {
    key: "sla.<priority>.on_target", group: "SLA технической поддержки", name_ru: "Доля решённых в целевой срок", unit: "доля",
    definition_ru: "Доля обращений, решённых и в целевой срок (экстренные — 4 деловых часа, стандартные — 24, консультации — 48 деловых часов), и в пределах лимита SLA, среди выполненных или нарушенных. Целевой срок не всегда строже лимита: 48 деловых часов — больше 5 календарных дней (в 5 календарных днях не больше 45 деловых часов), а через праздники и 24 деловых часа могут выйти за 5 дней. Обращение, уложившееся в целевой срок, но не в лимит, — нарушение и в целевой срок не засчитывается; поэтому «в целевой срок» всегда входит в «выполнено».",
    formula: "(в целевой срок и в лимит) / (выполнено + нарушено)", source_ru: `${S}: «решение в течение 24 рабочих часов - 5 календарных дней»`,
  },
  {
    key: "sla.emergency.response_compliance", group: "SLA технической поддержки", name_ru: "Первый ответ на экстренные за 15 минут", unit: "доля",
    definition_ru: "Доля экстренных обращений, на которые ответили не позже 15 деловых минут, среди тех, где исход известен (ответ дан или 15 минут истекли). Решение без отдельного ответа считается первым ответом.",
    formula: "ответ ≤ 15 деловых мин / ответ известен", target_key: "sla.emergency.compliance_target", target_direction: "min",
    target_ru: "100 %", source_ru: `${S}: «контакт установлен в течение 15 минут»`,
  },
  {
    key: "sla.<priority>.response_mean_business_minutes", group: "SLA технической поддержки", name_ru: "Среднее время первого ответа", unit: "минут делового времени",
    definition_ru: "Среднее деловое время от создания до первого ответа по обращениям месяца, получившим ответ к моменту расчёта. Деловое время — рабочие часы по производственному календарю РФ (пн–пт 09:00–18:00 МСК, предпраздничные до 17:00).",
    formula: "avg(ответ − создание) в деловых минутах", source_ru: `${S}: «Время реакции на обращения: среднее время реакции не превышает установленные SLA»`,
  },
  {
    key: "sla.<priority>.response_p90_business_minutes", group: "SLA технической поддержки", name_ru: "90-й перцентиль времени первого ответа", unit: "минут делового времени",
    definition_ru: "Время, в которое уложились 90 % первых ответов месяца (линейная интерполяция, как ПЕРСЕНТИЛЬ.ВКЛ в Excel).",
    formula: "quantile_cont(время ответа, 0,9)", source_ru: "Требования к дашборду: среднее и P90 времени ответа и решения",
  },
  {
    key: "sla.<priority>.resolution_mean_business_minutes", group: "SLA технической поддержки", name_ru: "Среднее время решения", unit: "минут делового времени",
    definition_ru: "Среднее деловое время от создания до решения по обращениям месяца, решённым к моменту расчёта.",
    formula: "avg(решение − создание) в деловых минутах", source_ru: `${S}: «Время решения обращений: среднее время решения в пределах установленных SLA»`,
  },
  {
    key: "sla.<priority>.resolution_p90_business_minutes", group: "SLA технической поддержки", name_ru: "90-й перцентиль времени решения", unit: "минут делового времени",
    definition_ru: "Время, в которое уложились 90 % решённых обращений месяца.", formula: "quantile_cont(время решения, 0,9)",
    source_ru: "Требования к дашборду: среднее и P90 времени ответа и решения",
  },
  {
    key: "sla.<priority>.tickets", group: "SLA технической поддержки", name_ru: "Обращений (по приоритету)", unit: "обращений",
    definition_ru: "Обращения, созданные в месяце; рядом — счётчики на момент расчёта: met (выполнено), on_target_count (в целевой срок), breached (нарушено), open (в работе, исход ещё не известен), in_progress (не решено: open и нарушенные, но ещё не закрытые), provisional (in_progress > 0: значение ещё может измениться). met + breached + open = tickets.",
    formula: "count(*)", source_ru: "Выгрузка обращений",
  },
  {
    key: "provisional", group: "SLA технической поддержки", name_ru: "Предварительные данные месяца", unit: "да/нет",
    definition_ru: "Значения месяца ещё могут измениться: месяц не закончен на момент расчёта или у обращений месяца есть нерешённые. Обращения месяца (по дате создания) оцениваются по тому, что известно на момент расчёта, — SLA, первый ответ, время ответа и решения, «решено без эскалации»; когда нерешённое обращение будет решено или выйдет за лимит, показатели его месяца пересчитаются. В отчёте такой месяц помечен «предварительно».",
    formula: "partial или Σ sla.all.in_progress > 0", source_ru: "Правило отнесения обращений к месяцам (Методика)",
  },
  // — Tickets —
  {
    key: "tickets.total", group: "Обращения", name_ru: "Обращений за месяц", unit: "обращений",
    definition_ru: "Обращения, созданные в месяце (месяц — по московскому времени). Разбивка по приоритетам — tickets.by_priority.<priority>.",
    formula: "count(created_at в месяце)", source_ru: `${S}: «Количество обработанных обращений: ~292 обращения в месяц»`,
  },
  {
    key: "tickets.per_working_day", group: "Обращения", name_ru: "Обращений в рабочий день", unit: "обращений в рабочий день",
    definition_ru: "Обращения месяца, делённые на число рабочих дней месяца по производственному календарю (сокращённые дни — рабочие); для незаконченного месяца — на рабочие дни, прошедшие до даты расчёта.",
    formula: "tickets.total / рабочих дней месяца", source_ru: `${LOAD}: «~14-15 обращений в рабочий день»`,
  },
  {
    key: "tickets.escalation_rate", group: "Обращения", name_ru: "Доля эскалаций в разработку", unit: "доля",
    definition_ru: "Доля эскалированных обращений среди обращений месяца, у которых поле «Эскалация» заполнено (да или нет). Пустое поле не считается ни эскалацией, ни её отсутствием.",
    formula: "эскалировано / заполнено поле «эскалация»", target_key: "escalation_rate_max", target_direction: "max",
    target_ru: "не более 15 %", source_ru: `${LOAD}: «Эскалация в отдел разработки: ~10-15% от общего количества»`,
  },
  {
    key: "tickets.resolved_without_escalation", group: "Обращения", name_ru: "Решено без эскалации", unit: "доля",
    definition_ru: "Среди обращений месяца, решённых к моменту расчёта и с заполненным полем «Эскалация», — доля не эскалированных.",
    formula: "решено и не эскалировано / решено (поле заполнено)", target_key: "resolved_without_escalation_min", target_direction: "min",
    target_ru: "85 %+", source_ru: `${S}: «Процент решенных обращений без эскалации: 85%+ обращений решены самостоятельно»`,
  },
  {
    key: "tickets.repeat_rate", group: "Обращения", name_ru: "Доля повторных обращений", unit: "доля",
    definition_ru: "Повторное — у того же клиента было обращение той же категории не ранее чем за 30 дней (настройка repeat_window_days). Обращения без категории в расчёт не входят. Доля не считается за месяц, перед которым в данных меньше 30 дней истории (обычно первый месяц выгрузки): повторы обращений, созданных до начала данных, не видны, и доля была бы занижена.",
    formula: "повторных / обращений с категорией", source_ru: `${LOAD}: «Работа с повторными обращениями: ~5-10% от общего количества»`,
  },
  {
    key: "tickets.repeat_rate_qoq_change", group: "Обращения", name_ru: "Изменение доли повторных за квартал", unit: "доля",
    definition_ru: "Относительное изменение доли повторных обращений за 3 месяца, заканчивающихся отчётным (repeat_rate_3m), к 3 предыдущим месяцам (repeat_rate_prev_3m). Доля за 3 месяца считается, только если у каждого из них есть полные 30 дней истории в данных (см. долю повторных); изменение пусто, если это не так для предыдущих 3 месяцев или повторных в них не было.",
    formula: "repeat_rate_3m / repeat_rate_prev_3m − 1", target_key: "repeat_rate_qoq_change_max", target_direction: "max",
    target_ru: "снижение на 10 % в квартал (≤ −10 %)", source_ru: `${S}: «Процент повторных обращений: снижение на 10% в квартал»`,
  },
  {
    key: "tickets.effort_hours", group: "Обращения", name_ru: "Трудозатраты на обращения", unit: "часов",
    definition_ru: "Сумма трудозатрат по обращениям месяца: effort_minutes, а где пусто — норма по приоритету из настроек (workload.support_manager.default_effort_minutes). effort_recorded — сколько обращений с фактическими трудозатратами.",
    formula: "Σ coalesce(effort_minutes, норма[приоритет]) / 60", source_ru: `${LOAD}: «Время на обработку одного обращения: в среднем 1-2 часа»`,
  },
  {
    key: "csat.mean", group: "Обращения", name_ru: "Удовлетворённость (CSAT)", unit: "баллов (1–5)",
    definition_ru: "Средняя оценка 1–5 по обращениям месяца, где клиент её поставил; csat.responses — число оценок.",
    formula: "avg(csat)", target_key: "csat_mean_min", target_direction: "min", target_ru: "4,5+ из 5",
    source_ru: `${S}: «Удовлетворенность клиентов техподдержкой: 4.5+ из 5»`,
  },
  {
    key: "csat.share_4_5", group: "Обращения", name_ru: "Доля оценок 4–5 (CSAT)", unit: "доля",
    definition_ru: "Доля оценок 4 и 5 среди всех оценок 1–5 обращений месяца (обычная для CSAT «доля довольных»): показывает, сколько клиентов довольны, тогда как среднее сдвигают и единичные низкие оценки. Пусто без оценок.",
    formula: "оценок ≥ 4 / оценок", source_ru: "Требования к дашборду: доля оценок 4–5 рядом со средней",
  },
  // — NPS, retention —
  {
    key: "nps.score", group: "Клиенты", name_ru: "NPS", unit: "пунктов NPS (−100…100)",
    definition_ru: "Индекс лояльности по ответам за 12 месяцев, заканчивающихся отчётным: доля промоутеров (9–10) минус доля критиков (0–6), в процентных пунктах. Пусто без ответов. nps.quarter.* — то же за календарный квартал отчётного месяца (с первого дня квартала по конец месяца; для последнего месяца квартала — весь квартал, как на странице «Клиенты»): quarter, score, interval_low, interval_high, margin_of_error, responses, promoters, passives, detractors, window_start, window_end.",
    formula: "(промоутеры − критики) / ответы × 100", target_key: "nps_min", target_direction: "min", target_ru: "50+",
    source_ru: `${S}: «NPS (Net Promoter Score): 50+»`,
  },
  {
    key: "nps.margin_of_error", group: "Клиенты", name_ru: "Погрешность NPS (95 %)", unit: "пунктов NPS (−100…100)",
    definition_ru: "Половина ширины 95-процентного доверительного интервала NPS, скорректированного по Вальду (adjusted Wald; Sauro и Lewis, MeasuringU): к числу ответов добавляются 3, к промоутерам и критикам — по ¾. При 40–50 ответах за квартал простой интервал Вальда слишком узок и бывает вырожденным (все ответы — промоутеры дают ± 0); скорректированный держит заявленные 95 %. Интервал построен вокруг скорректированного NPS', а не вокруг самого NPS, поэтому несимметричен: его границы — nps.interval_low и nps.interval_high.",
    formula: "n' = n + 3; p'₊ = (промоутеры + 0,75) / n'; p'₋ = (критики + 0,75) / n'; NPS' = p'₊ − p'₋; 1,96 × √((p'₊ + p'₋ − NPS'²) / n') × 100",
    source_ru: "Sauro, Lewis (MeasuringU), «Confidence intervals for Net Promoter Scores»; Rocks (2016), The American Statistician",
  },
  {
    key: "nps.interval_low", group: "Клиенты", name_ru: "NPS: 95 % интервал, нижняя граница", unit: "пунктов NPS (−100…100)",
    definition_ru: "Нижняя граница 95-процентного скорректированного интервала Вальда (nps.interval_high — верхняя), в пределах −100…100. NPS ниже цели считается отставанием «в пределах погрешности опроса», если верхняя граница интервала не ниже цели.",
    formula: "max(−100, (NPS' − 1,96 × √((p'₊ + p'₋ − NPS'²) / n')) × 100)", source_ru: "Sauro, Lewis (MeasuringU): adjusted-Wald interval for NPS",
  },
  {
    key: "nps.interval_high", group: "Клиенты", name_ru: "NPS: 95 % интервал, верхняя граница", unit: "пунктов NPS (−100…100)",
    definition_ru: "Верхняя граница 95-процентного скорректированного интервала Вальда, в пределах −100…100.",
    formula: "min(100, (NPS' + 1,96 × √((p'₊ + p'₋ − NPS'²) / n')) × 100)", source_ru: "Sauro, Lewis (MeasuringU): adjusted-Wald interval for NPS",
  },
  {
    key: "nps.responses", group: "Клиенты", name_ru: "Ответов NPS за 12 месяцев", unit: "ответов",
    definition_ru: "Число ответов в окне NPS (nps.window_start … nps.window_end); также promoters, passives, detractors. Меньше 50 ответов — NPS слишком неточен для вывода.",
    formula: "count(ответов за 12 мес.)", target_key: "nps_responses_min", target_direction: "min", target_ru: "не меньше 50",
    source_ru: "Требования к дашборду: число ответов NPS — не меньше 50",
  },
  {
    key: "retention.logo_12m", group: "Клиенты", name_ru: "Удержание клиентов за 12 месяцев", unit: "доля",
    definition_ru: "Клиент активен в день d, если договор начался не позже d и дата ухода пуста или позже d. База — клиенты, активные накануне 12-месячного окна (последний день месяца за 12 месяцев до отчётного); удержанные — те из них, кто активен в последний день отчётного месяца. retention.logo_base и logo_retained — эти числа.",
    formula: "удержанные / база", target_key: "logo_retention_12m_min", target_direction: "min", target_ru: "98 %+",
    source_ru: `${S}: «Удержание клиентов (Retention): 98%+»`,
  },
  {
    key: "retention.grr_12m", group: "Клиенты", name_ru: "Удержание выручки (GRR) за 12 месяцев", unit: "доля",
    definition_ru: "Та же база, взвешенная ежемесячным платежом (mrr_rub; клиенты без него не учитываются). В выгрузке один платёж на клиента, поэтому понижения тарифа не видны и GRR равен удержанию, взвешенному платежом. Пусто без данных о платежах.",
    formula: "Σ mrr удержанных / Σ mrr базы", source_ru: "Требования к дашборду: удержание выручки (GRR), если есть MRR",
  },
  {
    key: "clients.active", group: "Клиенты", name_ru: "Активных клиентов", unit: "клиентов",
    definition_ru: "Клиенты, активные в последний день месяца (для текущего месяца — на дату расчёта). clients.new — договор начат в месяце, clients.churned — ушли в месяце (в текущем месяце — по дату расчёта включительно, так что активные на конец прошлого месяца + новые − ушедшие = активные), clients.per_success_manager — активных на одного МОС. По сегментам (страница «Клиенты») — те же правила: активные в тот же день и ушедшие за 12 месяцев, заканчивающихся месяцем; клиент без сегмента — в «Другое»; сумма по сегментам равна clients.active.",
    formula: "count(contract_start ≤ d < churned_at)", source_ru: "«Структура отдела сопровождения», «Контекст и масштаб»: 217 клиентов, план 400",
  },
  {
    key: "cohort_retention.rate", group: "Клиенты", name_ru: "Когортное удержание", unit: "доля",
    definition_ru: "Когорта — клиенты с началом договора в одном месяце. Для каждого следующего месяца — доля когорты, активная в его последний день (months_since = 0 — месяц начала).",
    formula: "активны на конец месяца / размер когорты", source_ru: "Требования к дашборду: помесячное удержание когорт",
  },
  // — Projects —
  {
    key: "projects.started", group: "Внедрение", name_ru: "Проектов начато", unit: "проектов",
    definition_ru: "Проекты внедрения с датой подписания договора в месяце.", formula: "count(signed_at в месяце)",
    source_ru: "«Структура отдела сопровождения»: «Проекты внедрения в месяц: 5»",
  },
  {
    key: "projects.completed", group: "Внедрение", name_ru: "Проектов завершено", unit: "проектов",
    definition_ru: "Проект завершён в день обучения клиента (trained_at), а если обучение не записано — в день передачи в сопровождение (handed_over_at): внедрение заканчивается обучением, передача МОС идёт следом и меряется отдельно.",
    formula: "count(coalesce(trained_at, handed_over_at) в месяце)", target_key: "projects_per_month_min", target_direction: "min", target_ru: "5+ в месяц",
    source_ru: `${S}: «Количество проектов внедрения: 5+ в месяц»`,
  },
  {
    key: "projects.on_time_rate", group: "Внедрение", name_ru: "Проекты в срок", unit: "доля",
    definition_ru: "Среди проектов, завершённых в месяце и имеющих плановый срок, — доля завершённых не позже срока (due_at). Просроченные незавершённые — projects.overdue_open.",
    formula: "завершено ≤ due_at / завершено (с due_at)", target_key: "projects_on_time_min", target_direction: "min", target_ru: "100 %",
    source_ru: `${S}: «Сроки внедрения: 100% проектов в срок»`,
  },
  {
    key: "projects.median_duration_days", group: "Внедрение", name_ru: "Медианная длительность проекта", unit: "дней",
    definition_ru: "Медиана календарных дней от подписания до завершения по проектам, завершённым в месяце.",
    formula: "median(завершение − signed_at)", source_ru: "«Структура отдела сопровождения»: «3-4 недели на проект»",
  },
  {
    key: "projects.ttv_median_days", group: "Внедрение", name_ru: "Время до ценности (TTV), медиана", unit: "дней",
    definition_ru: "Медиана календарных дней от подписания договора до обучения клиента по проектам с обучением в месяце.",
    formula: "median(trained_at − signed_at)", target_key: "ttv_max_days", target_direction: "max", target_ru: "до 2 недель",
    source_ru: `${S}: «Время до первого значения (Time to Value): до 2 недель для новых клиентов»`,
  },
  {
    key: "projects.ttv_within_target_rate", group: "Внедрение", name_ru: "TTV в пределах 14 дней", unit: "доля",
    definition_ru: "Доля проектов с обучением в месяце, у которых TTV не больше целевого (ttv_max_days, 14 дней).",
    formula: "TTV ≤ 14 / обучено в месяце", target_key: "ttv_within_target_min", target_direction: "min", target_ru: "все новые клиенты",
    source_ru: `${S}: «до 2 недель для новых клиентов»`,
  },
  {
    key: "projects.handover_within_7d_rate", group: "Внедрение", name_ru: "Передача в сопровождение за 7 дней", unit: "доля",
    definition_ru: "Среди проектов, переданных МОС в месяце и имеющих дату обучения, — доля переданных не позже 7 дней после обучения.",
    formula: "handed_over_at − trained_at ≤ 7 / передано", target_key: "handover_within_min", target_direction: "min", target_ru: "все проекты",
    source_ru: `${S}: «Передача в сопровождение: все проекты переданы в течение 1 недели после завершения»`,
  },
  {
    key: "projects.critical_remarks", group: "Внедрение", name_ru: "Критических замечаний при сдаче", unit: "замечаний",
    definition_ru: "Сумма критических замечаний по проектам, завершённым в месяце.", formula: "Σ critical_remarks",
    target_key: "critical_remarks_max", target_direction: "max", target_ru: "0", source_ru: `${S}: «Качество внедрения: 0 критических замечаний при сдаче»`,
  },
  {
    key: "projects.project_weeks", group: "Внедрение", name_ru: "Проекто-недели в месяце", unit: "проекто-недель",
    definition_ru: "Проект активен с подписания до передачи в сопровождение (или обучения; если ни того ни другого — до даты расчёта). Сумма рабочих дней (по производственному календарю), в которые проекты активны внутри месяца, делённая на 5; projects.active — активных на конец месяца.",
    formula: "Σ рабочих дней активности в месяце / 5", source_ru: `${LOAD}: «5 проектов в месяц × 3-4 недели на проект»`,
  },
  // — Visits, payments —
  {
    key: "visits.total", group: "Выезды и оплаты", name_ru: "Выездов инженера", unit: "выездов",
    definition_ru: "Выезды с датой в месяце; по видам — visits.by_kind.<kind>; часы на объекте и в дороге — visits.onsite_hours, visits.travel_hours (пустые значения — нормы по виду выезда из настроек).",
    formula: "count(visited_at в месяце)", source_ru: `${LOAD}: «Проектные выезды: ~10-15 … Сервисные выезды: ~15-20 выездов в месяц»`,
  },
  {
    key: "payments.on_time_rate", group: "Выезды и оплаты", name_ru: "Оплата в срок", unit: "доля",
    definition_ru: "Среди счетов со сроком оплаты в месяце (и не позже даты расчёта) — доля оплаченных не позже срока. Неоплаченный просроченный счёт — не в срок. Показатель по счетам (обычно один счёт клиенту в месяц). payments.unpaid_overdue — сколько из этих счетов не оплачено на конец месяца (или на дату расчёта, если она раньше).",
    formula: "paid_at ≤ due_at / счетов к оплате", target_key: "payments_on_time_min", target_direction: "min", target_ru: "95 %+",
    source_ru: "«Структура отдела сопровождения», KPI МОС: «Сбор платежей: 95%+ клиентов оплачивают в срок»",
  },
  // — Workload —
  {
    key: "workload.<role>.demand_hours", group: "Нагрузка", name_ru: "Потребность в часах", unit: "часов",
    definition_ru: "Часы работы роли за месяц по фактической активности и нормам настроек (таблица «Нормы нагрузки» ниже). Менеджер ТП: трудозатраты обращений месяца. МОС: активные клиенты × часов на клиента в месяц + новые клиенты × (создание облака + обучение) + доставки в неделю × часов на доставку + запросы поставщикам в неделю × часов на запрос + выставление счетов. Менеджер по внедрению: проекто-недели × часов на проекто-неделю. Старший инженер: часы на объекте и в дороге + выезды × (подготовка + документы) + консультации в неделю × часов на консультацию. Руководитель: (планёрка + встреча с ОП и разработкой) в неделю + сложные кейсы в день × время на кейс + сверка SLA в день + ежемесячный отчёт. Неделя = рабочих дней месяца / 5. Разбивка — workload.<role>.components.",
    formula: "Σ объём × норма", source_ru: `${LOAD}; должностные инструкции руководителя (001, 002)`,
  },
  {
    key: "workload.<role>.capacity_hours", group: "Нагрузка", name_ru: "Располагаемые часы", unit: "часов",
    definition_ru: "Норма рабочего времени месяца по производственному календарю (40-часовая неделя: 8 ч в рабочий день, 7 ч в предпраздничный) × продуктивная доля (productive_share) × штат роли. Окно 09:00–18:00 включает обед, поэтому берётся норма, а не длина окна. Для незаконченного месяца — норма дней до даты расчёта (и месячные нормы потребности — пропорционально).",
    formula: "норма часов × productive_share × штат", source_ru: "ТК РФ ст. 91; требования к дашборду: продуктивная доля (0,8 по умолчанию) × штат",
  },
  {
    key: "workload.<role>.utilization", group: "Нагрузка", name_ru: "Загрузка", unit: "доля",
    definition_ru: "Потребность, делённая на располагаемые часы; пусто, если нет данных для потребности (например, нет выгрузки выездов).",
    formula: "demand_hours / capacity_hours", source_ru: "Требования к дашборду: загрузка ролей",
  },
  {
    key: "workload.<role>.status", group: "Нагрузка", name_ru: "Статус загрузки", unit: "статус",
    definition_ru: "green — меньше 80 %, amber — от 80 до 100 % включительно, red — больше 100 %.",
    formula: "u < 0,8 → green; u ≤ 1,0 → amber; иначе red", source_ru: "Требования к дашборду: пороги загрузки 80 % и 100 %",
  },
  // — Triggers —
  {
    key: "triggers.<trigger>.fired", group: "Триггеры масштабирования", name_ru: "Триггер сработал", unit: "да/нет",
    definition_ru: "second_support_manager: обращений за месяц ≥ 400 на менеджера ТП. second_success_manager: активных клиентов ≥ 400 на МОС или больше 300 клиентов на одного МОС. second_engineer: подписано проектов за месяц ≥ 7 на инженера. implementation_assistant: загрузка менеджера по внедрению больше 100 %. Пусто, если нет данных.",
    formula: "value ≥ threshold (ассистент: value > threshold)", source_ru: `${REC}: «до 400+ в месяц», «400+ клиентов», «7-8 в месяц», «При росте нагрузки на менеджера по внедрению»`,
  },
  {
    key: "triggers.<trigger>.nearness", group: "Триггеры масштабирования", name_ru: "Близость к срабатыванию", unit: "доля",
    definition_ru: "Значение показателя, делённое на порог (для МОС — большее из двух отношений). triggers.<trigger>.near = не сработал, но близость ≥ 0,9 («близко к срабатыванию»). Рядом — value и threshold.",
    formula: "value / threshold", source_ru: "Требования к дашборду: близость к триггерам масштабирования",
  },
];

/** Anchor id of a definition on the «Методика» page: placeholders dropped, dots → dashes. */
export function definitionId(key: string): string {
  return key.replace(/<[^>]+>\./g, "").replace(/\./g, "-");
}

function patternRegex(key: string): RegExp {
  const escaped = key
    .split(".")
    .map((part) => {
      const m = /^<(\w+)>$/.exec(part);
      return m ? `(?:${(PLACEHOLDER_VALUES[m[1]!] ?? []).join("|")})` : part.replace(/[.*+?^${}()|[\]\\]/g, "\\$&");
    })
    .join("\\.");
  return new RegExp(`^${escaped}$`);
}

const REGEXES = METRIC_DEFINITIONS.map((d) => ({ d, re: patternRegex(d.key) }));

/** The definition of a flattened KPI key, exact match first. */
export function definitionFor(flatKey: string): MetricDefinition | null {
  return REGEXES.find(({ re }) => re.test(flatKey))?.d ?? null;
}

/** The definition a `<key>_target` / `<key>_status` companion belongs to, or null. */
export function companionOf(flatKey: string): { definition: MetricDefinition; kind: "target" | "status" } | null {
  if (definitionFor(flatKey)) return null;
  const m = /^(.*)_(target|status)$/.exec(flatKey);
  if (!m) return null;
  const definition = definitionFor(m[1]!);
  return definition ? { definition, kind: m[2] as "target" | "status" } : null;
}
