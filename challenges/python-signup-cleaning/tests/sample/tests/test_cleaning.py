import datetime
import unittest

from cleaning import clean_records, normalize_email, normalize_phone, parse_date


class SampleTest(unittest.TestCase):
    def test_email_is_trimmed_and_lowercased(self):
        self.assertEqual(normalize_email('  Ada@Example.COM '), 'ada@example.com')

    def test_north_american_phone(self):
        self.assertEqual(normalize_phone('(415) 555-0100'), '+14155550100')

    def test_iso_date(self):
        self.assertEqual(parse_date('2024-03-05'), datetime.date(2024, 3, 5))

    def test_one_clean_row(self):
        result = clean_records(
            [{'name': ' Ada  Lovelace ', 'email': 'ada@example.com', 'phone': '', 'signed_up': '2024-01-02'}]
        )
        self.assertEqual(len(result.customers), 1)
        self.assertEqual(result.customers[0].name, 'Ada Lovelace')
        self.assertIsNone(result.customers[0].phone)
        self.assertEqual(result.rejects, [])


if __name__ == '__main__':
    unittest.main()
