-- The SLA judgement of every ticket at an instant; ticket-facts.sql applies it at as_of. Placeholders (written here without their double braces), filled by ticket-facts.ts:
--   input      relation from ticket-facts.sql (positions, rules' columns, *_eff instants ≤ as_of)
--   at         column: the UTC instant judged at (≤ as_of)
--   at_pos     column: its business position (seconds)
--   mode_24x7  TRUE: every minute counts (UTC wall-clock difference) / FALSE: business calendar
-- A first response or resolution after the instant has not happened yet; a resolved ticket without
-- a first response is taken as answered at resolution. Definitions: ticket-facts.ts.
SELECT
  f.*,
  CASE
    WHEN f.target_bm IS NULL THEN NULL
    WHEN f.on_target_flag THEN 'on_target'
    WHEN f.met_flag THEN 'met'
    WHEN f.breached_flag THEN 'breached'
    ELSE 'open'
  END AS sla_status
FROM (
SELECT
  j.*,
  coalesce(j.within_limit AND coalesce(j.response_met, TRUE), FALSE) AS met_flag,
  coalesce(j.within_limit AND coalesce(j.response_met, TRUE) AND j.resolution_business_minutes <= j.target_bm, FALSE)
    AS on_target_flag,
  coalesce(
    (j.resolved_j IS NOT NULL AND NOT (j.within_limit AND coalesce(j.response_met, TRUE)))
    OR (j.resolved_j IS NULL AND (j.open_past_limit OR j.response_met = FALSE)),
    FALSE
  ) AS breached_flag
FROM (
  SELECT
    d.*,
    -- response clock (only where the priority has one): met / failed / not decided yet (NULL)
    CASE
      WHEN d.response_limit_bm IS NULL THEN NULL
      WHEN d.response_business_minutes IS NOT NULL THEN d.response_business_minutes <= d.response_limit_bm
      WHEN d.age_business_minutes > d.response_limit_bm THEN FALSE
    END AS response_met,
    -- resolution within the limit (NULL while open)
    CASE
      WHEN d.resolved_j IS NULL THEN NULL
      WHEN d.limit_bm IS NOT NULL THEN d.resolution_business_minutes <= d.limit_bm
      ELSE epoch(d.resolved_j - d.created_at) <= d.limit_calendar_days * 86400
    END AS within_limit,
    -- an open ticket past its limit at the instant
    CASE
      WHEN d.resolved_j IS NOT NULL THEN FALSE
      WHEN d.limit_bm IS NOT NULL THEN d.age_business_minutes > d.limit_bm
      ELSE epoch(d.{{at}} - d.created_at) > d.limit_calendar_days * 86400
    END AS open_past_limit
  FROM (
    SELECT
      e.*,
      CASE WHEN {{mode_24x7}} THEN epoch(e.response_j - e.created_at) ELSE e.response_pos_j - e.created_pos END / 60.0
        AS response_business_minutes,
      CASE WHEN {{mode_24x7}} THEN epoch(e.resolved_j - e.created_at) ELSE e.resolved_pos_j - e.created_pos END / 60.0
        AS resolution_business_minutes,
      epoch(e.resolved_j - e.created_at) / 3600.0 AS resolution_calendar_hours,
      CASE WHEN e.resolved_j IS NULL THEN
        CASE WHEN {{mode_24x7}} THEN epoch(e.{{at}} - e.created_at) ELSE e.{{at_pos}} - e.created_pos END / 60.0
      END AS age_business_minutes
    FROM (
      SELECT
        i.*,
        CASE WHEN i.resolved_eff <= i.{{at}} THEN i.resolved_eff END AS resolved_j,
        CASE WHEN i.resolved_eff <= i.{{at}} THEN i.resolved_pos END AS resolved_pos_j,
        coalesce(
          CASE WHEN i.first_response_eff <= i.{{at}} THEN i.first_response_eff END,
          CASE WHEN i.resolved_eff <= i.{{at}} THEN i.resolved_eff END
        ) AS response_j,
        CASE
          WHEN i.first_response_eff <= i.{{at}} THEN i.first_response_pos
          WHEN i.resolved_eff <= i.{{at}} THEN i.resolved_pos
        END AS response_pos_j
      FROM {{input}} i
    ) e
  ) d
) j
) f
