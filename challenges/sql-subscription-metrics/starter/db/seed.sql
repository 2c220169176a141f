-- A small sample data set for the visible tests.
INSERT INTO customers (id, name, country) VALUES
  (1, 'Acme GmbH', 'DE'), (2, 'Blue Fjord AS', 'NO'), (3, 'Cobalt Ltd', 'GB'),
  (4, 'Delta Labs', 'DE'), (5, 'Evergreen Inc', 'US');

INSERT INTO plans (id, name, monthly_price_cents) VALUES
  (1, 'Starter', 1900), (2, 'Team', 4900), (3, 'Enterprise', 19900);

INSERT INTO subscriptions (id, customer_id, plan_id, started_on, ended_on) VALUES
  (1, 1, 2, '2024-01-01', NULL),
  (2, 2, 1, '2024-01-15', '2024-04-15'),
  (3, 3, 2, '2024-02-01', NULL),
  (4, 4, 1, '2024-03-01', '2024-06-30'),
  (5, 5, 1, '2024-05-01', NULL);

INSERT INTO invoices (id, subscription_id, issued_on, amount_cents, paid_on) VALUES
  (1, 1, '2024-01-01', 4900, '2024-01-03'),
  (2, 1, '2024-02-01', 4900, '2024-02-10'),
  (3, 2, '2024-01-15', 1900, '2024-01-20'),
  (4, 2, '2024-02-15', 1900, NULL),
  (5, 3, '2024-02-01', 4900, '2024-03-02'),
  (6, 4, '2024-03-01', 1900, '2024-03-01'),
  (7, 5, '2024-05-01', 1900, NULL),
  (8, 1, '2024-06-01', 4900, NULL);
