-- Monthly churn for January to June 2024: active on the 1st, no longer active on the next 1st.
WITH RECURSIVE months(start) AS (
  SELECT '2024-01-01'
  UNION ALL
  SELECT date(start, '+1 month') FROM months WHERE start < '2024-06-01'
),
counts AS (
  SELECT
    m.start,
    (SELECT COUNT(*) FROM subscriptions AS s
      WHERE s.started_on <= m.start AND (s.ended_on IS NULL OR s.ended_on > m.start)) AS active_at_start,
    (SELECT COUNT(*) FROM subscriptions AS s
      WHERE s.started_on <= m.start AND s.ended_on > m.start
        AND s.ended_on <= date(m.start, '+1 month')) AS churned
  FROM months AS m
)
SELECT
  substr(start, 1, 7) AS month,
  active_at_start,
  churned,
  CASE WHEN active_at_start = 0 THEN NULL ELSE ROUND(churned * 100.0 / active_at_start, 1) END AS churn_rate
FROM counts
ORDER BY month;
