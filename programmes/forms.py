"""Forms of the public pages that are no filtered list."""

from django import forms
from django.core.exceptions import ValidationError
from django.utils.translation import gettext_lazy as _

from .models import FIRST_YEAR, LAST_YEAR


class YearField(forms.IntegerField):
    """A year as digits only: IntegerField also reads "2015.0", one of endless spellings of a
    year that would each be an address (and a cache entry) of its own."""

    def to_python(self, value):
        if value not in self.empty_values and not str(value).strip().isdigit():
            raise ValidationError(self.error_messages["invalid"], code="invalid")
        return super().to_python(value)


class ReportPeriodForm(forms.Form):
    """The years of a donor report (/donors/<slug>/report/?from=2015&to=2016), both included and
    both optional: an empty one leaves that end open."""

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        # "from" is a Python keyword, so the fields are added by name rather than declared.
        self.fields["from"] = self.year_field(_("From the year"))
        self.fields["to"] = self.year_field(_("To the year"))

    @staticmethod
    def year_field(label):
        return YearField(
            label=label,
            required=False,
            min_value=FIRST_YEAR,
            max_value=LAST_YEAR,
            widget=forms.NumberInput(attrs={"inputmode": "numeric"}),
        )

    def clean(self):
        data = super().clean()
        if hasattr(self.data, "getlist") and any(len(self.data.getlist(name)) > 1 for name in ("from", "to")):
            raise ValidationError(_("Give each year once."), code="repeated")
        first, last = data.get("from"), data.get("to")
        if first is not None and last is not None and first > last:
            raise ValidationError(_("The first year must not be after the last year."), code="years_reversed")
        return data

    @property
    def years(self):
        """(first, last) of a valid form, either None when open."""
        return self.cleaned_data.get("from"), self.cleaned_data.get("to")
