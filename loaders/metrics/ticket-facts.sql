-- Per-ticket facts: business-time durations and SLA status, each ticket judged at its `as_of`.
-- Needs the table business_days and the macros business_local / business_position_seconds
-- (loaders/calendar/business-calendar.ts). Placeholders (written here without their double braces), filled by ticket-facts.ts:
--   tickets        the tickets relation (all SCHEMA columns, missing optional ones as NULL, + row_key)
--   as_of          SQL expression over the ticket's columns: the UTC instant it is judged at
--   rules          VALUES rows (priority, response_limit_bm, target_bm, limit_bm, limit_calendar_days)
--   mode_24x7      TRUE: every minute counts (UTC wall-clock difference) / FALSE: business calendar
--   repeat_days    repeat window, calendar days
--
-- Definitions (documented in loaders/metrics/ticket-facts.ts):
-- * Only tickets created at or before as_of exist. A first response or resolution after as_of has
--   not happened yet. A resolved ticket without first_response_at is taken as answered at resolution.
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
-- the computing pass carries only the columns it needs; the rest are attached at the end by row
src AS (
  SELECT
    t.row_key,
    t.priority,
    t.created_at,
    t.first_response_at,
    t.resolved_at,
    {{as_of}} AS as_of,
    p.previous_same_category_at
  FROM {{tickets}} t
  LEFT JOIN previous p ON p.row_key = t.row_key
),
judged AS (
  SELECT
    s.*,
    CASE WHEN s.resolved_at <= s.as_of THEN s.resolved_at END AS resolved_eff,
    coalesce(
      CASE WHEN s.first_response_at <= s.as_of THEN s.first_response_at END,
      CASE WHEN s.resolved_at <= s.as_of THEN s.resolved_at END
    ) AS response_eff
  FROM src s
  WHERE s.created_at <= s.as_of
),
localized AS (
  SELECT
    j.*,
    business_local(j.created_at) AS created_local,
    business_local(j.response_eff) AS response_local,
    business_local(j.resolved_eff) AS resolved_local,
    business_local(j.as_of) AS as_of_local
  FROM judged j
),
positioned AS (
  SELECT
    l.*,
    dc.month AS created_month,
    business_position_seconds(l.created_local, dc.open_local, dc.work_minutes, dc.cum_minutes_before) AS created_pos,
    business_position_seconds(l.response_local, dr.open_local, dr.work_minutes, dr.cum_minutes_before) AS response_pos,
    business_position_seconds(l.resolved_local, dz.open_local, dz.work_minutes, dz.cum_minutes_before) AS resolved_pos,
    business_position_seconds(l.as_of_local, da.open_local, da.work_minutes, da.cum_minutes_before) AS as_of_pos
  FROM localized l
  LEFT JOIN business_days dc ON dc.day = l.created_local::DATE
  LEFT JOIN business_days dr ON dr.day = l.response_local::DATE
  LEFT JOIN business_days dz ON dz.day = l.resolved_local::DATE
  LEFT JOIN business_days da ON da.day = (l.as_of_local - INTERVAL 1 MICROSECOND)::DATE
),
durations AS (
  SELECT
    p.*,
    CASE WHEN {{mode_24x7}} THEN epoch(p.response_eff - p.created_at) ELSE p.response_pos - p.created_pos END / 60.0
      AS response_business_minutes,
    CASE WHEN {{mode_24x7}} THEN epoch(p.resolved_eff - p.created_at) ELSE p.resolved_pos - p.created_pos END / 60.0
      AS resolution_business_minutes,
    epoch(p.resolved_eff - p.created_at) / 3600.0 AS resolution_calendar_hours,
    CASE WHEN p.resolved_eff IS NULL THEN
      CASE WHEN {{mode_24x7}} THEN epoch(p.as_of - p.created_at) ELSE p.as_of_pos - p.created_pos END / 60.0
    END AS age_business_minutes
  FROM positioned p
),
judgement AS (
  SELECT
    d.*,
    r.response_limit_bm,
    r.target_bm,
    r.limit_bm,
    r.limit_calendar_days,
    -- response clock (only where the priority has one): met / failed / not decided yet (NULL)
    CASE
      WHEN r.response_limit_bm IS NULL THEN NULL
      WHEN d.response_business_minutes IS NOT NULL THEN d.response_business_minutes <= r.response_limit_bm
      WHEN d.age_business_minutes > r.response_limit_bm THEN FALSE
    END AS response_met,
    -- resolution within the limit (NULL while open)
    CASE
      WHEN d.resolved_eff IS NULL THEN NULL
      WHEN r.limit_bm IS NOT NULL THEN d.resolution_business_minutes <= r.limit_bm
      ELSE epoch(d.resolved_eff - d.created_at) <= r.limit_calendar_days * 86400
    END AS within_limit,
    -- an open ticket past its limit at as_of
    CASE
      WHEN d.resolved_eff IS NOT NULL THEN FALSE
      WHEN r.limit_bm IS NOT NULL THEN d.age_business_minutes > r.limit_bm
      ELSE epoch(d.as_of - d.created_at) > r.limit_calendar_days * 86400
    END AS open_past_limit
  FROM durations d
  LEFT JOIN rules r ON r.priority = d.priority
),
statuses AS (
  SELECT
    j.*,
    coalesce(j.within_limit AND coalesce(j.response_met, TRUE), FALSE) AS met_flag,
    coalesce(j.within_limit AND coalesce(j.response_met, TRUE) AND j.resolution_business_minutes <= j.target_bm, FALSE)
      AS on_target_flag,
    coalesce(
      (j.resolved_eff IS NOT NULL AND NOT (j.within_limit AND coalesce(j.response_met, TRUE)))
      OR (j.resolved_eff IS NULL AND (j.open_past_limit OR j.response_met = FALSE)),
      FALSE
    ) AS breached_flag
  FROM judgement j
)
SELECT
  t.ticket_id,
  t.client_id,
  t.priority,
  t.type,
  t.channel,
  t.category,
  t.assignee,
  t.csat,
  t.effort_minutes,
  t.escalated,
  t.created_at,
  t.first_response_at,
  t.resolved_at,
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
  CASE
    WHEN target_bm IS NULL THEN NULL
    WHEN on_target_flag THEN 'on_target'
    WHEN met_flag THEN 'met'
    WHEN breached_flag THEN 'breached'
    ELSE 'open'
  END AS sla_status,
  CASE
    WHEN nullif(trim(t.category), '') IS NULL THEN NULL
    ELSE coalesce(epoch(s.created_at - s.previous_same_category_at) <= {{repeat_days}} * 86400, FALSE)
  END AS is_repeat
FROM statuses s
JOIN {{tickets}} t ON t.row_key = s.row_key
