/**
 * Reason codes of rejected rows, with the Russian message template shown to users.
 * Shared by ingestion (which emits them), the sample generator (which plants invalid rows
 * and lists their expected codes) and the «Качество данных» page.
 */
export const REJECT_CODES = {
  malformed_row: "Строка не разбирается: неверное число полей или незакрытые кавычки",
  missing_required: "Не заполнено обязательное поле",
  invalid_type: "Значение не является числом / логическим значением нужного вида",
  invalid_timestamp: "Не удалось распознать дату и время",
  invalid_date: "Не удалось распознать дату",
  unknown_enum: "Недопустимое значение справочника",
  duplicate_id: "Повторяющийся идентификатор",
  unknown_reference: "Ссылка на несуществующую запись (клиент или проект)",
  chronology: "Нарушен порядок дат (например, решено раньше, чем создано)",
  future_timestamp: "Дата в будущем",
  negative_value: "Отрицательное значение",
  out_of_range: "Значение вне допустимого диапазона",
  unterminated_quote: "Кавычка в поле открыта и не закрыта",
  line_too_long: "Строка слишком длинная",
  invalid_encoding: "В строке есть байты не в кодировке UTF-8",
  year_out_of_range: "Год вне допустимого диапазона",
  year_not_in_calendar: "Год не покрыт производственным календарём",
  invalid_offset: "Невозможное смещение часового пояса",
  resolved_before_response: "Решено раньше первого ответа",
} as const;

export type RejectCode = keyof typeof REJECT_CODES;

export interface Reject {
  /** canonical table name of the file (tickets, clients, ...) */
  file: string;
  /** 1-based line number in the file; the header is line 1 */
  line: number;
  /** canonical column name, or "*" for the whole row */
  field: string;
  /** the raw value as read (text), or "" */
  value: string;
  code: RejectCode;
  /** Russian message naming the file, line, field and what was expected */
  message: string;
}
