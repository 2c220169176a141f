-- Billing database (SQLite). Dates are ISO-8601 text (YYYY-MM-DD); money is in integer cents.
CREATE TABLE customers (
  id         INTEGER PRIMARY KEY,
  name       TEXT NOT NULL,
  country    TEXT NOT NULL          -- ISO 3166 alpha-2, e.g. 'DE'
);

CREATE TABLE plans (
  id                  INTEGER PRIMARY KEY,
  name                TEXT NOT NULL UNIQUE,
  monthly_price_cents INTEGER NOT NULL
);

CREATE TABLE subscriptions (
  id          INTEGER PRIMARY KEY,
  customer_id INTEGER NOT NULL REFERENCES customers(id),
  plan_id     INTEGER NOT NULL REFERENCES plans(id),
  started_on  TEXT NOT NULL,
  ended_on    TEXT                  -- NULL while active; the last day of service is ended_on - 1
);

CREATE TABLE invoices (
  id              INTEGER PRIMARY KEY,
  subscription_id INTEGER NOT NULL REFERENCES subscriptions(id),
  issued_on       TEXT NOT NULL,
  amount_cents    INTEGER NOT NULL,
  paid_on         TEXT              -- NULL while unpaid
);
