-- Per-ticket facts: business-time durations and SLA status, each ticket judged at its `as_of`.
-- Needs the table business_days and the macros business_local / business_position_seconds
-- (loaders/calendar/business-calendar.ts). Placeholders (written here without their double braces), filled by ticket-facts.ts:
--   tickets        the tickets relation (all SCHEMA columns, missing optional ones as NULL, + row_key)
--   as_of          SQL expression over the ticket's columns: the UTC instant it is judged at
--   rules          VALUES rows (priority, response_limit_bm, target_bm, limit_bm, limit_calendar_days)
--   mode_24x7      TRUE: every minute counts (UTC wall-clock difference) / FALSE: business calendar
--   repeat_days    repeat window, calendar days
--   judgement: …   ticket-judgement.sql with its own placeholders (the SLA judgement at as_of)
--   known: COLUMN  the column's value as known at as_of (loaders/metrics/known-at.ts)
--
-- Definitions (documented in loaders/metrics/ticket-facts.ts):
-- * Only tickets created at or before as_of exist. A first response or resolution after as_of has
--   not happened yet; nor have the effort and CSAT of a ticket not resolved by as_of. A resolved ticket without first_response_at is taken as answered at resolution.
-- * Business time between a and b = position(b) − position(a); position(x) = cumulative business
--   seconds of the days before x's local day + the part of x's day's window before x (clamped).
--   as_of is looked up on the local day of (as_of − 1 µs): the same position (an instant at local
--   midnight is the end of the previous day's window), so a month end needs no next-month calendar.
-- * "Within" includes the bound: 15 business minutes exactly is met, 15 min 1 s is not.
-- * Calendar-day limits are wall-clock: resolved_at ≤ created_at + N × 24 h.
WITH rules(priority, response_limit_bm, target_bm, limit_bm, limit_calendar_days) AS (
  VALUES {{rules}}
),
-- the window runs over four narrow columns and is joined back by row (measured faster than a window
-- carrying every column, and the main pass stays a parallel stream from the table scan)
previous AS (
  SELECT
    row_key,
    lag(created_at) OVER (PARTITION BY client_id, category_key ORDER BY created_at, row_key) AS previous_same_category_at
  FROM (SELECT row_key, client_id, created_at, nullif(trim(category), '') AS category_key FROM {{tickets}})
  WHERE category_key IS NOT NULL
),
-- one stream from the table scan carries every column to the end (measured cheaper in CPU than a
-- narrow pass joined back to the tickets by row)
src AS (
  SELECT
    t.*,
    {{as_of}} AS as_of,
    p.previous_same_category_at
  FROM {{tickets}} t
  LEFT JOIN previous p ON p.row_key = t.row_key
),
-- the first response and resolution known at as_of
judged AS (
  SELECT
    s.*,
    CASE WHEN s.first_response_at <= s.as_of THEN s.first_response_at END AS first_response_eff,
    CASE WHEN s.resolved_at <= s.as_of THEN s.resolved_at END AS resolved_eff
  FROM src s
  WHERE s.created_at <= s.as_of
),
localized AS (
  SELECT
    j.*,
    business_local(j.created_at) AS created_local,
    business_local(j.first_response_eff) AS first_response_local,
    business_local(j.resolved_eff) AS resolved_local,
    business_local(j.as_of) AS as_of_local
  FROM judged j
),
-- every position is looked up once; the judgement below only compares and subtracts them
positioned AS (
  SELECT
    l.* EXCLUDE (created_local, first_response_local, resolved_local, as_of_local),
    dc.month AS created_month,
    business_position_seconds(l.created_local, dc.open_local, dc.work_minutes, dc.cum_minutes_before) AS created_pos,
    business_position_seconds(l.first_response_local, dr.open_local, dr.work_minutes, dr.cum_minutes_before) AS first_response_pos,
    business_position_seconds(l.resolved_local, dz.open_local, dz.work_minutes, dz.cum_minutes_before) AS resolved_pos,
    business_position_seconds(l.as_of_local, da.open_local, da.work_minutes, da.cum_minutes_before) AS as_of_pos
  FROM localized l
  LEFT JOIN business_days dc ON dc.day = l.created_local::DATE
  LEFT JOIN business_days dr ON dr.day = l.first_response_local::DATE
  LEFT JOIN business_days dz ON dz.day = l.resolved_local::DATE
  LEFT JOIN business_days da ON da.day = (l.as_of_local - INTERVAL 1 MICROSECOND)::DATE
),
with_rules AS (
  SELECT p.*, r.response_limit_bm, r.target_bm, r.limit_bm, r.limit_calendar_days
  FROM positioned p
  LEFT JOIN rules r ON r.priority = p.priority
),
judged_now AS (
  {{judgement: input = with_rules, at = as_of}}
)
SELECT
  s.ticket_id,
  s.client_id,
  s.priority,
  s.type,
  s.channel,
  s.category,
  s.assignee,
  {{known: csat}} AS csat,
  {{known: effort_minutes}} AS effort_minutes,
  s.escalated,
  s.created_at,
  s.first_response_eff AS first_response_at,
  s.resolved_eff AS resolved_at,
  s.as_of,
  created_month AS month,
  response_business_minutes,
  resolution_business_minutes,
  resolution_calendar_hours,
  age_business_minutes,
  response_met,
  met_flag AS met,
  on_target_flag AS on_target,
  breached_flag AS breached,
  sla_status,
  CASE
    WHEN nullif(trim(s.category), '') IS NULL THEN NULL
    ELSE coalesce(epoch(s.created_at - s.previous_same_category_at) <= {{repeat_days}} * 86400, FALSE)
  END AS is_repeat
FROM judged_now s
