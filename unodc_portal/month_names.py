"""The month names of unodc_portal/partial_dates.py, written out for makemessages.

partial_dates.py translates its month names with pgettext_lazy() in a loop over the English names,
and makemessages finds only strings written out in the call: without these lines `make messages`
would drop the months from the catalogue. Nothing imports this module but the tests, which check
that its contexts and names are the ones partial_dates.py asks for (tests/test_translations.py).
It can go once partial_dates.py writes its calls out itself.
"""

from django.utils.translation import pgettext_lazy

# "октябрь 2016 г.": the month on its own (in Russian the nominative, in lower case).
MONTHS_ON_THEIR_OWN = [
    pgettext_lazy("month on its own, as in 'October 2016'", "January"),
    pgettext_lazy("month on its own, as in 'October 2016'", "February"),
    pgettext_lazy("month on its own, as in 'October 2016'", "March"),
    pgettext_lazy("month on its own, as in 'October 2016'", "April"),
    pgettext_lazy("month on its own, as in 'October 2016'", "May"),
    pgettext_lazy("month on its own, as in 'October 2016'", "June"),
    pgettext_lazy("month on its own, as in 'October 2016'", "July"),
    pgettext_lazy("month on its own, as in 'October 2016'", "August"),
    pgettext_lazy("month on its own, as in 'October 2016'", "September"),
    pgettext_lazy("month on its own, as in 'October 2016'", "October"),
    pgettext_lazy("month on its own, as in 'October 2016'", "November"),
    pgettext_lazy("month on its own, as in 'October 2016'", "December"),
]

# "17 ноября 2016 г.": the month after a day (in Russian the genitive).
MONTHS_AFTER_A_DAY = [
    pgettext_lazy("month after a day, as in '17 November 2016'", "January"),
    pgettext_lazy("month after a day, as in '17 November 2016'", "February"),
    pgettext_lazy("month after a day, as in '17 November 2016'", "March"),
    pgettext_lazy("month after a day, as in '17 November 2016'", "April"),
    pgettext_lazy("month after a day, as in '17 November 2016'", "May"),
    pgettext_lazy("month after a day, as in '17 November 2016'", "June"),
    pgettext_lazy("month after a day, as in '17 November 2016'", "July"),
    pgettext_lazy("month after a day, as in '17 November 2016'", "August"),
    pgettext_lazy("month after a day, as in '17 November 2016'", "September"),
    pgettext_lazy("month after a day, as in '17 November 2016'", "October"),
    pgettext_lazy("month after a day, as in '17 November 2016'", "November"),
    pgettext_lazy("month after a day, as in '17 November 2016'", "December"),
]
