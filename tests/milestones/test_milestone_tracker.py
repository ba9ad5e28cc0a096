"""Issue 20, item 2: the milestone tracker. Every figure published stories report, with its target
as a progress bar and, for an indicator reported more than once, its history as a chart with the
same numbers in a table; on /results/ ("Key figures" in the navigation), filtered like the other
lists, and on each programme's and country's page."""

import datetime
import itertools
import random
import re
from decimal import Decimal

import pytest
from django.core.exceptions import ValidationError

from milestones.models import Indicator, Result, Status
from milestones.tracker import FIGURES_ON_A_PAGE
from tests.factories import (
    CountryFactory,
    IndicatorFactory,
    ProgrammeFactory,
    ResultFactory,
    StoryFactory,
    ThemeFactory,
)
from tests.milestones.test_editorial_workflow import edit_form
from unodc_portal.charts import HistoryChart, nice_scale

pytestmark = pytest.mark.django_db


def offices(indicator, year, value, *, target=13, **fields):
    """A report of the Border Liaison Offices established, as of December of `year`."""
    return ResultFactory(
        **{
            "indicator": indicator,
            "label": "established and made fully operational",
            "unit": "Border Liaison Offices",
            "value": value,
            "value_qualifier": "exact",
            "target": target,
            "as_of": datetime.date(year, 12, 1),
            **fields,
        }
    )


def figures_in(table):
    """The figure column of a history's table."""
    return re.findall(r'</th><td class="number">([^<]+)</td>', table)


def rows(html):
    """The tracker's rows: each article's heading, in order."""
    return [
        " ".join(re.sub(r"<[^>]+>", "", heading).split())
        for heading in re.findall(r'class="tracked-figure__title[^"]*"[^>]*>(.*?)</h[23]>', html, re.S)
    ]


# --- The seed's figures ----------------------------------------------------------------------


def test_the_seeds_figures_are_on_the_tracker_with_the_target_as_a_progress_bar(client, seed):
    html = client.get("/results/").content.decode()
    assert "6 figures" in html
    assert '<span class="tracked-figure__value">12 of 13</span> Border Liaison Offices established' in html
    # 12 of 13 is 92.3 % of the bar, said in words beside it.
    assert '<rect class="progress__done" width="92.3" height="10"/>' in html
    assert "92% of the target" in html
    assert '<span class="tracked-figure__value">more than 150</span> kg of narcotic substances seized' in html
    # Figures without a target get no bar.
    assert html.count('class="progress__bar"') == 1
    # The date the figure refers to, and the story reporting it.
    assert 'As of <time datetime="2016-12">December 2016</time>' in html
    assert 'href="/news/new-synthetic-drugs-and-psychoactive-substances-training/"' in html


def test_key_figures_is_in_the_navigation(client, seed):
    html = client.get("/results/").content.decode()
    assert re.search(r'<a class="site-nav__link" href="/results/" aria-current="true">Key figures</a>', html)
    assert 'href="/results/"' in client.get("/").content.decode()


def test_a_figure_of_a_story_not_yet_published_is_not_shown(client):
    ResultFactory(story=StoryFactory(status=Status.DRAFT), label="officers trained in secret", unit="officers")
    ResultFactory(label="officers trained in public", unit="officers")
    html = client.get("/results/").content.decode()
    assert "officers trained in public" in html
    assert "officers trained in secret" not in html


# --- Progress ---------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("value", "qualifier", "target", "percent", "in_words", "reached"),
    [
        ("12", "exact", "13", Decimal("92.31"), 92, False),
        ("199", "exact", "200", Decimal("99.50"), 99, False),  # rounded down: not a 100 % it is not
        ("13", "exact", "13", Decimal(100), 100, True),
        ("15", "exact", "13", Decimal(100), 100, True),  # over the target: the bar is full, not longer
        ("13", "more-than", "13", Decimal(100), 100, True),
        # The source does not say these reached it.
        ("13", "approximately", "13", Decimal(100), 100, False),
        ("13", "up-to", "13", Decimal(100), 100, False),
        ("13", "less-than", "13", Decimal(100), 100, False),
        ("0", "exact", "13", Decimal(0), 0, False),
        ("5", "exact", None, None, None, False),
        ("5", "exact", "0", None, None, False),  # nothing is a share of 0
    ],
)
def test_progress_to_the_target(value, qualifier, target, percent, in_words, reached):
    result = Result(value=Decimal(value), value_qualifier=qualifier, target=None if target is None else Decimal(target))
    shown = result.progress_percent
    assert (None if shown is None else shown.quantize(Decimal("0.01"))) == percent
    assert result.progress_shown == in_words
    assert result.target_reached is reached


def test_a_qualified_share_keeps_its_qualifier(client):
    offices(IndicatorFactory(), 2016, 13, value_qualifier="approximately")
    html = client.get("/results/").content.decode()
    assert "approximately 100% of the target" in html
    assert "Target reached" not in html


def test_a_reached_target_is_said_in_words(client):
    offices(IndicatorFactory(), 2016, 13)
    html = client.get("/results/").content.decode()
    assert "Target reached" in html
    assert '<rect class="progress__done" width="100.0" height="10"/>' in html


# --- History ----------------------------------------------------------------------------------


def test_an_indicators_reports_are_one_row_with_its_history_as_a_chart_and_a_table(client):
    indicator = IndicatorFactory(title="Border Liaison Offices established")
    for year, value in [(2014, 8), (2015, 10), (2016, 12)]:
        offices(indicator, year, value)
    offices(IndicatorFactory(), 2016, 3, target=None)  # another indicator, reported once: no chart

    html = client.get("/results/").content.decode()
    assert "2 figures" in html
    assert rows(html)[0] == "Border Liaison Offices established"
    # The newest report is the row's figure; the chart has a point per report, each labelled.
    assert '<span class="tracked-figure__value">12 of 13</span>' in html
    assert html.count('class="history-chart__svg"') == 1
    assert html.count('class="history-chart__point"') == 3
    assert re.findall(r'class="history-chart__value"[^>]*>([^<]+)<', html) == ["8", "10", "12"]
    # A year each: the year is enough under the axis (the table gives the months).
    assert re.findall(r'class="history-chart__date"[^>]*>([^<]+)<', html) == ["2014", "2015", "2016"]
    # The target as a dashed line, named in the legend; the chart's title and unit.
    assert 'class="history-chart__target"' in html and "Target: 13</p>" in html
    assert re.search(r"Border Liaison Offices established: 3 reports <span[^>]*>\(Border Liaison Offices\)", html)
    # The same numbers in a table, oldest first.
    table = html[html.index("<tbody>") : html.index("</tbody>")]
    assert re.findall(r'<td class="number">(\d+)</td><td class="number">13</td>', table) == ["8", "10", "12"]


def test_reports_of_one_year_are_dated_by_month_under_the_axis(client):
    indicator = IndicatorFactory()
    offices(indicator, 2015, 10, as_of=datetime.date(2015, 3, 1))
    offices(indicator, 2015, 11)
    offices(indicator, 2018, 12)
    html = client.get("/results/").content.decode()
    dates = re.findall(r'class="history-chart__date"[^>]*>([^<]+)<', html)
    assert dates[-1] == "December 2018" and all(" " in date for date in dates)


def test_of_two_reports_of_one_date_the_one_entered_later_is_the_figure(client):
    """A correction reported the same month: the row, the chart's end and the table agree."""
    indicator = IndicatorFactory()
    offices(indicator, 2015, 9)
    offices(indicator, 2016, 10)
    offices(indicator, 2016, 12, label="a")  # a label before the others' in the alphabet
    html = client.get("/results/").content.decode()
    assert '<span class="tracked-figure__value">12 of 13</span>' in html
    table = html[html.index("<tbody>") : html.index("</tbody>")]
    assert figures_in(table) == ["9", "10", "12"]


def test_a_history_without_two_dates_is_a_table_without_a_chart(client):
    indicator = IndicatorFactory(title="Officers trained")
    offices(indicator, 2015, 10, unit="officers")
    undated = offices(indicator, 2015, 11, unit="officers")
    undated.as_of, undated.as_of_precision = None, "not-stated"
    undated.save()
    html = client.get("/results/").content.decode()
    assert 'class="history-chart__svg"' not in html
    table = html[html.index("<tbody>") : html.index("</tbody>")]
    # Both reports are there, the undated one first, said to have no date.
    assert figures_in(table) == ["11", "10"]
    assert "date-not-stated" in table


def test_a_long_history_opens_its_table_only_on_request(client):
    indicator = IndicatorFactory()
    for year in range(2008, 2017):
        offices(indicator, year, year - 2005)
    html = client.get("/results/").content.decode()
    assert '<details class="history-chart__data">' in html
    assert html.count('<tr><th scope="row">') == 9


def test_the_newest_report_is_the_row_even_when_entered_first(client):
    indicator = IndicatorFactory()
    offices(indicator, 2016, 12)
    offices(indicator, 2014, 8)
    html = client.get("/results/").content.decode()
    assert '<span class="tracked-figure__value">12 of 13</span>' in html
    assert '<span class="tracked-figure__value">8 of 13</span>' not in html


def test_an_indicators_reports_must_share_a_unit():
    indicator = IndicatorFactory()
    offices(indicator, 2015, 10)
    other = ResultFactory.build(indicator=indicator, story=StoryFactory(), unit="kg", label="seized")
    with pytest.raises(ValidationError) as refused:
        other.full_clean()
    assert "in Border Liaison Offices" in str(refused.value.message_dict["indicator"])
    offices(indicator, 2016, 12).full_clean()  # the same unit is fine


# --- Charts -----------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("maximum", "top", "ticks"),
    [
        (13, 15, [0, 5, 10, 15]),
        (12, Decimal("12.5"), [0, Decimal("2.5"), 5, Decimal("7.5"), 10, Decimal("12.5")]),
        (150, 150, [0, 50, 100, 150]),
        (263_000_000, 300_000_000, [0, 100_000_000, 200_000_000, 300_000_000]),
        (0, 1, [0, 1]),
    ],
)
def test_an_axis_runs_from_zero_past_the_largest_value_in_round_steps(maximum, top, ticks):
    assert nice_scale(maximum) == (top, ticks)


def test_a_chart_places_reports_by_date_on_an_axis_from_zero():
    reports = [
        (datetime.date(2014, 1, 1), Decimal(8), "8", "2014"),
        (datetime.date(2015, 1, 1), Decimal(10), "10", "2015"),
        (datetime.date(2016, 1, 1), Decimal(12), "12", "2016"),
    ]
    chart = HistoryChart(reports, target=Decimal(13))
    first, middle, last = chart.points
    assert first.x == chart.left + chart.INSET and last.x == chart.plot_right - chart.INSET
    # 2015 is 365 of the 730 days between: the middle of the axis.
    assert middle.x == pytest.approx((first.x + last.x) / 2, abs=0.5)
    assert chart.y_of(0) == chart.plot_bottom and chart.y_of(chart.axis_top) == chart.top
    assert first.y > middle.y > last.y > chart.target_y


def test_labels_that_would_run_into_each_other_are_left_to_the_table():
    days = [datetime.date(2016, 1, 1) + datetime.timedelta(days=day) for day in range(12)]
    days.append(datetime.date(2020, 1, 1))
    chart = HistoryChart([(day, Decimal(i), str(i), day.isoformat()) for i, day in enumerate(days)])
    dated = [point.date.text for point in chart.points if point.date]
    # A dozen reports in two weeks and one four years later: the newest is dated, and the last of
    # the dozen, which has room beside it; the others' dates would run into it.
    assert dated == ["2016-01-12", "2020-01-01"]
    assert chart.points[-1].value.text == "12"


@pytest.mark.parametrize("seed", range(40))
def test_every_label_written_stays_inside_the_chart_and_meets_no_other(seed):
    rng = random.Random(seed)
    days = sorted(rng.sample(range(730_000, 736_000), rng.randint(2, 15)))
    reports = [
        (
            datetime.date.fromordinal(day),
            Decimal(rng.randint(0, 3_000_000)),
            rng.choice(["≈\u202f2,600,000", "12", "> 150", "1,000"]),
            rng.choice(["December 2016", "2016", "декабрь 2024 г.", "12 December 2016"]),
        )
        for day in days
    ]
    chart = HistoryChart(reports, target=Decimal(2_000_000))
    for kind, low in (("value", chart.left), ("date", 0)):
        labels = [getattr(point, kind) for point in chart.points if getattr(point, kind)]
        extents = [
            (
                label.x - chart.CHARACTER_WIDTH * len(label.text) / 2,
                label.x + chart.CHARACTER_WIDTH * len(label.text) / 2,
            )
            for label in labels
        ]
        assert all(low <= start and end <= chart.width for start, end in extents), kind
        assert all(a_end + chart.GAP <= b_start for (_, a_end), (b_start, _) in itertools.pairwise(extents)), kind
        # The newest report is always labelled.
        assert getattr(chart.points[-1], kind) is not None


# --- Filters ----------------------------------------------------------------------------------


@pytest.fixture
def two_programmes():
    kazakhstan, uzbekistan = CountryFactory(iso2="kz"), CountryFactory(iso2="uz")
    border, health = ProgrammeFactory(slug="border"), ProgrammeFactory(slug="health")
    theme = ThemeFactory(slug="border-management")
    indicator = IndicatorFactory(slug="offices")
    for year, value in [(2015, 10), (2016, 12)]:
        report = offices(indicator, year, value, programme=border)
        report.countries.add(uzbekistan)
        report.story.themes.add(theme)
    therapy = ResultFactory(
        programme=health, label="in therapy", unit="patients", value=300, value_qualifier="exact", target=None
    )
    therapy.countries.add(kazakhstan)
    return {"theme": theme}


@pytest.mark.parametrize(
    ("query", "expected"),
    [
        ("", ["Border Liaison Offices established", "300 patients in therapy"]),
        ("?country=uz", ["Border Liaison Offices established"]),
        ("?country=kz", ["300 patients in therapy"]),
        ("?programme=health", ["300 patients in therapy"]),
        ("?theme=border-management", ["Border Liaison Offices established"]),
        ("?indicator=offices", ["Border Liaison Offices established"]),
        ("?year=2015", ["Border Liaison Offices established"]),
    ],
)
def test_the_tracker_filters_like_the_other_lists(client, two_programmes, query, expected):
    titles = [re.sub(r"\d+$", "", title).strip() for title in rows(client.get(f"/results/{query}").content.decode())]
    assert sorted(titles) == sorted(expected)


def test_a_year_shows_the_figure_as_it_stood_then_with_its_whole_history(client, two_programmes):
    html = client.get("/results/?year=2015").content.decode()
    assert '<span class="tracked-figure__value">10 of 13</span>' in html
    # The filters choose the figures, not what a figure's history holds.
    assert re.search(r'id="history-\d+">Border Liaison Offices established \d+: 2 reports', html)
    assert html.count('class="history-chart__point"') == 2


def test_a_filter_does_not_shorten_a_figures_history(client, two_programmes):
    tagged = two_programmes["theme"]
    # A third report, of a story without the theme.
    offices(Indicator.objects.get(slug="offices"), 2017, 13)
    html = client.get(f"/results/?theme={tagged.slug}").content.decode()
    assert '<span class="tracked-figure__value">12 of 13</span>' in html  # the newest with the theme
    assert html.count('class="history-chart__point"') == 3


def test_the_home_page_shows_each_figure_once(client):
    indicator = IndicatorFactory()
    for year, value in [(2015, 10), (2016, 12)]:
        offices(indicator, year, value)
    html = client.get("/").content.decode()
    section = html[html.index('id="key-figures"') :]
    assert section.count('class="figure"') == 1
    assert '<span class="figure__value">12<span class="figure__qualifier"> of 13</span>' in section


def facet_counts(html, name):
    return dict(
        re.findall(
            rf'name="{name}" value="([^"]+)"[^>]*> <label[^>]*>[^<]*<span class="filters__count">\((\d+)\)', html
        )
    )


def test_facets_count_figures_not_reports(client, two_programmes):
    html = client.get("/results/").content.decode()
    # Uzbekistan's one figure is reported twice; it counts once, as it is listed once.
    assert facet_counts(html, "country") == {"kz": "1", "uz": "1"}
    assert facet_counts(html, "year") == {"2016": "2", "2015": "1"}
    assert facet_counts(html, "indicator") == {"offices": "1"}
    assert facet_counts(html, "theme") == {"border-management": "1"}
    assert facet_counts(html, "programme") == {"border": "1", "health": "1"}


def test_bad_filter_values_get_a_message_not_an_error(client, two_programmes):
    response = client.get("/results/?country=zz&year=twenty&indicator=nothing")
    assert response.status_code == 200
    html = response.content.decode()
    assert "Select a valid choice" in html
    assert len(rows(html)) == 2  # the invalid filters are ignored


# --- Programme and country pages --------------------------------------------------------------


def test_a_programmes_page_shows_its_figures_with_their_history_and_links_to_the_tracker(client):
    programme = ProgrammeFactory(slug="blo")
    indicator = IndicatorFactory(title="Border Liaison Offices established")
    for year, value in [(2015, 10), (2016, 12)]:
        offices(indicator, year, value, programme=programme)
    html = client.get("/programmes/blo/").content.decode()
    assert '<h2 id="key-figures">Key figures</h2>' in html
    assert rows(html) == ["Border Liaison Offices established"]
    assert 'class="history-chart__svg"' in html and "92% of the target" in html
    assert 'href="/results/?programme=blo"' in html


def test_a_countrys_page_shows_its_newest_figures_and_links_to_the_rest(client):
    country = CountryFactory(iso2="tj")
    for number in range(FIGURES_ON_A_PAGE + 1):
        ResultFactory(label=f"officers trained {number}", unit="officers", as_of=datetime.date(2000 + number, 1, 1))
        Result.objects.latest("pk").countries.add(country)
    html = client.get("/countries/tj/").content.decode()
    shown = rows(html)
    assert len(shown) == FIGURES_ON_A_PAGE
    assert shown[0].endswith(f"officers trained {FIGURES_ON_A_PAGE}")  # the newest first
    assert 'href="/results/?country=tj">All key figures, with their targets and history</a>' in html


def test_a_page_without_figures_has_no_key_figures_section(client):
    ProgrammeFactory(slug="quiet")
    assert 'id="key-figures"' not in client.get("/programmes/quiet/").content.decode()


# --- Russian -------------------------------------------------------------------------------------


def test_the_tracker_in_russian(client, seed):
    html = client.get("/ru/results/").content.decode()
    assert "<h1>Ключевые показатели</h1>" in html
    assert "12 из 13" in html
    assert "92% от цели" in html


def test_two_new_reports_of_one_indicator_in_one_story_must_share_a_unit(admin_client):
    """Each report is checked against the indicator's saved ones; two new ones in the same story
    form are checked against each other, and nothing is saved."""
    story = StoryFactory(status=Status.DRAFT)
    indicator = IndicatorFactory(title="Officers trained")
    report = {
        "kind": "quantity",
        "value_qualifier": "exact",
        "value": "10",
        "label": "trained",
        "as_of_precision": "day",
        "indicator": str(indicator.pk),
    }
    form = edit_form(story, **{"results-TOTAL_FORMS": "2"})
    for number, unit in enumerate(["officers", "officer"]):
        form.update({f"results-{number}-{name}": value for name, value in {**report, "unit": unit}.items()})
    page = admin_client.post(f"/admin/milestones/story/{story.pk}/change/", form).content.decode()
    assert "The reports of the indicator “Officers trained” are in different units here (officer, officers)" in page
    assert not Result.objects.filter(indicator=indicator).exists()
    form["results-1-unit"] = "officers"
    assert admin_client.post(f"/admin/milestones/story/{story.pk}/change/", form).status_code == 302
    assert Result.objects.filter(indicator=indicator, unit="officers").count() == 2
