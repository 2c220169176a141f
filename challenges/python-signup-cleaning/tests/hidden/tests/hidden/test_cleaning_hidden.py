import csv
import datetime
import os
import tempfile
import unittest

from cleaning import clean_file, clean_records, normalize_email, normalize_phone, parse_date


def row(name='Ada', email='ada@example.com', phone='', signed_up='2024-01-01'):
    return {'name': name, 'email': email, 'phone': phone, 'signed_up': signed_up}


class EmailTest(unittest.TestCase):
    def test_normalizes_case_and_spaces(self):
        self.assertEqual(normalize_email('\tGrace.Hopper@Navy.MIL \n'), 'grace.hopper@navy.mil')

    def test_rejects_missing_or_double_at(self):
        for raw in ('grace.navy.mil', 'a@b@c.com', '@navy.mil'):
            self.assertIsNone(normalize_email(raw), raw)

    def test_rejects_bad_domains(self):
        for raw in ('a@localhost', 'a@.com', 'a@b..com', 'a@b.com.'):
            self.assertIsNone(normalize_email(raw), raw)

    def test_rejects_inner_whitespace_and_empty(self):
        for raw in ('a b@c.com', '', '   ', None):
            self.assertIsNone(normalize_email(raw), raw)


class PhoneTest(unittest.TestCase):
    def test_north_american_formats(self):
        for raw in ('415-555-0100', '415.555.0100', '1 (415) 555 0100', '4155550100'):
            self.assertEqual(normalize_phone(raw), '+14155550100', raw)

    def test_international_formats(self):
        self.assertEqual(normalize_phone('+44 20 7946 0958'), '+442079460958')
        self.assertEqual(normalize_phone('0049 30 901820'), '+4930901820')

    def test_rejects_wrong_lengths(self):
        for raw in ('555-0100', '2 415 555 0100', '+1234567', '+1234567890123456'):
            self.assertIsNone(normalize_phone(raw), raw)

    def test_rejects_letters_and_empty(self):
        for raw in ('415-CALL-NOW', '+44 20 7946 0958 ext 2', '', None):
            self.assertIsNone(normalize_phone(raw), raw)


class DateTest(unittest.TestCase):
    def test_three_formats(self):
        self.assertEqual(parse_date(' 2024-03-05 '), datetime.date(2024, 3, 5))
        self.assertEqual(parse_date('05/03/2024'), datetime.date(2024, 3, 5))
        self.assertEqual(parse_date('Mar 5, 2024'), datetime.date(2024, 3, 5))
        self.assertEqual(parse_date('dec 31, 1999'), datetime.date(1999, 12, 31))

    def test_day_comes_before_month(self):
        self.assertEqual(parse_date('12/01/2024'), datetime.date(2024, 1, 12))

    def test_impossible_dates(self):
        for raw in ('2023-02-29', '31/04/2024', 'Feb 30, 2024', '2024-13-01'):
            self.assertIsNone(parse_date(raw), raw)

    def test_other_text(self):
        for raw in ('yesterday', '2024/03/05', 'March 5, 2024', '', None):
            self.assertIsNone(parse_date(raw), raw)


class RecordsTest(unittest.TestCase):
    def test_names_keep_their_case(self):
        result = clean_records([row(name="  Mary   McDonald "), row(name='Jan van der Berg', email='jan@x.nl')])
        self.assertEqual([c.name for c in result.customers], ['Mary McDonald', 'Jan van der Berg'])

    def test_rejects_with_reasons_and_indexes(self):
        result = clean_records([
            row(email='nope'),
            row(email='b@x.com', signed_up='someday'),
            row(email='bad', signed_up='someday'),
            row(email='c@x.com'),
        ])
        self.assertEqual(result.rejects, [(0, 'invalid email'), (1, 'invalid signup date'), (2, 'invalid email')])
        self.assertEqual([c.email for c in result.customers], ['c@x.com'])

    def test_invalid_phone_does_not_reject(self):
        result = clean_records([row(phone='12')])
        self.assertEqual(result.rejects, [])
        self.assertIsNone(result.customers[0].phone)

    def test_duplicates_keep_latest_signup_at_first_position(self):
        result = clean_records([
            row(name='Old Ada', email='ADA@example.com', signed_up='2024-05-01'),
            row(name='Bob', email='bob@example.com'),
            row(name='New Ada', email='ada@example.com ', signed_up='Jun 1, 2024'),
            row(name='Older Ada', email='ada@example.com', signed_up='01/01/2020'),
        ])
        self.assertEqual([c.name for c in result.customers], ['New Ada', 'Bob'])
        self.assertEqual(result.customers[0].signed_up, datetime.date(2024, 6, 1))
        self.assertEqual(result.duplicates, 2)

    def test_tie_goes_to_the_later_row(self):
        result = clean_records([
            row(name='First', signed_up='2024-02-02'),
            row(name='Second', signed_up='02/02/2024'),
        ])
        self.assertEqual([c.name for c in result.customers], ['Second'])
        self.assertEqual(result.duplicates, 1)

    def test_accepts_any_iterable(self):
        result = clean_records(row(email=f'user{i}@example.com') for i in range(3))
        self.assertEqual(len(result.customers), 3)


class FileTest(unittest.TestCase):
    def test_clean_file_round_trip(self):
        with tempfile.TemporaryDirectory() as tmp:
            source, target = os.path.join(tmp, 'in.csv'), os.path.join(tmp, 'out.csv')
            with open(source, 'w', encoding='utf-8-sig', newline='') as f:
                f.write('name,email,phone,signed_up\r\n')
                f.write('"Zoë, Q.",ZOE@example.com,+33 1 23 45 67 89,Apr 9 2024\r\n')
                f.write('"Zoë, Q.",zoe@example.com,+33 1 23 45 67 89,"Apr 9, 2024"\r\n')
                f.write('Ben,ben@example.com,,09/04/2024\r\n')
                f.write('Ben,ben@example.com,415 555 0100,2024-04-10\r\n')
            counts = clean_file(source, target)
            self.assertEqual(counts, {'read': 4, 'written': 2, 'rejected': 1, 'duplicates': 1})
            with open(target, encoding='utf-8', newline='') as f:
                rows = list(csv.reader(f))
            self.assertEqual(rows, [
                ['name', 'email', 'phone', 'signed_up'],
                ['Zoë, Q.', 'zoe@example.com', '+33123456789', '2024-04-09'],
                ['Ben', 'ben@example.com', '+14155550100', '2024-04-10'],
            ])
