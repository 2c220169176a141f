-- Active subscriptions per plan on 2024-06-30, plans without any included.
SELECT p.name AS plan, COUNT(s.id) AS active
FROM plans AS p
LEFT JOIN subscriptions AS s
  ON s.plan_id = p.id
 AND s.started_on <= '2024-06-30'
 AND (s.ended_on IS NULL OR s.ended_on > '2024-06-30')
GROUP BY p.id
ORDER BY p.monthly_price_cents, p.name;
